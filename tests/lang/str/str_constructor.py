# str() of various objects
print(str(), str(0), str(-12), str(3.5), str(True), str(None), str([1, "a"]), str((1,)), str({"k": "v"}))
print(str(b"bytes"), str(bytearray(b"ba")), str(range(3)), str(set()), str(frozenset({1})))
print(str({1: [2, (3, "x")]}), str([None, ..., 1e100]))
print(repr(str), str(str), str("x"), repr("x"))
class A:
    def __str__(self):
        return "A-str"
    def __repr__(self):
        return "A-repr"
print(str(A()), repr(A()), [A()], f"{A()}", f"{A()!r}", "%s %r" % (A(), A()))
class B:
    def __repr__(self):
        return "B-repr"
print(str(B()), B())
