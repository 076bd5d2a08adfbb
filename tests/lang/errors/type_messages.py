# messages of TypeError for operators
tests = [lambda: 1 + "a", lambda: "a" + 1, lambda: [1] + "a", lambda: None + 1, lambda: 1 - None,
         lambda: "a" * "b", lambda: [] * [], lambda: {} + {}, lambda: -"a", lambda: ~1.5,
         lambda: 1 < "a", lambda: [] > (), lambda: None < None, lambda: 3 @ 4, lambda: "a" - "b",
         lambda: 1 << 1.0, lambda: 2 ** "x", lambda: (1, 2) + [3]]
for t in tests:
    try:
        t()
    except TypeError as e:
        print("TypeError:", e)
