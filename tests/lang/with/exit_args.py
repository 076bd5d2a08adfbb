# __exit__ receives type, value and traceback
class Inspect:
    def __enter__(self):
        return self
    def __exit__(self, et, ev, tb):
        print("type:", et.__name__ if et else None)
        print("value:", repr(ev))
        print("tb is None:", tb is None)
        return True
with Inspect():
    pass
with Inspect():
    raise KeyError("key")
with Inspect():
    {}["missing"]
