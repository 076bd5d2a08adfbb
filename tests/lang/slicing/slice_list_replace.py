# replacing list regions via slices of various sizes
a = list(range(8))
a[2:4] = ["a", "b", "c", "d"]
print(a)
a[-2:] = []
print(a)
a[:2] = ("x",)
print(a)
a[3:3] = range(2)
print(a)
a[::-1] = a[:]
print(a)
a[1:6:2] = "PQR"
print(a)
