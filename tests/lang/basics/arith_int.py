# integer arithmetic: + - * // % ** and precedence
a, b = 17, 5
print(a + b, a - b, a * b, a // b, a % b, a ** b)
print(-a // b, -a % b, a // -b, a % -b, -a // -b, -a % -b)
print(2 + 3 * 4, (2 + 3) * 4, 2 ** 3 ** 2, -2 ** 2, (-2) ** 2)
print(10 - 3 - 2, 100 // 10 // 3, 2 * 3 % 4)
print(7 / 2, 8 / 2, -7 / 2, 1 / 4)
print(0 // 5, 0 % 5, 5 % 5)
print(+a, -a, --a, -(-a))
x = 0
for i in range(1, 11):
    x += i * i
print(x)
print(divmod(17, 5), divmod(-17, 5), divmod(17, -5))
print(abs(-42), abs(0), abs(42))
print(3 * -1, -3 * -1, 0 * -1)
