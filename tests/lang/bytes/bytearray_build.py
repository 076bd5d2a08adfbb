# building binary data in a bytearray
buf = bytearray()
for i in range(5):
    buf += i.to_bytes(2, "little")
buf.extend(b"END")
buf.append(0)
print(buf, len(buf))
print([int.from_bytes(buf[i:i + 2], "little") for i in range(0, 10, 2)])
buf[0:2] = b"\xff\xff"
print(buf[:4].hex(), buf.rstrip(b"\x00"), buf.find(b"END"))
out = bytearray(b"abc")
out[1:2] = b"XYZ"
print(out, out.decode(), out.upper(), bytes(out[::-1]))
