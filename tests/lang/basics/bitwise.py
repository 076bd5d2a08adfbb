# bitwise operators on small ints
a, b = 0b1100, 0b1010
print(a & b, a | b, a ^ b, ~a, a << 2, a >> 2)
print(bin(a & b), bin(a | b), bin(a ^ b))
print(-1 & 0xFF, -256 | 15, -7 ^ 3, ~0, ~-1)
print(-16 >> 2, -1 >> 10, -17 >> 1, 1 << 0)
print(0xFF & ~0x0F, 5 & -5, 12 & -12)
n = 0
for bit in (0, 3, 5):
    n |= 1 << bit
print(n, bin(n), [(n >> i) & 1 for i in range(6)])
def popcount(v):
    c = 0
    while v:
        v &= v - 1
        c += 1
    return c
print([popcount(v) for v in (0, 1, 7, 255, 1023, 12345)])
print(bin(12345).count("1"))
print(True << 3, 6 & True)
