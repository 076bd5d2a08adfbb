# memoryview over bytes: equality, slices, nested slices
b = b"0123456789"
mv = memoryview(b)
print(mv[2:8][1:3].tobytes(), mv[::-1].tobytes(), mv[::3].tobytes())
print(bytes(mv[-3:]), mv[5], list(mv[:3]))
ba = bytearray(10)
m = memoryview(ba)
for i in range(10):
    m[i] = i * 3
print(list(ba))
m[2:5] = bytes([9, 9, 9])
print(ba.hex())
print(len(m[3:3]), m[3:3].tobytes())
