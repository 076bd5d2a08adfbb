# abs, round, divmod, pow
print(abs(-5), abs(5), abs(-2.5), abs(0), abs(-10 ** 20), abs(True))
print(round(3.14159, 2), round(2.5), round(3.5), round(-0.5), round(1234, -2), round(1250, -2), round(1350, -2))
print(divmod(7, 3), divmod(-7, 3), divmod(7, -3), divmod(7.5, 2), divmod(2 ** 65, 7))
print(pow(2, 10), pow(2, -2), pow(2, 10, 1000), pow(3, 200, 13), pow(-3, 3), pow(2.0, 3), pow(4, 0.5))
print(pow(7, -1, 13), pow(10, 2, 7), pow(0, 0))
try:
    pow(2, -1, 4)
except ValueError as e:
    print("ValueError", e)
try:
    pow(2.0, 2, 3)
except TypeError as e:
    print("TypeError", e)
