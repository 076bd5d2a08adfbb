# deleting with slices in common patterns
a = list(range(20))
del a[::4]
print(a)
del a[:3]
print(a)
del a[-3:]
print(a)
del a[1:-1:3]
print(a)
b = list("abcdefgh")
del b[2:2]
del b[100:]
print(b)
b[1:1] = ["X", "Y"]
print(b)
c = list(range(5))
c[1:4] = []
print(c)
