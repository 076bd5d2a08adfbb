# for uses __iter__/__next__; also falls back to __getitem__
class Countdown:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1
print(list(Countdown(4)))
for x in Countdown(2):
    print("tick", x)
class Seq:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError(i)
        return i * 10
print(list(Seq()), 20 in Seq(), [v for v in Seq()])
it = iter([1, 2, 3])
for x in it:
    if x == 1:
        print("skip", next(it))
    else:
        print("got", x)
