# ord/chr round trips and ascii()
s = "Hello, Wörld! €"
codes = [ord(c) for c in s]
print(codes)
print("".join(chr(c) for c in codes) == s)
print(ascii(s), ascii(["ü", 1]), ascii("plain"))
print([chr(c) for c in range(0x3B1, 0x3B6)], ord(chr(0x1F40D)), hex(ord("😀")))
