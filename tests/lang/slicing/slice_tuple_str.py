# slicing tuples and strings gives new objects of the same type
t = (0, 1, 2, 3, 4, 5)
s = "012345"
for sl in [slice(1, 4), slice(None, None, 2), slice(-2, None), slice(None, None, -1), slice(4, 1, -1)]:
    print(t[sl], s[sl], type(t[sl]).__name__, type(s[sl]).__name__)
print(b"012345"[1:3], bytearray(b"012345")[::2], range(6)[1:3])
