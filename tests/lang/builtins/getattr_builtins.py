# getattr on builtin types and methods
print(getattr([1, 2], "count")(1), getattr("abc", "upper")(), getattr(str, "lower")("X"))
print(hasattr(1, "bit_length"), hasattr("s", "decode"), hasattr(b"s", "decode"), hasattr(dict, "fromkeys"))
m = [3, 1, 2].sort
print(m(), m.__name__)
print(getattr(int, "from_bytes")(b"\x01\x00", "big"), getattr(math if False else 5, "real"))
