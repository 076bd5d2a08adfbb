# subclassing built-in types (single inheritance)
class MyList(list):
    def sum(self):
        return sum(self)
    def __repr__(self):
        return "MyList(" + super().__repr__() + ")"
m = MyList([1, 2, 3])
m.append(4)
print(m, m.sum(), len(m), m[1:], isinstance(m, list), type(m[1:]).__name__)
class Upper(str):
    def shout(self):
        return self.upper() + "!"
u = Upper("hey")
print(u.shout(), u + "x", len(u), isinstance(u, str))
class Default(dict):
    def __missing__(self, key):
        return f"<{key}>"
d = Default(a=1)
print(d["a"], d["zz"], len(d))
class Pos(int):
    def __new__(cls, v):
        return super().__new__(cls, abs(v))
print(Pos(-5), Pos(-5) + 1, type(Pos(3)).__name__)
