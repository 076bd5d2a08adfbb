# frozenset: hashable, usable as key and element
f = frozenset([3, 1, 2])
g = frozenset("ab")
print(sorted(f), sorted(g), len(f), 2 in f)
d = {f: "nums", g: "letters"}
print(d[frozenset({1, 2, 3})], d[frozenset("ba")])
sets = {frozenset({1}), frozenset({1}), frozenset({2})}
print(len(sets))
print(sorted(f | {9}), type(f | {9}).__name__, type({9} | f).__name__)
print(f == {1, 2, 3}, frozenset() == set(), sorted(f.union([0])))
try:
    f.add(4)
except AttributeError as e:
    print("AttributeError", e)
print(sorted(map(sorted, {frozenset({1, 2}), frozenset({3})})))
