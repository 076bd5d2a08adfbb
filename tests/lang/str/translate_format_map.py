# str.maketrans / translate / format_map, with their errors; splitlines and
# rsplit on Unicode line breaks and spaces
def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


show(lambda: "héllo wörld".translate(str.maketrans("éö", "eo", "l")))
show(lambda: "abc".translate({97: "xyz", 98: None, 99: 0x1F600}))
show(lambda: "abc".translate({97: 3.5}))
show(lambda: "abc".translate({97: 0x110000}))
show(lambda: "abc".translate({97: -1}))
show(lambda: "abc".translate([None, "x"] * 60))
show(lambda: "a\x01b".translate(["-"] * 2))


class Upper(dict):
    def __missing__(self, key):
        return chr(key).upper()


show(lambda: "abc".translate(Upper({98: "_"})))
show(lambda: sorted(str.maketrans({"a": 1, 98: "B"}).items()))
show(lambda: "x".maketrans("a", "b"))
show(lambda: str.maketrans("ab", "c"))
show(lambda: str.maketrans({"ab": 1}))
show(lambda: str.maketrans({1.5: 1}))
show(lambda: str.maketrans([1]))
show(lambda: str.maketrans(1, "a"))
show(lambda: str.maketrans("a", 1))
show(lambda: str.maketrans("a", "b", 3))
show(lambda: "{a}-{b[0]}-{c.real}".format_map({"a": 1, "b": "xy", "c": 3}))


class Default(dict):
    def __missing__(self, key):
        return "<" + key + ">"


show(lambda: "{name} is {age:>4}".format_map(Default(name="Ann")))
show(lambda: "{}".format_map({}))
show(lambda: "{0}".format_map({"0": 1}))
show(lambda: "{x}".format_map({}))
show(lambda: "no fields".format_map(()))
show(lambda: "a\x0bb\x0cc\x1cd\x1de\x1ef\x85g\u2028h\u2029i\r\nj\rk\nl".splitlines())
show(lambda: "a\u2028b\r\n".splitlines(True))
show(lambda: "à b\u3000c\xa0 d".rsplit())
show(lambda: "à b\u3000c\xa0 d".rsplit(None, 1))
show(lambda: " Åx  é ".rsplit())
show(lambda: ["Hello World".istitle(), "Hello world".istitle(), "ǅungla".istitle(), "1A".istitle(), "A1b".istitle()])
show(lambda: ["ΣΑΣ σ".lower(), "ΑΣ.".lower(), "Α.Σ".lower(), "ΑΣ'Α".lower(), "Σ".lower(), "İ".lower(), "ŉ".upper()])
show(lambda: ["ǆemal ǈ".title(), "ﬃx".title(), "ß".capitalize(), "ǉ".swapcase(), "ﬀ".casefold()])
