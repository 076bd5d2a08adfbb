# iteration-related errors
def gen():
    yield 1
g = gen()
next(g)
try:
    next(g)
except StopIteration as e:
    print("StopIteration", repr(e))
tests = [lambda: iter(None), lambda: list(3.5), lambda: [x for x in 10], lambda: next(iter({})),
         lambda: tuple(None), lambda: set(1), lambda: sum(1), lambda: zip(1)]
for t in tests:
    try:
        t()
    except Exception as e:
        print(type(e).__name__ + ":", e)
d = {"a": 1}
try:
    for k in d:
        d["b"] = 2
except RuntimeError as e:
    print("RuntimeError:", e)
s = {1}
try:
    for k in s:
        s.add(2)
except RuntimeError as e:
    print("RuntimeError:", e)
