# errors from bytes/bytearray operations
tests = [
    lambda: b"abc"[5],
    lambda: bytearray(b"x").pop(3),
    lambda: bytearray().pop(),
    lambda: b"abc".index(b"z"),
    lambda: bytes("é", "ascii"),
    lambda: bytearray(b"a").remove(98),
    lambda: bytes.fromhex("zz"),
    lambda: b"a"[0:1].decode("nope"),
]
for t in tests:
    try:
        t()
    except Exception as e:
        print(type(e).__name__, e)
ba = bytearray(b"ab")
try:
    ba[0] = 300
except ValueError as e:
    print("ValueError", e)
