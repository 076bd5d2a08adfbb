# bytes methods
b = b"  Hello, World  "
print(b.strip(), b.lower(), b.upper(), b.split(b","), b.replace(b"l", b"L"))
print(b.find(b"World"), b.count(b"l"), b.index(b"H"), b.startswith(b"  H"), b.endswith(b"  "))
print(b"a,b,c".split(b","), b",".join([b"x", b"y"]), b"abc".hex(), bytes.fromhex("de ad be ef"))
print(b"key=val".partition(b"="), b"abc".center(7, b"*"), b"7".zfill(3), b"ab".ljust(4, b"."))
print(b"hello world".title(), b"Hello".swapcase(), b"abc".isalpha(), b"123".isdigit(), b" ".isspace())
print(b"line1\nline2".splitlines(), b"  x  ".lstrip(), b"xxyxx".rstrip(b"x"))
print(b"\x00\xff".hex(), b"abc".hex(":"), bytes.fromhex(""), b"AbC".capitalize())
