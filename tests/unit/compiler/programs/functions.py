def f(a, b=2, *args, c, d=4, **kw):
    return (a, b, args, c, d, kw)
print(f(1, c=3))
print(f(1, 2, 3, 4, c=5, e=6))
print(f(*[1, 2], **{'c': 3, 'z': 0}))
def pos(a, b, /, c):
    return a + b + c
print(pos(1, 2, c=3), pos(1, 2, 3))
def kwonly(*, x=1, y):
    return x, y
print(kwonly(y=2))
def noargs():
    """Docstring."""
    return
print(noargs(), noargs.__doc__, noargs.__name__)
g = lambda x, y=1: x + y
print(g(1), g(1, 2), (lambda: 'l')(), (lambda *a, **k: (a, k))(1, q=2))
def counter():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    return inc
c = counter()
c(); c()
print(c())
def outer():
    x = 'outer'
    def middle():
        def inner():
            return x
        return inner
    return middle()()
print(outer())
total = 0
def add(n):
    global total
    total += n
add(5); add(6)
print(total)
def make_adders():
    return [lambda x, i=i: x + i for i in range(3)]
print([a(10) for a in make_adders()])
def late():
    fs = []
    for i in range(3):
        fs.append(lambda: i)
    return [f() for f in fs]
print(late())
def deco(tag):
    def wrap(fn):
        def inner(*a, **k):
            return tag + str(fn(*a, **k))
        return inner
    return wrap
@deco('<')
@deco('>')
def val(x):
    return x * 2
print(val(21))
def rec(n):
    return 1 if n <= 1 else n * rec(n - 1)
print(rec(30))
def defaults_eval(x=[]):
    x.append(1)
    return x
defaults_eval(); print(defaults_eval())
def kw_call(**kw):
    return sorted(kw.items())
print(kw_call(a=1, **{'b': 2}, c=3))
print(max([3, 1, 2], key=lambda v: -v), sorted(['bb', 'a'], key=len))
def cell_param(x):
    def get():
        return x
    x = x + 1
    return get()
print(cell_param(1))
def shadow():
    len = 3
    return len
print(shadow(), len('ab'))
def unbound():
    try:
        print(v)
    except UnboundLocalError as e:
        print('unbound', type(e).__name__)
    v = 1
unbound()
