# set operations (printed sorted)
a = {1, 2, 3, 4}
b = {3, 4, 5}
print(sorted(a | b), sorted(a & b), sorted(a - b), sorted(b - a), sorted(a ^ b))
print(sorted(a.union(b, [9])), sorted(a.intersection(b)), sorted(a.difference(b)), sorted(a.symmetric_difference(b)))
print(a <= b, {3} <= a, {3} < a, a >= {1}, a.issubset(range(10)), a.issuperset([1, 2]), a.isdisjoint({7}))
print(len(a), 3 in a, 7 not in a, set() == set(), {1, 2} == {2, 1})
print(sorted(set("mississippi")), sorted(set([3, 1, 3])), set(), len({()}))
