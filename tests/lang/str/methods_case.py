# case methods
for s in ["hello world", "Hello World", "HELLO", "hElLo wOrLd 123", "", "ß straße", "élan ÉTÉ"]:
    print(repr(s), s.upper(), s.lower(), s.capitalize(), s.title(), s.swapcase())
print("abc".isupper(), "ABC".isupper(), "Abc".istitle(), "abc1".islower(), "".islower())
print("straße".casefold(), "ǅ".lower(), "ǆ".upper())
