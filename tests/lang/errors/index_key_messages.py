# IndexError and KeyError messages
tests = [lambda: [][0], lambda: [1][1], lambda: (1,)[5], lambda: "abc"[10], lambda: b"ab"[2],
         lambda: range(3)[3], lambda: [].pop(), lambda: bytearray()[0], lambda: [1, 2][-3]]
for t in tests:
    try:
        t()
    except IndexError as e:
        print("IndexError:", e)
for key in ("name", 42, (1, "a"), "", None, 1.5):
    try:
        {}[key]
    except KeyError as e:
        print("KeyError:", e, "| repr:", repr(e))
