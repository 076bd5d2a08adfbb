# min/max over iterators and generators, ties keep first
pairs = [("a", 3), ("b", 5), ("c", 5), ("d", 1)]
print(max(pairs, key=lambda p: p[1]), min(pairs, key=lambda p: p[1]), min(pairs, key=lambda p: -p[1]))
print(max(x * x for x in range(-5, 3)), min(iter([4, 2, 8])), max(range(10), key=lambda v: v % 4))
print(max("apple", "banana", key=len), max(["b", "a"], default=None), min(map(abs, [-3, 2, -1])))
