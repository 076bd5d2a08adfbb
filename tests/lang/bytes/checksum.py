# simple checksums over bytes
data = "The quick brown fox jumps over the lazy dog".encode()
s = 0
for b in data:
    s = (s + b) & 0xFF
print(s, sum(data) % 256)
a, b = 1, 0
for x in data:
    a = (a + x) % 65521
    b = (b + a) % 65521
print((b << 16) | a)
crc = 0xFFFFFFFF
for x in data:
    crc ^= x
    for _ in range(8):
        crc = (crc >> 1) ^ (0xEDB88320 & -(crc & 1))
print(hex(crc ^ 0xFFFFFFFF))
h = 2166136261
for x in data:
    h = ((h ^ x) * 16777619) & 0xFFFFFFFF
print(h)
