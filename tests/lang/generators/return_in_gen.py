# return inside a generator ends iteration
def first_n_primes(n):
    found = 0
    k = 2
    while True:
        if all(k % p for p in range(2, int(k ** 0.5) + 1)):
            yield k
            found += 1
            if found == n:
                return
        k += 1
print(list(first_n_primes(10)))
def until_negative(xs):
    for x in xs:
        if x < 0:
            return f"stopped at {x}"
        yield x
g = until_negative([3, 1, -2, 5])
print(list(g))
g = until_negative([3, -1])
next(g)
try:
    next(g)
except StopIteration as e:
    print(e.value)
