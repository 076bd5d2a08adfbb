# repr round trip for computed values
import struct
vals = []
x = 1.0
for i in range(40):
    x = x * 1.7 + 0.3
    vals.append(x)
for v in vals[::5]:
    print(repr(v), float(repr(v)) == v)
vals2 = [i / 7 for i in range(1, 15)]
print(vals2)
print([round(v, 3) for v in vals2])
bits = struct.unpack("<d", struct.pack("<Q", 0x3FB999999999999A))[0]
print(bits, bits == 0.1)
