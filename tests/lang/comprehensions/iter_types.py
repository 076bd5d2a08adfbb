# comprehensions over various iterables
print([c for c in "abc"], [b for b in b"AB"], [k for k in {"x": 1, "y": 2}])
print([v for v in (1, 2)], [i for i in range(3)], [p for p in zip("ab", "cd")])
print(sorted(x for x in {3, 1, 2}), [e for e in enumerate("hi")])
print([ln for ln in "l1\nl2\n".splitlines()], [x for x in iter([7, 8])])
def gen():
    yield 1
    yield 2
print([g * 10 for g in gen()], {g: g for g in gen()})
print([k for k, v in sorted({"b": 1, "a": 2}.items())])
print([list(t) for t in zip(*[(1, 2), (3, 4)])])
