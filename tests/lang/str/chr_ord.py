# chr/ord over ranges
print([chr(i) for i in range(65, 91)])
print("".join(chr(ord("a") + (ord(c) - ord("a") + 13) % 26) if c.isalpha() else c for c in "hello, world"))
print([ord(c) for c in "09AZaz"], ord("€"), chr(8364), ord("😀"))
print(chr(0x10FFFF) == "\U0010ffff", len(chr(0x10FFFF)))
try:
    chr(0x110000)
except ValueError as e:
    print("ValueError", e)
try:
    ord("ab")
except TypeError as e:
    print("TypeError", e)
