# slice assignment and deletion
a = list(range(10))
a[2:5] = ["a", "b"]
print(a)
a[:0] = [-2, -1]
print(a)
a[len(a):] = [100]
print(a)
a[1:3] = []
print(a)
a[::2] = [0] * len(a[::2])
print(a)
b = list(range(10))
b[::-3] = "wxyz"
print(b)
del b[1:8:2]
print(b)
c = [1, 2, 3]
c[1:2] = [7, 8, 9]
print(c)
c[:] = "xy"
print(c)
try:
    b[::2] = [1, 2]
except ValueError as e:
    print("ValueError", e)
d = list(range(6))
d[4:1:-1] = ["p", "q", "r"]
print(d)
d[10:20] = ["tail"]
print(d)
