# int() and float() read Unicode decimal digits and spaces (as CPython);
# other digits (superscripts, Roman numerals) are not decimal
for s in ["١٢٣", " ٤٥ ", "\u2003 12\u3000", "१२", "1_٢", "-٣.٥e٢", "１２３", "²", "Ⅻ", "12\x7f", "٣٣x", "\u0e51\u0e52", "𝟗𝟖"]:
    row = [repr(s), s.isdecimal(), s.isdigit(), s.isnumeric()]
    for f in (int, float):
        try:
            row.append(repr(f(s)))
        except ValueError as e:
            row.append("ValueError: %s" % e)
    print(*row)
print(int("٧", 16), int("0x١F", 0), int("\u0661\u0660", 2))
