# memoryview: slicing, writing through, tobytes
buf = bytearray(b"abcdefgh")
mv = memoryview(buf)
print(len(mv), mv[0], mv[-1], bytes(mv[2:5]), mv[1:4].tobytes(), mv.tolist()[:3])
mv[0] = ord("A")
mv[1:3] = b"BC"
print(buf)
sub = mv[4:]
sub[0] = ord("E")
print(buf, bytes(sub), len(sub))
print(mv.readonly, memoryview(b"ro").readonly, mv.nbytes, mv.itemsize)
ro = memoryview(b"xyz")
try:
    ro[0] = 1
except TypeError as e:
    print("TypeError", e)
print(bytes(memoryview(b"hello")[::2]), memoryview(b"ab") == b"ab")
mv.release()
print("released")
