"""raytrace: a small Whitted ray tracer — a vector class with operator
overloading, spheres and a checkered plane, point lights with shadows,
diffuse and specular shading and mirror reflections — rendering a grey
image whose pixels are summed into a digest.

Size: the image width in pixels (the height is three quarters of it).

Only + - * / and sqrt are used (correctly rounded everywhere), so the
image is bit-identical on every conforming interpreter.
"""

import math
import sys

EPSILON = 1e-6
MAX_DEPTH = 3


class Vec:
    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y, self.z + o.z)

    def __sub__(self, o):
        return Vec(self.x - o.x, self.y - o.y, self.z - o.z)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k, self.z * k)

    def __neg__(self):
        return Vec(-self.x, -self.y, -self.z)

    def dot(self, o):
        return self.x * o.x + self.y * o.y + self.z * o.z

    def length(self):
        return math.sqrt(self.dot(self))

    def unit(self):
        n = self.length()
        return Vec(self.x / n, self.y / n, self.z / n)

    def reflect(self, normal):
        return self - normal * (2 * self.dot(normal))


class Ray:
    def __init__(self, origin, direction):
        self.origin = origin
        self.direction = direction

    def at(self, t):
        return self.origin + self.direction * t


class Sphere:
    def __init__(self, centre, radius, shade, mirror):
        self.centre = centre
        self.radius = radius
        self.shade = shade
        self.mirror = mirror

    def intersect(self, ray):
        oc = ray.origin - self.centre
        b = oc.dot(ray.direction)
        c = oc.dot(oc) - self.radius * self.radius
        disc = b * b - c
        if disc < 0:
            return None
        root = math.sqrt(disc)
        t = -b - root
        if t > EPSILON:
            return t
        t = -b + root
        if t > EPSILON:
            return t
        return None

    def normal_at(self, point):
        return (point - self.centre).unit()

    def shade_at(self, point):
        return self.shade


class Plane:
    def __init__(self, point, normal, mirror):
        self.point = point
        self.normal = normal.unit()
        self.mirror = mirror

    def intersect(self, ray):
        denom = ray.direction.dot(self.normal)
        if -EPSILON < denom < EPSILON:
            return None
        t = (self.point - ray.origin).dot(self.normal) / denom
        return t if t > EPSILON else None

    def normal_at(self, point):
        return self.normal

    def shade_at(self, point):
        # a checkerboard in x and z
        cell = (int(math.floor(point.x)) + int(math.floor(point.z))) & 1
        return 0.9 if cell else 0.2


class Scene:
    def __init__(self):
        self.objects = [
            Plane(Vec(0.0, -1.0, 0.0), Vec(0.0, 1.0, 0.0), 0.25),
            Sphere(Vec(0.0, 0.0, 5.0), 1.0, 0.8, 0.3),
            Sphere(Vec(-2.2, -0.3, 6.5), 0.7, 0.6, 0.0),
            Sphere(Vec(2.0, 0.4, 7.0), 1.4, 0.5, 0.6),
            Sphere(Vec(0.8, -0.7, 3.6), 0.3, 0.95, 0.0),
        ]
        self.lights = [(Vec(-4.0, 6.0, 0.0), 0.7), (Vec(5.0, 4.0, 2.0), 0.4)]
        self.ambient = 0.08

    def nearest(self, ray):
        best_t = None
        best = None
        for obj in self.objects:
            t = obj.intersect(ray)
            if t is not None and (best_t is None or t < best_t):
                best_t = t
                best = obj
        return best, best_t

    def shadowed(self, point, to_light, distance):
        ray = Ray(point, to_light)
        for obj in self.objects:
            t = obj.intersect(ray)
            if t is not None and t < distance:
                return True
        return False

    def trace(self, ray, depth):
        obj, t = self.nearest(ray)
        if obj is None:
            # sky: brighter towards the zenith
            return 0.1 + 0.3 * max(0.0, ray.direction.y)
        point = ray.at(t)
        normal = obj.normal_at(point)
        if normal.dot(ray.direction) > 0:
            normal = -normal
        base = obj.shade_at(point)
        light = self.ambient
        for position, strength in self.lights:
            offset = position - point
            distance = offset.length()
            to_light = offset * (1.0 / distance)
            lambert = normal.dot(to_light)
            if lambert <= 0 or self.shadowed(point, to_light, distance):
                continue
            light += strength * lambert
            half = (to_light - ray.direction).unit()
            spec = normal.dot(half)
            if spec > 0:
                spec *= spec
                spec *= spec
                spec *= spec
                spec *= spec                       # spec ** 16 by squaring
                light += 0.5 * strength * spec
        colour = base * light
        if obj.mirror > 0 and depth < MAX_DEPTH:
            reflected = Ray(point, ray.direction.reflect(normal))
            colour = colour * (1 - obj.mirror) + obj.mirror * self.trace(reflected, depth + 1)
        return colour


def render(width):
    height = width * 3 // 4
    scene = Scene()
    eye = Vec(0.0, 0.5, -1.0)
    pixels = []
    for row in range(height):
        y = 0.75 - 1.5 * row / (height - 1)
        line = []
        for col in range(width):
            x = -1.0 + 2.0 * col / (width - 1)
            direction = (Vec(x, y, 1.5) - Vec(0.0, 0.5, 0.0)).unit()
            value = scene.trace(Ray(eye, direction), 0)
            level = int(value * 255)
            line.append(255 if level > 255 else (0 if level < 0 else level))
        pixels.append(line)
    return pixels


def main(width):
    pixels = render(width)
    total = 0
    h = 0
    for line in pixels:
        for v in line:
            total += v
            h = (h * 257 + v) % 1000000007
    ramp = " .:-=+*#%@"
    middle = pixels[len(pixels) // 2]
    step = max(1, len(middle) // 40)
    print("middle row: " + "".join(ramp[v * 10 // 256] for v in middle[::step]))
    print("result raytrace width=%d sum=%d digest=%d" % (width, total, h))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 120)
