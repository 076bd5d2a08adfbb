# *args and **kwargs
def f(*args, **kwargs):
    return args, kwargs
print(f(), f(1, 2), f(a=1), f(1, b=2, c=3))
def total(*nums):
    return sum(nums)
print(total(), total(1, 2, 3), total(*range(10)))
def show(**opts):
    return ", ".join(f"{k}={v}" for k, v in opts.items())
print(show(x=1, y="two"), show(**{"a": 0}, b=1))
def wrapper(*a, **k):
    return f(*a, **k)
print(wrapper(1, 2, key="v"))
def first_rest(first, *rest):
    return first, rest
print(first_rest("a", "b", "c"), first_rest(*"xyz"))
