# __eq__ and __hash__ in dicts and sets
class Key:
    def __init__(self, a, b):
        self.a, self.b = a, b
    def __eq__(self, other):
        return isinstance(other, Key) and (self.a, self.b) == (other.a, other.b)
    def __hash__(self):
        return hash((self.a, self.b))
    def __repr__(self):
        return f"Key({self.a},{self.b})"
d = {Key(1, 2): "x"}
print(d[Key(1, 2)], Key(1, 2) in d, Key(2, 1) in d, len({Key(1, 1), Key(1, 1), Key(0, 1)}))
print(Key(1, 2) == Key(1, 2), Key(1, 2) != Key(1, 3), Key(1, 2) == (1, 2))
class NoHash:
    def __eq__(self, other):
        return True
try:
    hash(NoHash())
except TypeError as e:
    print("TypeError", e)
print(NoHash() == 5, NoHash() != 5)
class Default: pass
x = Default()
print(x == x, x == Default(), x != Default(), {x: 1}[x])
