# zip, map, filter
print(list(zip([1, 2, 3], "abc")), list(zip()), list(zip([1], [])), list(zip("ab", "cde", [0, 1, 2])))
print(dict(zip(["a", "b"], [1, 2])), list(zip(*[(1, "a"), (2, "b")])))
print(list(map(str.upper, ["a", "b"])), list(map(lambda a, b: a * b, [1, 2, 3], [4, 5])))
print(list(map(int, "123")), list(filter(None, [0, 1, "", "x", [], [0]])), list(filter(str.isalpha, "a1b2")))
print(list(filter(lambda x: x % 3 == 0, range(10))))
m = map(abs, [-1, -2])
print(next(m), list(m), list(m))
try:
    list(zip([1, 2], [3], strict=True))
except ValueError as e:
    print("ValueError", e)
