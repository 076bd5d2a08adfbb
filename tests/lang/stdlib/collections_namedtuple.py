# tuples as records; collections.namedtuple
from collections import namedtuple
Point = namedtuple("Point", ["x", "y"])
p = Point(3, 4)
print(p, p.x, p.y, p[0], tuple(p), p._asdict())
q = p._replace(x=10)
print(q, p == (3, 4), Point._fields)
x, y = p
print(x * y)
pts = [Point(2, 1), Point(1, 5), Point(1, 2)]
print(sorted(pts), min(pts, key=lambda pt: pt.y))
Person = namedtuple("Person", "name age")
print(Person("ann", 3), Person(age=5, name="bo"))
