# sets of frozensets and set equality across types
groups = {frozenset({1, 2}), frozenset({2, 1}), frozenset({3})}
print(len(groups), sorted(sorted(g) for g in groups))
print(frozenset({1, 2}) in groups, {1, 2} in groups)
powers = {frozenset()}
for x in [1, 2, 3]:
    powers |= {s | {x} for s in powers}
print(len(powers), sorted(sorted(s) for s in powers))
print(set([1, 2]) == frozenset([2, 1]), frozenset("ab") | set("c") == {"a", "b", "c"})
