# operations on strings with multi-byte characters
s = "añoñ€😀"
print(len(s), len(s.encode()), s[::-1], s.upper(), s.find("€"), s.replace("ñ", "n"))
print(s.center(12, "·"), s.ljust(8, "_"), s.rjust(8), s.zfill(10))
print([c for c in s], s[1:5:2], s.index("😀"), s.count("ñ"), s.split("ñ"))
print("😀" * 3, "€" in s, s.startswith("añ"), s.endswith("😀"), sorted(s)[:2])
print("ÄÖÜ".lower() == "äöü", "ß".upper(), "ﬁ".upper(), len("ﬁ".upper()))
