# callable(), type(), isinstance with builtins
class C:
    def __call__(self): pass
class D: pass
print(callable(len), callable(C), callable(C()), callable(D()), callable(lambda: 0), callable(1), callable("s"))
print(type(1), type("s"), type([]), type(None), type(C()).__name__, type(C))
print(type(1) == int, type(True) == bool, type(type) is type, type(C) is type)
print(isinstance([], list), isinstance([], (tuple, dict)), isinstance(C(), C), isinstance(C, type))
T = type("T", (), {"x": 5, "m": lambda self: self.x * 2})
print(T.__name__, T().x, T().m())
