"""Literal tokens -> values: numbers, strings, bytes, and the raw body of
f-strings (split into fields by the parser).  Written by hand so the compiler
needs nothing from the VM beyond int(), float(), chr() and ord()."""

from compiler.errors import UNSUPPORTED_SUFFIX

SIMPLE_ESCAPES = {
    '\n': '', '\\': '\\', "'": "'", '"': '"', 'a': '\x07', 'b': '\x08',
    'f': '\x0c', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\x0b',
}
OCTAL_DIGITS = '01234567'
HEX_DIGITS = '0123456789abcdefABCDEF'
DECIMAL_CHUNK = 18


def parse_decimal(digits):
    """Decimal text -> int, in chunks (no limit on length)."""
    value = 0
    pos = 0
    length = len(digits)
    first = length % DECIMAL_CHUNK
    if first == 0:
        first = DECIMAL_CHUNK
    while pos < length:
        chunk = digits[pos:pos + first]
        value = value * (10 ** len(chunk)) + int(chunk)
        pos += first
        first = DECIMAL_CHUNK
    return value


def parse_number(tok, reporter):
    text = tok.text.replace('_', '')
    last = text[-1]
    if last == 'j' or last == 'J':
        raise reporter.unsupported('complex numbers', tok.line, tok.col)
    if len(text) > 1 and text[0] == '0' and text[1] in 'xXoObB':
        base = {'x': 16, 'o': 8, 'b': 2}[text[1].lower()]
        return int(text[2:], base)
    for ch in text:
        if ch == '.' or ch == 'e' or ch == 'E':
            return float(text)
    return parse_decimal(text)


class StringLiteral:
    """One STRING token, split into prefix and body."""

    def __init__(self, prefix, body, quote_length):
        lowered = prefix.lower()
        self.is_bytes = 'b' in lowered
        self.is_raw = 'r' in lowered
        self.is_fstring = 'f' in lowered
        self.body = body
        self.quote_length = quote_length
        self.value = None

    def decode_piece(self, text, tok, reporter):
        if self.is_raw:
            return text
        return decode_escapes(text, False, tok, reporter)

    def sub_literal(self, body):
        literal = StringLiteral('f' + ('r' if self.is_raw else ''), body, self.quote_length)
        return literal


def decode_string_literal(tok, reporter):
    text = tok.text
    quote_at = 0
    while text[quote_at] != '"' and text[quote_at] != "'":
        quote_at += 1
    prefix = text[:quote_at]
    quote = text[quote_at]
    if text.startswith(quote * 3, quote_at) and len(text) >= quote_at + 6:
        quote_length = 3
    else:
        quote_length = 1
    body = text[quote_at + quote_length:len(text) - quote_length]
    literal = StringLiteral(prefix, body, quote_length)
    if literal.is_fstring:
        return literal
    if literal.is_bytes:
        for ch in body:
            if ord(ch) > 127:
                raise reporter.error('bytes can only contain ASCII literal characters', tok.line, tok.col)
        if literal.is_raw:
            decoded = body
        else:
            decoded = decode_escapes(body, True, tok, reporter)
        literal.value = latin1_bytes(decoded)
    elif literal.is_raw:
        literal.value = body
    else:
        literal.value = decode_escapes(body, False, tok, reporter)
    return literal


def latin1_bytes(text):
    out = bytearray()
    for ch in text:
        out.append(ord(ch))
    return bytes(out)


def decode_escapes(body, is_bytes, tok, reporter):
    if '\\' not in body:
        return body
    out = []
    pos = 0
    length = len(body)
    while pos < length:
        ch = body[pos]
        if ch != '\\':
            end = body.find('\\', pos)
            if end < 0:
                end = length
            out.append(body[pos:end])
            pos = end
            continue
        pos += 1
        if pos >= length:
            out.append('\\')
            break
        ch = body[pos]
        simple = SIMPLE_ESCAPES.get(ch)
        if simple is not None:
            out.append(simple)
            pos += 1
        elif ch in OCTAL_DIGITS:
            end = pos
            while end < length and end < pos + 3 and body[end] in OCTAL_DIGITS:
                end += 1
            value = int(body[pos:end], 8)
            if is_bytes:
                value = value & 0xFF
            out.append(chr(value))
            pos = end
        elif ch == 'x' or (not is_bytes and (ch == 'u' or ch == 'U')):
            width = {'x': 2, 'u': 4, 'U': 8}[ch]
            digits = body[pos + 1:pos + 1 + width]
            valid = len(digits) == width
            for digit in digits:
                if digit not in HEX_DIGITS:
                    valid = False
            if not valid:
                codec = 'unicodeescape' if not is_bytes else 'bytes'
                raise reporter.error("(%s error) truncated \\%s%s escape" % (codec, ch, 'X' * width),
                                     tok.line, tok.col)
            value = int(digits, 16)
            if value > 0x10FFFF:
                raise reporter.error('(unicode error) illegal Unicode character', tok.line, tok.col)
            out.append(chr(value))
            pos += 1 + width
        elif ch == 'N' and not is_bytes:
            raise reporter.error('\\N{...} escapes' + UNSUPPORTED_SUFFIX, tok.line, tok.col)
        else:
            out.append('\\' + ch)     # unknown escapes stay as written (as CPython does)
            pos += 1
    return ''.join(out)
