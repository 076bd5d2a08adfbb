# bytes literals, repr and indexing
b = b"hello\x00\xff\n\t'\""
print(b, len(b), b[0], b[-1], b[1:3], b[::-1])
print(b"", b"a" b"b", rb"\n", bytes(3), bytes([65, 66, 67]), bytes(range(5)))
print(repr(b"it's"), repr(b'say "x"'), repr(b"\x7f\x80\r"))
print(list(b"AZ"), tuple(b"\x01\x02"), b"abc"[1], type(b"abc"[1]).__name__)
print(b"abc" == b"abc", b"abc" < b"abd", b"a" * 3, b"ab" + b"cd")
print(b"x" in b"xyz", 120 in b"xyz", b"yz" in b"xyz", b"q" not in b"xyz")
