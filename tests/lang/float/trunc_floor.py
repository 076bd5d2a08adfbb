# rounding functions on floats, ints and negatives
import math
for v in (2.5, -2.5, 0.49999999999999994, 1e16 + 1, -0.0, 3.999999999):
    print(v, math.floor(v), math.ceil(v), math.trunc(v), int(v), round(v))
print(int(-0.9999), round(-0.5), round(0.5), round(1.5000000001))
print(math.floor(-1e-300), math.ceil(1e-300))
