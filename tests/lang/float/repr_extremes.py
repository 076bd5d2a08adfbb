# repr near the limits
print(1.7976931348623157e308, 5e-324, 2.2250738585072014e-308)
print(1e308 * 10, -1e308 * 10, 1e-320, 4.9e-324 / 2)
print(1e300 * 1e10, 1e-300 * 1e-300, -1e-300 * 1e-300)
print(float.fromhex("0x1.fffffffffffffp+1023") if hasattr(float, "fromhex") else 1.7976931348623157e308)
print(2.0 ** -1074, 2.0 ** -1022, 2.0 ** 1023)
print(123e-320, 1.5e300 * 1.5e10)
