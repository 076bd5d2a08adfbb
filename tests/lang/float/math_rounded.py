# transcendental functions printed to 12 significant digits
import math
for x in (0.5, 1.0, 2.0, 10.0):
    print("%.12g %.12g %.12g %.12g" % (math.exp(x), math.log(x), math.log10(x), math.log2(x)))
for x in (0.0, 0.5, 1.0, math.pi / 6, math.pi / 4):
    print("%.12g %.12g %.12g" % (math.sin(x), math.cos(x), math.tan(x)))
print("%.12g %.12g %.12g" % (math.asin(0.5), math.acos(0.5), math.atan(1.0)))
print("%.12g %.12g %.12g" % (math.atan2(1, -1), math.sinh(1), math.cosh(1)))
print("%.12g %.12g" % (math.tanh(0.5), math.log(100, 10)))
print("%.12g %.12g %.12g" % (math.pow(2, 0.5), 10 ** 0.5, math.exp(-1)))
print(math.log(1), math.exp(0), math.sin(0.0), math.cos(0.0), math.log2(1024), math.log10(1000))
