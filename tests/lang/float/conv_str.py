# str(), repr(), and f-string of floats inside containers
vals = [0.1, 1.0, 2.5e-5, 1e16, -3.0, 1.23456789012345e-300]
print(vals)
print(tuple(vals[:3]), {"x": 0.3, "y": 1e100})
print(str(vals[0]), repr(vals[0]), f"{vals[0]}", f"{vals[0]!r}", "%s %r" % (vals[3], vals[2]))
print(str(1e16), str(1e-7), str(123.0), str(1e21), str(1.5e300), str(0.000001))
print(format(0.1), format(1e16), "{}".format(2.5), "{:}".format(3.0))
