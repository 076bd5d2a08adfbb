"""base64: Base16/32/64 encodings on top of binascii, in the Python subset.

Behaves like CPython 3.11's base64 for: b64encode, b64decode,
standard_b64encode/decode, urlsafe_b64encode/decode, b32encode/b32decode,
b32hexencode/b32hexdecode, b16encode/b16decode, encodebytes/decodebytes.
Left out: Ascii85/Base85 and the file-object helpers encode/decode.
"""

import binascii

Error = binascii.Error


def _bytes_from_decode_data(s):
    if isinstance(s, str):
        for ch in s:
            if ord(ch) > 127:
                raise ValueError("string argument should contain only ASCII characters")
        return s.encode("ascii")
    if isinstance(s, bytes):
        return s
    if isinstance(s, (bytearray, memoryview)):
        return bytes(s)
    raise TypeError("argument should be a bytes-like object or ASCII string, not %r"
                    % type(s).__name__)


def _translate(data, src, dst):
    """Replaces each byte of src in data by the byte at the same index of dst."""
    mapping = {}
    for i in range(len(src)):
        mapping[src[i]] = dst[i]
    out = bytearray(data)
    for i in range(len(out)):
        b = out[i]
        if b in mapping:
            out[i] = mapping[b]
    return bytes(out)


def b64encode(s, altchars=None):
    if isinstance(s, str):
        raise TypeError("a bytes-like object is required, not 'str'")
    encoded = binascii.b2a_base64(s, newline=False)
    if altchars is not None:
        altchars = bytes(altchars)
        if len(altchars) != 2:
            raise AssertionError(repr(altchars))
        return _translate(encoded, b"+/", altchars)
    return encoded


def b64decode(s, altchars=None, validate=False):
    s = _bytes_from_decode_data(s)
    if altchars is not None:
        altchars = _bytes_from_decode_data(altchars)
        if len(altchars) != 2:
            raise AssertionError(repr(altchars))
        s = _translate(s, altchars, b"+/")
    return binascii.a2b_base64(s, strict_mode=bool(validate))


def standard_b64encode(s):
    return b64encode(s)


def standard_b64decode(s):
    return b64decode(s)


def urlsafe_b64encode(s):
    return _translate(b64encode(s), b"+/", b"-_")


def urlsafe_b64decode(s):
    s = _bytes_from_decode_data(s)
    s = _translate(s, b"-_", b"+/")
    return b64decode(s)


_B32_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_B32HEX_ALPHABET = b"0123456789ABCDEFGHIJKLMNOPQRSTUV"


def _b32encode(alphabet, s):
    if isinstance(s, str):
        raise TypeError("a bytes-like object is required, not 'str'")
    s = bytes(s)
    leftover = len(s) % 5
    if leftover:
        s = s + bytes(5 - leftover)
    out = bytearray()
    for i in range(0, len(s), 5):
        c = int.from_bytes(s[i:i + 5], "big")
        for shift in (35, 30, 25, 20, 15, 10, 5, 0):
            out.append(alphabet[(c >> shift) & 31])
    if leftover == 1:
        out[-6:] = b"======"
    elif leftover == 2:
        out[-4:] = b"===="
    elif leftover == 3:
        out[-3:] = b"==="
    elif leftover == 4:
        out[-1:] = b"="
    return bytes(out)


def _b32decode(alphabet, s, casefold=False, map01=None):
    s = _bytes_from_decode_data(s)
    if len(s) % 8:
        raise binascii.Error("Incorrect padding")
    if map01 is not None:
        map01 = _bytes_from_decode_data(map01)
        if len(map01) != 1:
            raise AssertionError(repr(map01))
        s = _translate(s, b"01", b"O" + map01)
    if casefold:
        s = s.upper()
    n = len(s)
    stripped = s
    while stripped.endswith(b"="):
        stripped = stripped[:-1]
    padchars = n - len(stripped)
    table = {}
    for i in range(32):
        table[alphabet[i]] = i
    out = bytearray()
    for i in range(0, len(stripped), 8):
        quanta = stripped[i:i + 8]
        acc = 0
        for c in quanta:
            if c not in table:
                raise binascii.Error("Non-base32 digit found")
            acc = (acc << 5) + table[c]
        out += (acc << (5 * (8 - len(quanta)))).to_bytes(5, "big") if len(quanta) < 8 \
            else acc.to_bytes(5, "big")
    if n % 8 or padchars not in (0, 1, 3, 4, 6):
        raise binascii.Error("Incorrect padding")
    if padchars and out:
        leftover = (43 - 5 * padchars) // 8
        out = out[:len(out) - 5 + leftover]
    return bytes(out)


def b32encode(s):
    return _b32encode(_B32_ALPHABET, s)


def b32decode(s, casefold=False, map01=None):
    return _b32decode(_B32_ALPHABET, s, casefold, map01)


def b32hexencode(s):
    return _b32encode(_B32HEX_ALPHABET, s)


def b32hexdecode(s, casefold=False):
    return _b32decode(_B32HEX_ALPHABET, s, casefold)


def b16encode(s):
    if isinstance(s, str):
        raise TypeError("a bytes-like object is required, not 'str'")
    return binascii.hexlify(s).upper()


def b16decode(s, casefold=False):
    s = _bytes_from_decode_data(s)
    if casefold:
        s = s.upper()
    for c in s:
        if not (48 <= c <= 57 or 65 <= c <= 70):
            raise binascii.Error("Non-base16 digit found")
    return binascii.unhexlify(s)


MAXLINESIZE = 76
MAXBINSIZE = (MAXLINESIZE // 4) * 3


def encodebytes(s):
    if isinstance(s, str):
        raise TypeError("expected bytes-like object, not str")
    s = bytes(s)
    pieces = []
    for i in range(0, len(s), MAXBINSIZE):
        pieces.append(binascii.b2a_base64(s[i:i + MAXBINSIZE]))
    return b"".join(pieces)


def decodebytes(s):
    if isinstance(s, str):
        raise TypeError("expected bytes-like object, not str")
    return binascii.a2b_base64(s)
