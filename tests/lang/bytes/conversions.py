# conversions between bytes, str, ints, lists
s = "naïve"
b = s.encode()
print(b, list(b), b.decode(), len(s), len(b))
print(bytes([104, 105]).decode("ascii"), bytearray("é", "utf-8"), bytes(bytearray(b"z")))
print(int.from_bytes(b"\x01\x00", "little"), (1000).to_bytes(2, "big"), bytes((1, 2, 3)))
print(str(b"abc", "ascii"), b"%d-%s" % (5, b"x"), b"%05.1f" % 3.14159, b"%x" % 255)
print(bytes.fromhex("41 42 43"), b"ABC".hex(), bytes.maketrans(b"a", b"b") == bytes.maketrans(b"a", b"b"))
print(b"abc".translate(bytes.maketrans(b"abc", b"xyz")), b"hello".translate(None, b"l"))
try:
    bytes([256])
except ValueError as e:
    print("ValueError", e)
try:
    b"a" + "b"
except TypeError as e:
    print("TypeError", e)
