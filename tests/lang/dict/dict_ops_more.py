# dict construction and merging
a = {"x": 1, "y": 2}
b = dict(a, z=3)
c = {**a, **{"y": 20}, "w": 0}
print(b, c, a | {"y": 0}, {"y": 0} | a)
keys = ["k1", "k2", "k3"]
print(dict(zip(keys, range(3))), dict.fromkeys(keys, []), {k: i for i, k in enumerate(keys)})
d = {}
d.update(a=1)
d.update({"b": 2})
d.update([("c", 3)])
d.update(zip("de", (4, 5)))
print(d, len(d), list(d.values())[-1])
print(sorted(d.items(), reverse=True)[:2], min(d), max(d.values()))
