# infinite generators consumed lazily
def primes():
    found = []
    n = 2
    while True:
        if all(n % p for p in found if p * p <= n):
            found.append(n)
            yield n
        n += 1
def take(it, n):
    return [v for _, v in zip(range(n), it)]
print(take(primes(), 20))
def collatz(n):
    while True:
        yield n
        if n == 1:
            return
        n = n // 2 if n % 2 == 0 else 3 * n + 1
print(list(collatz(27))[:12], len(list(collatz(27))), max(collatz(27)))
