# staticmethod and classmethod
class Counter:
    count = 0
    def __init__(self):
        Counter.count += 1
    @classmethod
    def created(cls):
        return cls.count
    @classmethod
    def make(cls, n):
        return [cls() for _ in range(n)]
    @staticmethod
    def add(a, b):
        return a + b
Counter.make(3)
print(Counter.created(), Counter().created(), Counter.add(2, 3), Counter().add(4, 5))
class Sub(Counter):
    pass
s = Sub.make(2)
print(type(s[0]).__name__, Sub.created())
class Date:
    def __init__(self, y, m, d):
        self.y, self.m, self.d = y, m, d
    @classmethod
    def parse(cls, s):
        return cls(*map(int, s.split("-")))
    def __repr__(self):
        return f"Date({self.y}, {self.m}, {self.d})"
print(Date.parse("2024-02-29"))
