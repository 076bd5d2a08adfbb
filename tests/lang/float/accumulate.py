# numeric algorithms that are deterministic in IEEE arithmetic
def newton_sqrt(x):
    g = x / 2
    for _ in range(30):
        g = (g + x / g) / 2
    return g
print(newton_sqrt(2.0), newton_sqrt(9.0), newton_sqrt(1e10))
def mean(xs):
    return sum(xs) / len(xs)
xs = [2.5, 3.5, 1.0, 8.25, 4.0]
m = mean(xs)
var = sum((x - m) ** 2 for x in xs) / len(xs)
print(m, var)
def horner(coeffs, x):
    r = 0.0
    for c in coeffs:
        r = r * x + c
    return r
print(horner([1, -3, 2], 2.5), horner([0.5, 0.25, 0.125], 0.1))
t = 0.0
for i in range(1, 101):
    t += 1.0 / (i * i)
print(t)
print(sum(1 / 2 ** i for i in range(1, 30)))
