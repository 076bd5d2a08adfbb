# object default behaviour: __class__, __dict__, equality, str of class
class Plain:
    pass
p = Plain()
print(p.__class__ is Plain, p.__class__.__name__, Plain.__name__, Plain.__qualname__)
print(p == p, p != p, p.__dict__, isinstance(p, object), issubclass(Plain, object))
p.x = 1
print(p.__dict__)
print(type(Plain).__name__, Plain.__bases__[0].__name__)
class Outer:
    class Inner:
        pass
print(Outer.Inner.__name__, Outer.Inner.__qualname__)
print(str(Plain)[:8], repr(int), repr(str), repr(Exception))
