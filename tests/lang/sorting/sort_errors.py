# sorting heterogeneous data fails with TypeError
try:
    sorted([1, "a", 2])
except TypeError as e:
    print("TypeError", e)
try:
    [3, None].sort()
except TypeError as e:
    print("TypeError", e)
try:
    sorted([{1: 2}, {3: 4}])
except TypeError as e:
    print("TypeError", e)
print(sorted([1, 2.5, True, -1]), sorted([(1, "a"), (1, "b")]))
print(sorted([]), sorted([None]), sorted("", reverse=True))
