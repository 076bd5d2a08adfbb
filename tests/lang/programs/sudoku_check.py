# validate a sudoku grid and solve a small 4x4 puzzle
grid = [
    [5, 3, 4, 6, 7, 8, 9, 1, 2], [6, 7, 2, 1, 9, 5, 3, 4, 8], [1, 9, 8, 3, 4, 2, 5, 6, 7],
    [8, 5, 9, 7, 6, 1, 4, 2, 3], [4, 2, 6, 8, 5, 3, 7, 9, 1], [7, 1, 3, 9, 2, 4, 8, 5, 6],
    [9, 6, 1, 5, 3, 7, 2, 8, 4], [2, 8, 7, 4, 1, 9, 6, 3, 5], [3, 4, 5, 2, 8, 6, 1, 7, 9]]
def valid(g):
    n = len(g)
    b = int(n ** 0.5)
    full = set(range(1, n + 1))
    rows = all(set(r) == full for r in g)
    cols = all(set(c) == full for c in zip(*g))
    boxes = all({g[r][c] for r in range(br, br + b) for c in range(bc, bc + b)} == full
                for br in range(0, n, b) for bc in range(0, n, b))
    return rows and cols and boxes
print(valid(grid))
grid[0][0], grid[0][1] = grid[0][1], grid[0][0]
print(valid(grid))
puzzle = [[1, 0, 0, 0], [0, 0, 3, 0], [0, 4, 0, 0], [0, 0, 0, 2]]
def solve(g):
    for r in range(4):
        for c in range(4):
            if g[r][c] == 0:
                for v in range(1, 5):
                    g[r][c] = v
                    ok = (g[r].count(v) == 1 and [row[c] for row in g].count(v) == 1 and
                          [g[i][j] for i in range(r // 2 * 2, r // 2 * 2 + 2) for j in range(c // 2 * 2, c // 2 * 2 + 2)].count(v) == 1)
                    if ok and solve(g):
                        return True
                g[r][c] = 0
                return False
    return True
print(solve(puzzle), puzzle, valid(puzzle))
