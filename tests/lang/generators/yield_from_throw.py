# throw/close propagate through yield from
def inner():
    try:
        yield "a"
        yield "b"
    except ValueError as e:
        yield f"inner caught {e}"
    finally:
        print("inner finally")
def outer():
    yield from inner()
    yield "outer continues"
g = outer()
print(next(g))
print(g.throw(ValueError("x")))
print(next(g))
print(list(g))
g2 = outer()
next(g2)
g2.close()
print("g2 closed")
