# class definition, instances, attributes
class Dog:
    species = "canine"
    def __init__(self, name, age=1):
        self.name = name
        self.age = age
    def speak(self):
        return f"{self.name} says woof"
    def birthday(self):
        self.age += 1
        return self
d = Dog("Rex", 3)
print(d.name, d.age, d.species, Dog.species, d.speak())
print(d.birthday().birthday().age)
d.species = "own"
print(d.species, Dog.species, Dog("x").species)
print(type(d).__name__, isinstance(d, Dog), Dog.__name__)
print(sorted(vars(d).items()), sorted(d.__dict__))
print(Dog.speak(d), getattr(d, "speak")())
