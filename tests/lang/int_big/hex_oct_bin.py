# hex/oct/bin of big and negative ints
for v in (0, 1, -1, 255, -256, 2 ** 64, -(2 ** 64) + 1, 3 ** 50):
    print(hex(v), oct(v), bin(v))
print(format(2 ** 70, "x"), format(2 ** 70, "#X"), format(-(2 ** 70), "o"))
print(f"{2 ** 65:b}", f"{10 ** 20:,}", f"{10 ** 20:_}", f"{-(10 ** 18):_x}")
