# iterator implemented as a class vs generator give same results
class Fib:
    def __init__(self, limit):
        self.limit = limit
    def __iter__(self):
        self.a, self.b = 0, 1
        return self
    def __next__(self):
        if self.a > self.limit:
            raise StopIteration
        v = self.a
        self.a, self.b = self.b, self.a + self.b
        return v
def fib_gen(limit):
    a, b = 0, 1
    while a <= limit:
        yield a
        a, b = b, a + b
print(list(Fib(100)))
print(list(fib_gen(100)) == list(Fib(100)), sum(Fib(10 ** 6)), list(zip(Fib(5), fib_gen(5))))
