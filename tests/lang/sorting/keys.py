# key functions: tuples, lambdas, methods, multi-pass stable sorts
rows = [{"n": "b", "v": 2}, {"n": "a", "v": 2}, {"n": "c", "v": 1}]
print([r["n"] for r in sorted(rows, key=lambda r: r["v"])])
print([r["n"] for r in sorted(rows, key=lambda r: (r["v"], r["n"]))])
pairs = [(1, "z"), (0, "y"), (1, "a")]
print(sorted(pairs, key=lambda p: p[1]), sorted(pairs))
class E:
    def __init__(self, name, age):
        self.name, self.age = name, age
    def __repr__(self):
        return f"E({self.name},{self.age})"
es = [E("x", 30), E("y", 20), E("z", 30)]
print(sorted(es, key=lambda e: e.age), sorted(es, key=lambda e: (e.age, e.name), reverse=True))
print(sorted(["b10", "a2", "a10", "b1"], key=lambda s: (s[0], int(s[1:]))))
print(sorted([3, 1, 2], key=lambda v: -v), sorted("Hello World", key=str.lower))
data = [("b", 2), ("a", 1), ("b", 1), ("a", 2)]
data.sort(key=lambda t: t[1])
data.sort(key=lambda t: t[0])
print(data)
