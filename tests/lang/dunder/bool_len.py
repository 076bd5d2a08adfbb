# __bool__ and __len__ drive truth testing
class B:
    def __init__(self, v): self.v = v
    def __bool__(self): return self.v > 0
class L:
    def __init__(self, n): self.n = n
    def __len__(self): return self.n
class Both:
    def __bool__(self): return False
    def __len__(self): return 10
print(bool(B(1)), bool(B(0)), bool(L(0)), bool(L(3)), bool(Both()), len(Both()))
print([x.v for x in [B(-1), B(2), B(0)] if x], "yes" if L(1) else "no", not L(0))
print(B(1) and "and-ok", B(0) or "or-fallback")
class BadLen:
    def __len__(self): return -1
try:
    len(BadLen())
except ValueError as e:
    print("ValueError", e)
class BadBool:
    def __bool__(self): return 1
try:
    bool(BadBool())
except TypeError as e:
    print("TypeError", e)
