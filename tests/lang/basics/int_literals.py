# integer literal forms
print(0b1010, 0o17, 0xFF, 0XfF, 0B11, 0O7, 1_000_000, 0x_dead_beef, 0b_1111_0000)
print(00, 0, -0, +0, 1_2_3, 0o1_7)
print(123456789012345678901234567890, 0xFFFFFFFFFFFFFFFFFFFF, -0b1)
print(type(0x10).__name__, 0x10 == 16, 0o20 == 16, 0b10000 == 16)
