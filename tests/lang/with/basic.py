# with statement with a class-based context manager
class Resource:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print("open", self.name)
        return self
    def __exit__(self, exc_type, exc, tb):
        print("close", self.name, exc_type.__name__ if exc_type else "ok")
        return False
    def use(self):
        return f"using {self.name}"
with Resource("db") as r:
    print(r.use())
with Resource("a") as a, Resource("b") as b:
    print(a.use(), b.use())
try:
    with Resource("fail"):
        raise RuntimeError("boom")
except RuntimeError as e:
    print("caught", e)
with Resource("no-as"):
    print("body without as")
