# is* predicates
samples = ["abc", "ABC", "123", "12.5", "abc123", "", " ", "\t\n", "Hello World", "hello_world", "x1", "Ⅷ", "١٢٣", "é"]
for s in samples:
    print(repr(s), s.isalpha(), s.isdigit(), s.isdecimal(), s.isnumeric(), s.isalnum(), s.isspace(), s.isidentifier(), s.isprintable())
print("abc\x01".isprintable(), "_x".isidentifier(), "1x".isidentifier(), "class".isidentifier())
print("ascii".isascii(), "naïve".isascii(), "".isascii())
