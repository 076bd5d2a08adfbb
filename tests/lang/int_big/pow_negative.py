# negative exponents give floats, pow with zero
print(2 ** -1, 10 ** -3, (-2) ** -3, 4 ** -0.5)
print(0 ** 0, 0 ** 5, (-1) ** 1001, (-1) ** 1000, 1 ** (10 ** 20))
print(pow(2, 0), pow(0, 0, 5), pow(7, 0, 1), pow(2, 100, 1))
print(pow(-2, 63), pow(-2, 64) - 1)
try:
    0 ** -1
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)
try:
    pow(2, 3, 0)
except ValueError as e:
    print("ValueError", e)
