"""CodeObject <-> bytes: the frozen format of BYTECODE.md section 9.

Integers are packed by hand (no struct module) so the compiler depends on
nothing but the language itself; the output must be byte-identical whether
the compiler runs on CPython or on the TensorOS VM.
"""

from compiler import bytecode as bc

INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1


class FormatError(Exception):
    """A serialized file that is not valid (bad magic, truncated, ...)."""


def put_u16(out, value):
    out.append(value & 0xFF)
    out.append((value >> 8) & 0xFF)


def put_u32(out, value):
    if value < 0 or value > 0xFFFFFFFF:
        raise ValueError('u32 out of range')
    out.append(value & 0xFF)
    out.append((value >> 8) & 0xFF)
    out.append((value >> 16) & 0xFF)
    out.append((value >> 24) & 0xFF)


def put_u64(out, value):
    shift = 0
    while shift < 64:
        out.append((value >> shift) & 0xFF)
        shift += 8


def utf8_encode(text):
    """UTF-8, lone surrogates encoded like any other code point (surrogatepass)."""
    out = bytearray()
    for ch in text:
        code = ord(ch)
        if code < 0x80:
            out.append(code)
        elif code < 0x800:
            out.append(0xC0 | (code >> 6))
            out.append(0x80 | (code & 0x3F))
        elif code < 0x10000:
            out.append(0xE0 | (code >> 12))
            out.append(0x80 | ((code >> 6) & 0x3F))
            out.append(0x80 | (code & 0x3F))
        else:
            out.append(0xF0 | (code >> 18))
            out.append(0x80 | ((code >> 12) & 0x3F))
            out.append(0x80 | ((code >> 6) & 0x3F))
            out.append(0x80 | (code & 0x3F))
    return out


def put_str(out, text):
    data = utf8_encode(text)
    put_u32(out, len(data))
    out.extend(data)


def float_bits(value):
    """IEEE 754 binary64 bits of a float, via float.hex() (exact)."""
    text = value.hex()
    sign = 0
    if text[0] == '-':
        sign = 1
        text = text[1:]
    if text == 'inf':
        return (sign << 63) | (0x7FF << 52)
    if text == 'nan':
        return (0x7FF << 52) | (1 << 51)
    # text looks like 0x1.8000000000000p+3 or 0x0.0p+0
    p_at = text.find('p')
    exponent = int(text[p_at + 1:])
    mantissa_text = text[2:p_at]
    dot = mantissa_text.find('.')
    if dot < 0:
        lead = mantissa_text
        fraction = ''
    else:
        lead = mantissa_text[:dot]
        fraction = mantissa_text[dot + 1:]
    while len(fraction) < 13:
        fraction = fraction + '0'
    mantissa = int(fraction, 16)
    if lead == '0':
        return (sign << 63) | mantissa          # zero or subnormal
    return (sign << 63) | ((exponent + 1023) << 52) | mantissa


def bits_to_float(bits):
    sign = '-' if bits >> 63 else ''
    exponent = (bits >> 52) & 0x7FF
    mantissa = bits & ((1 << 52) - 1)
    if exponent == 0x7FF:
        if mantissa:
            return float('nan')
        return float(sign + 'inf')
    digits = hex_digits(mantissa, 13)
    if exponent == 0:
        return float.fromhex('%s0x0.%sp-1022' % (sign, digits))
    return float.fromhex('%s0x1.%sp%d' % (sign, digits, exponent - 1023))


def hex_digits(value, width):
    alphabet = '0123456789abcdef'
    out = ''
    while width > 0:
        out = alphabet[value & 15] + out
        value >>= 4
        width -= 1
    return out


def put_object(out, value):
    if value is None:
        out.append(ord('N'))
    elif value is True:
        out.append(ord('T'))
    elif value is False:
        out.append(ord('F'))
    elif value is Ellipsis:
        out.append(ord('E'))
    elif isinstance(value, int):
        if INT64_MIN <= value <= INT64_MAX:
            out.append(ord('i'))
            put_u64(out, value & 0xFFFFFFFFFFFFFFFF)
        else:
            out.append(ord('I'))
            magnitude = value
            out.append(0)
            if value < 0:
                out[-1] = 1
                magnitude = -value
            data = bytearray()
            while magnitude:
                data.append(magnitude & 0xFF)
                magnitude >>= 8
            put_u32(out, len(data))
            out.extend(data)
    elif isinstance(value, float):
        out.append(ord('f'))
        put_u64(out, float_bits(value))
    elif isinstance(value, str):
        out.append(ord('s'))
        put_str(out, value)
    elif isinstance(value, bytes):
        out.append(ord('b'))
        put_u32(out, len(value))
        out.extend(value)
    elif isinstance(value, tuple):
        out.append(ord('('))
        put_u32(out, len(value))
        for item in value:
            put_object(out, item)
    elif isinstance(value, bc.CodeObject):
        out.append(ord('C'))
        put_code(out, value)
    else:
        raise TypeError('cannot serialize %s' % type(value).__name__)


def put_str_list(out, names):
    put_u32(out, len(names))
    for name in names:
        put_str(out, name)


def put_code(out, code):
    put_u32(out, code.argcount)
    put_u32(out, code.posonlyargcount)
    put_u32(out, code.kwonlyargcount)
    put_u32(out, code.flags)
    put_u32(out, code.stacksize)
    put_u32(out, code.firstlineno)
    put_str(out, code.name)
    put_str(out, code.qualname)
    put_str(out, code.filename)
    put_u32(out, len(code.code))
    for word in code.code:
        put_u32(out, word)
    put_u32(out, len(code.consts))
    for value in code.consts:
        put_object(out, value)
    put_str_list(out, code.names)
    put_str_list(out, code.varnames)
    put_str_list(out, code.cellvars)
    put_str_list(out, code.freevars)
    put_u32(out, len(code.exception_table))
    for entry in code.exception_table:
        for field in entry:
            put_u32(out, field)
    put_u32(out, len(code.linetable))
    out.extend(code.linetable)


def put_header(out, magic):
    out.extend(magic)
    put_u16(out, bc.FORMAT_VERSION)
    put_u16(out, 0)


def serialize(code):
    out = bytearray()
    put_header(out, bc.MAGIC)
    put_object(out, code)
    return bytes(out)


def serialize_bundle(modules):
    """modules: list of (dotted_name, is_package, CodeObject)."""
    entries = []
    for entry in modules:
        entries.append(entry)
    entries.sort(key=bundle_sort_key)
    out = bytearray()
    put_header(out, bc.BUNDLE_MAGIC)
    put_u32(out, len(entries))
    for name, is_package, code in entries:
        put_str(out, name)
        put_u32(out, 1 if is_package else 0)
        blob = serialize(code)
        put_u32(out, len(blob))
        out.extend(blob)
    return bytes(out)


def bundle_sort_key(entry):
    return entry[0]


# --- reading (host tools and tests; the VM has its own loader in C)

class Reader:
    def __init__(self, data):
        self.data = data
        self.pos = 0

    def take(self, count):
        if count < 0 or self.pos + count > len(self.data):
            raise FormatError('truncated data at offset %d' % self.pos)
        chunk = self.data[self.pos:self.pos + count]
        self.pos += count
        return chunk

    def unsigned(self, size):
        chunk = self.take(size)
        value = 0
        shift = 0
        for byte in chunk:
            value |= byte << shift
            shift += 8
        return value

    def string(self):
        return bytes(self.take(self.unsigned(4))).decode('utf-8', 'surrogatepass')

    def strings(self):
        count = self.unsigned(4)
        result = []
        for _ in range(count):
            result.append(self.string())
        return result

    def header(self, magic):
        if bytes(self.take(4)) != magic:
            raise FormatError('bad magic')
        version = self.unsigned(2)
        if version != bc.FORMAT_VERSION:
            raise FormatError('unsupported format version %d' % version)
        self.unsigned(2)

    def object(self):
        tag = chr(self.take(1)[0])
        if tag == 'N':
            return None
        if tag == 'T':
            return True
        if tag == 'F':
            return False
        if tag == 'E':
            return Ellipsis
        if tag == 'i':
            value = self.unsigned(8)
            if value >> 63:
                value -= 1 << 64
            return value
        if tag == 'I':
            negative = self.unsigned(1)
            count = self.unsigned(4)
            value = 0
            shift = 0
            for byte in self.take(count):
                value |= byte << shift
                shift += 8
            return -value if negative else value
        if tag == 'f':
            return bits_to_float(self.unsigned(8))
        if tag == 's':
            return self.string()
        if tag == 'b':
            return bytes(self.take(self.unsigned(4)))
        if tag == '(':
            count = self.unsigned(4)
            items = []
            for _ in range(count):
                items.append(self.object())
            return tuple(items)
        if tag == 'C':
            return self.code()
        raise FormatError('unknown tag %r' % tag)

    def code(self):
        code = bc.CodeObject()
        code.argcount = self.unsigned(4)
        code.posonlyargcount = self.unsigned(4)
        code.kwonlyargcount = self.unsigned(4)
        code.flags = self.unsigned(4)
        code.stacksize = self.unsigned(4)
        code.firstlineno = self.unsigned(4)
        code.name = self.string()
        code.qualname = self.string()
        code.filename = self.string()
        count = self.unsigned(4)
        words = []
        for _ in range(count):
            words.append(self.unsigned(4))
        code.code = words
        count = self.unsigned(4)
        consts = []
        for _ in range(count):
            consts.append(self.object())
        code.consts = consts
        code.names = self.strings()
        code.varnames = self.strings()
        code.cellvars = self.strings()
        code.freevars = self.strings()
        count = self.unsigned(4)
        table = []
        for _ in range(count):
            table.append((self.unsigned(4), self.unsigned(4), self.unsigned(4), self.unsigned(4)))
        code.exception_table = table
        code.linetable = bytes(self.take(self.unsigned(4)))
        validate_code(code)
        return code


def validate_code(code):
    """The checks BYTECODE.md asks of a loader."""
    cells = len(code.cellvars) + len(code.freevars)
    limits = {bc.CONST: len(code.consts), bc.NAME: len(code.names), bc.LOCAL: len(code.varnames),
              bc.CELL: cells, bc.JUMP: len(code.code)}
    for word in code.code:
        number, arg = bc.decode_instruction(word)
        entry = bc.OPCODE_BY_NUMBER.get(number)
        if entry is None:
            raise FormatError('unknown opcode %d' % number)
        limit = limits.get(entry[2])
        if limit is not None and arg >= limit:
            raise FormatError('operand %d out of range for %s' % (arg, entry[0]))
        if entry[2] == bc.NONE and arg != 0:
            raise FormatError('operand given to %s' % entry[0])
    for start, end, handler, depth in code.exception_table:
        if not (start < end <= len(code.code)) or handler >= len(code.code) or depth > code.stacksize:
            raise FormatError('bad exception table entry')


def deserialize(data):
    reader = Reader(data)
    reader.header(bc.MAGIC)
    code = reader.object()
    if not isinstance(code, bc.CodeObject):
        raise FormatError('file does not hold a code object')
    if reader.pos != len(data):
        raise FormatError('trailing data')
    return code


def deserialize_bundle(data):
    reader = Reader(data)
    reader.header(bc.BUNDLE_MAGIC)
    count = reader.unsigned(4)
    modules = []
    for _ in range(count):
        name = reader.string()
        flags = reader.unsigned(4)
        blob = bytes(reader.take(reader.unsigned(4)))
        modules.append((name, flags & 1 == 1, deserialize(blob)))
    return modules
