# None singleton behaviour
x = None
print(x, repr(x), str(x), x is None, x is not None, x == None)
print(type(x).__name__, bool(x))
def f():
    pass
print(f() is None)
d = {"a": None}
print(d.get("a"), d.get("b"), d.get("b", 0))
vals = [None, 0, "", False]
print([v is None for v in vals])
print([v for v in vals if v is not None])
print(None in vals, vals.count(None))
print(f"{None!r} {None}")
