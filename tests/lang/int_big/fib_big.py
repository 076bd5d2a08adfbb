# big fibonacci numbers
def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a
print(fib(90), fib(100))
print(fib(300))
f = fib(1000)
print(len(str(f)), str(f)[:15], f % 1000000007)
def fib_fast(n):
    if n == 0:
        return (0, 1)
    a, b = fib_fast(n >> 1)
    c = a * (2 * b - a)
    d = a * a + b * b
    return (d, c + d) if n & 1 else (c, d)
print(fib_fast(1000)[0] == f, fib_fast(500)[0] % 10 ** 12)
