# struct for binary records
import struct
fmt = "<HI8s"
records = [(1, 1000, b"alpha"), (2, 2 ** 31, b"beta"), (65535, 0, b"12345678")]
blob = b"".join(struct.pack(fmt, *r) for r in records)
size = struct.calcsize(fmt)
print(size, len(blob), blob[:size])
for i in range(len(records)):
    rid, val, name = struct.unpack(fmt, blob[i * size:(i + 1) * size])
    print(rid, val, name.rstrip(b"\x00"))
print(struct.pack("<e", 1.5) if hasattr(struct, "pack") else None, struct.unpack("<e", b"\x00\x3c"))
print(struct.pack("<3B", 1, 2, 3), struct.pack("<2H", 1, 2), struct.pack("<i", -1))
