# iterating strings
s = "hello"
for i, c in enumerate(s):
    print(i, c, end=" | ")
print()
print(list(s), tuple(s), set(s) == {"h", "e", "l", "o"}, sorted(set(s)))
print([c.upper() for c in s if c != "l"], "".join(c * 2 for c in s))
it = iter("ab")
print(next(it), next(it), next(it, "END"))
counts = {}
for c in "mississippi":
    counts[c] = counts.get(c, 0) + 1
print(counts)
print(list(zip("abc", "xyz")), list(map(ord, "AZ")), list(reversed("abc")))
print(any(c.isdigit() for c in "ab3"), all(c.isalpha() for c in "ab3"))
