# searching a 2D grid with flags and for/else
grid = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
target = 6
for r, row in enumerate(grid):
    for c, v in enumerate(row):
        if v == target:
            break
    else:
        continue
    break
print("found", target, "at", (r, c))
def find(grid, t):
    for r, row in enumerate(grid):
        if t in row:
            return r, row.index(t)
    return None
print(find(grid, 8), find(grid, 10))
count = 0
i = 0
while i < 3:
    j = 0
    while j < 3:
        if grid[i][j] % 2 == 0:
            count += 1
        j += 1
    i += 1
print("evens", count)
