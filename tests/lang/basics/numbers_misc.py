# assorted numeric behaviours
print(7 // 2, -7 // 2, 7 % -2, 2 ** 10, 10 ** -1, 9 ** 0.5, (-9) ** 2)
print(round(2.675, 2), 0.1 * 3, 1e3, 1E-3, 2e0, int(1e3))
print(10 / 2, 10 // 2, type(10 / 2).__name__, type(10 // 2).__name__, 7.0 // 2, 7.5 // 1)
print(abs(-3) == 3, max(-1, -2), min(0, -0.0), 3 > 2.999, (5).__class__.__name__)
print(1_000 + 1, 0xff + 0o7 + 0b1, divmod(100, 7), 100 - 7 * (100 // 7))
