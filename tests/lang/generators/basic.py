# generator functions
def countdown(n):
    while n > 0:
        yield n
        n -= 1
print(list(countdown(5)), sum(countdown(100)))
g = countdown(3)
print(next(g), next(g), next(g), next(g, "done"))
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(15)])
def evens(it):
    for x in it:
        if x % 2 == 0:
            yield x
print(list(evens(range(10))), type(countdown(1)).__name__)
def empty():
    return
    yield
print(list(empty()))
