# dict comprehensions
sq = {x: x * x for x in range(6)}
print(sq)
inv = {v: k for k, v in sq.items()}
print(inv)
words = "apple banana avocado cherry blueberry".split()
by_letter = {}
for w in words:
    by_letter.setdefault(w[0], []).append(w)
print(by_letter)
print({w[0]: len(w) for w in words})
print({k: v for k, v in sq.items() if v % 2 == 0})
print({(i, j): i * j for i in range(3) for j in range(i)})
print({c: "abc".index(c) for c in "cab"})
