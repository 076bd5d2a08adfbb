# exceptions crossing loops and functions
def parse_all(items):
    out, errs = [], []
    for it in items:
        try:
            out.append(int(it))
        except ValueError:
            errs.append(it)
            continue
        finally:
            pass
    return out, errs
print(parse_all(["1", "x", "3", "4.5", "-2"]))
def deep(n):
    if n == 0:
        raise LookupError("bottom")
    return deep(n - 1)
try:
    deep(50)
except LookupError as e:
    print("from depth:", e)
total = 0
for d in [1, 0, 2, 0, 4]:
    try:
        total += 8 // d
    except ZeroDivisionError:
        total -= 1
print(total)
