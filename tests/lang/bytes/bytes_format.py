# bytes % formatting
print(b"%s|%5s|%-5s|" % (b"a", b"b", b"c"), b"%d %i %x %X %o" % (-3, 4, 255, 255, 8))
print(b"%c%c" % (65, b"Z"), b"%r" % "x" if False else b"%a" % "\xe9", b"100%%")
print(b"%(k)s" % {b"k": b"v"}, b"%.2f" % 1.005, b"%e" % 1e10)
try:
    b"%s" % "str"
except TypeError as e:
    print("TypeError", e)
