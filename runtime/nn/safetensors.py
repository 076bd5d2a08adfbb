"""safetensors (Hugging Face's weight file): read in place.

`read(buffer)` checks the whole header of a safetensors file held in a
bytes-like object and returns a `SafetensorsFile`: the `__metadata__` strings,
tensor infos (sorted by where their data lies) and `tensor_bytes(info)`, a
memoryview slice of the weights; nothing is copied. Every problem is a
`SafetensorsError` naming the field and its byte offset, raised before
anything is returned. The checks are those of the reference (Rust)
implementation, so a file one accepts the other accepts, with one exception:
a header repeating a JSON key is refused here (which copy wins differs from
parser to parser). The byte layout is described in README.md in this folder.
"""

import json
import struct


class SafetensorsError(ValueError):
    """A safetensors file is malformed."""


# The reference implementation refuses headers above 100 MB.
MAX_HEADER_BYTES = 100000000

# dtype -> bits per element. F4 packs two elements a byte, F6 four in three.
DTYPE_BITS = {
    "BOOL": 8, "F4": 4, "F6_E2M3": 6, "F6_E3M2": 6,
    "U8": 8, "I8": 8, "F8_E5M2": 8, "F8_E4M3": 8, "F8_E8M0": 8,
    "F8_E4M3FNUZ": 8, "F8_E5M2FNUZ": 8,
    "I16": 16, "U16": 16, "F16": 16, "BF16": 16,
    "I32": 32, "U32": 32, "F32": 32,
    "C64": 64, "F64": 64, "I64": 64, "U64": 64,
}

_ENTRY_KEYS = ("dtype", "shape", "data_offsets")
_U64_MAX = 0xFFFFFFFFFFFFFFFF


class TensorInfo:
    """Where one tensor lives: `shape` outermost first, `offset` absolute in
    the file, `nbytes` its size. `type_name` is the dtype, as in gguf."""

    def __init__(self, name, dtype, shape, offset, nbytes):
        self.name = name
        self.dtype = dtype
        self.type_name = dtype
        self.shape = tuple(shape)
        count = 1
        for dim in self.shape:
            count *= dim
        self.n_elements = count
        self.offset = offset
        self.nbytes = nbytes

    def __repr__(self):
        return ("TensorInfo(" + repr(self.name) + ", " + self.dtype + ", shape="
                + repr(self.shape) + ", offset=" + str(self.offset)
                + ", nbytes=" + str(self.nbytes) + ")")


class SafetensorsFile:
    def __init__(self, buffer, metadata, tensors, data_offset):
        self.buffer = buffer
        self.metadata = metadata          # the __metadata__ dict, str -> str
        self.tensors = tensors            # sorted by offset
        self.tensor_by_name = {}
        for info in tensors:
            self.tensor_by_name[info.name] = info
        self.data_offset = data_offset    # 8 + header length

    def tensor_bytes(self, info):
        """The tensor's bytes as a memoryview into the file (no copy)."""
        if isinstance(info, str):
            info = self.tensor_by_name[info]
        return self.buffer[info.offset:info.offset + info.nbytes]


def _fail(what, problem, at=8):
    raise SafetensorsError("safetensors " + what + " at offset " + str(at) + ": " + problem)


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _no_duplicates(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise SafetensorsError("safetensors header at offset 8: duplicate key " + repr(key))
        result[key] = value
    return result


def _no_constant(name):
    raise SafetensorsError("safetensors header at offset 8: " + name + " is not JSON")


def _check_text(what, text):
    # JSON escapes can spell a lone surrogate ("\\ud800"), which is not
    # Unicode text; the reference refuses it too.
    try:
        text.encode("utf-8")
    except UnicodeError:
        _fail(what, repr(text) + " is not valid Unicode")


def _parse_header(view, length):
    raw = bytes(view[8:8 + length])
    try:
        text = raw.decode("utf-8")
    except UnicodeError:
        _fail("header", "is not valid UTF-8")
    try:
        header = json.loads(text, object_pairs_hook=_no_duplicates,
                            parse_constant=_no_constant)
    except SafetensorsError:
        raise
    except RecursionError:
        _fail("header", "JSON nested too deeply")
    except ValueError as error:
        _fail("header", "is not valid JSON (" + str(error) + ")")
    if not isinstance(header, dict):
        _fail("header", "is not a JSON object")
    return header


def _check_entry(name, entry, data_size):
    """(dtype, shape, begin, end) of one tensor entry, checked."""
    what = "tensor " + repr(name)
    if not isinstance(entry, dict):
        _fail(what, "entry is not an object")
    # Other fields are ignored, as the reference does.
    for key in _ENTRY_KEYS:
        if key not in entry:
            _fail(what, "missing field " + repr(key))
    dtype = entry["dtype"]
    if not isinstance(dtype, str) or dtype not in DTYPE_BITS:
        _fail(what, "unknown dtype " + repr(dtype))
    shape = entry["shape"]
    if not isinstance(shape, list):
        _fail(what, "shape is not a list")
    # Sizes are u64 as in the reference, and the product is taken left to
    # right with the same overflow rule, so both refuse the same shapes.
    count = 1
    for dim in shape:
        if not _is_int(dim) or dim < 0 or dim > _U64_MAX:
            _fail(what, "shape has " + repr(dim) + ", not a size")
        count *= dim
        if count > _U64_MAX:
            _fail(what, "shape " + repr(shape) + " overflows 64 bits")
    bits = count * DTYPE_BITS[dtype]
    if bits > _U64_MAX:
        _fail(what, "shape " + repr(shape) + " overflows 64 bits")
    offsets = entry["data_offsets"]
    if (not isinstance(offsets, list) or len(offsets) != 2
            or not _is_int(offsets[0]) or not _is_int(offsets[1])):
        _fail(what, "data_offsets is not [begin, end]")
    begin, end = offsets
    if begin < 0 or end < begin or end > data_size:
        _fail(what, "data_offsets " + repr(offsets) + " outside the data ("
              + str(data_size) + " bytes)")
    if bits % 8 != 0:
        _fail(what, "shape " + repr(shape) + " of " + dtype + " is not a whole number of bytes")
    if bits // 8 != end - begin:
        _fail(what, "shape " + repr(shape) + " of " + dtype + " needs " + str(bits // 8)
              + " bytes, data_offsets give " + str(end - begin))
    return dtype, shape, begin, end


def read(buffer):
    """Parse and check a safetensors file held in `buffer`."""
    try:
        view = memoryview(buffer)
    except TypeError:
        raise SafetensorsError("safetensors input is not a bytes-like object") from None
    if view.itemsize != 1 or view.ndim != 1:
        raise SafetensorsError("safetensors input must be a flat buffer of bytes")
    if len(view) < 8:
        _fail("header length", "file is " + str(len(view)) + " bytes, shorter than 8", 0)
    length = struct.unpack_from("<Q", view, 0)[0]
    if length > MAX_HEADER_BYTES:
        _fail("header length", str(length) + " is above the limit of "
              + str(MAX_HEADER_BYTES), 0)
    if length > len(view) - 8:
        _fail("header length", str(length) + " runs past the end of the file ("
              + str(len(view)) + " bytes)", 0)
    header = _parse_header(view, length)
    data_offset = 8 + length
    data_size = len(view) - data_offset

    metadata = header.get("__metadata__")
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        _fail("__metadata__", "is not an object")
    for key in metadata:
        _check_text("__metadata__ key", key)
        if not isinstance(metadata[key], str):
            _fail("__metadata__", "value of " + repr(key) + " is not a string")
        _check_text("__metadata__ value of " + repr(key), metadata[key])

    placed = []
    for name in header:
        if name == "__metadata__":
            continue
        _check_text("tensor name", name)
        dtype, shape, begin, end = _check_entry(name, header[name], data_size)
        placed.append((begin, end, name, dtype, shape))
    # The reference requires the tensors to tile the data exactly: sorted by
    # offset, each starts where the previous ended and the last ends the file.
    placed.sort(key=lambda item: (item[0], item[1]))
    tensors = []
    expected = 0
    for begin, end, name, dtype, shape in placed:
        if begin != expected:
            problem = "overlaps the previous tensor" if begin < expected else "leaves a gap before it"
            _fail("tensor " + repr(name), "data at " + str(begin) + " " + problem
                  + " (expected " + str(expected) + ")")
        expected = end
        tensors.append(TensorInfo(name, dtype, shape, data_offset + begin, end - begin))
    if expected != data_size:
        _fail("data", "tensors cover " + str(expected) + " of the " + str(data_size)
              + " data bytes", data_offset)
    return SafetensorsFile(view, metadata, tensors, data_offset)
