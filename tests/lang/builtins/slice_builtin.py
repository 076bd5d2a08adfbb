# slice() builtin and sequence slicing via __getitem__
s = slice(1, 5)
print([0, 1, 2, 3, 4, 5, 6][s], "abcdefg"[s], (1, 2, 3)[slice(2)], s.start, s.stop, s.step)
print(slice(None, None, -1).indices(3), slice(-2, None).indices(5))
print(slice(1, 2) == slice(1, 2), repr(slice(0, 10, 2)))
