# exception args, str and repr
cases = [ValueError(), ValueError("msg"), ValueError("a", 2), KeyError("k"), KeyError(), IndexError(3),
         Exception(None), RuntimeError(""), OSError(2, "No such file"), StopIteration(5)]
for e in cases:
    print(type(e).__name__, e.args, repr(str(e)), repr(e))
e = ValueError("x")
e.args = ("changed",)
print(e)
try:
    raise TypeError
except TypeError as t:
    print(repr(t), t.args)
