# int, float, str, bool, list, tuple, dict, set constructors
print(int("12"), int(12.9), float("1.5"), float(3), str(12), str(1.5), bool(""), bool("0"))
print(list("ab"), list((1, 2)), tuple([1, 2]), tuple("ab"), set([1, 1, 2]) == {1, 2}, dict([(1, 2)]))
print(list({"a": 1}), tuple(range(3)), list(map(int, ["1", "2"])), frozenset("aa") == frozenset("a"))
print(int("-0"), float("-0"), str(-0.0), int(" 42 "), float(" 1e2 "))
print(hex(255), oct(8), bin(5), hex(-1), oct(-8), bin(0), bin(-5))
print(ord("a"), chr(98), ascii("é"), repr("é"), str(b"x"), bytes(2), bytearray(1))
print(bool([]), bool([[]]), bool(0.0), bool(-1), bool(None), bool(object()))
