# key functions: itemgetter, attrgetter, tuples, methods
from operator import itemgetter, attrgetter
rows = [{"n": "b", "v": 2}, {"n": "a", "v": 2}, {"n": "c", "v": 1}]
print([r["n"] for r in sorted(rows, key=itemgetter("v"))])
print([r["n"] for r in sorted(rows, key=lambda r: (r["v"], r["n"]))])
pairs = [(1, "z"), (0, "y"), (1, "a")]
print(sorted(pairs, key=itemgetter(1)), sorted(pairs, key=itemgetter(0, 1)))
class E:
    def __init__(self, name, age):
        self.name, self.age = name, age
    def __repr__(self):
        return f"E({self.name},{self.age})"
es = [E("x", 30), E("y", 20), E("z", 30)]
print(sorted(es, key=attrgetter("age")), sorted(es, key=attrgetter("age", "name"), reverse=True))
print(sorted(["b10", "a2", "a10", "b1"], key=lambda s: (s[0], int(s[1:]))))
print(sorted([3, 1, 2], key=lambda v: -v), sorted("Hello World", key=str.lower))
