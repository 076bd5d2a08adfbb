# slices make shallow copies
a = [[1], [2], [3]]
b = a[:]
b[0] = "new"
b[1].append(22)
print(a, b)
t = (1, 2, 3)
print(t[:] is t or t[:] == t)
s = "text"
print(s[:] == s)
r = a[::-1]
r[0].append(33)
print(a, r)
c = a[1:2]
c += [[4]]
print(a, c)
