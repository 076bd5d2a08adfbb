# range indexing, slicing, membership and reversal
r = range(-5, 50, 7)
print(list(r), len(r), r[3], r[-2], r[2:5], list(r[2:5]), r[::-1], list(r[::-2]))
print(16 in r, 15 in r, -5 in r, 50 in r, r.index(23), r.count(23))
print(list(range(10)[3:8:2]), range(10)[-3:], range(0, -10, -2)[1:3])
print(sum(range(1, 1001, 3)), max(range(-3, 3)), min(range(10, 0, -1)), sorted(range(5, 0, -2)))
print(range(0, 5) == range(0, 5), range(0, 5, 2) == range(0, 6, 2), bool(range(0)), bool(range(1)))
print(list(map(lambda i: i * i, range(5))), list(zip(range(3), range(3, 0, -1))))
