# str.format fields, indexes, attributes, conversions
print("{} {} {}".format(1, "two", 3.0))
print("{2} {1} {0}".format("a", "b", "c"), "{0}{0}{1}".format("x", "y"))
print("{name} is {age}".format(name="Ann", age=30), "{0[1]} {d[k]}".format([5, 6], d={"k": "v"}))
class P:
    x = 3
    y = 4
print("{p.x},{p.y}".format(p=P()), "{!r} {!s} {!a}".format("é", "é", "é"))
print("{{literal}} {}".format("ok"), "{:>5}|{:<5}|{:^5}|".format("a", "b", "c"))
print("{:08.3f} {:+d} {:x} {:#o} {:b} {:,}".format(3.14159, 5, 255, 8, 5, 1234567))
print("{0:{1}}|{0:>{w}}".format("v", 4, w=6), "{:{fill}^{width}}".format("mid", fill="*", width=9))
args = ("p", "q")
kw = {"z": 26}
print("{}{}{z}".format(*args, **kw), "{0}-{z}".format("zero", z=0))
print(format(42, "05d"), format("s", "^5"), format(3.5), format(10, "x"), format([1, 2]))
