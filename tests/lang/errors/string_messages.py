# string method errors
idx = 1.0
tests = [lambda: "abc".index("d"), lambda: "a".center("x"), lambda: "abc"[idx], lambda: "x" * -1.5,
         lambda: "a".startswith(1), lambda: "abc".replace(1, 2), lambda: str.upper(1),
         lambda: "%s %s" % ("a",), lambda: "%s" % ("a", "b"), lambda: "{0}".format(), lambda: "{:d}".format("s"),
         lambda: f"{'s':d}", lambda: format(1.5, "d"), lambda: "abc".encode("nope")]
for t in tests:
    try:
        t()
    except Exception as e:
        print(type(e).__name__ + ":", e)
