# utf-8 encoding and decoding
for s in ["abc", "é", "€", "😀", "mixed é€😀 text", ""]:
    b = s.encode("utf-8")
    print(repr(s), b, len(b), b.decode("utf-8") == s)
print("abc".encode(), b"abc".decode(), "é".encode("latin-1"), b"\xe9".decode("latin-1"))
print("héllo".encode("ascii", "ignore"), "héllo".encode("ascii", "replace"))
print(b"a\xffb".decode("utf-8", "replace"), b"a\xffb".decode("utf-8", "ignore"))
try:
    b"\xff".decode("utf-8")
except UnicodeDecodeError as e:
    print("UnicodeDecodeError", e)
try:
    "é".encode("ascii")
except UnicodeEncodeError as e:
    print("UnicodeEncodeError", e)
print(bytes("hi", "utf-8"), str(b"hi", "utf-8"), str(b"hi"))
