# operator precedence and chaining
print(1 + 2 * 3 ** 2, (1 + 2) * 3 ** 2, -3 ** 2, 2 ** -2)
print(not 1 == 2, not (1 == 2) and 3, 1 or 2 and 0)
print(1 | 2 ^ 3 & 4, (1 | 2) ^ 3, 1 << 2 + 1, 8 >> 1 - 1)
print(5 - 3 - 1, 2 ** 2 ** 3, 100 / 10 / 5, 17 % 5 * 2)
print(3 < 4 == 4 > 2, 1 in [1] == True)
print(-5 % 3 + 1, ~5 + 1, -~5, ~-5)
a = [1, 2, 3]
print(a[1] + a[-1] * 2, a[0:2] + a[2:] * 2)
print("x" * 2 + "y", ("x" + "y") * 2)
print(1 if 0 else 2 if 0 else 3)
print(True + True * 3, (True + True) * 3)
