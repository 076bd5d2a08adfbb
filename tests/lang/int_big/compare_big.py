# comparisons and equality of big ints with floats and small ints
a = 10 ** 30
print(a > 10 ** 29, a == 10 ** 30, a != a + 1, -a < a, -a < -a + 1)
print(2 ** 53 + 1 == float(2 ** 53 + 1), 2 ** 53 == float(2 ** 53))
print(10 ** 400 > 1e308, -(10 ** 400) < -1e308, 10 ** 400 < float("inf"))
print(max(2 ** 100, 3 ** 60, 5 ** 40), min(-(2 ** 100), -(3 ** 60)))
print(sorted([2 ** 70, -(2 ** 70), 0, 2 ** 69, -1]))
print(2 ** 63 == 9223372036854775808, 2 ** 63 - 1 == 9223372036854775807)
print(float(2 ** 70), float(-(3 ** 40)), int(1e22), int(-1.5e19))
print(hash(2 ** 10) == hash(1024), hash(7) == hash(7.0))
