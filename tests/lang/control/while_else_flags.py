# searching with while/else and flags
def is_prime(n):
    if n < 2:
        return False
    d = 2
    while d * d <= n:
        if n % d == 0:
            break
        d += 1
    else:
        return True
    return False
print([n for n in range(40) if is_prime(n)])
def digits_sum_until_single(n):
    steps = 0
    while n >= 10:
        n = sum(int(c) for c in str(n))
        steps += 1
    return n, steps
print(digits_sum_until_single(987654321), digits_sum_until_single(5))
