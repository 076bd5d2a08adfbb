# `is` on singletons and shared objects (no small-int caching assumptions)
a = [1, 2]
b = a
c = [1, 2]
print(a is b, a is c, a == c, a is not c)
print(None is None, True is True, ... is ...)
def f(x=None):
    return x is None
print(f(), f(0), f(False))
t = (a, a)
print(t[0] is t[1])
d = {}
print(d.get("missing") is None)
class S: pass
s1 = S(); s2 = s1
print(s1 is s2, S() is S())
print(type(1) is type(2), type("a") is str)
