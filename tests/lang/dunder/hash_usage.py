# __hash__ consistent with __eq__ for dict/set use
class Pt:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __eq__(self, o):
        return (self.x, self.y) == (o.x, o.y)
    def __hash__(self):
        return hash((self.x, self.y))
    def __repr__(self):
        return f"Pt({self.x},{self.y})"
seen = set()
for p in [Pt(1, 2), Pt(3, 4), Pt(1, 2)]:
    seen.add(p)
print(len(seen), Pt(3, 4) in seen, sorted(seen, key=lambda p: p.x))
visits = {}
for p in [Pt(0, 0), Pt(0, 0), Pt(1, 0)]:
    visits[p] = visits.get(p, 0) + 1
print(visits)
class Unh:
    __hash__ = None
try:
    {Unh()}
except TypeError as e:
    print("TypeError", e)
