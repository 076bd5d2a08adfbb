# non-ASCII text: lengths, ord/chr, case, iteration
s = "Grüße, 世界! 😀"
print(s, len(s), s.upper(), s.lower())
print([ord(c) for c in s[-3:]], chr(19990), chr(0x1F600), chr(233))
print(s[7:9], s.find("界"), s.count("ß"), "世" in s)
print(list("añb"), "".join(reversed("añb")))
print("ÅÄÖ".lower(), "ǈ".isupper(), "Σ".lower())
print(sorted("déjà vu"), max("zée"), min("Zéz"))
print(repr("é\u0301"), len("é\u0301"), repr("\u200b"), repr("\x85"), repr("\xa0"))
print("α" < "β", "Z" < "ä", "ä".encode("utf-8"))
