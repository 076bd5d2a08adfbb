# common range loop idioms
for i in range(3):
    print(i, end=" ")
print()
for i in range(10, 0, -4):
    print(i, end=" ")
print()
print([i for i in range(1, 30) if i % 7 == 0])
n = 0
for i in range(100):
    for j in range(i, 100, 10):
        n += 1
print(n)
print(list(zip(range(3), range(10, 13))), list(enumerate(range(5, 8))))
print([list(range(k)) for k in range(4)])
idx = range(len("word"))
print([("word"[i], i) for i in idx])
