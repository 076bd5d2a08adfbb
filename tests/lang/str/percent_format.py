# printf-style formatting
print("%s and %s" % ("a", "b"), "%d%%" % 50, "%5s|%-5s|" % ("r", "l"))
print("%d %i %u" % (42, -7, 3), "%5d|%-5d|%05d|%+d|% d" % (1, 2, 3, 4, 5))
print("%x %X %o %#x %#o %#X" % (255, 255, 8, 255, 8, 255), "%c%c" % (65, "z"))
print("%r %s %a" % ("é", "é", "é"), "%s" % [1, 2], "%s" % ((1, 2),))
print("%(name)s is %(age)d" % {"name": "Bo", "age": 5}, "%(x)r" % {"x": None})
print("%*d|%-*d|%.*f" % (5, 42, 4, 7, 2, 3.14159))
print("%.3s|%10.2s|" % ("abcdef", "xyz"), "%s" % "single", "%d" % True, "%s" % 1.0)
print("%e %g %G %.2E" % (12345.678, 0.00001234, 1e20, 0.5))
for bad in [("%d", "x"), ("%s %s", ("a",)), ("%s", ("a", "b"))]:
    try:
        bad[0] % bad[1]
    except TypeError as e:
        print("TypeError", e)
