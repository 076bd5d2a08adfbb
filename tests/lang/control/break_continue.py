# break and continue in nested loops
for i in range(5):
    if i == 1:
        continue
    if i == 4:
        break
    print("i", i)
found = None
for i in range(1, 10):
    for j in range(1, 10):
        if i * j == 42:
            found = (i, j)
            break
    if found:
        break
print(found)
n = 0
while n < 20:
    n += 1
    if n % 2 == 0:
        continue
    if n > 9:
        break
    print("odd", n)
count = 0
for x in range(100):
    if x % 3:
        continue
    count += 1
print(count)
