# int methods and attributes
n = 2024
print(n.bit_length(), n.to_bytes(2, "big"), n.to_bytes(4, "little"))
print(int.from_bytes(b"\x07\xe8", "big"), int.from_bytes(b"\xe8\x07", "little"))
print((-1).to_bytes(2, "big", signed=True), int.from_bytes(b"\xff\xfe", "big", signed=True))
print((255).to_bytes(1, "big"), int.from_bytes(b"", "big"))
print(n.conjugate(), n.real, n.imag, n.numerator, n.denominator)
print((10).__add__(5), (10).__mul__(3), int.__sub__(10, 4))
print((-7).__abs__(), (7).__neg__(), (6).__floordiv__(4))
print(int.bit_count(255) if hasattr(int, "bit_count") else 8)
print((37).__divmod__(5), (37).__mod__(-5), (2).__pow__(10))
print(int("11", 2).__index__(), (1).__bool__(), (0).__bool__())
