def count(n):
    i = 0
    while i < n:
        received = yield i
        if received:
            i = received
        i += 1
    return 'done'
print(list(count(4)))
g = count(10)
print(next(g), g.send(5), next(g))
def delegate():
    result = yield from count(2)
    print('delegate got', result)
    yield 'end'
print(list(delegate()))
def echo():
    try:
        while True:
            try:
                value = yield
                print('echo', value)
            except ValueError as e:
                print('caught', e)
    finally:
        print('echo closed')
e = echo()
next(e)
e.send(1)
e.throw(ValueError('thrown'))
e.send(2)
e.close()
def outer_gen():
    yield from echo()
o = outer_gen()
next(o)
o.send('via outer')
o.throw(ValueError('through'))
o.close()
print(sum(x * x for x in range(10)), list(x for x in 'ab'))
gen = (i for i in range(3))
print(next(gen), list(gen))
def gen_return():
    yield 1
    return 5
try:
    it = gen_return()
    next(it)
    next(it)
except StopIteration as stop:
    print('stop value', stop.value)
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(10)])
def yield_from_list():
    yield from [1, 2]
    yield from 'xy'
print(list(yield_from_list()))
print([x * y for x in range(3) for y in range(3) if x != y])
print({x: x * x for x in range(4)}, {x % 3 for x in range(10)})
print([[y for y in range(x)] for x in range(4)])
class Iterable:
    def __iter__(self):
        yield 'a'
        yield 'b'
print(list(Iterable()), ''.join(Iterable()))
def stop_in_gen():
    yield 1
    raise StopIteration
try:
    list(stop_in_gen())
except RuntimeError as e:
    print('pep479', e)
def genexpr_scope():
    n = 3
    return list(i * n for i in range(n))
print(genexpr_scope())
