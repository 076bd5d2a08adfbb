# conditional expressions
for n in range(-2, 3):
    s = "neg" if n < 0 else "zero" if n == 0 else "pos"
    print(n, s)
x = 5
print("big" if x > 3 else "small", ("a" if x else "b") * 2)
f = (lambda v: v * 2) if x > 0 else (lambda v: -v)
print(f(21))
vals = [a if a % 2 else -a for a in range(6)]
print(vals)
print((1 if True else 2) + (3 if False else 4))
def sign(v):
    return 1 if v > 0 else -1 if v < 0 else 0
print([sign(v) for v in (-5, 0, 9)])
