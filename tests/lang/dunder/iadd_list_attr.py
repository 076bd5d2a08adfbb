# += on attributes and items calls __iadd__ and then stores back
class Wrapper:
    def __init__(self):
        self.items = []
        self.n = 0
w = Wrapper()
w.items += [1, 2]
w.n += 5
w.items += (3,)
print(w.items, w.n)
class Logged:
    def __init__(self, v):
        self.v = v
    def __iadd__(self, o):
        print("iadd", o)
        self.v += o
        return self
    def __repr__(self):
        return f"Logged({self.v})"
d = {"x": Logged(1)}
d["x"] += 10
print(d)
class Holder:
    pass
h = Holder()
h.val = Logged(0)
h.val += 2
print(h.val)
