# packing bytes manually vs int.to_bytes
def u32le(n):
    return bytes([(n >> (8 * i)) & 0xFF for i in range(4)])
def read_u32le(b, off):
    return b[off] | b[off + 1] << 8 | b[off + 2] << 16 | b[off + 3] << 24
vals = [0, 1, 255, 256, 65535, 2 ** 31, 2 ** 32 - 1]
blob = b"".join(u32le(v) for v in vals)
print(blob.hex())
print([read_u32le(blob, i * 4) for i in range(len(vals))])
print(all(u32le(v) == v.to_bytes(4, "little") for v in vals))
header = b"TOSX" + u32le(7) + u32le(len(blob))
print(header[:4], read_u32le(header, 4), read_u32le(header, 8))
