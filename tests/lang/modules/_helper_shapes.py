# helper module imported by local_module.py (not a program itself)
NAME = "shapes helper"
_count = 0
class Square:
    def __init__(self, side):
        self.side = side
    def area(self):
        return self.side * self.side
def area_sum(shapes):
    return sum(s.area() for s in shapes)
def counter():
    global _count
    _count += 1
    return _count
