# decorators with and without arguments, stacking, preserving names by hand
def trace(fn):
    def wrapper(*args, **kwargs):
        print("call", fn.__name__, args, kwargs)
        r = fn(*args, **kwargs)
        print("ret", r)
        return r
    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
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
order = []
def d1(f):
    order.append("d1")
    return f
def d2(f):
    order.append("d2")
    return f
@d1
@d2
def g(): pass
print(order)
