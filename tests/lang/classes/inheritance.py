# single inheritance and overriding
class Animal:
    sound = "..."
    def __init__(self, name):
        self.name = name
    def speak(self):
        return f"{self.name}: {self.sound}"
    def kind(self):
        return "animal"
class Cat(Animal):
    sound = "meow"
class Lion(Cat):
    sound = "roar"
    def kind(self):
        return "big " + super().kind()
for a in (Animal("a"), Cat("c"), Lion("l")):
    print(a.speak(), a.kind(), type(a).__name__)
print(issubclass(Lion, Animal), issubclass(Animal, Lion), isinstance(Lion("x"), Cat))
print(Lion.__bases__[0].__name__, [c.__name__ for c in Lion.__mro__])
print(issubclass(Cat, (int, Animal)), isinstance(3, (str, int)))
