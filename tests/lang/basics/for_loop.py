# for loops over various iterables
for c in "abc":
    print(c, end=" ")
print()
for i in range(3):
    for j in range(i):
        print((i, j), end=" ")
print()
for k in {"x": 1, "y": 2}:
    print(k, end=" ")
print()
for a, b in zip([1, 2, 3], "xyz"):
    print(a, b, end="; ")
print()
total = 0
for v in (1, 2, 3, 4):
    total += v
print(total)
for i in range(10, 0, -3):
    print(i, end=",")
print()
for x in []:
    print("never")
else:
    print("empty loop else")
for i in range(3):
    pass
print("i after loop", i)
