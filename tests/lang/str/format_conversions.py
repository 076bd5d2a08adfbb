# !r !s !a conversions and format specs on strings
vals = ["text", "quote'd", "ünï", 42, [1, "a"], None]
for v in vals:
    print(f"{v!s:>12}|{v!r:>14}|{v!a}")
print("{0!r:^10}|{0!s:*<8}".format("ab"))
