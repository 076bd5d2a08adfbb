# iterate, compare, sort, hash-free sets of bytes
data = b"\x03\x01\x02"
print([x for x in data], sorted(data), max(data), sum(data), bytes(sorted(data)))
print(sorted([b"b", b"a", b"ab", b""]), min(b"zebra"), b"abc"[::-1])
counts = [0] * 4
for x in b"\x00\x01\x01\x03\x03\x03":
    counts[x] += 1
print(counts)
print(list(enumerate(b"hi")), list(zip(b"ab", b"cd")))
print(b"a b  c".split(), b"a b  c".split(b" "), bytes(reversed(b"abc")))
print(b"".join([bytes([i]) for i in range(65, 70)]))
