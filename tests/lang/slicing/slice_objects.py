# slice objects and indices()
s = slice(1, 10, 2)
print(s, s.start, s.stop, s.step, slice(5), slice(None, None, -1))
print(s.indices(5), slice(-3, None).indices(10), slice(None, None, -1).indices(4), slice(0, 100, 3).indices(10))
data = list(range(10))
print(data[s], data[slice(-3, None)], data[slice(None, 3)])
class Rec:
    def __getitem__(self, k):
        return k
r = Rec()
print(r[1:2], r[::3], r[1:2, 3], r[...], r[:, 1])
print("abcdef"[slice(1, None, 2)], (1, 2, 3, 4)[slice(None, None, -2)])
