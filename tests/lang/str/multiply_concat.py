# concatenation and repetition
print("ab" * 3, 3 * "ab", "ab" * 0, "ab" * -1, "" * 100)
parts = []
for i in range(5):
    parts.append(str(i) * i)
print(parts, "".join(parts), "+".join(parts[1:]))
s = ""
for c in "hello":
    s = c + s
print(s)
s += "!"
s = s * 2
print(s, len(s))
print("-" * 20)
print(("a" + "b") * 2 + "c")
try:
    "a" + 1
except TypeError as e:
    print("TypeError", e)
try:
    "a" * 1.5
except TypeError as e:
    print("TypeError", e)
