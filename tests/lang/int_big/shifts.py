# shifts of big and negative ints
print(1 << 100, (1 << 100) >> 99, (1 << 200) >> 200)
print(-1 << 70, (-1 << 70) >> 69, -(1 << 70) >> 1)
print((2 ** 100 + 12345) >> 7, ((2 ** 100) - 1) >> 50)
print(-12345678901234567890 >> 3, -12345678901234567890 >> 100)
print(12345678901234567890 << 33)
x = 0xDEADBEEFCAFEBABE
print([(x >> (8 * i)) & 0xFF for i in range(8)])
print(x >> 64, -x >> 64, x << 0)
