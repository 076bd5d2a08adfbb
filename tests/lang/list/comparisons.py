# lexicographic comparisons and equality
pairs = [([1, 2], [1, 2]), ([1, 2], [1, 3]), ([1, 2, 3], [1, 2]), ([], [1]), ([2], [1, 9]), (["a"], ["B"])]
for x, y in pairs:
    print(x, y, x == y, x != y, x < y, x <= y, x > y, x >= y)
print([1, 2] == [1.0, 2.0], [[1]] == [[1]], [1, [2]] < [1, [3]])
try:
    [1, "a"] < [1, 2]
except TypeError as e:
    print("TypeError", e)
