# tuples as dict keys and set members
grid = {}
for r in range(3):
    for c in range(3):
        grid[(r, c)] = r * 3 + c
print(grid[(1, 2)], grid.get((5, 5)), (2, 2) in grid, len(grid))
neighbors = [(r + dr, c + dc) for r, c in [(1, 1)] for dr in (-1, 0, 1) for dc in (-1, 0, 1) if (dr, dc) != (0, 0)]
print(sorted(neighbors), sum(grid[n] for n in neighbors))
visited = {(0, 0), (0, 1), (0, 0)}
print(sorted(visited), len(visited))
pairs = {}
for a, b in [("x", 1), ("y", 2), ("x", 1)]:
    pairs[(a, b)] = pairs.get((a, b), 0) + 1
print(pairs)
