# slices with negative steps and out-of-range bounds
a = list(range(10))
cases = [(None, None, -1), (8, 2, -1), (8, 2, -3), (-1, -5, -1), (2, 8, -1), (100, None, -4), (None, -100, -2), (5, None, -1), (None, 5, -1), (-100, 100, 1), (3, -3, 1)]
for start, stop, step in cases:
    print((start, stop, step), a[start:stop:step], "abcdefghij"[start:stop:step], tuple(a)[start:stop:step])
