# less common arithmetic dunders
class M:
    def __init__(self, v): self.v = v
    def __matmul__(self, o): return M(self.v * o.v + 1)
    def __rmatmul__(self, o): return M(o * self.v - 1)
    def __pow__(self, e, mod=None): return M(pow(self.v, e, mod) if mod else self.v ** e)
    def __rpow__(self, b): return M(b ** self.v)
    def __mod__(self, o): return M(self.v % o)
    def __rmod__(self, o): return M(o % self.v)
    def __divmod__(self, o): return (self.v // o, self.v % o)
    def __lshift__(self, n): return M(self.v << n)
    def __rshift__(self, n): return M(self.v >> n)
    def __and__(self, o): return M(self.v & o)
    def __or__(self, o): return M(self.v | o)
    def __xor__(self, o): return M(self.v ^ o)
    def __repr__(self): return f"M({self.v})"
m = M(7)
print(m @ M(2), 3 @ m if False else m.__rmatmul__(3), m ** 2, pow(m, 2, 5), 2 ** m, m % 4, 30 % m)
print(divmod(m, 2), m << 2, m >> 1, m & 3, m | 8, m ^ 5)
