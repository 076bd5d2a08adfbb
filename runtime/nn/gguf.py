"""GGUF, llama.cpp's model file: read in place and written.

`read(buffer)` parses and checks the whole header of a GGUF v2 or v3 file held
in a bytes-like object (on the kernel, a memoryview over the MODEL zone) and
returns a `GGUFFile`: metadata, tensor infos, and `tensor_bytes(info)`, a
memoryview slice of the weights. Tensor data is never copied.  Every problem
is a `GGUFError` naming the field and its byte offset, raised before anything
is returned.  `GGUFWriter` writes v3 (or v2) files.  The byte layout is
described in README.md in this folder.
"""

import struct


class GGUFError(ValueError):
    """A GGUF file (or a value given to the writer) is malformed."""


MAGIC = b"GGUF"
DEFAULT_ALIGNMENT = 32
VERSIONS = (2, 3)      # v1 used 32-bit counts and is long obsolete
MAX_DIMS = 4           # GGML_MAX_DIMS
MAX_NAME_BYTES = 63    # GGML_MAX_NAME is 64 including the NUL
MAX_ARRAY_DEPTH = 8    # nested arrays deeper than this are refused (bounds recursion)
MAX_ELEMENTS = (1 << 63) - 1   # ggml counts elements in int64

# Metadata value types (gguf_type).
UINT8 = 0
INT8 = 1
UINT16 = 2
INT16 = 3
UINT32 = 4
INT32 = 5
FLOAT32 = 6
BOOL = 7
STRING = 8
ARRAY = 9
UINT64 = 10
INT64 = 11
FLOAT64 = 12

VALUE_TYPE_NAMES = {
    UINT8: "UINT8", INT8: "INT8", UINT16: "UINT16", INT16: "INT16",
    UINT32: "UINT32", INT32: "INT32", FLOAT32: "FLOAT32", BOOL: "BOOL",
    STRING: "STRING", ARRAY: "ARRAY", UINT64: "UINT64", INT64: "INT64",
    FLOAT64: "FLOAT64",
}

# struct code of each fixed-size value type (BOOL is one byte, 0 or 1).
_SCALAR_CODES = {
    UINT8: "B", INT8: "b", UINT16: "H", INT16: "h", UINT32: "I", INT32: "i",
    FLOAT32: "f", BOOL: "B", UINT64: "Q", INT64: "q", FLOAT64: "d",
}
_SCALAR_SIZES = {
    UINT8: 1, INT8: 1, UINT16: 2, INT16: 2, UINT32: 4, INT32: 4,
    FLOAT32: 4, BOOL: 1, UINT64: 8, INT64: 8, FLOAT64: 8,
}
_INT_RANGES = {
    UINT8: (0, 0xFF), INT8: (-0x80, 0x7F), UINT16: (0, 0xFFFF),
    INT16: (-0x8000, 0x7FFF), UINT32: (0, 0xFFFFFFFF),
    INT32: (-0x80000000, 0x7FFFFFFF), UINT64: (0, 0xFFFFFFFFFFFFFFFF),
    INT64: (-0x8000000000000000, 0x7FFFFFFFFFFFFFFF),
}
# Smallest encoding of one value of a type: bounds an array's count by the
# bytes left before anything is allocated.
_STRING_MIN = 8        # u64 length, empty string
_ARRAY_MIN = 12        # u32 element type + u64 count, empty array

# ggml tensor types: code -> (name, elements per block, bytes per block).
# Codes 4, 5 (Q4_2, Q4_3) and 31-33, 36-38 (repacked layouts) were removed
# from ggml and are refused. Q8_1 is 36 bytes as in ggml-common.h (two
# halves + 32 int8; gguf-py's table says 40, but ggml never writes it).
GGML_TYPES = {
    0: ("F32", 1, 4),
    1: ("F16", 1, 2),
    2: ("Q4_0", 32, 18),
    3: ("Q4_1", 32, 20),
    6: ("Q5_0", 32, 22),
    7: ("Q5_1", 32, 24),
    8: ("Q8_0", 32, 34),
    9: ("Q8_1", 32, 36),
    10: ("Q2_K", 256, 84),
    11: ("Q3_K", 256, 110),
    12: ("Q4_K", 256, 144),
    13: ("Q5_K", 256, 176),
    14: ("Q6_K", 256, 210),
    15: ("Q8_K", 256, 292),
    16: ("IQ2_XXS", 256, 66),
    17: ("IQ2_XS", 256, 74),
    18: ("IQ3_XXS", 256, 98),
    19: ("IQ1_S", 256, 50),
    20: ("IQ4_NL", 32, 18),
    21: ("IQ3_S", 256, 110),
    22: ("IQ2_S", 256, 82),
    23: ("IQ4_XS", 256, 136),
    24: ("I8", 1, 1),
    25: ("I16", 1, 2),
    26: ("I32", 1, 4),
    27: ("I64", 1, 8),
    28: ("F64", 1, 8),
    29: ("IQ1_M", 256, 56),
    30: ("BF16", 1, 2),
    34: ("TQ1_0", 256, 54),
    35: ("TQ2_0", 256, 66),
    39: ("MXFP4", 32, 17),
    40: ("NVFP4", 64, 36),
    41: ("Q1_0", 128, 18),
}
GGML_TYPE_CODES = {}
for _code in GGML_TYPES:
    GGML_TYPE_CODES[GGML_TYPES[_code][0]] = _code


def align_up(offset, alignment):
    return (offset + alignment - 1) // alignment * alignment


def tensor_nbytes(ggml_type, dims):
    """Bytes of a tensor of `dims` (ggml order: dims[0] is the row length).
    Checks what ggml needs: a known type, dims > 0, rows made of whole
    blocks, an element count that fits int64."""
    if ggml_type not in GGML_TYPES:
        raise GGUFError("unknown ggml type " + str(ggml_type))
    name, block_elements, block_bytes = GGML_TYPES[ggml_type]
    if len(dims) > MAX_DIMS:
        raise GGUFError(str(len(dims)) + " dimensions (at most " + str(MAX_DIMS) + ")")
    count = 1
    for dim in dims:
        if dim <= 0:
            raise GGUFError("dimension " + str(dim) + " is not positive")
        count *= dim
        if count > MAX_ELEMENTS:
            raise GGUFError("element count overflows int64")
    if dims and dims[0] % block_elements != 0:
        raise GGUFError("row length " + str(dims[0]) + " is not a multiple of the "
                        + name + " block size " + str(block_elements))
    return count // block_elements * block_bytes


class TensorInfo:
    """Where one tensor lives. `dims` is ggml's order (dims[0] = row length,
    as stored); `shape` is the same reversed (outermost first, as numpy and
    safetensors). `offset` is absolute in the file."""

    def __init__(self, name, ggml_type, dims, offset, nbytes):
        self.name = name
        self.ggml_type = ggml_type
        self.type_name = GGML_TYPES[ggml_type][0]
        self.dims = tuple(dims)
        self.shape = tuple(reversed(self.dims))
        count = 1
        for dim in self.dims:
            count *= dim
        self.n_elements = count
        self.offset = offset
        self.nbytes = nbytes

    def __repr__(self):
        return ("TensorInfo(" + repr(self.name) + ", " + self.type_name + ", shape="
                + repr(self.shape) + ", offset=" + str(self.offset)
                + ", nbytes=" + str(self.nbytes) + ")")


class GGUFFile:
    """A parsed GGUF file. `metadata` maps key -> Python value (int, float,
    bool, str, list); `metadata_types` maps key -> type spec (see
    `value_type_spec`); `tensors` is in file order."""

    def __init__(self, buffer, version, byte_order, metadata, metadata_types,
                 tensors, alignment, data_offset):
        self.buffer = buffer
        self.version = version
        self.byte_order = byte_order      # "<" or ">" (a big-endian GGUF)
        self.metadata = metadata
        self.metadata_types = metadata_types
        self.tensors = tensors
        self.tensor_by_name = {}
        for info in tensors:
            self.tensor_by_name[info.name] = info
        self.alignment = alignment
        self.data_offset = data_offset

    def tensor_bytes(self, info):
        """The tensor's bytes as a memoryview into the file (no copy)."""
        if isinstance(info, str):
            info = self.tensor_by_name[info]
        return self.buffer[info.offset:info.offset + info.nbytes]


class _Cursor:
    """Reads forward through the header; every read is bounds-checked."""

    def __init__(self, view, order):
        self.view = view
        self.size = len(view)
        self.order = order
        self.pos = 0

    def fail(self, what, problem, at=None):
        if at is None:
            at = self.pos
        raise GGUFError("GGUF " + what + " at offset " + str(at) + ": " + problem)

    def need(self, count, what):
        if count > self.size - self.pos:
            self.fail(what, "needs " + str(count) + " bytes, only "
                      + str(self.size - self.pos) + " left (file truncated?)")

    def scalar(self, value_type, what):
        size = _SCALAR_SIZES[value_type]
        self.need(size, what)
        value = struct.unpack_from(self.order + _SCALAR_CODES[value_type], self.view, self.pos)[0]
        if value_type == BOOL:
            if value > 1:
                self.fail(what, "bool byte is " + str(value) + ", not 0 or 1")
            value = value == 1
        self.pos += size
        return value

    def u32(self, what):
        return self.scalar(UINT32, what)

    def u64(self, what):
        return self.scalar(UINT64, what)

    def count(self, what, min_item_size):
        """A u64 count of items each at least `min_item_size` bytes, checked
        against the bytes left so a corrupt count cannot make us allocate."""
        start = self.pos
        value = self.u64(what)
        if value * min_item_size > self.size - self.pos:
            self.fail(what, "count " + str(value) + " needs at least " + str(value * min_item_size)
                      + " bytes, only " + str(self.size - self.pos)
                      + " left (count corrupt or file truncated)", start)
        return value

    def string(self, what):
        start = self.pos
        length = self.u64(what + " length")
        self.need(length, what)
        raw = bytes(self.view[self.pos:self.pos + length])
        try:
            text = raw.decode("utf-8")
        except UnicodeError:
            self.fail(what, "is not valid UTF-8", start)
        self.pos += length
        return text

    def strings(self, what, n):
        """n strings in a row: self.string's checks, inlined. A vocabulary
        is ~50,000 strings, so no per-item calls or item names (made only
        for an error), and no garbage but the length tuples: in a
        non-moving heap, garbage among the strings that stay fragments it
        and made the VM heap grow to twice what it held. The list is sized
        once for the same reason."""
        items = [None] * n
        view, size, pos = self.view, self.size, self.pos
        code = self.order + "Q"
        unpack_from = struct.unpack_from
        for i in range(n):
            if size - pos < 8:
                self.pos = pos
                self.string(what + "[" + str(i) + "]")      # raises with the message
            length = unpack_from(code, view, pos)[0]
            if length > size - pos - 8:
                self.pos = pos
                self.string(what + "[" + str(i) + "]")
            try:
                items[i] = str(view[pos + 8:pos + 8 + length], "utf-8")
            except UnicodeError:
                self.fail(what + "[" + str(i) + "]", "is not valid UTF-8", pos)
            pos += 8 + length
        self.pos = pos
        return items

    def value(self, value_type, what, depth):
        """One metadata value; returns (value, type spec)."""
        if value_type in _SCALAR_CODES:
            return self.scalar(value_type, what), value_type
        if value_type == STRING:
            return self.string(what), STRING
        if value_type == ARRAY:
            return self.array(what, depth + 1)
        self.fail(what, "unknown value type " + str(value_type), self.pos - 4)

    def array(self, what, depth):
        start = self.pos
        if depth > MAX_ARRAY_DEPTH:
            self.fail(what, "arrays nested deeper than " + str(MAX_ARRAY_DEPTH))
        element_type = self.u32(what + " element type")
        if element_type in _SCALAR_CODES:
            size = _SCALAR_SIZES[element_type]
            n = self.count(what + " count", size)
            code = self.order + str(n) + _SCALAR_CODES[element_type]
            items = list(struct.unpack_from(code, self.view, self.pos))
            if element_type == BOOL:
                for i in range(n):
                    if items[i] > 1:
                        self.fail(what, "bool byte is " + str(items[i]) + ", not 0 or 1",
                                  self.pos + i)
                    items[i] = items[i] == 1
            self.pos += n * size
            return items, (ARRAY, element_type)
        if element_type == STRING:
            n = self.count(what + " count", _STRING_MIN)
            return self.strings(what, n), (ARRAY, STRING)
        if element_type == ARRAY:
            n = self.count(what + " count", _ARRAY_MIN)
            items = []
            specs = []
            for i in range(n):
                item, spec = self.array(what + "[" + str(i) + "]", depth + 1)
                items.append(item)
                specs.append(spec)
            return items, (ARRAY, _merge_specs(specs))
        self.fail(what, "unknown array element type " + str(element_type), start)


def _merge_specs(specs):
    """Type spec of an array of arrays: the inner arrays' common spec, or a
    list of one spec per inner array when they differ, or ARRAY when empty."""
    if not specs:
        return ARRAY
    for spec in specs:
        if spec != specs[0]:
            return specs
    return specs[0]


def _as_byte_view(buffer):
    try:
        view = memoryview(buffer)
    except TypeError:
        raise GGUFError("GGUF input is not a bytes-like object") from None
    if view.itemsize != 1 or view.ndim != 1:
        raise GGUFError("GGUF input must be a flat buffer of bytes")
    return view


def read(buffer):
    """Parse and check a GGUF file held in `buffer`; returns a GGUFFile."""
    view = _as_byte_view(buffer)
    cursor = _Cursor(view, "<")
    cursor.need(4, "magic")
    if bytes(view[0:4]) != MAGIC:
        cursor.fail("magic", "is " + repr(bytes(view[0:4])) + ", not b'GGUF'")
    cursor.pos = 4
    version = cursor.u32("version")
    if version not in VERSIONS:
        # A big-endian file has the version byte-swapped.
        swapped = struct.unpack_from(">I", view, 4)[0]
        if swapped in VERSIONS:
            cursor.order = ">"
            version = swapped
        elif version == 1 or swapped == 1:
            cursor.fail("version", "GGUF v1 is not supported (v2 and v3 are)", 4)
        else:
            cursor.fail("version", "unknown version " + str(version), 4)
    # A tensor info is at least a name length, n_dims, type and offset.
    tensor_count = cursor.count("tensor count", 24)
    kv_count = cursor.count("metadata count", 8 + 4 + 1)

    metadata = {}
    metadata_types = {}
    for _ in range(kv_count):
        key_at = cursor.pos
        key = cursor.string("metadata key")
        if key in metadata:
            cursor.fail("metadata key", "duplicate key " + repr(key), key_at)
        value_type = cursor.u32("type of " + repr(key))
        value, spec = cursor.value(value_type, "value of " + repr(key), 0)
        metadata[key] = value
        metadata_types[key] = spec

    alignment = DEFAULT_ALIGNMENT
    if "general.alignment" in metadata:
        alignment = metadata["general.alignment"]
        if metadata_types["general.alignment"] != UINT32:
            raise GGUFError("GGUF general.alignment: must be UINT32, is "
                            + type_spec_name(metadata_types["general.alignment"]))
        if alignment == 0 or alignment & (alignment - 1) != 0:
            raise GGUFError("GGUF general.alignment: " + str(alignment)
                            + " is not a power of two")

    infos = []   # (name, type, dims, relative offset, nbytes)
    names = {}
    for index in range(tensor_count):
        what = "tensor " + str(index)
        at = cursor.pos
        name = cursor.string(what + " name")
        what = "tensor " + repr(name)
        if len(name.encode("utf-8")) > MAX_NAME_BYTES:
            cursor.fail(what, "name longer than " + str(MAX_NAME_BYTES) + " bytes", at)
        if name in names:
            cursor.fail(what, "duplicate tensor name", at)
        names[name] = True
        n_dims = cursor.u32(what + " dimension count")
        if n_dims > MAX_DIMS:
            cursor.fail(what, str(n_dims) + " dimensions (at most " + str(MAX_DIMS) + ")",
                        cursor.pos - 4)
        dims = []
        for _ in range(n_dims):
            dims.append(cursor.u64(what + " dimension"))
        type_at = cursor.pos
        ggml_type = cursor.u32(what + " type")
        if ggml_type not in GGML_TYPES:
            cursor.fail(what, "unknown ggml type " + str(ggml_type), type_at)
        try:
            nbytes = tensor_nbytes(ggml_type, dims)
        except GGUFError as error:
            cursor.fail(what, str(error), at)
        offset_at = cursor.pos
        offset = cursor.u64(what + " offset")
        if offset % alignment != 0:
            cursor.fail(what, "data offset " + str(offset) + " is not a multiple of the alignment "
                        + str(alignment), offset_at)
        infos.append((name, ggml_type, dims, offset, nbytes))

    data_offset = align_up(cursor.pos, alignment)
    data_size = len(view) - data_offset
    tensors = []
    for name, ggml_type, dims, offset, nbytes in infos:
        if offset + nbytes > data_size:
            raise GGUFError("GGUF tensor " + repr(name) + ": data [" + str(data_offset + offset)
                            + ", " + str(data_offset + offset + nbytes)
                            + ") runs past the end of the file (" + str(len(view)) + " bytes)")
        tensors.append(TensorInfo(name, ggml_type, dims, data_offset + offset, nbytes))
    by_start = sorted(tensors, key=lambda info: (info.offset, info.nbytes))
    for i in range(1, len(by_start)):
        before = by_start[i - 1]
        if by_start[i].offset < before.offset + before.nbytes:
            raise GGUFError("GGUF tensor " + repr(by_start[i].name) + ": data at offset "
                            + str(by_start[i].offset) + " overlaps tensor "
                            + repr(before.name) + " [" + str(before.offset) + ", "
                            + str(before.offset + before.nbytes) + ")")
    return GGUFFile(view, version, cursor.order, metadata, metadata_types, tensors,
                    alignment, data_offset)


def type_spec_name(spec):
    """'UINT32', 'ARRAY[STRING]', 'ARRAY[ARRAY[INT32]]', ..."""
    if isinstance(spec, int):
        return VALUE_TYPE_NAMES.get(spec, str(spec))
    if isinstance(spec, list):
        return "[" + ", ".join([type_spec_name(s) for s in spec]) + "]"
    return "ARRAY[" + type_spec_name(spec[1]) + "]"


# ---------------------------------------------------------------- writing

def value_type_spec(value):
    """The type spec the writer uses for a Python value given without one:
    bool -> BOOL, int -> INT32 (INT64 / UINT64 when it does not fit),
    float -> FLOAT32, str -> STRING, list -> (ARRAY, spec of its items)."""
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int):
        for value_type in (INT32, INT64, UINT64):
            low, high = _INT_RANGES[value_type]
            if low <= value <= high:
                return value_type
        raise GGUFError("integer " + str(value) + " does not fit 64 bits")
    if isinstance(value, float):
        return FLOAT32
    if isinstance(value, str):
        return STRING
    if isinstance(value, (list, tuple)):
        if not value:
            raise GGUFError("the element type of an empty array must be given")
        spec = value_type_spec(value[0])
        for item in value:
            if value_type_spec(item) != spec:
                raise GGUFError("array mixes element types; give its type spec")
        return (ARRAY, spec)
    raise GGUFError("no GGUF type for a " + type(value).__name__)


def _encode_value(order, spec, value, out, where, depth):
    """Append the encoding of `value` (without its type tag) to `out`."""
    if isinstance(spec, int) and spec in _SCALAR_CODES:
        if spec == BOOL:
            if not isinstance(value, bool) and value not in (0, 1):
                raise GGUFError(where + ": " + repr(value) + " is not a bool")
        elif spec in _INT_RANGES:
            if isinstance(value, bool) or not isinstance(value, int):
                raise GGUFError(where + ": " + repr(value) + " is not an int")
            low, high = _INT_RANGES[spec]
            if value < low or value > high:
                raise GGUFError(where + ": " + str(value) + " does not fit "
                                + VALUE_TYPE_NAMES[spec])
        elif not isinstance(value, (int, float)) or isinstance(value, bool):
            raise GGUFError(where + ": " + repr(value) + " is not a number")
        try:
            out.append(struct.pack(order + _SCALAR_CODES[spec], value))
        except (OverflowError, struct.error):
            raise GGUFError(where + ": " + repr(value) + " does not fit "
                            + VALUE_TYPE_NAMES[spec]) from None
        return
    if spec == STRING:
        if not isinstance(value, str):
            raise GGUFError(where + ": " + repr(value) + " is not a str")
        raw = value.encode("utf-8")
        out.append(struct.pack(order + "Q", len(raw)))
        out.append(raw)
        return
    if isinstance(spec, tuple) and len(spec) == 2 and spec[0] == ARRAY:
        if depth >= MAX_ARRAY_DEPTH:
            raise GGUFError(where + ": arrays nested deeper than " + str(MAX_ARRAY_DEPTH))
        if not isinstance(value, (list, tuple)):
            raise GGUFError(where + ": " + repr(value) + " is not a list")
        element = spec[1]
        if isinstance(element, list):
            # Inner arrays with a type spec each.
            if len(element) != len(value):
                raise GGUFError(where + ": " + str(len(element)) + " specs for "
                                + str(len(value)) + " inner arrays")
            specs = element
            element_type = ARRAY
        elif element == ARRAY:
            if value:
                raise GGUFError(where + ": give the inner arrays' type spec")
            specs = []
            element_type = ARRAY
        else:
            specs = [element] * len(value)
            element_type = element if isinstance(element, int) else ARRAY
        if element_type not in VALUE_TYPE_NAMES:
            raise GGUFError(where + ": unknown element type " + repr(element))
        out.append(struct.pack(order + "IQ", element_type, len(value)))
        for i in range(len(value)):
            _encode_value(order, specs[i], value[i], out, where + "[" + str(i) + "]", depth + 1)
        return
    raise GGUFError(where + ": bad type spec " + repr(spec))


class GGUFWriter:
    """Builds a GGUF file: metadata in the order added, then tensor infos,
    then each tensor's data at an offset aligned to `alignment`.

        writer = GGUFWriter()
        writer.add("general.architecture", "llama")
        writer.add("llama.block_count", 30, UINT32)
        writer.add_tensor("output.weight", data, (vocab, embd), GGML_TYPE_CODES["Q8_0"])
        file_bytes = writer.to_bytes()
    """

    def __init__(self, alignment=DEFAULT_ALIGNMENT, version=3, byte_order="<"):
        if alignment <= 0 or alignment & (alignment - 1) != 0 or alignment > 0xFFFFFFFF:
            raise GGUFError("alignment " + str(alignment) + " is not a power of two")
        if version not in VERSIONS:
            raise GGUFError("can only write GGUF v2 or v3")
        if byte_order not in ("<", ">"):
            raise GGUFError("byte order is '<' or '>'")
        self.alignment = alignment
        self.version = version
        self.order = byte_order
        self.metadata = []     # (key, spec, encoded value)
        self.keys = {}
        self.tensors = []      # (name, dims, ggml_type, data)
        self.names = {}
        if alignment != DEFAULT_ALIGNMENT:
            self.add("general.alignment", alignment, UINT32)

    def add(self, key, value, value_type=None):
        """Add a metadata key. `value_type` is a type spec: a value type
        code, or (ARRAY, element spec) for arrays; nested arrays use
        (ARRAY, (ARRAY, STRING)) or (ARRAY, [one spec per inner array])."""
        if not isinstance(key, str):
            raise GGUFError("metadata key must be a str")
        if key in self.keys:
            raise GGUFError("duplicate metadata key " + repr(key))
        if key == "general.alignment" and (value_type != UINT32 or value != self.alignment):
            # It decides where tensor data goes, so it must agree with ours.
            raise GGUFError("set general.alignment with GGUFWriter(alignment=...)")
        spec = value_type
        if spec is None:
            spec = value_type_spec(value)
        out = []
        _encode_value(self.order, spec, value, out, "metadata " + repr(key), 0)
        self.keys[key] = True
        self.metadata.append((key, spec, b"".join(out)))

    def add_tensor(self, name, data, shape, ggml_type):
        """Add a tensor. `shape` is outermost first (numpy order); it is
        stored reversed, as ggml dims. `data` is bytes-like, exactly the
        tensor's size."""
        if isinstance(ggml_type, str):
            if ggml_type not in GGML_TYPE_CODES:
                raise GGUFError("unknown ggml type " + repr(ggml_type))
            ggml_type = GGML_TYPE_CODES[ggml_type]
        if not isinstance(name, str) or len(name.encode("utf-8")) > MAX_NAME_BYTES:
            raise GGUFError("tensor name " + repr(name) + " must be a str of at most "
                            + str(MAX_NAME_BYTES) + " bytes")
        if name in self.names:
            raise GGUFError("duplicate tensor name " + repr(name))
        dims = list(reversed(list(shape)))
        try:
            nbytes = tensor_nbytes(ggml_type, dims)
        except GGUFError as error:
            raise GGUFError("tensor " + repr(name) + ": " + str(error)) from None
        data = memoryview(data)
        if data.nbytes != nbytes:
            raise GGUFError("tensor " + repr(name) + ": " + str(data.nbytes)
                            + " bytes of data, its shape and type need " + str(nbytes))
        self.names[name] = True
        self.tensors.append((name, dims, ggml_type, data))

    def chunks(self):
        """The file as a list of bytes-like pieces (tensor data is not copied)."""
        order = self.order
        header = [MAGIC, struct.pack(order + "IQQ", self.version, len(self.tensors),
                                     len(self.metadata))]
        for key, spec, encoded in self.metadata:
            raw = key.encode("utf-8")
            tag = ARRAY if isinstance(spec, tuple) else spec
            header.append(struct.pack(order + "Q", len(raw)))
            header.append(raw)
            header.append(struct.pack(order + "I", tag))
            header.append(encoded)
        offset = 0
        placed = []
        for name, dims, ggml_type, data in self.tensors:
            raw = name.encode("utf-8")
            header.append(struct.pack(order + "Q", len(raw)))
            header.append(raw)
            header.append(struct.pack(order + "I", len(dims)))
            for dim in dims:
                header.append(struct.pack(order + "Q", dim))
            header.append(struct.pack(order + "IQ", ggml_type, offset))
            placed.append(data)
            offset = align_up(offset + data.nbytes, self.alignment)
        head = b"".join(header)
        pieces = [head, bytes(align_up(len(head), self.alignment) - len(head))]
        for data in placed:
            pieces.append(data)
            pieces.append(bytes(align_up(data.nbytes, self.alignment) - data.nbytes))
        return pieces

    def to_bytes(self):
        return b"".join(self.chunks())

    def write(self, stream):
        """Write the file to anything with a write(bytes) method."""
        for piece in self.chunks():
            stream.write(piece)
