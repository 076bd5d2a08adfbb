# __len__/__getitem__/__setitem__/__delitem__/__contains__/__iter__
class Bag:
    def __init__(self):
        self.items = {}
    def __len__(self):
        return sum(self.items.values())
    def __getitem__(self, k):
        return self.items.get(k, 0)
    def __setitem__(self, k, v):
        self.items[k] = v
    def __delitem__(self, k):
        del self.items[k]
    def __contains__(self, k):
        return self.items.get(k, 0) > 0
    def __iter__(self):
        for k, n in self.items.items():
            for _ in range(n):
                yield k
b = Bag()
b["a"] = 2
b["b"] = 1
print(len(b), b["a"], b["zz"], "a" in b, "zz" in b, list(b), sorted(b))
del b["a"]
print(len(b), list(b), bool(b))
try:
    del b["nope"]
except KeyError as e:
    print("KeyError", e)
