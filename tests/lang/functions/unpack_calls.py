# unpacking in calls, multiple star expressions
def f(a, b, c, d=0):
    return a * 1000 + b * 100 + c * 10 + d
print(f(*[1, 2, 3]), f(*(1, 2), 3), f(1, *[2], *[3], 4), f(**{"a": 1, "b": 2, "c": 3}))
print(f(1, **{"b": 2}, c=3), f(*[1, 2], **{"c": 3, "d": 4}))
print(*[1, 2, 3], sep="-")
print(*"abc", *[1, 2])
print([*range(3), *"ab"], (*[1, 2], 3), {*[1, 1], 2} == {1, 2}, {**{"a": 1}, "b": 2})
args = {"sep": "|", "end": "!\n"}
print("x", "y", **args)
try:
    f(1, 2, 3, a=4)
except TypeError as e:
    print("TypeError", e)
try:
    f(**{"a": 1}, **{"a": 2})
except TypeError as e:
    print("TypeError", e)
