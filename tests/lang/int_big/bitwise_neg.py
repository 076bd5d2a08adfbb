# bitwise ops on big and negative ints
a = 2 ** 80 + 2 ** 40 + 5
b = -(2 ** 70) - 3
print(a & b, a | b, a ^ b)
print(~a, ~b, -a & 0xFFFF, b & 0xFFFFFFFFFFFFFFFF)
print(a & -a, b | 1, b ^ -1)
print(-2 ** 100 & 2 ** 100 - 1, (2 ** 100 - 1) & -(2 ** 99))
print(bin(-(2 ** 65) | 7), hex(~(2 ** 64)))
print((-1) & (2 ** 128 - 1) == 2 ** 128 - 1)
print(-5 & -3, -5 | -3, -5 ^ -3, -(10**20) ^ 10**20)
