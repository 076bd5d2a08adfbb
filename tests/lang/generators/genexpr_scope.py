# generator expression evaluation timing
x = 10
g = (x + i for i in range(3))
x = 20
print(list(g))
data = [1, 2, 3]
g2 = (d * 2 for d in data)
data = [100]
print(list(g2))
def make():
    return (i * i for i in range(4))
print(sum(make()), list(make()))
try:
    g3 = (1 / i for i in [1, 0])
    print(next(g3))
    next(g3)
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)
