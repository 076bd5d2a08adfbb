# generator expressions are lazy and single-use
g = (x * x for x in range(5))
print(next(g), next(g), list(g), list(g))
log = []
def f(v):
    log.append(v)
    return v
g2 = (f(x) for x in range(3))
print(log)
print(next(g2), log)
print(sum(x for x in range(101)), max(len(w) for w in ["a", "abc", "ab"]))
print(any(x > 3 for x in [1, 5]), all(x > 0 for x in []), tuple(c for c in "ab"))
print(sorted((x % 3, x) for x in range(6)))
print("-".join(str(i) for i in range(5)), dict((k, k * 2) for k in range(3)))
def first(it):
    for v in it:
        return v
print(first(x for x in range(10 ** 9) if x > 5))
