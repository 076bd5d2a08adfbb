# enumerate/zip with unpacking patterns
names = ["ann", "bob", "cy"]
ages = [31, 25, 40]
for i, (n, a) in enumerate(zip(names, ages)):
    print(i, n, a)
print(sorted(zip(ages, names)), dict(enumerate(names)))
print([n for a, n in sorted(zip(ages, names), reverse=True)])
print(list(zip(*zip(names, ages))))
matrix = [[1, 2, 3], [4, 5, 6]]
print([list(col) for col in zip(*matrix)], [sum(c) for c in zip(*matrix)])
