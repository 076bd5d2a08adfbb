# replace and translate
s = "one two one three one"
print(s.replace("one", "1"), s.replace("one", "1", 2), s.replace("", "-"), s.replace("four", "4"))
print("aaa".replace("a", "aa"), "abc".replace("b", ""), "".replace("", "x"))
table = str.maketrans("abc", "xyz")
print("aabbcc".translate(table))
table2 = str.maketrans({"a": "1", "b": None, "c": "333"})
print("abcabc".translate(table2))
table3 = str.maketrans("ab", "AB", "x")
print("axbxcab".translate(table3))
print(sorted(str.maketrans("ab", "cd").items()))
