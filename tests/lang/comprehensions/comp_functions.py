# comprehensions calling functions and methods
def sq(x):
    return x * x
words = ["Alpha", "beta", "Gamma", "delta"]
print([sq(x) for x in range(6)], [w.lower() for w in words], [len(w) for w in words])
print([w for w in words if w[0].isupper()], [w[::-1] for w in words], [w.upper()[:2] for w in words])
print([(w, i) for i, w in enumerate(words) if i % 2 == 0])
print([sq(sq(x)) for x in range(4)], [max(x, 3) for x in range(6)])
print(["".join(sorted(w.lower())) for w in words])
