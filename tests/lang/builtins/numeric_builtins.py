# numeric builtins on mixed values
print(abs(-7), abs(-7.25), round(7.25, 1), round(7.35, 1), int(-7.25), float(-7))
print(sum([1, 2.5]), max(1, 2.5), min(3, 2.999), pow(2, 0.5) ** 2 == 2.0000000000000004)
print(divmod(-7, 2), divmod(7.0, -2), (-7) // 2, -7 % 2, 7 // -2.0)
print(bin(10), oct(10), hex(10), int("1010", 2), int("12", 8), int("a", 16))
print(round(-1.5), round(-2.5), round(0.0), round(-0.0), round(1e15 + 0.5))
