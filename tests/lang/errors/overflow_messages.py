# overflow and range errors
tests = [lambda: float(10 ** 400), lambda: int(float("inf")), lambda: (2 ** 70).to_bytes(4, "big"),
         lambda: [0] * (2 ** 70), lambda: int(float("nan")), lambda: 1 << -1,
         lambda: (1).to_bytes(-1, "big")]
for t in tests:
    try:
        t()
    except Exception as e:
        print(type(e).__name__ + ":", e)
try:
    10.0 ** 400
except OverflowError as e:
    print("OverflowError (message is platform-specific)")
