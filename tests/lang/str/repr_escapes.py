# repr chooses quotes and escapes control characters
for s in ["plain", "it's", 'say "x"', "both ' \"", "tab\t", "nl\n", "bell\a", "\x00\x1f\x7f", "\\", "é", "\u2028", "\ud800" if False else "ok", "\U0001f600"]:
    print(repr(s))
print(repr("a'b\"c"), ascii("é€😀"), ascii("plain"))
print(repr(["it's", 'a"b']), repr({"k'": "v\n"}))
