# round() with and without ndigits (round-half-even, correct decimal rounding)
for v in (0.5, 1.5, 2.5, -0.5, -1.5, 3.5, 2.675, 1.005, 0.125, 0.375, 1234.5678):
    print(v, round(v), round(v, 2), round(v, 1), round(v, -1))
print(round(12345.6789, -2), round(-12345.6789, 3), round(5e-324, 2), round(1e300, -299))
print(type(round(2.5)).__name__, type(round(2.5, 0)).__name__, round(2.5, 0))
print(round(7), round(7, -1), round(15, -1), round(25, -1), round(-25, -1), round(123456, -3))
print(round(0.1 + 0.2, 15), round(1/3, 10), round(2/3, 5))
