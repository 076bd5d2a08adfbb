# float division by zero errors
ops = [("1.0 / 0", lambda: 1.0 / 0), ("1 / 0.0", lambda: 1 / 0.0), ("1.0 // 0.0", lambda: 1.0 // 0.0),
       ("1.0 % 0.0", lambda: 1.0 % 0.0), ("divmod(1.0, 0.0)", lambda: divmod(1.0, 0.0)), ("0.0 ** -1", lambda: 0.0 ** -1)]
for text, op in ops:
    try:
        op()
    except ZeroDivisionError as e:
        print(text, "->", type(e).__name__, e)
import math
try:
    math.sqrt(-1)
except ValueError as e:
    print("ValueError", e)
try:
    math.log(0)
except ValueError as e:
    print("ValueError", e)
try:
    2.0 ** 10000
except OverflowError as e:
    print("OverflowError")
print((-8.0) ** (1 / 3) if False else "skip complex")
