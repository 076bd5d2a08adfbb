# sorting objects that define only __lt__; stability of equal keys
class V:
    def __init__(self, k, tag):
        self.k, self.tag = k, tag
    def __lt__(self, other):
        return self.k < other.k
    def __repr__(self):
        return f"{self.k}{self.tag}"
vs = [V(2, "a"), V(1, "b"), V(2, "c"), V(0, "d"), V(1, "e")]
print(sorted(vs), sorted(vs, reverse=True), min(vs), max(vs))
vs.sort(key=lambda v: v.tag, reverse=True)
print(vs)
vs.sort()
print(vs)
