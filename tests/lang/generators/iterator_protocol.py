# generators are their own iterators
def gen():
    yield from range(3)
g = gen()
print(iter(g) is g, hasattr(g, "__next__"), hasattr(g, "send"))
print(next(g), list(g), list(g))
it = iter([1, 2, 3])
print(next(it), list(it))
r = iter(range(5))
print(next(r), next(r), list(r))
d = iter({"a": 1, "b": 2})
print(next(d), next(d), next(d, None))
s = iter("xy")
print(list(zip(s, s)))
class Wrapped:
    def __init__(self):
        self.data = [3, 2, 1]
    def __iter__(self):
        return (v * 10 for v in self.data)
print(list(Wrapped()), sorted(Wrapped()))
