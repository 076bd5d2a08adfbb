# keys of various hashable types
d = {}
d[1] = "int"; d[2.5] = "float"; d["s"] = "str"; d[(1, 2)] = "tuple"; d[None] = "none"
d[frozenset({1})] = "frozenset"; d[True] = "bool overwrites 1"; d[b"b"] = "bytes"
print(d)
print(d[1], d[(1, 2)], d[None], d[frozenset([1])], d[b"b"])
try:
    d[[1]] = 0
except TypeError as e:
    print("TypeError", e)
try:
    d[{}] = 0
except TypeError as e:
    print("TypeError", e)
class K:
    def __init__(self, v): self.v = v
    def __hash__(self): return self.v % 3
    def __eq__(self, o): return isinstance(o, K) and o.v == self.v
    def __repr__(self): return f"K({self.v})"
d2 = {K(1): "a", K(4): "b", K(1): "c"}
print(d2, d2[K(4)])
