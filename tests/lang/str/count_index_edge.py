# edge cases of find/count with start/end
s = "abcabcabc"
print(s.count("abc", 1), s.count("abc", 0, 6), s.count("abc", -3), s.count("c", 2, 2))
print(s.find("c", -4), s.find("ca", 2, 4), s.find("ca", 2, 5), s.rfind("ab", 0, 4), s.rfind("", 3))
print(s.index("bc", 3), s.rindex("bc", 0, 5), s.startswith("bc", 1, 3), s.endswith("ab", 0, 5))
print(s.startswith(("x", "y")), s.endswith(("bc", "zz")), "".startswith(""), "a".endswith(""))
print("".find(""), "".count("a"), "aaaaa".count("aa", 1), "abc".find("", 10))
