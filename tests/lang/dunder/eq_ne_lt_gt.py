# all six comparison dunders
class N:
    def __init__(self, v): self.v = v
    def __eq__(self, o): return self.v == o.v
    def __ne__(self, o): return self.v != o.v
    def __lt__(self, o): return self.v < o.v
    def __le__(self, o): return self.v <= o.v
    def __gt__(self, o): return self.v > o.v
    def __ge__(self, o): return self.v >= o.v
    __hash__ = None
a, b = N(1), N(2)
print(a == b, a != b, a < b, a <= b, a > b, a >= b)
print(a == N(1), a <= N(1), a >= N(1), a < N(1))
print(sorted([N(3), N(1), N(2)], key=lambda n: n.v)[0].v, max(N(5), N(9)).v, min([N(4), N(0)]).v)
