# floor division and modulo of big ints with all sign combinations
a = 10 ** 30 + 7
b = 10 ** 12 + 39
for x, y in ((a, b), (-a, b), (a, -b), (-a, -b)):
    q, r = divmod(x, y)
    print(q, r, q * y + r == x)
print(a // 7, -a // 7, a % 7, -a % 7)
print((2 ** 100) // 3, -(2 ** 100) // 3, (2 ** 100) % -3)
print(divmod(-(10 ** 25), 10 ** 5), divmod(10 ** 25, -(10 ** 5) - 1))
print(123456789 ** 3 // 987654321, -123456789 ** 3 % 987654321)
print((2 ** 64) / (2 ** 32), 10 ** 20 / 4)
