# polynomial arithmetic with integer coefficient lists
def padd(a, b):
    n = max(len(a), len(b))
    a, b = a + [0] * (n - len(a)), b + [0] * (n - len(b))
    return trim([x + y for x, y in zip(a, b)])
def pmul(a, b):
    out = [0] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            out[i + j] += x * y
    return trim(out)
def trim(p):
    while len(p) > 1 and p[-1] == 0:
        p = p[:-1]
    return p
def show(p):
    terms = []
    for i in range(len(p) - 1, -1, -1):
        c = p[i]
        if c:
            terms.append(f"{c}" + ("" if i == 0 else "x" if i == 1 else f"x^{i}"))
    return " + ".join(terms).replace("+ -", "- ") or "0"
a = [1, 1]
p = [1]
for _ in range(10):
    p = pmul(p, a)
print(show(p))
print(show(padd([1, 2, 3], [-1, -2, -3])), show(pmul([-1, 1], [1, 1])), show(pmul([2, 0, 1], [0, 3])))
