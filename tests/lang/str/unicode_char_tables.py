# every str predicate and case mapping of every character of planes 0 and 1
# (and a sample of the others),
# plus the context rules (final sigma, title case after cased letters),
# summarised as one checksum per 4096 code points
M = (1 << 61) - 1


def fold(acc, text):
    for ch in text:
        acc = (acc * 1000003 + ord(ch)) % M
    return acc


def blocks():
    for lo in range(0, 0x20000, 0x1000):
        yield lo, range(lo, lo + 0x1000)
    for lo in range(0x20000, 0x110000, 0x10000):     # planes 2-16, sampled
        yield lo, range(lo, lo + 0x10000, 61)
    yield 0xe0000, range(0xe0000, 0xe0200)              # tags, variation selectors


for lo, cps in blocks():
    acc = 0
    for cp in cps:
        c = chr(cp)
        bits = (c.isalpha() | c.isdecimal() << 1 | c.isdigit() << 2 | c.isnumeric() << 3 | c.isalnum() << 4 |
                c.islower() << 5 | c.isupper() << 6 | c.istitle() << 7 | c.isspace() << 8 |
                c.isprintable() << 9 | c.isidentifier() << 10 | ("x" + c).isidentifier() << 11)
        acc = (acc * 8191 + bits) % M
        acc = fold(acc, c.upper() + c.lower() + c.casefold() + c.title() + c.swapcase() + c.capitalize())
        acc = fold(acc, ("A" + c + "\u03a3").lower() + ("a" + c + "b").title() + (c + "\u03a3x").lower())
        if not c.isprintable() and cp % 7 == 0:
            acc = fold(acc, repr(c))
    print("%05x %d" % (lo, acc))
print(chr(0x10ffff).isprintable(), "\U000e0100".isidentifier(), "x\U000e0100".isidentifier(), "\U000f0000".isalpha())
