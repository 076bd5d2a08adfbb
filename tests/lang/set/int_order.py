# sets of small ints: membership, equality and deterministic sorted output
s = set(range(20, 0, -3))
print(sorted(s), min(s), max(s), sum(s), len(s))
print(sorted(s - set(range(10))), sorted(x for x in s if x % 2))
evens = {x for x in range(10) if x % 2 == 0}
odds = set(range(1, 10, 2))
print(evens.isdisjoint(odds), sorted(evens | odds) == list(range(10)))
print(sorted(evens ^ {0, 1}), {1, 2, 3} > {1}, {1} > {1})
print(sorted(set([(1, 2), (2, 1), (1, 2)])))
