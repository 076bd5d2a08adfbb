# __call__
class Multiplier:
    def __init__(self, k):
        self.k = k
    def __call__(self, x, *rest):
        return x * self.k + sum(rest)
m = Multiplier(3)
print(m(5), m(5, 1, 1), callable(m), callable(Multiplier), list(map(m, [1, 2])))
class Accumulator:
    def __init__(self):
        self.total = 0
    def __call__(self, v):
        self.total += v
        return self.total
acc = Accumulator()
print([acc(v) for v in range(5)], acc.total)
class NotCallable: pass
try:
    NotCallable()()
except TypeError as e:
    print("TypeError", e)
