# nested try blocks and re-raising
def risky(n):
    if n == 0:
        raise ZeroDivisionError("zero")
    if n < 0:
        raise ValueError("negative")
    return 10 // n
for n in (2, 0, -1):
    try:
        try:
            print("result", risky(n))
        except ZeroDivisionError as e:
            print("inner caught", e)
            raise
        finally:
            print("inner finally", n)
    except ZeroDivisionError as e:
        print("outer re-caught", e)
    except ValueError as e:
        print("outer caught", e)
try:
    try:
        raise KeyError("a")
    except KeyError:
        raise IndexError("b")
except IndexError as e:
    print("replaced:", repr(e), repr(e.__context__))
