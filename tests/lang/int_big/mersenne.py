# Lucas-Lehmer test for Mersenne primes with big ints
def lucas_lehmer(p):
    if p == 2:
        return True
    m = (1 << p) - 1
    s = 4
    for _ in range(p - 2):
        s = (s * s - 2) % m
    return s == 0
print([p for p in range(2, 130) if lucas_lehmer(p)])
m127 = 2 ** 127 - 1
print(m127, len(str(m127)), hex(m127))
