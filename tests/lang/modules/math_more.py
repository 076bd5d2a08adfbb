# math functions added in 3.9-3.11: exp2 cbrt gamma lgamma remainder nextafter ulp
import math


def show(f, *args):
    try:
        r = f(*args)
        print(f.__name__, args, r if isinstance(r, float) and r == r and r in (0.0, math.inf, -math.inf) or
              f in (math.remainder, math.nextafter, math.ulp) else "%.12g" % r)
    except (ValueError, OverflowError) as e:
        print(f.__name__, args, type(e).__name__, e)


for x in [10, 4, 3.5, -3.5, 7, -7, 2.5, -2.5, 1e300, -1e300, 5e-324, 0.0, -0.0, 1.0, math.inf, -math.inf]:
    for y in [4, 3, -3, 0.0, 1e-300, math.inf, 7]:
        show(math.remainder, x, y)
print(math.remainder(5, 2), math.remainder(7, 2), math.remainder(-5, 2), math.remainder(1e308, 3e-308))
print(math.isnan(math.remainder(math.nan, 1)), math.isnan(math.remainder(1, math.nan)))
for x, y in [(1.0, 2.0), (1.0, 0.0), (0.0, 1.0), (0.0, -1.0), (-0.0, 1.0), (1e308 * 10, 0), (5e-324, 0), (-5e-324, 0),
             (1.7976931348623157e308, math.inf), (3.0, 3.0), (2.0, -math.inf)]:
    show(math.nextafter, x, y)
for x in [1.0, 0.0, -2.5, 5e-324, 1e308, 1.7976931348623157e308, math.inf, 1e-310, 123456.789]:
    show(math.ulp, x)
print(math.isnan(math.ulp(math.nan)), math.isnan(math.nextafter(math.nan, 1)))
print([math.exp2(n) for n in (-1075, -1074, -3, 0, 10, 1023)], "%.12g %.12g" % (math.cbrt(27), math.cbrt(-1000)))
for x in [0.5, 1.7, -3.3, 100.25, 1e-5, 1e300, -1e300]:
    show(math.exp2, x)
    show(math.cbrt, x)
show(math.exp2, 1024)
print([math.gamma(n) for n in range(1, 24)], "%.12g" % math.gamma(0.5) ** 2)
for x in [0.5, 1.5, 2.5, -0.5, -1.5, 4.2, 10.5, 33.3, 99.9, 150.5, 171.5, 1e-300, -1e-300, 0.001, -170.5, -200.5]:
    show(math.gamma, x)
    show(math.lgamma, x)
for x in [0, -1, -2.0, 171.7, 1e308, math.inf, -math.inf, 2e305]:
    show(math.gamma, x)
    show(math.lgamma, x)
print(math.lgamma(1), math.lgamma(2), "%.12g %.12g" % (math.lgamma(3), math.lgamma(1e308 / 1e300)))
