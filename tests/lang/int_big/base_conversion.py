# converting big ints to arbitrary bases and back
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
def to_base(n, b):
    if n == 0:
        return "0"
    sign = "-" if n < 0 else ""
    n = abs(n)
    out = []
    while n:
        n, r = divmod(n, b)
        out.append(DIGITS[r])
    return sign + "".join(reversed(out))
for b in (2, 7, 16, 36):
    s = to_base(3 ** 80, b)
    print(b, s, int(s, b) == 3 ** 80)
print(to_base(-(10 ** 25), 36), int(to_base(-(10 ** 25), 36), 36))
