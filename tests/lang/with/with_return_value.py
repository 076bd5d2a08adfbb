# the value bound by `as` is whatever __enter__ returns
class Box:
    def __init__(self, v):
        self.v = v
    def __enter__(self):
        return self.v
    def __exit__(self, *a):
        return None
with Box([1, 2]) as lst:
    lst.append(3)
    print(lst)
with Box(None) as nothing:
    print(nothing)
with Box((1, 2)) as (a, b):
    print(a, b)
class Self:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        pass
s = Self()
with s as t:
    print(t is s)
