# del of names, items, slices, attributes
x = 5
del x
try:
    print(x)
except NameError as e:
    print("NameError", e)
lst = list(range(10))
del lst[0]
del lst[-1]
del lst[2:4]
del lst[::2]
print(lst)
d = {"a": 1, "b": 2, "c": 3}
del d["b"]
print(d)
class C: pass
c = C()
c.v = 1
c.w = 2
del c.v
print(hasattr(c, "v"), hasattr(c, "w"))
a, b = 1, 2
del a, b
print("a" in dir())
