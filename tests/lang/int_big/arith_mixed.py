# big int arithmetic mixing small values
a = 123456789012345678901234567890
b = 987654321098765432109876543210
print(a + b, b - a, a - b, a * b)
print(a * -1, -a * -b, a * 0, a + 0 - a)
print(b // a, b % a, a // b, a % b)
print(a * 2 ** 64 + 1, (a << 3) + (b >> 3))
print(sum(range(10 ** 6, 10 ** 6 + 1000)) * 10 ** 20)
print(abs(-a), -(-a), +a)
x = 1
for i in range(1, 40):
    x = x * 3 + i
print(x)
print(a // -7, a % -7, -a // 7, -a % 7)
