# comprehensions producing and consuming strings
s = "Hello World From Python"
print([w[0] for w in s.split()], "".join(w[0] for w in s.split()), [w.lower() for w in s.split() if len(w) > 4])
print({c: s.count(c) for c in sorted(set(s.lower())) if c.isalpha() and s.lower().count(c) > 1})
print(["".join(reversed(w)) for w in s.split()], " ".join(w.capitalize() for w in "a bc def".split()))
print([ord(c) - 96 for c in "abcxyz"], "".join(chr(n + 96) for n in [8, 9]))
