# builtins applied to lists
a = [4, -2, 9, 0, 3]
print(len(a), sum(a), min(a), max(a), sorted(a), list(reversed(a)))
print(any(a), all(a), any([]), all([]), sum([], 10), sum([[1], [2]], []))
print(list(enumerate(a, 1)), list(zip(a, a[1:])))
print(list(map(abs, a)), list(filter(None, a)), list(filter(lambda v: v > 0, a)))
print(max(a, key=abs), min(a, key=lambda v: (v % 3, v)), max([], default="none"))
print(a.index(max(a)), [i for i, v in enumerate(a) if v == 0])
print(sorted(a)[len(a) // 2], sum(a) / len(a))
