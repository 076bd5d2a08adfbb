# __index__ lets objects act as integers in slices, bin(), range
class Idx:
    def __init__(self, v):
        self.v = v
    def __index__(self):
        return self.v
data = list(range(10))
print(data[Idx(3)], data[Idx(2):Idx(5)], "abcdef"[Idx(-1)], bin(Idx(5)), hex(Idx(255)), oct(Idx(8)))
print(list(range(Idx(3))), [0] * Idx(2), "ab" * Idx(2), (1, 2, 3)[Idx(1)])
print(Idx(7).__index__(), int.__index__(7), [1, 2, 3][Idx(0):Idx(-1)])
try:
    data[1.5]
except TypeError as e:
    print("TypeError", e)
