# split/rsplit/splitlines/partition/join
s = "a,b,,c"
print(s.split(","), s.split(",", 1), s.rsplit(",", 1), s.split(",", 0))
print("  many   spaces here ".split(), " x ".split(" "), "".split(), "".split(","))
print("a b c d".split(None, 2), "a b c d".rsplit(None, 2))
print("l1\nl2\r\nl3\rl4".splitlines(), "x\n\ny\n".splitlines(), "x\ny\n".splitlines(True))
print("key=value=x".partition("="), "novalue".partition("="), "a=b=c".rpartition("="), "abc".rpartition("z"))
print("-".join(["a", "b", "c"]), "".join([]), ", ".join("xyz"), "/".join(str(i) for i in range(4)))
try:
    "-".join([1, 2])
except TypeError as e:
    print("TypeError", e)
try:
    "a".split("")
except ValueError as e:
    print("ValueError", e)
