# math.floor/ceil/trunc and .real/.numerator give plain ints for bool and int subclasses; a class dunder answers first.
import math
class I(int): pass
class J(int):
    def __floor__(self): return "J.floor"
class F:
    def __ceil__(self): return 42
x = I(5)
print(x.real, x.numerator, True.real, type(True.real).__name__, type(x.real).__name__, type(I(2**80).real).__name__)
for f in (math.floor, math.ceil, math.trunc):
    r = [f(True), f(False), f(I(7)), f(I(-2**70)), f(2.5), f(-2.5)]
    print(f.__name__, r, [type(v).__name__ for v in r])
print(math.floor(J(3)), math.ceil(J(3)), math.ceil(F()))
try:
    math.floor("x")
except TypeError as e:
    print("TypeError", e)
