# errors from builtin functions given bad arguments
tests = [lambda: chr(-1), lambda: chr("a"), lambda: ord(""), lambda: int([]), lambda: float([]),
         lambda: max([]), lambda: min(()), lambda: range("a"), lambda: list(1), lambda: dict(1),
         lambda: divmod("a", 1), lambda: round("x"), lambda: "".join([1]), lambda: "a".split(1),
         lambda: "{}{}".format(1), lambda: "{x}".format(y=1), lambda: "%d" % "s", lambda: bytes("s")]
for t in tests:
    try:
        t()
    except Exception as e:
        print(type(e).__name__ + ":", e)
