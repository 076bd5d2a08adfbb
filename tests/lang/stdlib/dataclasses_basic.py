# class decorators and dataclasses
from dataclasses import dataclass, field
def add_hello(cls):
    cls.hello = lambda self: f"hello from {type(self).__name__}"
    return cls
@add_hello
class A: pass
print(A().hello())
@dataclass
class Item:
    name: str
    price: float = 0.0
    tags: list = field(default_factory=list)
i = Item("pen", 1.5)
print(i, i == Item("pen", 1.5), i.tags)
i.tags.append("office")
print(Item("x"), i)
@dataclass(frozen=True, order=True)
class P:
    x: int
    y: int
print(sorted([P(2, 1), P(1, 5), P(1, 2)]), P(1, 2) < P(1, 3))
try:
    P(1, 2).x = 5
except Exception as e:
    print(type(e).__name__, e)
