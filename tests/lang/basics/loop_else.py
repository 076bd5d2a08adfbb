# for/while else with break
def find(xs, target):
    for i, x in enumerate(xs):
        if x == target:
            print("found at", i)
            break
    else:
        print("not found")
find([1, 2, 3], 2)
find([1, 2, 3], 5)
find([], 1)
n = 10
while n > 0:
    n -= 3
    if n == 4:
        print("break at 4")
        break
else:
    print("while finished, n =", n)
n = 9
while n > 0:
    n -= 3
else:
    print("while finished, n =", n)
for i in range(3):
    for j in range(3):
        if i * j == 2:
            break
    else:
        print("inner complete for i =", i)
        continue
    print("inner broke at", i, j)
