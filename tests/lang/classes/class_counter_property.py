# read-only computed properties and validation in setters
class Rect:
    def __init__(self, w, h):
        self.w = w
        self.h = h
    @property
    def w(self):
        return self._w
    @w.setter
    def w(self, v):
        if v <= 0:
            raise ValueError(f"width must be positive, got {v}")
        self._w = v
    @property
    def area(self):
        return self.w * self.h
    def __repr__(self):
        return f"Rect({self.w}x{self.h})"
r = Rect(3, 4)
print(r, r.area)
r.w = 10
print(r, r.area)
for bad in (0, -2):
    try:
        r.w = bad
    except ValueError as e:
        print("ValueError", e)
try:
    Rect(-1, 1)
except ValueError as e:
    print("ValueError", e)
