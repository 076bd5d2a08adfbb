# range with negative steps, empty ranges and equality
cases = [(0,), (5, 0), (0, 5, -1), (-3,), (10, -10, -5), (1, 2, 10), (0, 1, 1)]
for args in cases:
    r = range(*args)
    print(args, list(r), len(r), bool(r))
print(range(0, 3) == range(3), range(1, 1) == range(2, 2), range(0, 10, 3)[-1], range(10, 0, -3)[-1])
print(list(range(3))[::-1] == list(reversed(range(3))), range(5).index(4))
try:
    range(5).index(7)
except ValueError as e:
    print("ValueError", e)
