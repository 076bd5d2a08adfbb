# raise with class, instance, re-raise, in expressions
def a():
    raise ValueError
def b():
    raise ValueError("with message")
def c():
    try:
        a()
    except ValueError:
        raise
for f in (a, b, c):
    try:
        f()
    except ValueError as e:
        print(f.__name__, repr(e))
try:
    raise 5
except TypeError as e:
    print("TypeError", e)
class NotExc: pass
try:
    raise NotExc()
except TypeError as e:
    print("TypeError", e)
try:
    raise
except RuntimeError as e:
    print("RuntimeError", e)
