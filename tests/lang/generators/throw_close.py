# throw() and close()
def worker():
    try:
        while True:
            try:
                x = yield
                print("got", x)
            except ValueError as e:
                print("handled", e)
    finally:
        print("cleanup")
w = worker()
next(w)
w.send(1)
w.throw(ValueError("bad"))
w.send(2)
w.close()
print("closed")
w.close()
def stubborn():
    try:
        yield 1
    except GeneratorExit:
        print("exit seen")
        raise
g = stubborn()
next(g)
g.close()
def no_catch():
    yield 1
    yield 2
n = no_catch()
next(n)
try:
    n.throw(KeyError("k"))
except KeyError as e:
    print("propagated", repr(e))
print(list(n))
def bad_close():
    try:
        yield 1
    except GeneratorExit:
        yield 2
b = bad_close()
next(b)
try:
    b.close()
except RuntimeError as e:
    print("RuntimeError", e)
