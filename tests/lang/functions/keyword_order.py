# keyword arguments can come in any order; **kwargs keeps call order
def f(**kw):
    return list(kw.items())
print(f(z=1, a=2, m=3))
def g(a, b, c):
    return a, b, c
print(g(c=3, a=1, b=2), g(1, c=3, b=2))
def h(a, **rest):
    return a, rest
print(h(b=2, a=1, c=3), h(1, **{"x": 9, "y": 8}))
print(dict(b=1, a=2), sorted(dict(b=1, a=2)))
