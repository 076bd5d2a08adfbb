# range in numeric algorithms
def triangle(n):
    return [list(range(1, i + 1)) for i in range(1, n + 1)]
for row in triangle(4):
    print(" ".join(map(str, row)).center(9))
print([i for i in range(2, 50) if all(i % d for d in range(2, int(i ** 0.5) + 1))])
print(sum(i for i in range(1000) if i % 3 == 0 or i % 5 == 0))
print([sum(range(k)) for k in range(8)])
