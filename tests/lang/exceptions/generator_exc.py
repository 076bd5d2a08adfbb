# exceptions inside generators
def gen():
    try:
        yield 1
        yield 2
        raise ValueError("inside gen")
    finally:
        print("gen finally")
g = gen()
print(next(g), next(g))
try:
    next(g)
except ValueError as e:
    print("caught", e)
try:
    next(g)
except StopIteration:
    print("exhausted")
def safe():
    for x in [1, 0, 2]:
        try:
            yield 10 // x
        except ZeroDivisionError:
            yield "div0"
print(list(safe()))
def bad_stop():
    yield 1
    raise StopIteration
try:
    list(bad_stop())
except RuntimeError as e:
    print("RuntimeError", e)
