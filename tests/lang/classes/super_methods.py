# super() in regular methods, classmethods, and properties
class Base:
    def greet(self):
        return "base"
    @classmethod
    def make(cls):
        return f"make {cls.__name__}"
    @property
    def value(self):
        return 10
class Child(Base):
    def greet(self):
        return "child+" + super().greet()
    @classmethod
    def make(cls):
        return super().make() + "!"
    @property
    def value(self):
        return super().value * 2
c = Child()
print(c.greet(), Child.make(), c.value)
class GrandChild(Child):
    def greet(self):
        return "grand+" + super().greet()
print(GrandChild().greet(), GrandChild.make(), GrandChild().value)
