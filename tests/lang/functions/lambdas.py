# lambda expressions
sq = lambda x: x * x
add = lambda a, b=1: a + b
print(sq(7), add(2), add(2, 3), (lambda: "no args")(), (lambda *a, **k: (a, k))(1, z=2))
print(list(map(lambda s: s[::-1], ["ab", "cd"])), sorted([3, -4, 1], key=lambda v: -abs(v)))
compose = lambda f, g: lambda x: f(g(x))
inc_then_sq = compose(sq, lambda x: x + 1)
print(inc_then_sq(3))
print((lambda x: (lambda y: x + y))(10)(5))
print(sq.__name__, (lambda: 0).__name__)
fs = {"dbl": lambda x: 2 * x, "neg": lambda x: -x}
print({k: f(21) for k, f in fs.items()})
