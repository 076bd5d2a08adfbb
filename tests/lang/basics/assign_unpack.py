# assignment forms and unpacking
a = b = c = 7
print(a, b, c)
x, y = 1, 2
x, y = y, x
print(x, y)
(p, q), r = (3, 4), 5
print(p, q, r)
[s, t] = "hi"
print(s, t)
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = "abcd"
print(init, last)
h, *mid, tl = range(6)
print(h, mid, tl)
a, *b = (9,)
print(a, b)
for i, (k, v) in enumerate([("a", 1), ("b", 2)]):
    print(i, k, v)
m = [0, 0, 0]
m[0], m[2] = 10, 20
print(m)
d = {}
d["x"], d["y"] = "XY"
print(d)
