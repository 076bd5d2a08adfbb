# __new__ and __init__ ordering
class Tracked:
    def __new__(cls, *args):
        print("new", cls.__name__, args)
        inst = super().__new__(cls)
        inst.created = True
        return inst
    def __init__(self, v):
        print("init", v)
        self.v = v
t = Tracked(5)
print(t.v, t.created)
class Single:
    _inst = None
    def __new__(cls):
        if cls._inst is None:
            cls._inst = super().__new__(cls)
        return cls._inst
print(Single() is Single())
class Skip:
    def __new__(cls):
        return 42
    def __init__(self):
        print("never")
print(Skip())
