# __exit__ returning True suppresses exceptions
class Suppress:
    def __init__(self, *types):
        self.types = types
    def __enter__(self):
        return self
    def __exit__(self, et, ev, tb):
        if et is not None and issubclass(et, self.types):
            print("suppressed", et.__name__, ev)
            return True
        return False
with Suppress(ZeroDivisionError):
    1 / 0
    print("not reached")
print("continued")
with Suppress(KeyError, IndexError):
    [][1]
try:
    with Suppress(KeyError):
        int("x")
except ValueError as e:
    print("not suppressed:", e)
def f():
    with Suppress(ValueError):
        raise ValueError("in function")
    return "function returned normally"
print(f())
