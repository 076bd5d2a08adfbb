# repr of builtin values
vals = [1, -1.5, "s", "it's", b"b", bytearray(b"x"), [1, "a"], (1,), (), {"k": [1]}, set(), {1}, frozenset(),
        frozenset({2}), None, True, range(1, 5, 2), range(3), slice(1, 2), 1e100, -0.0, float("inf"), ..., NotImplemented]
for v in vals:
    print(repr(v))
print(repr(int), repr(str), repr(ValueError), repr(ValueError("x")), repr(type(None)))
