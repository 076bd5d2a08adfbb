# generator expressions as sole call arguments
print(sum(x * x for x in range(10)), max(len(w) for w in "a bb ccc".split()), min(abs(v) for v in [-3, 2, -1]))
print(sorted(x % 5 for x in range(12)), list(x for x in "ab"), tuple(x for x in range(3)), set(x % 2 for x in range(5)))
print(dict((x, x * x) for x in range(3)), "".join(str(x) for x in range(5)), any(x > 8 for x in range(10)))
print(sum(1 for _ in range(7)), next(x for x in range(100) if x * x > 50), list(reversed([x for x in range(3)])))
