# walrus inside comprehensions binds in enclosing scope
data = [1, 4, 9, 16, 25]
roots = [r for v in data if (r := int(v ** 0.5)) % 2]
print(roots, r)
running = 0
acc = [running := running + v for v in data]
print(acc, running)
def f():
    vals = [last := c for c in "xyz"]
    return vals, last
print(f())
print([y for x in range(5) if (y := x * x) > 4])
