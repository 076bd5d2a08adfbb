"""runtime/lib/binascii.py and base64.py against CPython's modules."""

import base64
import binascii
import random

import pytest


def _outcome(fn, *args, **kwargs):
    try:
        return ("ok", fn(*args, **kwargs))
    except Exception as exc:   # compare the kind and message of errors too
        return ("error", type(exc).__name__, str(exc))


def _samples(seed=1, count=300):
    rng = random.Random(seed)
    out = [b"", b"\x00", b"\xff", b"a", b"ab", b"abc", b"abcd", bytes(range(256))]
    for _ in range(count):
        out.append(bytes(rng.randrange(256) for _ in range(rng.randrange(40))))
    return out


def test_hexlify_unhexlify(lib_binascii):
    for data in _samples():
        assert lib_binascii.hexlify(data) == binascii.hexlify(data)
        assert lib_binascii.b2a_hex(bytearray(data)) == binascii.b2a_hex(bytearray(data))
        hexed = binascii.hexlify(data)
        assert lib_binascii.unhexlify(hexed) == data
        assert lib_binascii.a2b_hex(hexed.upper().decode()) == data


@pytest.mark.parametrize("sep", ["-", b":", " "])
@pytest.mark.parametrize("per", [1, 2, 3, -1, -2, -5, 7])
def test_hexlify_sep(lib_binascii, sep, per):
    for data in _samples(2, 40):
        assert lib_binascii.hexlify(data, sep, per) == binascii.hexlify(data, sep, per)


@pytest.mark.parametrize("bad", ["abc", "zz", "0g", b"1", "é0"])
def test_unhexlify_errors(lib_binascii, bad):
    assert _outcome(lib_binascii.unhexlify, bad) == _outcome(binascii.unhexlify, bad)


def test_base64_roundtrip(lib_binascii):
    for data in _samples():
        for newline in (True, False):
            assert lib_binascii.b2a_base64(data, newline=newline) == \
                binascii.b2a_base64(data, newline=newline)
        enc = binascii.b2a_base64(data)
        assert lib_binascii.a2b_base64(enc) == data
        assert lib_binascii.a2b_base64(enc[:-1], strict_mode=True) == data


def test_a2b_base64_garbage(lib_binascii):
    rng = random.Random(7)
    alphabet = b"ABCDabcd0189+/=== \n!-_"
    for _ in range(2000):
        text = bytes(rng.choice(alphabet) for _ in range(rng.randrange(14)))
        for strict in (False, True):
            assert _outcome(lib_binascii.a2b_base64, text, strict_mode=strict) == \
                _outcome(binascii.a2b_base64, text, strict_mode=strict), (text, strict)


def test_crc(lib_binascii):
    for data in _samples():
        assert lib_binascii.crc32(data) == binascii.crc32(data)
        assert lib_binascii.crc32(data, 0xDEADBEEF) == binascii.crc32(data, 0xDEADBEEF)
        assert lib_binascii.crc_hqx(data, 0) == binascii.crc_hqx(data, 0)
        assert lib_binascii.crc_hqx(data, 0x1D0F) == binascii.crc_hqx(data, 0x1D0F)
    # running crc over chunks
    crc = 0
    for chunk in (b"hello ", b"world"):
        crc = lib_binascii.crc32(chunk, crc)
    assert crc == binascii.crc32(b"hello world")


def test_type_errors(lib_binascii):
    with pytest.raises(TypeError):
        lib_binascii.hexlify("text")
    with pytest.raises(ValueError):
        lib_binascii.a2b_base64("é")
    assert issubclass(lib_binascii.Error, ValueError)


def test_b64(lib_base64):
    for data in _samples(3):
        for name in ("b64encode", "standard_b64encode", "urlsafe_b64encode",
                     "b32encode", "b32hexencode", "b16encode", "encodebytes"):
            assert getattr(lib_base64, name)(data) == getattr(base64, name)(data), name
        assert lib_base64.b64encode(data, b"-_") == base64.b64encode(data, b"-_")
        for enc, dec in (("b64encode", "b64decode"), ("urlsafe_b64encode", "urlsafe_b64decode"),
                         ("b32encode", "b32decode"), ("b32hexencode", "b32hexdecode"),
                         ("b16encode", "b16decode"), ("encodebytes", "decodebytes"),
                         ("standard_b64encode", "standard_b64decode")):
            encoded = getattr(base64, enc)(data)
            assert getattr(lib_base64, dec)(encoded) == data, dec
        encoded = base64.b64encode(data).decode()
        assert lib_base64.b64decode(encoded, validate=True) == data
        assert lib_base64.b64decode(base64.b64encode(data, b"*!"), b"*!") == data
        assert lib_base64.b16decode(base64.b16encode(data).lower(), casefold=True) == data


def test_b64decode_invalid(lib_base64):
    rng = random.Random(11)
    alphabet = "ABab09+/=\n-_*"
    for _ in range(1500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(12)))
        for validate in (False, True):
            assert _outcome(lib_base64.b64decode, text, validate=validate) == \
                _outcome(base64.b64decode, text, validate=validate), (text, validate)
        assert _outcome(lib_base64.urlsafe_b64decode, text) == \
            _outcome(base64.urlsafe_b64decode, text), text


def test_b32_b16_invalid(lib_base64):
    rng = random.Random(12)
    alphabet = "ABCZ27=0189ab"
    for _ in range(1500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.choice([0, 8, 16, rng.randrange(17)])))
        assert _outcome(lib_base64.b32decode, text) == _outcome(base64.b32decode, text), text
        assert _outcome(lib_base64.b32decode, text, True, b"L") == \
            _outcome(base64.b32decode, text, True, b"L"), text
        assert _outcome(lib_base64.b16decode, text) == _outcome(base64.b16decode, text), text
    with pytest.raises(TypeError):
        lib_base64.b64encode("text")
