# generator functions taking various arguments
def rng(start, stop=None, step=1):
    if stop is None:
        start, stop = 0, start
    while (step > 0 and start < stop) or (step < 0 and start > stop):
        yield start
        start += step
print(list(rng(5)), list(rng(2, 10, 3)), list(rng(10, 0, -4)))
def labeled(*items, prefix="#"):
    for i, it in enumerate(items):
        yield f"{prefix}{i}:{it}"
print(list(labeled("a", "b")), list(labeled(*"xyz", prefix="@")))
def kv(**kw):
    yield from sorted(kw.items())
print(list(kv(b=2, a=1)))
