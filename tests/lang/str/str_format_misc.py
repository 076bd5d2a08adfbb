# mixing formatting styles and escaping
name = "x"
print("%s=%r" % (name, name), "{}={!r}".format(name, name), f"{name}={name!r}")
print("%%d literal %d" % 5, "{{}} literal {}".format(5), f"{{}} literal {5}")
print("%-6s|%6s|" % ("ab", "cd"), "{:<6}|{:>6}|".format("ab", "cd"), f"{'ab':<6}|{'cd':>6}|")
print("%06.2f" % 3.14159, "{:06.2f}".format(3.14159), f"{3.14159:06.2f}")
print("%x %o" % (255, 255), "{:x} {:o}".format(255, 255), f"{255:x} {255:o}")
