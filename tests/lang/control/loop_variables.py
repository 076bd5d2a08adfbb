# loop variables remain bound after loops; unpacking targets
for i in range(3):
    pass
print(i)
for a, (b, c) in [(1, (2, 3)), (4, (5, 6))]:
    pass
print(a, b, c)
for k, *rest in [(1, 2, 3), (4, 5)]:
    print(k, rest)
d = {}
for d["key"] in range(3):
    pass
print(d)
lst = [0, 0, 0]
for idx, lst[idx] in enumerate("abc"):
    pass
print(lst)
