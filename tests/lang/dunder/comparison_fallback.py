# __eq__ reflection and default identity equality
class A:
    def __eq__(self, o):
        print("A.__eq__")
        return NotImplemented
class B:
    def __eq__(self, o):
        print("B.__eq__")
        return True
print(A() == B())
print(B() == A())
a = A()
print(a == a)
print(A() != A())
class Num:
    def __init__(self, v): self.v = v
    def __eq__(self, o): return self.v == (o.v if isinstance(o, Num) else o)
    def __ne__(self, o): return not self == o
    __hash__ = None
print(Num(1) == 1, 1 == Num(1), Num(1) != Num(2), [Num(3)] == [3])
