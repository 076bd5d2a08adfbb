# passing iterators and generators to functions
def consume(it, n):
    return [next(it) for _ in range(n)]
def naturals():
    n = 0
    while True:
        yield n
        n += 1
g = naturals()
print(consume(g, 3), consume(g, 2))
print(sum(x * x for x in range(10)), max((len(s), s) for s in ["a", "ccc", "bb"]))
print(list(filter(str.isdigit, "a1b2c3")), list(map(pow, [2, 3], [3, 2])))
print(sorted(map(len, ["aaa", "b", "cc"])), "".join(map(chr, range(97, 100))))
