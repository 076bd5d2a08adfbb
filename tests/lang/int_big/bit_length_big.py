# bit_length and bit_count on big ints
for e in (63, 64, 65, 127, 128, 1000):
    print(e, (2 ** e).bit_length(), (2 ** e - 1).bit_length(), (-(2 ** e)).bit_length())
print((3 ** 100).bit_length(), (10 ** 100).bit_length())
print((2 ** 100 - 1).bit_count(), (-(2 ** 100 + 1)).bit_count(), (3 ** 100).bit_count())
