# __int__ / __float__ / __str__ / __invert__ / __round__ conversions
class Num:
    def __init__(self, v): self.v = v
    def __int__(self): return int(self.v)
    def __float__(self): return float(self.v)
    def __invert__(self): return Num(~int(self.v))
    def __round__(self, n=None): return round(self.v, n)
    def __repr__(self): return f"Num({self.v})"
n = Num(3.75)
print(int(n), float(n), ~n, round(n), round(n, 1))
print(float(Num(2)), int(Num(-2.9)))
import math
class Fl:
    def __floor__(self): return "floor!"
    def __ceil__(self): return "ceil!"
    def __trunc__(self): return "trunc!"
print(math.floor(Fl()), math.ceil(Fl()), math.trunc(Fl()))
