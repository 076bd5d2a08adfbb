# decorators with and without arguments
import functools
def trace(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        print("call", fn.__name__, args, kwargs)
        r = fn(*args, **kwargs)
        print("ret", r)
        return r
    return wrapper
@trace
def add(a, b=0):
    """Add two numbers."""
    return a + b
add(1, b=2)
print(add.__name__, add.__doc__)
def repeat(n):
    def deco(fn):
        def wrapper(*a):
            return [fn(*a) for _ in range(n)]
        return wrapper
    return deco
@repeat(3)
def hello(x):
    return "hi " + x
print(hello("bo"))
def tag(name):
    return lambda fn: lambda *a: f"<{name}>{fn(*a)}</{name}>"
@tag("b")
@tag("i")
def text(s):
    return s
print(text("bold italic"))
