# nested context managers enter and exit in LIFO order
class Tag:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print(f"<{self.name}>")
        return self.name
    def __exit__(self, *exc):
        print(f"</{self.name}>")
with Tag("html"):
    with Tag("body"):
        with Tag("p") as p:
            print("text in", p)
with Tag("a") as a, Tag("b") as b, Tag("c") as c:
    print(a, b, c)
try:
    with Tag("x"), Tag("y"):
        raise ValueError("inner")
except ValueError as e:
    print("after exits:", e)
