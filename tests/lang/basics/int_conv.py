# int() conversions
print(int("42"), int("-17"), int("  7  "), int("+3"), int("1_000"))
print(int(3.9), int(-3.9), int(True), int(1e10))
print(int("ff", 16), int("FF", 16), int("0xff", 16), int("0xff", 0), int("0o17", 0), int("0b101", 0))
print(int("777", 8), int("z", 36), int("10", 2), int("-101", 2))
print(int("0", 0), int("00", 10), int("  -0x10  ", 16))
print(int(), int(0.0), int(-0.5))
class N:
    def __index__(self):
        return 12
    def __int__(self):
        return 13
print(int(N()), [10, 20, 30][N() if False else 1])
print(int("123456789012345678901234567890"))
print(int(2.5e20))
