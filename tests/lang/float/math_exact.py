# math functions with exactly determined results
import math
print(math.sqrt(2), math.sqrt(16), math.sqrt(0.25), math.sqrt(1e-10), math.sqrt(2.0 ** 100))
print(math.floor(2.7), math.floor(-2.7), math.ceil(2.1), math.ceil(-2.1), math.trunc(-3.99))
print(math.fabs(-3.5), math.fmod(7.5, 2), math.fmod(-7.5, 2), math.fmod(7, -3))
print(math.pi, math.e, math.tau, math.inf, -math.inf)
print(math.floor(1e20), math.ceil(-1e20), type(math.floor(1.5)).__name__)
print(math.hypot(3, 4), math.hypot(5, 12), math.ldexp(1.5, 10), math.frexp(48.0), math.frexp(0.1))
print(math.modf(3.25), math.modf(-3.25), math.isclose(0.1 + 0.2, 0.3))
print(math.factorial(10), math.gcd(12, 18), math.isqrt(99), math.prod([1, 2, 3, 4]))
print(math.fsum([0.1] * 10), sum([0.1] * 10))
print(math.degrees(math.pi), math.radians(180) == math.pi)
