# __getitem__ receives ints, slices and tuples
class Grid:
    def __init__(self, w, h):
        self.w, self.h = w, h
        self.cells = [[0] * w for _ in range(h)]
    def __getitem__(self, key):
        if isinstance(key, tuple):
            r, c = key
            return self.cells[r][c]
        if isinstance(key, slice):
            return self.cells[key]
        return self.cells[key]
    def __setitem__(self, key, value):
        r, c = key
        self.cells[r][c] = value
g = Grid(3, 2)
g[0, 1] = 5
g[1, 2] = 7
print(g[0, 1], g[1], g[0:1], g[::-1], g[-1, -1])
class Echo:
    def __getitem__(self, k):
        return repr(k)
e = Echo()
print(e[1], e[1:2], e[::2], e[1, 2:3], e["s"], e[:])
