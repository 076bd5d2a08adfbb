# more TypeError messages from common mistakes
one, five = 1, 5
tests = [lambda: len(5), lambda: int(None), lambda: float(None), lambda: "a" < 1, lambda: [] + None,
         lambda: {"a": 1}["a"]["b"], lambda: one(2), lambda: five[0],
         lambda: None.append(1), lambda: "x".join("a", "b"), lambda: sorted([1, None]), lambda: max(1)]
for t in tests:
    try:
        t()
    except (TypeError, AttributeError) as e:
        print(type(e).__name__ + ":", e)
