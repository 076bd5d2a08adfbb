# misc str methods: count variants, join on generators, etc.
print("hello".index("l"), "Hello".swapcase(), "a-b-c".split("-", maxsplit=1))
print("tab\tsep".expandtabs(2), "  x  ".strip() == "x", "ab".join("123"))
print("x".center(1), "abc".center(2), "abc".ljust(0), "%".join(["", ""]))
print("Title Case Words".istitle(), "UPPER".isupper(), "lower".islower(), " ".isspace())
s = "The Zen of Python"
print(s.lower().split().count("of"), s.upper()[::2], s.partition(" ")[2])
print(str.upper("abc"), str.join(",", ["a", "b"]), str.split("a b"))
print("{}".format, "x".upper) if False else print("method objects not printed")
print(len(dir("")) > 30, "upper" in dir(str))
