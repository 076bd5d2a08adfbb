# super() in __init__ chains
class Base:
    def __init__(self, x):
        print("Base init", x)
        self.x = x
class Mid(Base):
    def __init__(self, x, y):
        print("Mid init", y)
        super().__init__(x)
        self.y = y
class Leaf(Mid):
    def __init__(self):
        print("Leaf init")
        super().__init__(1, 2)
        self.z = 3
o = Leaf()
print(o.x, o.y, o.z)
class Explicit(Base):
    def __init__(self):
        Base.__init__(self, "explicit")
print(Explicit().x)
class TwoArg(Base):
    def __init__(self):
        super(TwoArg, self).__init__("two-arg")
print(TwoArg().x)
