# iterator classes
class Range2:
    def __init__(self, start, stop, step=1):
        self.cur, self.stop, self.step = start, stop, step
    def __iter__(self):
        return self
    def __next__(self):
        if self.cur >= self.stop:
            raise StopIteration
        v = self.cur
        self.cur += self.step
        return v
r = Range2(0, 10, 3)
print(list(r), list(r))
class Cycle:
    def __init__(self, items):
        self.items = items
    def __iter__(self):
        i = 0
        while True:
            yield self.items[i % len(self.items)]
            i += 1
c = iter(Cycle("ab"))
print([next(c) for _ in range(5)])
print(sum(Range2(1, 5)), max(Range2(0, 7, 2)), sorted(Range2(0, 4), reverse=True), 6 in Range2(0, 10, 3))
a, b, *rest = Range2(0, 5)
print(a, b, rest, dict(zip(Range2(0, 3), "xyz")))
