# errors around classes and instances
class A:
    def __init__(self, x):
        self.x = x
class B:
    def __init__(self):
        return 5
tests = [lambda: A(), lambda: B(), lambda: int.foo, lambda: object().x, lambda: A(1).y,
         lambda: setattr(object(), "a", 1), lambda: super(int, "s"), lambda: issubclass(1, int),
         lambda: isinstance(1, "x")]
for t in tests:
    try:
        t()
    except Exception as e:
        print(type(e).__name__ + ":", e)
class Abs:
    def __len__(self):
        return "x"
try:
    len(Abs())
except TypeError as e:
    print("TypeError:", e)
