"""The instruction set: ONE table, read by the code generator, the serializer,
the disassembler and (through BYTECODE.md) the C VM.

An instruction is one 32-bit little-endian word: bits 0-7 are the opcode,
bits 8-31 the operand (0 when the opcode takes none).  Fixed width keeps the
C dispatch loop to `w = *ip++; op = w & 0xff; arg = w >> 8`, and lets jump
targets be plain instruction indexes with no relaxation pass.
"""

FORMAT_VERSION = 1
MAGIC = b'TPYC'
BUNDLE_MAGIC = b'TPYB'
MAX_OPERAND = (1 << 24) - 1

# Operand kinds: what the 24-bit operand indexes or means.
NONE = 'none'        # no operand (must be 0)
CONST = 'const'      # index into consts
NAME = 'name'        # index into names
LOCAL = 'local'      # index into varnames (the fast-locals array)
CELL = 'cell'        # index into cellvars + freevars (the cells array)
JUMP = 'jump'        # absolute instruction index in the same code object
COUNT = 'count'      # a count of stack items
OPERATOR = 'operator'  # index into one of the operator tables below
FLAGS = 'flags'      # a bit set described with the opcode

# Stack effects: an int, or a string naming a rule in _VARIABLE_EFFECTS.
# 'jump_effect' is the effect on the branch that jumps (None: never jumps).
#      name                  number  operand   effect        jump_effect
OPCODE_TABLE = [
    ('NOP',                    0,   NONE,      0,            None),
    ('POP_TOP',                1,   NONE,     -1,            None),
    ('COPY',                   2,   COUNT,     1,            None),
    ('SWAP',                   3,   COUNT,     0,            None),
    ('LOAD_CONST',             5,   CONST,     1,            None),
    ('RETURN_VALUE',           6,   NONE,     -1,            None),
    ('PRINT_EXPR',             7,   NONE,     -1,            None),
    ('LOAD_ASSERTION_ERROR',   8,   NONE,      1,            None),
    ('LOAD_BUILD_CLASS',       9,   NONE,      1,            None),

    ('LOAD_FAST',             10,   LOCAL,     1,            None),
    ('STORE_FAST',            11,   LOCAL,    -1,            None),
    ('DELETE_FAST',           12,   LOCAL,     0,            None),
    ('LOAD_DEREF',            13,   CELL,      1,            None),
    ('STORE_DEREF',           14,   CELL,     -1,            None),
    ('DELETE_DEREF',          15,   CELL,      0,            None),
    ('LOAD_CLOSURE',          16,   CELL,      1,            None),
    ('LOAD_CLASSDEREF',       17,   CELL,      1,            None),
    ('LOAD_NAME',             18,   NAME,      1,            None),
    ('STORE_NAME',            19,   NAME,     -1,            None),
    ('DELETE_NAME',           20,   NAME,      0,            None),
    ('LOAD_GLOBAL',           21,   NAME,      1,            None),
    ('STORE_GLOBAL',          22,   NAME,     -1,            None),
    ('DELETE_GLOBAL',         23,   NAME,      0,            None),
    ('LOAD_ATTR',             24,   NAME,      0,            None),
    ('STORE_ATTR',            25,   NAME,     -2,            None),
    ('DELETE_ATTR',           26,   NAME,     -1,            None),
    ('LOAD_METHOD',           27,   NAME,      1,            None),

    ('UNARY_OP',              30,   OPERATOR,  0,            None),
    ('BINARY_OP',             31,   OPERATOR, -1,            None),
    ('COMPARE_OP',            32,   OPERATOR, -1,            None),
    ('BINARY_SUBSCR',         33,   NONE,     -1,            None),
    ('STORE_SUBSCR',          34,   NONE,     -3,            None),
    ('DELETE_SUBSCR',         35,   NONE,     -2,            None),
    ('BUILD_SLICE',           36,   COUNT,    'one_minus_n', None),
    ('GET_ITER',              37,   NONE,      0,            None),
    ('FOR_ITER',              38,   JUMP,      1,           -1),
    ('CHECK_EXC_MATCH',       39,   NONE,      0,            None),

    ('BUILD_TUPLE',           40,   COUNT,    'one_minus_n', None),
    ('BUILD_LIST',            41,   COUNT,    'one_minus_n', None),
    ('BUILD_SET',             42,   COUNT,    'one_minus_n', None),
    ('BUILD_MAP',             43,   COUNT,    'build_map',   None),
    ('BUILD_STRING',          44,   COUNT,    'one_minus_n', None),
    ('FORMAT_VALUE',          45,   FLAGS,    'format_value', None),
    ('LIST_APPEND',           46,   COUNT,    -1,            None),
    ('SET_ADD',               47,   COUNT,    -1,            None),
    ('MAP_ADD',               48,   COUNT,    -2,            None),
    ('LIST_EXTEND',           49,   COUNT,    -1,            None),
    ('SET_UPDATE',            50,   COUNT,    -1,            None),
    ('DICT_UPDATE',           51,   COUNT,    -1,            None),
    ('DICT_MERGE',            52,   COUNT,    -1,            None),
    ('LIST_TO_TUPLE',         53,   NONE,      0,            None),
    ('UNPACK_SEQUENCE',       54,   COUNT,    'n_minus_one', None),
    ('UNPACK_EX',             55,   FLAGS,    'unpack_ex',   None),

    ('JUMP',                  60,   JUMP,      0,            0),
    ('POP_JUMP_IF_FALSE',     61,   JUMP,     -1,           -1),
    ('POP_JUMP_IF_TRUE',      62,   JUMP,     -1,           -1),
    ('JUMP_IF_FALSE_OR_POP',  63,   JUMP,     -1,            0),
    ('JUMP_IF_TRUE_OR_POP',   64,   JUMP,     -1,            0),

    ('CALL',                  70,   COUNT,    'call',        None),
    ('CALL_KW',               71,   COUNT,    'call_kw',     None),
    ('CALL_METHOD',           72,   COUNT,    'call_method', None),
    ('CALL_METHOD_KW',        73,   COUNT,    'call_method_kw', None),
    ('CALL_EX',               74,   FLAGS,    'call_ex',     None),
    ('MAKE_FUNCTION',         75,   FLAGS,    'make_function', None),

    ('RAISE_VARARGS',         80,   COUNT,    'minus_n',     None),
    ('RERAISE',               81,   NONE,     -1,            None),
    ('PUSH_EXC_INFO',         82,   NONE,      1,            None),
    ('POP_EXCEPT',            83,   NONE,     -1,            None),
    ('BEFORE_WITH',           84,   NONE,      1,            None),
    ('WITH_EXCEPT_START',     85,   NONE,      1,            None),

    ('YIELD_VALUE',           90,   NONE,      0,            None),
    ('GET_YIELD_FROM_ITER',   91,   NONE,      0,            None),
    ('YIELD_FROM',            92,   NONE,     -1,            None),

    ('IMPORT_NAME',          100,   NAME,     -1,            None),
    ('IMPORT_FROM',          101,   NAME,      1,            None),
    ('IMPORT_STAR',          102,   NONE,     -1,            None),
]

# Opcodes 128-255 are reserved for the VM's quickened (specialized) forms.
# The compiler never emits them and a serialized file never contains them.
FIRST_RESERVED_OPCODE = 128

# Instructions after which control never falls through to the next one.
TERMINATORS = ('JUMP', 'RETURN_VALUE', 'RAISE_VARARGS', 'RERAISE')

# Operator tables (the operand of UNARY_OP, BINARY_OP, COMPARE_OP).
UNARY_OPERATORS = ['-', '+', 'not', '~']
BINARY_OPERATORS = ['+', '-', '*', '/', '//', '%', '**', '<<', '>>', '&', '|', '^', '@']
INPLACE_FLAG = 16     # BINARY_OP operand | 16: the augmented form (a += b)
COMPARE_OPERATORS = ['<', '<=', '==', '!=', '>', '>=', 'is', 'is not', 'in', 'not in']

# FORMAT_VALUE flags
FORMAT_CONVERSION_MASK = 3   # 0 none, 1 !s, 2 !r, 3 !a
FORMAT_HAS_SPEC = 4
# MAKE_FUNCTION flags
MAKE_FUNCTION_DEFAULTS = 1
MAKE_FUNCTION_KWDEFAULTS = 2
MAKE_FUNCTION_CLOSURE = 4
# CALL_EX flags
CALL_EX_HAS_KWARGS = 1

# Code object flags
CO_VARARGS = 0x01
CO_VARKEYWORDS = 0x02
CO_GENERATOR = 0x04
CO_CLASS_BODY = 0x08
CO_MODULE = 0x10
CO_HAS_DOCSTRING = 0x20


def _build_lookups():
    by_name = {}
    by_number = {}
    for entry in OPCODE_TABLE:
        by_name[entry[0]] = entry
        by_number[entry[1]] = entry
    return by_name, by_number


OPCODE_BY_NAME, OPCODE_BY_NUMBER = _build_lookups()


def opcode(name):
    return OPCODE_BY_NAME[name][1]


def _popcount3(flags):
    return (flags & 1) + ((flags >> 1) & 1) + ((flags >> 2) & 1)


def _variable_effect(rule, arg):
    if rule == 'one_minus_n':
        return 1 - arg
    if rule == 'n_minus_one':
        return arg - 1
    if rule == 'minus_n':
        return -arg
    if rule == 'build_map':
        return 1 - 2 * arg
    if rule == 'format_value':
        if arg & FORMAT_HAS_SPEC:
            return -1
        return 0
    if rule == 'unpack_ex':
        return (arg & 0xFFF) + (arg >> 12)
    if rule == 'call':
        return -arg
    if rule == 'call_kw':
        return -arg - 1
    if rule == 'call_method':
        return -arg - 1
    if rule == 'call_method_kw':
        return -arg - 2
    if rule == 'call_ex':
        return -1 - (arg & CALL_EX_HAS_KWARGS)
    if rule == 'make_function':
        return -_popcount3(arg)
    raise ValueError('unknown stack effect rule ' + rule)


def stack_effect(name, arg, jumping=False):
    """Net change of the value stack depth after executing one instruction."""
    entry = OPCODE_BY_NAME[name]
    effect = entry[4] if jumping else entry[3]
    if isinstance(effect, str):
        return _variable_effect(effect, arg)
    return effect


def encode_instruction(number, arg):
    return number | (arg << 8)


def decode_instruction(word):
    return word & 0xFF, word >> 8


class CodeObject:
    """What the compiler produces and the serializer writes.  Field meanings
    are specified in BYTECODE.md ("Code objects")."""

    def __init__(self):
        self.argcount = 0          # positional parameters, including positional-only
        self.posonlyargcount = 0
        self.kwonlyargcount = 0
        self.flags = 0
        self.stacksize = 0
        self.firstlineno = 1
        self.name = ''
        self.qualname = ''
        self.filename = ''
        self.code = []             # list of 32-bit instruction words
        self.consts = []
        self.names = []
        self.varnames = []
        self.cellvars = []
        self.freevars = []
        self.exception_table = []  # list of (start, end, handler, depth)
        self.linetable = b''

    def __repr__(self):
        return '<code %s, file "%s", line %d>' % (self.name, self.filename, self.firstlineno)

    def instructions(self):
        """(index, opcode name, operand) for each instruction."""
        result = []
        index = 0
        for word in self.code:
            number, arg = decode_instruction(word)
            result.append((index, OPCODE_BY_NUMBER[number][0], arg))
            index += 1
        return result

    def line_numbers(self):
        """One source line per instruction, decoded from linetable."""
        return decode_linetable(self.linetable, self.firstlineno, len(self.code))


# Line table: runs of (instruction count, line delta); each a varint, the
# delta zigzag-encoded.  See BYTECODE.md "Line table".

def write_varint(out, value):
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


def read_varint(data, pos):
    result = 0
    shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, pos


def zigzag(value):
    if value >= 0:
        return value << 1
    return ((-value) << 1) - 1


def unzigzag(value):
    if value & 1:
        return -((value + 1) >> 1)
    return value >> 1


def encode_linetable(lines, firstlineno):
    out = bytearray()
    previous = firstlineno
    index = 0
    count = len(lines)
    while index < count:
        line = lines[index]
        run = 1
        while index + run < count and lines[index + run] == line:
            run += 1
        write_varint(out, run)
        write_varint(out, zigzag(line - previous))
        previous = line
        index += run
    return bytes(out)


def decode_linetable(table, firstlineno, count):
    lines = []
    line = firstlineno
    pos = 0
    while pos < len(table):
        run, pos = read_varint(table, pos)
        delta, pos = read_varint(table, pos)
        line += unzigzag(delta)
        for _ in range(run):
            lines.append(line)
    while len(lines) < count:
        lines.append(line)
    return lines
