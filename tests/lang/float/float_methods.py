# float methods: is_integer, hex, fromhex, as_integer_ratio
for v in (1.0, 0.5, 0.1, -2.75, 1e100, 3.0):
    print(v.is_integer(), v.hex(), float.fromhex(v.hex()) == v, v.as_integer_ratio())
print(float.fromhex("0x1p-2"), float.fromhex("-0x1.8p1"), float.fromhex("0x.8"))
print((2.5).real, (2.5).imag, (2.5).conjugate())
print(float.__name__, float(), float(-0))
