# hash() of numbers and tuples of numbers is deterministic
print(hash(0), hash(1), hash(12345), hash(True), hash(1.0) == hash(1), hash(-0.0) == hash(0))
print(hash(10 ** 20) == hash(10 ** 20), hash(2.0 ** 70) == hash(2 ** 70), hash(-5) == hash(-5.0))
print(hash((1, 2)) == hash((1, 2)), hash(()) == hash(()), hash(None) == hash(None))
print(hash(1.5) == hash(1.5), hash(3) == hash(3.0), hash(frozenset([1, 2])) == hash(frozenset([2, 1])))
