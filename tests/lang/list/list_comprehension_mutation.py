# building and mutating lists in loops
rows = []
for i in range(4):
    rows.append([i] * i)
print(rows, [len(r) for r in rows])
flat = []
for r in rows:
    flat.extend(r)
print(flat)
cleaned = [x for x in flat if x != 2]
print(cleaned)
a = [5, 3, 8, 1]
while a:
    m = max(a)
    a.remove(m)
    print(m, end=" ")
print()
b = list(range(10))
for i in reversed(range(len(b))):
    if b[i] % 3 == 0:
        del b[i]
print(b)
