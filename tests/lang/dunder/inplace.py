# in-place operators fall back to binary operators
class Acc:
    def __init__(self, v):
        self.v = v
    def __iadd__(self, o):
        self.v += o
        return self
    def __add__(self, o):
        return Acc(self.v + o)
    def __repr__(self):
        return f"Acc({self.v})"
a = Acc(1)
b = a
a += 5
print(a, b, a is b)
class NoI:
    def __init__(self, v):
        self.v = v
    def __mul__(self, k):
        return NoI(self.v * k)
    def __repr__(self):
        return f"NoI({self.v})"
n = NoI(2)
m = n
n *= 4
print(n, m, n is m)
class Bits:
    def __init__(self, v): self.v = v
    def __ior__(self, o): self.v |= o; return self
    def __iand__(self, o): self.v &= o; return self
    def __ixor__(self, o): self.v ^= o; return self
    def __ilshift__(self, o): self.v <<= o; return self
    def __isub__(self, o): self.v -= o; return self
x = Bits(1)
x |= 6; x &= 5; x ^= 1; x <<= 3; x -= 2
print(x.v)
