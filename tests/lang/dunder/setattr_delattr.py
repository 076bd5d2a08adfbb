# __setattr__ and __delattr__ for validation
class Strict:
    def __setattr__(self, name, value):
        if not name.startswith("x"):
            raise AttributeError(f"cannot set {name}")
        super().__setattr__(name, value)
    def __delattr__(self, name):
        print("deleting", name)
        super().__delattr__(name)
s = Strict()
s.x1 = 1
try:
    s.y = 2
except AttributeError as e:
    print("AttributeError", e)
print(s.x1, hasattr(s, "y"))
del s.x1
print(hasattr(s, "x1"))
class Frozen:
    def __init__(self, v):
        object.__setattr__(self, "v", v)
    def __setattr__(self, k, v):
        raise TypeError("frozen")
f = Frozen(3)
try:
    f.v = 4
except TypeError as e:
    print("TypeError", e, f.v)
