# string ordering is by code point
words = ["banana", "Apple", "cherry", "apple", "Banana", "éclair", "zebra", "Zebra", ""]
print(sorted(words))
print(sorted(words, key=str.lower))
print(sorted(words, key=len))
print(sorted(words, key=lambda w: (len(w), w), reverse=True))
print(min(words), max(words), "a" < "B", "abc" < "abcd", "abd" > "abc")
print("10" < "9", "" == "", "a" * 3 == "aaa")
