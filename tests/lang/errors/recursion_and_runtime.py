# RuntimeError family messages
def gen():
    yield 1
    raise StopIteration("inside")
try:
    list(gen())
except RuntimeError as e:
    print("RuntimeError:", e)
def g2():
    yield
g = g2()
next(g)
try:
    g.throw(NotImplementedError("nie"))
except NotImplementedError as e:
    print("NotImplementedError:", e)
try:
    raise RuntimeError
except RuntimeError as e:
    print("bare RuntimeError:", repr(e), str(e) == "")
try:
    raise NotImplementedError("todo")
except RuntimeError as e:
    print("caught as RuntimeError:", type(e).__name__, e)
