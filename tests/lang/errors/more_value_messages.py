# more ValueError messages
tests = [lambda: int("١٢٣x"), lambda: "a,b".split(",", "x") if False else int("--5"), lambda: float("1,5"),
         lambda: list(range(3)).index(7), lambda: (1, 2).index(3), lambda: "abc".rindex("z"),
         lambda: bytes.fromhex("0"), lambda: int("", 16), lambda: chr(-5), lambda: "x".center(3, "ab")]
for t in tests:
    try:
        t()
    except Exception as e:
        print(type(e).__name__ + ":", e)
