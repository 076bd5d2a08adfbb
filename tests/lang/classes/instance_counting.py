# class-level state and __init__ side effects
class Registry:
    items = []
    next_id = 1
    def __init__(self, name):
        self.id = Registry.next_id
        Registry.next_id += 1
        self.name = name
        Registry.items.append(self)
    def __repr__(self):
        return f"#{self.id}:{self.name}"
    @classmethod
    def find(cls, name):
        return [i for i in cls.items if i.name == name]
for n in ["a", "b", "a", "c"]:
    Registry(n)
print(Registry.items, Registry.find("a"), Registry.next_id)
