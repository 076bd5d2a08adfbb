# extended-slice assignment requires matching sizes
a = list(range(12))
a[::3] = ["a", "b", "c", "d"]
print(a)
a[1::4] = [None] * 3
print(a)
a[::-4] = "XYZ"
print(a)
try:
    a[::2] = [1]
except ValueError as e:
    print("ValueError", e)
ba = bytearray(b"abcdefgh")
ba[::2] = b"1234"
print(ba)
del a[::5]
print(a, len(a))
