"""binascii: conversions between binary data and ASCII, in the Python subset.

Behaves like CPython 3.11's binascii for the functions it provides:
hexlify/b2a_hex, unhexlify/a2b_hex, b2a_base64, a2b_base64 (with
strict_mode), crc32, crc_hqx.  Left out: uu, quoted-printable.
"""


class Error(ValueError):
    pass


class Incomplete(Exception):
    pass


_HEX = b"0123456789abcdef"
_HEX_PAIRS = [bytes((_HEX[i >> 4], _HEX[i & 15])) for i in range(256)]

_B64_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_B64_DECODE = [255] * 256
for _i in range(64):
    _B64_DECODE[_B64_ALPHABET[_i]] = _i
_HEX_DECODE = [255] * 256
for _i in range(10):
    _HEX_DECODE[48 + _i] = _i
for _i in range(6):
    _HEX_DECODE[97 + _i] = 10 + _i
    _HEX_DECODE[65 + _i] = 10 + _i


def _bytes_arg(data, name):
    """A bytes-like argument (bytes, bytearray, memoryview) as bytes."""
    if isinstance(data, bytes):
        return data
    if isinstance(data, (bytearray, memoryview)):
        return bytes(data)
    if isinstance(data, str):
        raise TypeError("a bytes-like object is required, not 'str'")
    raise TypeError("a bytes-like object is required, not '%s'" % type(data).__name__)


def _ascii_arg(data):
    """An a2b_* argument: bytes-like, or a str holding only ASCII."""
    if isinstance(data, str):
        for ch in data:
            if ord(ch) > 127:
                raise ValueError("string argument should contain only ASCII characters")
        return data.encode("ascii")
    if isinstance(data, bytes):
        return data
    if isinstance(data, (bytearray, memoryview)):
        return bytes(data)
    raise TypeError("argument should be bytes, buffer or ASCII string, not '%s'"
                    % type(data).__name__)


def hexlify(data, sep=None, bytes_per_sep=1):
    data = _bytes_arg(data, "data")
    pairs = _HEX_PAIRS
    out = b"".join([pairs[b] for b in data])
    if sep is None or len(data) == 0:
        return out
    if isinstance(sep, str):
        if len(sep) != 1:
            raise ValueError("sep must be length 1.")
        if ord(sep) > 127:
            raise ValueError("sep must be ASCII.")
        sep = sep.encode("ascii")
    elif isinstance(sep, (bytes, bytearray)):
        if len(sep) != 1:
            raise ValueError("sep must be length 1.")
        sep = bytes(sep)
    else:
        raise TypeError("sep must be str or bytes.")
    if bytes_per_sep == 0:
        return out
    group = abs(bytes_per_sep) * 2
    n = len(out)
    chunks = []
    if bytes_per_sep < 0:
        # groups counted from the left
        i = 0
        while i < n:
            chunks.append(out[i:i + group])
            i += group
    else:
        # groups counted from the right
        first = n % group
        if first:
            chunks.append(out[:first])
        i = first
        while i < n:
            chunks.append(out[i:i + group])
            i += group
    return sep.join(chunks)


b2a_hex = hexlify


def unhexlify(hexstr):
    data = _ascii_arg(hexstr)
    n = len(data)
    if n % 2:
        raise Error("Odd-length string")
    table = _HEX_DECODE
    out = bytearray(n // 2)
    j = 0
    for i in range(0, n, 2):
        hi = table[data[i]]
        lo = table[data[i + 1]]
        if hi > 15 or lo > 15:
            raise Error("Non-hexadecimal digit found")
        out[j] = (hi << 4) | lo
        j += 1
    return bytes(out)


a2b_hex = unhexlify


def b2a_base64(data, *, newline=True):
    data = _bytes_arg(data, "data")
    alphabet = _B64_ALPHABET
    n = len(data)
    full = n - n % 3
    out = bytearray()
    for i in range(0, full, 3):
        v = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2]
        out.append(alphabet[v >> 18])
        out.append(alphabet[(v >> 12) & 63])
        out.append(alphabet[(v >> 6) & 63])
        out.append(alphabet[v & 63])
    rest = n - full
    if rest == 1:
        v = data[full]
        out.append(alphabet[v >> 2])
        out.append(alphabet[(v & 3) << 4])
        out += b"=="
    elif rest == 2:
        v = (data[full] << 8) | data[full + 1]
        out.append(alphabet[v >> 10])
        out.append(alphabet[(v >> 4) & 63])
        out.append(alphabet[(v & 15) << 2])
        out.append(61)
    if newline:
        out.append(10)
    return bytes(out)


def a2b_base64(data, *, strict_mode=False):
    data = _ascii_arg(data)
    table = _B64_DECODE
    out = bytearray()
    quad_pos = 0
    left = 0
    pads = 0
    padding_started = False
    n = len(data)
    if strict_mode and n > 0 and data[0] == 61:
        raise Error("Leading padding not allowed")
    i = 0
    while i < n:
        ch = data[i]
        if ch == 61:  # '='
            padding_started = True
            if quad_pos >= 2:
                pads += 1
                if quad_pos + pads >= 4:
                    if strict_mode and i + 1 < n:
                        raise Error("Excess data after padding")
                    return bytes(out)
            i += 1
            continue
        v = table[ch]
        if v > 63:
            if strict_mode:
                raise Error("Only base64 data is allowed")
            i += 1
            continue
        if strict_mode and padding_started:
            raise Error("Discontinuous padding not allowed")
        pads = 0
        if quad_pos == 0:
            quad_pos = 1
            left = v
        elif quad_pos == 1:
            quad_pos = 2
            out.append(((left << 2) | (v >> 4)) & 255)
            left = v & 15
        elif quad_pos == 2:
            quad_pos = 3
            out.append(((left << 4) | (v >> 2)) & 255)
            left = v & 3
        else:
            quad_pos = 0
            out.append(((left << 6) | v) & 255)
            left = 0
        i += 1
    if quad_pos != 0:
        if quad_pos == 1:
            raise Error("Invalid base64-encoded string: number of data characters "
                        "(%d) cannot be 1 more than a multiple of 4"
                        % (len(out) // 3 * 4 + 1))
        raise Error("Incorrect padding")
    return bytes(out)


def _make_crc32_table():
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            if c & 1:
                c = 0xEDB88320 ^ (c >> 1)
            else:
                c >>= 1
        table.append(c)
    return table


def _make_crc_hqx_table():
    table = []
    for i in range(256):
        c = i << 8
        for _ in range(8):
            if c & 0x8000:
                c = ((c << 1) ^ 0x1021) & 0xFFFF
            else:
                c = (c << 1) & 0xFFFF
        table.append(c)
    return table


_CRC32_TABLE = _make_crc32_table()
_CRC_HQX_TABLE = _make_crc_hqx_table()


def crc32(data, value=0):
    data = _bytes_arg(data, "data")
    table = _CRC32_TABLE
    crc = (value & 0xFFFFFFFF) ^ 0xFFFFFFFF
    for b in data:
        crc = table[(crc ^ b) & 255] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def crc_hqx(data, value):
    data = _bytes_arg(data, "data")
    table = _CRC_HQX_TABLE
    crc = value & 0xFFFF
    for b in data:
        crc = ((crc << 8) & 0xFF00) ^ table[(crc >> 8) ^ b]
    return crc
