# float arithmetic incl. floor division and modulo sign rules
a, b = 7.5, 2.0
print(a + b, a - b, a * b, a / b, a // b, a % b, a ** b)
print(-7.5 // 2, -7.5 % 2, 7.5 // -2, 7.5 % -2, -7.5 % -2)
print(5.0 % 3, -5.0 % 3, 5 % -3.0, 1e20 % 3, 0.5 % 0.25, 1.0 % 0.1)
print(divmod(7.5, 2), divmod(-7.5, 2), divmod(1.0, 0.3))
print(2.0 ** 0.5, 2 ** 0.5 * 2 ** 0.5, 10.0 ** -2, (-8.0) ** 2, 0.0 ** 0)
print(1e16 + 1, 1e16 + 2, 0.1 + 0.7, 3 * 0.1 == 0.3)
print(1.5 * 4 == 6, 0.5 + 0.25 == 0.75, (1.0).is_integer())
x = 0.0
for _ in range(10):
    x += 0.1
print(x, x == 1.0, abs(x - 1.0) < 1e-9)
