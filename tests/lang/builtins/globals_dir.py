# dir() and vars() on simple objects (sorted output, filtered)
class P:
    def __init__(self):
        self.b = 2
        self.a = 1
    def method(self):
        pass
p = P()
print([n for n in dir(p) if not n.startswith("__")])
print(vars(p), sorted(vars(p)))
import math
print("sqrt" in dir(math), "pi" in dir(math))
x_local = 1
print("x_local" in globals(), "P" in globals(), "nope" in globals())
def f():
    a = 1
    b = 2
    return sorted(locals())
print(f())
