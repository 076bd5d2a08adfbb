# yield from delegation and return values
def inner():
    yield 1
    yield 2
    return "inner result"
def outer():
    r = yield from inner()
    print("inner returned", r)
    yield 3
    return "outer result"
g = outer()
print(list(g))
def chain(*its):
    for it in its:
        yield from it
print(list(chain("ab", [1, 2], range(2))))
def flatten(x):
    if isinstance(x, list):
        for y in x:
            yield from flatten(y)
    else:
        yield x
print(list(flatten([1, [2, [3, [4]], 5]])))
def delegator():
    result = yield from accumulate()
    yield f"total={result}"
def accumulate():
    total = 0
    while True:
        v = yield
        if v is None:
            return total
        total += v
d = delegator()
next(d)
for v in (1, 2, 3):
    d.send(v)
print(d.send(None))
