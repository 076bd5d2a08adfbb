"""pidigits: decimal digits of pi from an unbounded spigot (a linear
fractional transformation kept as four big integers), cross-checked with
Machin's formula in fixed-point big-integer arithmetic.

Size: the number of digits.
"""

import sys


def spigot_digits(count):
    # State (q, r, t, k): the transformation (q x + r) / t composed so far.
    q, r, t, k = 1, 0, 1, 1
    digits = []
    while len(digits) < count:
        # The next digit is known once floor((3q + r)/t) == floor((4q + r)/t).
        d3 = (3 * q + r) // t
        d4 = (4 * q + r) // t
        if d3 == d4:
            digits.append(d3)
            q, r = 10 * q, 10 * (r - d3 * t)
        else:
            q, r, t = q * k, (2 * q + r) * (2 * k + 1), t * (2 * k + 1)
            k += 1
    return digits


def arctan_inverse(x, unity):
    """arctan(1/x) * unity, by the alternating series, in integers."""
    total = term = unity // x
    x2 = x * x
    n = 1
    sign = -1
    while term:
        term //= x2
        n += 2
        total += sign * (term // n)
        sign = -sign
    return total


def machin_digits(count):
    guard = 10
    unity = 10 ** (count + guard)
    pi = 4 * (4 * arctan_inverse(5, unity) - arctan_inverse(239, unity))
    text = str(pi // 10 ** guard)
    return [int(c) for c in text[:count]]


def main(count):
    if hasattr(sys, "set_int_max_str_digits"):       # CPython >= 3.11 caps int -> str at 4300 digits
        sys.set_int_max_str_digits(0)
    digits = spigot_digits(count)
    check = machin_digits(count)
    text = "".join(str(d) for d in digits)
    print("first digits %s.%s" % (text[0], text[1:31]))
    print("last digits %s" % text[-20:])
    checksum = 0
    for d in digits:
        checksum = (checksum * 10 + d) % 1000000007
    print("result pidigits n=%d agree=%s checksum=%d" % (count, digits == check, checksum))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000)
