# nested comprehensions
m = [[1, 2, 3], [4, 5, 6]]
print([x for row in m for x in row])
print([[row[i] for row in m] for i in range(3)])
print([(a, b) for a in range(3) for b in range(a, 3)])
print([[c * n for c in "ab"] for n in range(1, 3)])
print([x * y for x in range(1, 4) if x != 2 for y in range(1, 4) if y != x])
print({i: [j for j in range(i)] for i in range(4)})
print(sum(x for row in m for x in row if x % 2))
print([[[k for k in range(j)] for j in range(i)] for i in range(3)])
