# int.to_bytes / int.from_bytes with big values
n = 2 ** 100 + 255
b = n.to_bytes(13, "big")
print(b, len(b), int.from_bytes(b, "big") == n)
print(n.to_bytes(16, "little"))
print(int.from_bytes(bytes(range(1, 17)), "big"))
print(int.from_bytes(bytes(range(1, 17)), "little"))
neg = -(2 ** 90)
print(neg.to_bytes(12, "big", signed=True), int.from_bytes(neg.to_bytes(12, "big", signed=True), "big", signed=True))
print(int.from_bytes(b"\x80" + b"\x00" * 15, "big", signed=True))
print((2 ** 64 - 1).to_bytes(8, "little"), (0).to_bytes(3, "big"))
try:
    (2 ** 64).to_bytes(8, "big")
except OverflowError as e:
    print("OverflowError", e)
try:
    (-1).to_bytes(1, "big")
except OverflowError as e:
    print("OverflowError", e)
