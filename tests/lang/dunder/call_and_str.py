# objects that are callable and printable
class Poly:
    def __init__(self, *coeffs):
        self.coeffs = coeffs
    def __call__(self, x):
        r = 0
        for c in self.coeffs:
            r = r * x + c
        return r
    def __str__(self):
        n = len(self.coeffs) - 1
        terms = []
        for i, c in enumerate(self.coeffs):
            p = n - i
            if c:
                terms.append(f"{c}x^{p}" if p > 1 else f"{c}x" if p == 1 else f"{c}")
        return " + ".join(terms) or "0"
    def __repr__(self):
        return f"Poly{self.coeffs}"
p = Poly(2, 0, -1, 5)
print(p, repr(p), [p(x) for x in range(-2, 3)], str(Poly(0)), Poly(1, 1))
