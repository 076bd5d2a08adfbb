"""float: make many small point objects from sin/cos, normalize them and
fold them into a running maximum (object creation, float math, math module
calls, attribute access).

Size: the number of points made per round (five rounds).

math.sin/cos/sqrt results may differ in the last bit between libms, so the
result line prints rounded values (9 decimals), far above that noise.
"""

import math
import sys


class Point:
    def __init__(self, i):
        self.x = x = math.sin(i)
        self.y = math.cos(i) * 3
        self.z = (x * x) / 2

    def normalize(self):
        x = self.x
        y = self.y
        z = self.z
        norm = math.sqrt(x * x + y * y + z * z)
        self.x /= norm
        self.y /= norm
        self.z /= norm

    def maximize(self, other):
        self.x = self.x if self.x > other.x else other.x
        self.y = self.y if self.y > other.y else other.y
        self.z = self.z if self.z > other.z else other.z
        return self


def round_once(n):
    points = [Point(i) for i in range(n)]
    for p in points:
        p.normalize()
    best = points[0]
    for p in points[1:]:
        best = best.maximize(p)
    total = 0.0
    for p in points:
        total += p.x + p.y + p.z
    return best, total


def main(n, rounds=5):
    grand = 0.0
    for _ in range(rounds):
        best, total = round_once(n)
        grand += total
    print("maximum: %.9f %.9f %.9f" % (best.x, best.y, best.z))
    print("result float n=%d sum=%.6f" % (n, grand))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 60000)
