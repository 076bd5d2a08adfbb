# aliasing and copying nested lists by hand
grid = [[0] * 3 for _ in range(3)]
grid[1][1] = 5
print(grid)
bad = [[0] * 3] * 3
bad[1][1] = 5
print(bad)
def deep_copy(x):
    if isinstance(x, list):
        return [deep_copy(v) for v in x]
    return x
orig = [1, [2, [3, 4]], 5]
shallow = orig[:]
deep = deep_copy(orig)
orig[1][1][0] = "X"
orig[0] = "Y"
print(orig, shallow, deep)
a = [1, 2]
a.append(a)
print(a, a[2] is a, len(a))
b = []
b.extend(b)
print(b)
d = {"k": [1]}
d2 = dict(d)
d2["k"].append(2)
d2["j"] = 0
print(d, d2)
