# range objects
r = range(2, 20, 3)
print(r, list(r), len(r), r[0], r[-1], r[1:3], r[::-1], r[::2])
print(range(5), range(0, 5), range(5, 0, -1), list(range(5, 0, -2)), list(range(0)), list(range(3, 1)))
print(8 in r, 9 in r, r.index(11), r.count(5), r.count(8))
print(range(0, 10, 2) == range(0, 9, 2), range(0) == range(5, 5), range(3) == range(0, 3, 1))
print(len(range(-10, 10, 7)), list(range(-10, 10, 7)), list(range(10, -10, -7)))
print(range(10 ** 20)[10 ** 19], range(0, 10 ** 20, 3)[-1], 10 ** 19 in range(0, 10 ** 20, 5))
print(sum(range(101)), max(range(7)), min(range(3, 9)), sorted(range(3), reverse=True))
print(r.start, r.stop, r.step, reversed(range(3)).__class__.__name__, list(reversed(range(3))))
try:
    range(1, 5, 0)
except ValueError as e:
    print("ValueError", e)
try:
    range(3)[3]
except IndexError as e:
    print("IndexError", e)
