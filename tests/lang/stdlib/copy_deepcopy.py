# aliasing and copying nested lists
import copy
grid = [[0] * 3 for _ in range(3)]
grid[1][1] = 5
print(grid)
bad = [[0] * 3] * 3
bad[1][1] = 5
print(bad)
orig = [1, [2, [3, 4]], 5]
shallow = orig[:]
deep = copy.deepcopy(orig)
orig[1][1][0] = "X"
orig[0] = "Y"
print(orig, shallow, deep)
a = [1, 2]
a.append(a)
print(a, a[2] is a, len(a))
b = []
b.extend(b)
print(b)
