# memoized fibonacci with big ints, and fast doubling check
memo = {0: 0, 1: 1}
def fib(n):
    if n not in memo:
        memo[n] = fib(n - 1) + fib(n - 2)
    return memo[n]
for n in (10, 50, 100, 200):
    print(n, fib(n))
print(len(str(fib(500))), fib(500) % 1000000007)
def lucas(n):
    a, b = 2, 1
    for _ in range(n):
        a, b = b, a + b
    return a
print(all(fib(2 * n) == fib(n) * lucas(n) for n in range(1, 100)))
print(sum(fib(n) for n in range(100)) == fib(101) - 1)
