# conversions between big ints and floats
print(int(1e30), int(-1.2345e25), int(2.0 ** 100))
print(float(2 ** 100), float(10 ** 25), float(-(2 ** 60) - 1))
print(2 ** 100 / 2 ** 98, 10 ** 30 / 10 ** 28, (10 ** 30 + 1) / 10 ** 30)
print(float(2 ** 1023) * 1.5, int(float(2 ** 1023)) == 2 ** 1023)
try:
    float(2 ** 1024)
except OverflowError as e:
    print("OverflowError", e)
try:
    int(float("inf"))
except OverflowError as e:
    print("OverflowError", e)
try:
    int(float("nan"))
except ValueError as e:
    print("ValueError", e)
print(round(1.5e20), round(123456789012345678901, -5))
