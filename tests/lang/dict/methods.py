# dict methods
d = {"a": 1, "b": 2}
d["c"] = 3
print(d, len(d), d["b"], d.get("z"), d.get("z", 0), "a" in d, 1 in d)
print(list(d.keys()), list(d.values()), list(d.items()))
print(d.pop("a"), d.pop("zz", "dflt"), d)
print(d.setdefault("b", 99), d.setdefault("n", []), d)
d.update({"x": 10}, y=20)
d.update([("p", 0)])
print(d)
print(d.popitem(), d)
e = d.copy(); e["b"] = -1
print(d["b"], e["b"])
d.clear(); print(d)
print(dict.fromkeys("abc"), dict.fromkeys([1, 2], 0))
print(dict(a=1, b=2), dict([("k", "v")]), dict({"x": 1}, y=2), dict(zip("ab", range(2))))
