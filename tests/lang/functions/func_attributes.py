# function attributes
def f(a, b=1, *args, c, d=2, **kw):
    "doc"
    x = 1
    return x
print(f.__name__, f.__doc__, f.__defaults__, f.__kwdefaults__)
print(f(0, c=1), f.__module__)
f.custom = "attr"
print(f.custom, hasattr(f, "custom"), getattr(f, "missing", None))
print(f.__qualname__)
class C:
    def m(self):
        pass
    def outer(self):
        def inner():
            pass
        return inner
print(C.m.__qualname__, C().outer().__qualname__, C.m.__name__)
