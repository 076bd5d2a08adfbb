# container method errors
tests = [lambda: [].pop(), lambda: {}.pop("x"), lambda: set().pop(), lambda: {}.popitem(), lambda: [1].insert(),
         lambda: [3, 1].sort(key=1), lambda: {1: 2}.update(1), lambda: frozenset().add, lambda: (1,).index(2),
         lambda: [1, 2, 3][::0], lambda: dict.fromkeys(1), lambda: list.append(1, 2)]
for t in tests:
    try:
        r = t()
        print("ok", type(r).__name__)
    except Exception as e:
        print(type(e).__name__ + ":", e)
