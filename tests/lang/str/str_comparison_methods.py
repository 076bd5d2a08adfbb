# string comparison helpers
print("apple".startswith("app"), "apple".endswith(("le", "x")), "Apple".lower() == "apple")
print(max("abc", "abd", "ab"), min(["b", "A", "a"]), sorted(["b", "A", "a", "B"]))
print("abc" < "abc ", "abc" == "ab" + "c", "a" * 0 == "", "abc".__eq__("abc"), "a".__lt__("b"))
print("Hello" != "hello", "hello".casefold() == "HELLO".casefold(), "z" > "Z" > "A" > "1")
