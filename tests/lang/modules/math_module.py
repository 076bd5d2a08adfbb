# math constants and exactly-rounded functions
import math
print(math.pi, math.e, math.tau, math.inf, math.nan != math.nan)
print(math.sqrt(144), math.isqrt(145), math.factorial(15), math.gcd(84, 36), math.lcm(4, 6, 10))
print(math.floor(-0.5), math.ceil(-0.5), math.trunc(2.9), math.fabs(-4), math.copysign(5, -0.0))
print(math.comb(10, 3), math.perm(5, 2), math.prod(range(1, 8)), math.fsum([0.1] * 10))
print(math.isclose(1.0, 1.0 + 1e-10), math.isclose(1.0, 1.1), math.isfinite(math.inf), math.isnan(math.nan))
print(math.hypot(8, 15), math.ldexp(3, 4), math.frexp(40.0), math.modf(-2.5))
print(math.dist([0, 0], [3, 4]), math.fmod(-10, 3), math.remainder(10, 4))
print("%.12g %.12g %.12g" % (math.exp(2), math.log(10), math.atan2(1, 2)))
