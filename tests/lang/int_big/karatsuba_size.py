# products of very large operands checked via modular identities
a = 3 ** 2000
b = 7 ** 1500
p = a * b
print(len(str(p)), p % 1000000007, p % 998244353)
print(p // b == a, p % a, (a * a) % b)
q, r = divmod(a, b)
print(q * b + r == a, r < b, len(str(q)))
print((a - 1) * (a + 1) == a * a - 1)
print(str(a * 10 ** 50 + b)[:30])
