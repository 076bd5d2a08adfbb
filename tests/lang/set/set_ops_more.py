# set operations with different iterables
a = set("hello")
b = frozenset("world")
print(sorted(a), sorted(b), sorted(a & b), sorted(a | b), sorted(a - b), sorted(b - a), sorted(a ^ b))
print(sorted(a.union("xyz", [1 == 1 and "t"])), sorted(a.intersection("lol", "low")), a.isdisjoint("xyz"))
print({1, 2} | {3}, {1, 2} & {2, 3}, {1, 2} - {1}, {1, 2} ^ {2, 3})
s = {10, 20}
s.add(30)
s.update(range(3))
print(sorted(s), len(s), min(s), max(s), sum(s))
print(set() < {1}, {1, 2} <= {1, 2}, {1, 2} < {1, 2}, {3} > set(), frozenset({1}) == {1})
