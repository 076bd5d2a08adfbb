# messages of arithmetic errors
tests = [lambda: 1 / 0, lambda: 1 // 0, lambda: 1 % 0, lambda: divmod(1, 0), lambda: 1.0 / 0, lambda: 5 % 0.0, lambda: pow(0, -1), lambda: (10 ** 400) * 1.0]
for t in tests:
    try:
        t()
    except Exception as e:
        print(type(e).__name__ + ":", e)
