# binomial coefficients and Catalan numbers
import math
def binom(n, k):
    r = 1
    for i in range(1, k + 1):
        r = r * (n - k + i) // i
    return r
print(binom(100, 50), math.comb(100, 50) == binom(100, 50))
print([binom(10, k) for k in range(11)])
print([binom(2 * n, n) // (n + 1) for n in range(15)])
print(binom(200, 100) % 10 ** 9, math.perm(30, 10), math.factorial(40))
row = [1]
for _ in range(30):
    row = [a + b for a, b in zip([0] + row, row + [0])]
print(row[15], sum(row) == 2 ** 30)
