# defining functions and classes conditionally
MODE = "fast"
if MODE == "fast":
    def compute(x):
        return x * 2
else:
    def compute(x):
        return x + x
print(compute(21))
for i in range(2):
    if i == 0:
        class Impl:
            name = "zero"
    else:
        class Impl:
            name = "one"
    print(Impl.name)
try:
    import math as mathlib
    HAVE = True
except ImportError:
    HAVE = False
print(HAVE, mathlib.floor(2.5))
