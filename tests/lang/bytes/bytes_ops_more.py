# more bytes operations
b = bytes(range(10))
print(b[2:5], b[::3], b[-2:], bytes(reversed(b[:4])), b.index(5), b.count(1), 3 in b)
print(b"abc" * 2, b"-".join([b"a", b"b"]), b"a,b".split(b","), b"ab" < b"b", sorted([b"b", b"a"]))
print(b"hello".startswith(b"he"), b"hello".endswith((b"lo", b"x")), b"  x ".strip(), b"XyZ".lower())
print(bytes.fromhex("00ff10"), b"\x00\xff\x10".hex(), b"abc".upper().decode(), list(b"\x80\x81"))
print(b"a" + bytearray(b"b"), bytearray(b"a") + b"b", type(b"a" + bytearray(b"b")).__name__)
print(b"%s=%d" % (b"k", 5), b"x".zfill(3), b"ab".center(6, b"-"), b"abc".find(b"c"), b"abc".rfind(b"z"))
