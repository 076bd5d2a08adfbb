# building strings character by character
def caesar_shift(s, k):
    return "".join(chr((ord(c) - 97 + k) % 26 + 97) if "a" <= c <= "z" else c for c in s)
print(caesar_shift("hello world", 7), caesar_shift(caesar_shift("abc", 5), 21))
def title_case(s):
    out = []
    up = True
    for c in s:
        out.append(c.upper() if up else c.lower())
        up = c == " "
    return "".join(out)
print(title_case("the QUICK brown fOX"))
acc = ""
for i in range(10):
    acc += str(i % 3)
print(acc, acc.count("0"), acc.rfind("2"))
