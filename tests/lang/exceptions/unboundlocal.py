# UnboundLocalError and NameError
x = 10
def f():
    try:
        print(x)
    except UnboundLocalError as e:
        print("UnboundLocalError", e)
    x = 5
    return x
print(f())
def g():
    try:
        return undefined_name
    except NameError as e:
        return f"NameError {e}"
print(g())
def h():
    y = 1
    del y
    try:
        return y
    except UnboundLocalError as e:
        return f"{type(e).__name__}: {e}"
print(h())
