# len, range, enumerate
print(len("abc"), len([1, 2]), len((1,)), len({1: 2}), len({1, 2, 3}), len(range(10, 0, -3)), len(b"xyz"))
print(list(enumerate("abc")), list(enumerate("abc", start=10)), list(enumerate([], 5)))
for i, (a, b) in enumerate([(1, 2), (3, 4)], 1):
    print(i, a + b)
e = enumerate("xy")
print(next(e), next(e), next(e, None))
print(list(range(3)), list(range(2, 8, 2)), list(range(8, 2, -2)))
