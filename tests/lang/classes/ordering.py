# rich comparison methods and reflected fallbacks
class Version:
    def __init__(self, s):
        self.parts = tuple(int(p) for p in s.split("."))
    def __eq__(self, o):
        return self.parts == o.parts
    def __lt__(self, o):
        return self.parts < o.parts
    def __le__(self, o):
        return self.parts <= o.parts
    def __repr__(self):
        return ".".join(map(str, self.parts))
vs = [Version(s) for s in ["1.10", "1.2", "1.2.1", "0.9"]]
print(sorted(vs), max(vs), min(vs))
a, b = Version("1.2"), Version("1.10")
print(a < b, a <= b, a > b, a >= b, a == Version("1.2"), a != b)
class Rev:
    def __init__(self, v): self.v = v
    def __gt__(self, o): return self.v > o.v
    def __repr__(self): return f"R{self.v}"
print(Rev(1) < Rev(2), sorted([Rev(3), Rev(1), Rev(2)]))
class NoOrder: pass
try:
    NoOrder() < NoOrder()
except TypeError as e:
    print("TypeError", e)
try:
    Rev(1) <= Rev(2)
except TypeError as e:
    print("TypeError", e)
