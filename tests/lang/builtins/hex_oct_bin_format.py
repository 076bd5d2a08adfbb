# hex/oct/bin and format() with number formats
for v in (0, 7, 255, -255, 4096, 2 ** 40):
    print(hex(v), oct(v), bin(v), format(v, "x"), format(v, "#o"), format(v, "b"), format(v, "08X"))
print(int(hex(12345), 16), int(oct(12345), 8), int(bin(12345), 2), int(bin(-7), 0))
print(format(3.5, ".3f"), format(12, ",d"), format(1e6, ",.1f"), format("s", ">4"), format(True, ""), format(None))
