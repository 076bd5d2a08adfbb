# multiple inheritance: diamond and MRO order
class A:
    def who(self):
        return ["A"]
class B(A):
    def who(self):
        return ["B"] + super().who()
class C(A):
    def who(self):
        return ["C"] + super().who()
class D(B, C):
    def who(self):
        return ["D"] + super().who()
print(D().who())
print([k.__name__ for k in D.__mro__])
class X: pass
class Y: pass
class Z(X, Y): pass
print([k.__name__ for k in Z.mro()])
class M1:
    def hello(self):
        return "M1"
class M2:
    def hello(self):
        return "M2"
    def only2(self):
        return "only M2"
class Both(M1, M2): pass
print(Both().hello(), Both().only2())
