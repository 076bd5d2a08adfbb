# containers use repr of elements, print uses str
class Both:
    def __str__(self):
        return "str!"
    def __repr__(self):
        return "repr!"
b = Both()
print(b, str(b), repr(b))
print([b], (b,), {"k": b}, {1: [b]})
print(f"{b} {b!r} {[b]}", "%s %r" % (b, b), "{} {!r}".format(b, b))
print(str([b, "s"]), repr("s"), str("s"))
