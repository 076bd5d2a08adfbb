# TypeErrors from bad calls
def f(a, b=2):
    pass
def g(*, k):
    pass
calls = [
    lambda: f(),
    lambda: f(1, 2, 3),
    lambda: f(1, c=3),
    lambda: f(1, a=1),
    lambda: g(1),
    lambda: g(),
    lambda: len(),
    lambda: len(1, 2),
    lambda: (lambda x: x)(),
    lambda: int("1", "2", "3"),
]
for c in calls:
    try:
        c()
    except TypeError as e:
        print(e)
