# contextlib.contextmanager
from contextlib import contextmanager, suppress
@contextmanager
def tag(name):
    print(f"<{name}>")
    try:
        yield name.upper()
    finally:
        print(f"</{name}>")
with tag("div") as t:
    print("inside", t)
try:
    with tag("err"):
        raise ValueError("x")
except ValueError:
    print("propagated")
@contextmanager
def swallow():
    try:
        yield
    except ZeroDivisionError as e:
        print("swallowed", e)
with swallow():
    1 / 0
print("after swallow")
with suppress(KeyError):
    {}["x"]
print("after suppress")
