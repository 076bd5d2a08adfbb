# exceptions raised by __enter__ skip the body and __exit__
class BadEnter:
    def __enter__(self):
        raise OSError("cannot enter")
    def __exit__(self, *a):
        print("exit called?")
try:
    with BadEnter():
        print("body")
except OSError as e:
    print("OSError", e)
class BadExit:
    def __enter__(self):
        return 1
    def __exit__(self, *a):
        raise ValueError("from exit")
try:
    with BadExit():
        raise KeyError("body")
except ValueError as e:
    print("ValueError", e, "context:", repr(e.__context__))
try:
    with 42:
        pass
except (TypeError, AttributeError) as e:
    print(type(e).__name__)
