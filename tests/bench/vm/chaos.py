"""chaos: the chaos game — iterate randomly chosen affine maps of an
iterated function system (a fern and a Sierpinski triangle) from a private
linear congruential generator, and rasterize the visited points
(objects, method calls, float arithmetic, list-of-lists updates).

Size: the number of points plotted per fractal.
"""

import sys


class Random:
    """A 31-bit linear congruential generator: same numbers everywhere."""

    def __init__(self, seed):
        self.state = seed & 0x7FFFFFFF

    def next_int(self):
        self.state = (self.state * 1103515245 + 12345) & 0x7FFFFFFF
        return self.state

    def uniform(self):
        return self.next_int() / 2147483648.0


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


class Affine:
    """(x, y) -> (a x + b y + e, c x + d y + f), chosen with a weight."""

    def __init__(self, a, b, c, d, e, f, weight):
        self.a, self.b, self.c, self.d, self.e, self.f = a, b, c, d, e, f
        self.weight = weight

    def apply(self, p):
        return Point(self.a * p.x + self.b * p.y + self.e, self.c * p.x + self.d * p.y + self.f)


class System:
    def __init__(self, maps, xmin, xmax, ymin, ymax):
        self.maps = maps
        total = 0.0
        self.cumulative = []
        for m in maps:
            total += m.weight
            self.cumulative.append(total)
        self.total = total
        self.bounds = (xmin, xmax, ymin, ymax)

    def pick(self, rng):
        r = rng.uniform() * self.total
        for i, limit in enumerate(self.cumulative):
            if r < limit:
                return self.maps[i]
        return self.maps[-1]


def render(system, points, width, height, seed):
    rng = Random(seed)
    grid = [[0] * width for _ in range(height)]
    xmin, xmax, ymin, ymax = system.bounds
    sx = (width - 1) / (xmax - xmin)
    sy = (height - 1) / (ymax - ymin)
    p = Point(0.0, 0.0)
    for i in range(points + 20):
        p = system.pick(rng).apply(p)
        if i < 20:                       # let the orbit settle on the attractor
            continue
        col = int((p.x - xmin) * sx)
        row = int((ymax - p.y) * sy)
        if 0 <= col < width and 0 <= row < height:
            grid[row][col] += 1
    return grid


def digest(grid):
    lit = 0
    h = 0
    for row in grid:
        for v in row:
            if v:
                lit += 1
            h = (h * 131 + v) % 1000000007
    return lit, h


def main(points):
    fern = System([
        Affine(0.0, 0.0, 0.0, 0.16, 0.0, 0.0, 0.01),
        Affine(0.85, 0.04, -0.04, 0.85, 0.0, 1.6, 0.85),
        Affine(0.2, -0.26, 0.23, 0.22, 0.0, 1.6, 0.07),
        Affine(-0.15, 0.28, 0.26, 0.24, 0.0, 0.44, 0.07),
    ], -2.5, 2.75, 0.0, 10.0)
    triangle = System([
        Affine(0.5, 0.0, 0.0, 0.5, 0.0, 0.0, 1.0),
        Affine(0.5, 0.0, 0.0, 0.5, 0.5, 0.0, 1.0),
        Affine(0.5, 0.0, 0.0, 0.5, 0.25, 0.5, 1.0),
    ], 0.0, 1.0, 0.0, 1.0)
    results = []
    for name, system, seed in (("fern", fern, 1234), ("triangle", triangle, 98765)):
        grid = render(system, points, 64, 48, seed)
        lit, h = digest(grid)
        print("%s: %d cells lit, digest %d" % (name, lit, h))
        results.append(h)
    print("result chaos points=%d digest=%d" % (points, (results[0] * 7 + results[1]) % 1000000007))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 120000)
