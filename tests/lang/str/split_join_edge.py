# split/join edge cases
print("a  b".split(" "), "a  b".split(), " a b ".split(" "), "abc".split("abc"), "aXbXc".split("X", -1))
print("a\tb\nc\x0bd\x0ce\rf".split(), "1,2,,3,".split(","), ",".join(["", "", ""]), "x".join(["a"]))
print("a b c".rsplit(" ", 1), "a b c".split(" ", 1), "".rsplit("x"), "  ".split(" "))
print("\n".join(["l1", "l2"]).splitlines(), "no newline".splitlines(), "\n\n".splitlines(), "a\r\nb".split("\n"))
