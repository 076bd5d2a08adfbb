# comparisons and sorting of floats
vals = [3.5, -1.25, 0.0, 2.0, -0.0, 1e-9, 1e9, 2]
print(sorted(vals), sorted(vals, reverse=True))
print(max(vals), min(vals), vals.index(2.0), vals.count(0.0))
print(0.1 + 0.2 > 0.3, 0.1 + 0.2 == 0.30000000000000004, 1.0 < 1.0000000000000002)
print(1.0 == 1.0000000000000001, 2.0 ** 0.5 * 2.0 ** 0.5 != 2.0)
print(float(2 ** 53) == 2 ** 53 + 1, 1 / 3 == 0.3333333333333333)
print(sorted([(1.5, "b"), (1.5, "a"), (-1.0, "z")]))
