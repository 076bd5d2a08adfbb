# annotations and docstrings are stored but not enforced
def f(x: int, y: str = "a") -> str:
    """Repeat y x times."""
    return y * x
print(f(3), f("ab" and 2, "z"), f.__doc__)
print(f.__annotations__)
def g():
    "single-quoted doc"
print(g.__doc__, g())
def h(): pass
print(h.__doc__)
