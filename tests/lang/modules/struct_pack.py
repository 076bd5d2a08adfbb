# struct pack/unpack/calcsize for common formats
import struct
print(struct.calcsize("<I"), struct.calcsize("<HHI"), struct.calcsize("<q"), struct.calcsize("<d"), struct.calcsize("<4sBxh"))
b = struct.pack("<IhB", 0xDEADBEEF, -2, 255)
print(b, len(b), struct.unpack("<IhB", b))
print(struct.pack(">I", 1), struct.pack("<I", 1), struct.pack("!H", 258))
print(struct.pack("<f", 1.5), struct.unpack("<f", struct.pack("<f", 0.1))[0], struct.pack("<d", -2.0))
print(struct.pack("<4s", b"ab"), struct.pack("<?", True), struct.unpack("<??", b"\x00\x01"))
print(struct.unpack("<QqbB", struct.pack("<QqbB", 2 ** 64 - 1, -(2 ** 63), -128, 200)))
hdr = struct.pack("<4sII", b"GGUF", 3, 42)
magic, ver, count = struct.unpack_from("<4sII", hdr)
print(magic, ver, count, struct.unpack_from("<I", hdr, 4))
buf = bytearray(8)
struct.pack_into("<HH", buf, 2, 1, 2)
print(buf)
print(list(struct.iter_unpack("<H", b"\x01\x00\x02\x00\x03\x00")))
try:
    struct.pack("<B", 256)
except struct.error as e:
    print("struct.error", e)
try:
    struct.unpack("<I", b"ab")
except struct.error as e:
    print("struct.error", e)
