# sums of series with exact big-int arithmetic
n = 1000
print(sum(range(n + 1)), n * (n + 1) // 2)
print(sum(i ** 3 for i in range(1, 201)), (200 * 201 // 2) ** 2)
print(sum(2 ** i for i in range(100)) == 2 ** 100 - 1)
print(sum(i ** 10 for i in range(1, 51)))
harm_num = 0
harm_den = 1
import math
for k in range(1, 31):
    harm_num = harm_num * k + harm_den
    harm_den *= k
    g = math.gcd(harm_num, harm_den)
    harm_num //= g
    harm_den //= g
print(harm_num, harm_den)
