# forwarding *args/**kwargs through layers
def target(a, b=0, *rest, key=None, **extra):
    return f"a={a} b={b} rest={rest} key={key} extra={extra}"
def layer1(*args, **kwargs):
    return target(*args, **kwargs)
def layer2(*args, **kwargs):
    kwargs.setdefault("key", "L2")
    return layer1(*args, **kwargs)
print(layer1(1))
print(layer1(1, 2, 3, 4, key="k", z=26))
print(layer2(9, **{"b": 8}))
print(layer2(*range(5), q=1))
