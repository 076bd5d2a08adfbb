# getattr/setattr/hasattr/delattr
class Obj:
    a = 1
o = Obj()
setattr(o, "b", 2)
print(getattr(o, "a"), getattr(o, "b"), getattr(o, "c", "default"), hasattr(o, "b"), hasattr(o, "zz"))
delattr(o, "b")
print(hasattr(o, "b"))
try:
    getattr(o, "missing")
except AttributeError as e:
    print("AttributeError", e)
try:
    delattr(o, "nope")
except AttributeError as e:
    print("AttributeError", e)
for name in ["x", "y", "z"]:
    setattr(o, name, name.upper())
print([getattr(o, n) for n in "xyz"])
print(getattr(3, "real"), getattr("s", "upper")(), hasattr([], "append"))
