# sorting objects with __lt__, functools.cmp_to_key, stability
import functools
class V:
    def __init__(self, k, tag):
        self.k, self.tag = k, tag
    def __lt__(self, other):
        return self.k < other.k
    def __repr__(self):
        return f"{self.k}{self.tag}"
vs = [V(2, "a"), V(1, "b"), V(2, "c"), V(0, "d"), V(1, "e")]
print(sorted(vs), sorted(vs, reverse=True), min(vs), max(vs))
def cmp(a, b):
    return (a > b) - (a < b)
def by_len_then_rev(a, b):
    return len(a) - len(b) or cmp(b, a)
print(sorted(["bb", "a", "ccc", "aa", "c"], key=functools.cmp_to_key(by_len_then_rev)))
vs.sort(key=lambda v: v.tag, reverse=True)
print(vs)
