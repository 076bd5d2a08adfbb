# type() and __name__ of built-in values
vals = [1, 1.5, "s", b"b", bytearray(b"x"), [1], (1,), {1: 2}, {1}, frozenset(), None, True, range(2), ..., len, print]
for v in vals:
    print(type(v).__name__)
print(type(type(1)).__name__, type(int).__name__)
print(type(1) is int, type(True) is bool, type(True) is int)
print(int.__name__, str.__name__, list.__name__, Exception.__name__)
def f(): pass
print(type(f).__name__, f.__name__)
class K: pass
print(type(K()).__name__, K.__name__, type(K).__name__)
