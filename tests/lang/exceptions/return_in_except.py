# return values from except and else blocks
def f(v):
    try:
        r = 10 / v
    except ZeroDivisionError:
        return "inf"
    except TypeError as e:
        return f"bad type: {e}"
    else:
        return r
    finally:
        print("finally for", repr(v))
print(f(4), f(0), f("x"))
def counter():
    n = 0
    for v in [1, "a", 2, None, 3]:
        try:
            n += v
        except TypeError:
            continue
    return n
print(counter())
