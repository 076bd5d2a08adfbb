# bytearray shares bytes methods and returns bytearray
ba = bytearray(b"Hello World")
print(ba.upper(), ba.lower(), ba.split(), ba.replace(b"o", b"0"), ba.find(b"W"), ba.count(b"l"))
print(ba.startswith(b"Hell"), ba.endswith(bytearray(b"ld")), ba.strip(b"Hd"), ba.hex())
print(type(ba.upper()).__name__, type(ba[0:2]).__name__, type(ba[0]).__name__)
print(ba == b"Hello World", bytearray(b"a") < b"b", b"x" in ba, ord("W") in ba)
ba += b"!"
ba *= 2
print(ba, len(ba))
print(bytearray.fromhex("ff00"), bytearray(b"abc").decode())
