# set and dict comprehension edge cases
print({x % 3 for x in range(10)} == {0, 1, 2})
print({k: v for k, v in zip("abc", range(3))})
print({v: k for k, v in {"a": 1, "b": 1, "c": 2}.items()})
print(sorted({c.lower() for c in "AaBbC"}))
print({i: {j: i * j for j in range(2)} for i in range(2)})
print({(x, y) for x in range(2) for y in range(2)} == {(0, 0), (0, 1), (1, 0), (1, 1)})
print(dict.fromkeys(x for x in "hello"))
