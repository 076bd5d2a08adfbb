# Chains of float arithmetic and comparisons (the VM computes a chain such as
# a * b + c without boxing the intermediate results): values, mixed int and
# float operands, operands that leave the fast path midway, errors midway.
import math


class Meters:
    def __init__(self, v):
        self.v = v

    def __radd__(self, other):
        return Meters(other + self.v)

    def __mul__(self, k):
        return Meters(self.v * k)

    def __repr__(self):
        return "Meters(%r)" % self.v


def chains(a, b, c, n):
    print(a * b + c, a + b * c, a - b - c, a / b / c, (a + b) * (a - c))
    print(a * a + b * b + c * c, a * 2 + 1, 3 - a * 0.5, n * a + n)
    print(a * b < c, a + b >= c * 2, a * b == b * a, a - a != 0.0, c <= a * b)
    print(a * 3 < 1, a + 1 > n, 2 * a == a + a)
    x = a * b
    y = x
    z = x + c       # x must keep its value: it is a variable, not a temporary
    print(x, y, z, x is y)


chains(1.5, 2.25, -3.0, 7)
chains(0.1, 0.2, 0.3, -2)
chains(1e308, 10.0, 1e-308, 0)
inf = float("inf")
nan = float("nan")
print(inf * 0.0 + 1.0, nan * 2.0 < 1.0, nan + 1.0 != nan, -inf * inf > 0)

big = 2 ** 60                      # beyond 2**53: left to the general path
print(1.5 * 2.0 + big, 0.5 * 4.0 - big, 1.0 * 3.0 < big, big + 0.5 * 2.0)
print(2.0 * 3.0 + Meters(1.0), 0.5 * 2.0 + (Meters(2.0) * 3.0))
print(True + 1.5 * 2.0, 2.5 * 2.0 + False)

acc = 0.0
for i in range(1, 50):
    acc += 1.0 / i * i - acc * 0.001
print(round(acc, 9))

for expr in ("1.0 * 2.0 / 0.0", "1.5 * 2.0 / (1.0 - 1.0)", "2.0 + 1.0 / 0", "3.0 * 2.0 // 0.0"):
    try:
        eval(expr)
    except ZeroDivisionError as e:
        print(expr, "->", e)


def unbound(flag):
    if flag:
        late = 1.0
    return 2.0 * 3.0 + late


try:
    unbound(False)
except UnboundLocalError as e:
    print("UnboundLocalError", e)
print(unbound(True))

v = [0.5, 1.5]
s = 0.0
for t in v:
    s += t * t + math.sqrt(t) * 2.0
print(s)
