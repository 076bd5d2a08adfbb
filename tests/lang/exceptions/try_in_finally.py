# exceptions raised in finally and except replace the original
def f():
    try:
        raise ValueError("original")
    finally:
        raise KeyError("from finally")
try:
    f()
except KeyError as e:
    print(repr(e), repr(e.__context__))
def g():
    try:
        raise ValueError("v")
    except ValueError:
        try:
            raise TypeError("t")
        except TypeError as inner:
            print("inner", inner, repr(inner.__context__))
        print("still handling")
    return "ok"
print(g())
try:
    try:
        raise ValueError(1)
    finally:
        print("cleanup while propagating")
except ValueError as e:
    print("got", e)
