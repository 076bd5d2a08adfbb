# gcd and modular arithmetic on big ints
import math
a = 2 ** 64 * 3 ** 20 * 7
b = 2 ** 30 * 3 ** 40 * 11
print(math.gcd(a, b), math.gcd(a, b) == 2 ** 30 * 3 ** 20)
def egcd(a, b):
    if b == 0:
        return a, 1, 0
    g, x, y = egcd(b, a % b)
    return g, y, x - (a // b) * y
p = 2 ** 127 - 1
g, x, y = egcd(12345678901234567, p)
print(g, x % p, (12345678901234567 * x) % p)
print(pow(12345678901234567, -1, p) == x % p)
print(pow(3, p - 1, p), math.isqrt(10 ** 40 + 1), math.isqrt(2 ** 201))
print(math.lcm(2 ** 40, 3 ** 25, 6))
