"""nn.gguf against the `gguf` package (llama.cpp's own Python reader and
writer): the real SmolLM2 file, round trips both ways, and every kind of bad
input giving a GGUFError that names the field."""

import random
import struct

import numpy as np
import pytest

import gguf as reference
from nn_format_builders import map_file, build_gguf
from nn import gguf

T = gguf.GGML_TYPE_CODES


def flat_types(spec):
    """Our type spec as the reference's flattened list of value types."""
    if isinstance(spec, int):
        return [spec]
    element = spec[1]
    if isinstance(element, list):
        element = element[0]
    return [gguf.ARRAY] + flat_types(element)


def flat_value(value):
    if isinstance(value, list):
        out = []
        for item in value:
            out.extend(flat_value(item) if isinstance(item, list) else [item])
        return out
    return value


def compare_with_reference(ours, ref):
    """Every metadata key/value/type and tensor info the same."""
    ref_fields = {name: field for name, field in ref.fields.items() if not name.startswith("GGUF.")}
    assert list(ref_fields) == list(ours.metadata)
    for key, field in ref_fields.items():
        assert [int(t) for t in field.types] == flat_types(ours.metadata_types[key]), key
        expected = field.contents()
        got = flat_value(ours.metadata[key])
        if ours.metadata_types[key] == gguf.FLOAT32:
            assert struct.pack("<f", got) == struct.pack("<f", expected), key
        else:
            assert got == expected, key
    assert ours.alignment == ref.alignment
    assert ours.data_offset == ref.data_offset
    assert len(ours.tensors) == len(ref.tensors)
    for info, tensor in zip(ours.tensors, ref.tensors):
        assert info.name == tensor.name
        assert info.ggml_type == int(tensor.tensor_type)
        assert list(info.dims) == [int(d) for d in tensor.shape]
        assert info.n_elements == tensor.n_elements
        assert info.nbytes == tensor.n_bytes
        assert info.offset == tensor.data_offset


# ------------------------------------------------------------- real model

@pytest.fixture(scope="module")
def smollm2(smollm2_path):
    return map_file(smollm2_path), reference.GGUFReader(smollm2_path)


def test_smollm2_matches_reference_reader(smollm2):
    view, ref = smollm2
    ours = gguf.read(view)
    assert ours.version == 3 and ours.byte_order == "<"
    compare_with_reference(ours, ref)
    assert len(ours.tensors) == 272
    assert ours.metadata["general.architecture"] == "llama"
    assert len(ours.metadata["tokenizer.ggml.tokens"]) == 49152
    counts = {}
    for info in ours.tensors:
        counts[info.type_name] = counts.get(info.type_name, 0) + 1
    assert counts == {"Q4_1": 210, "F32": 61, "Q8_0": 1}


def test_smollm2_tensor_bytes_are_the_file_in_place(smollm2):
    view, ref = smollm2
    ours = gguf.read(view)
    for index in (0, 1, len(ours.tensors) - 1):
        data = ours.tensor_bytes(ours.tensors[index])
        assert isinstance(data, memoryview)
        assert data.obj is view.obj    # a window on the mapped file, not a copy
        assert bytes(data) == ref.tensors[index].data.tobytes()
    assert bytes(ours.tensor_bytes("token_embd.weight")[:34]) == ref.tensors[0].data.tobytes()[:34]


# ------------------------------------------------------------- round trips

EVERY_TYPE = [
    ("t.u8", gguf.UINT8, 255), ("t.i8", gguf.INT8, -128), ("t.u16", gguf.UINT16, 65535),
    ("t.i16", gguf.INT16, -32768), ("t.u32", gguf.UINT32, 4294967295),
    ("t.i32", gguf.INT32, -2147483648), ("t.u64", gguf.UINT64, 2 ** 64 - 1),
    ("t.i64", gguf.INT64, -2 ** 63), ("t.f32", gguf.FLOAT32, 1.5),
    ("t.f64", gguf.FLOAT64, 0.1), ("t.bool_true", gguf.BOOL, True),
    ("t.bool_false", gguf.BOOL, False), ("t.str", gguf.STRING, "héllo ✓ 𝄞"),
    ("t.empty_str", gguf.STRING, ""),
    ("t.arr_u8", (gguf.ARRAY, gguf.UINT8), [0, 1, 255]),
    ("t.arr_i8", (gguf.ARRAY, gguf.INT8), [-128, 127]),
    ("t.arr_u16", (gguf.ARRAY, gguf.UINT16), [1, 65535]),
    ("t.arr_i16", (gguf.ARRAY, gguf.INT16), [-1, 2]),
    ("t.arr_u32", (gguf.ARRAY, gguf.UINT32), [7]),
    ("t.arr_i32", (gguf.ARRAY, gguf.INT32), [-7, 3, 0]),
    ("t.arr_u64", (gguf.ARRAY, gguf.UINT64), [2 ** 63]),
    ("t.arr_i64", (gguf.ARRAY, gguf.INT64), [-2 ** 40, 5]),
    ("t.arr_f32", (gguf.ARRAY, gguf.FLOAT32), [0.5, -2.0]),
    ("t.arr_f64", (gguf.ARRAY, gguf.FLOAT64), [1e300, -0.0]),
    ("t.arr_bool", (gguf.ARRAY, gguf.BOOL), [True, False, True]),
    ("t.arr_str", (gguf.ARRAY, gguf.STRING), ["a", "", "ü"]),
    ("t.nested_str", (gguf.ARRAY, (gguf.ARRAY, gguf.STRING)), [["a", "b"], ["c"]]),
]


def write_ours(alignment=32, version=3, metadata=EVERY_TYPE, seed=1):
    rng = random.Random(seed)
    writer = gguf.GGUFWriter(alignment=alignment, version=version)
    writer.add("general.architecture", "test")
    for key, spec, value in metadata:
        writer.add(key, value, spec)
    tensors = [("f32", (3, 5), "F32"), ("f16", (2, 8), "F16"), ("q4_0", (2, 64), "Q4_0"),
               ("q4_1", (1, 32), "Q4_1"), ("q8_0", (4, 32), "Q8_0"), ("q4_k", (256,), "Q4_K"),
               ("q6_k", (2, 256), "Q6_K"), ("bf16", (7,), "BF16")]
    datas = {}
    for name, shape, type_name in tensors:
        dims = list(reversed(shape))
        data = rng.randbytes(gguf.tensor_nbytes(T[type_name], dims))
        datas[name] = data
        writer.add_tensor(name, data, shape, type_name)
    return writer.to_bytes(), datas


@pytest.mark.parametrize("alignment", [32, 64, 1])
def test_ours_to_reference(tmp_path, alignment):
    data, datas = write_ours(alignment)
    path = tmp_path / "ours.gguf"
    path.write_bytes(data)
    ref = reference.GGUFReader(path)
    ours = gguf.read(data)
    compare_with_reference(ours, ref)
    assert ref.alignment == alignment
    for tensor in ref.tensors:
        assert tensor.data.tobytes() == datas[tensor.name]
        assert tensor.data_offset % alignment == 0


def test_ours_round_trip_keeps_every_value_and_type():
    data, datas = write_ours()
    ours = gguf.read(bytearray(data))
    for key, spec, value in EVERY_TYPE:
        assert ours.metadata_types[key] == spec
        if spec == gguf.FLOAT32:
            assert ours.metadata[key] == value
        else:
            assert ours.metadata[key] == value and type(ours.metadata[key]) is type(value)
    for name, payload in datas.items():
        assert bytes(ours.tensor_bytes(name)) == payload
    # Writing what we read gives the same bytes.
    again = gguf.GGUFWriter()
    for key in ours.metadata:
        again.add(key, ours.metadata[key], ours.metadata_types[key])
    for info in ours.tensors:
        again.add_tensor(info.name, ours.tensor_bytes(info), info.shape, info.ggml_type)
    assert again.to_bytes() == data


def test_version_2_and_big_endian_are_read():
    data, _ = write_ours(version=2)
    assert gguf.read(data).version == 2
    big = gguf.GGUFWriter(byte_order=">")
    big.add("k", [1, 2], (gguf.ARRAY, gguf.UINT16))
    big.add("s", "x")
    parsed = gguf.read(big.to_bytes())
    assert parsed.byte_order == ">" and parsed.metadata == {"k": [1, 2], "s": "x"}


def test_heterogeneous_nested_arrays_keep_each_spec():
    spec = (gguf.ARRAY, [(gguf.ARRAY, gguf.STRING), (gguf.ARRAY, gguf.INT8), (gguf.ARRAY, gguf.UINT8)])
    writer = gguf.GGUFWriter()
    writer.add("mixed", [["x"], [-1, 2], []], spec)
    writer.add("empty", [], (gguf.ARRAY, gguf.ARRAY))
    parsed = gguf.read(writer.to_bytes())
    assert parsed.metadata["mixed"] == [["x"], [-1, 2], []]
    assert parsed.metadata_types["mixed"] == spec
    assert parsed.metadata_types["empty"] == (gguf.ARRAY, gguf.ARRAY)


def reference_file(tmp_path, endianess=reference.GGUFEndian.LITTLE):
    path = tmp_path / "ref.gguf"
    writer = reference.GGUFWriter(path, "llama", endianess=endianess)
    writer.add_architecture()
    writer.add_uint8("r.u8", 200)
    writer.add_int8("r.i8", -5)
    writer.add_uint16("r.u16", 60000)
    writer.add_int16("r.i16", -30000)
    writer.add_uint32("r.u32", 4000000000)
    writer.add_int32("r.i32", -2000000000)
    writer.add_uint64("r.u64", 2 ** 64 - 2)
    writer.add_int64("r.i64", -2 ** 62)
    writer.add_float32("r.f32", 0.25)
    writer.add_float64("r.f64", 3.141592653589793)
    writer.add_bool("r.bool", True)
    writer.add_string("r.str", "ñandú")
    writer.add_array("r.arr_str", ["x", "yy", "zzz"])
    writer.add_array("r.arr_i32", [1, -2, 3])
    writer.add_array("r.arr_f32", [0.5, 1.5])
    writer.add_array("r.nested", [["a", "b"], ["c", "d"]])
    writer.add_custom_alignment(64)
    rng = np.random.default_rng(0)
    writer.add_tensor("w32", rng.standard_normal((4, 8)).astype(np.float32))
    writer.add_tensor("w16", rng.standard_normal((3, 16)).astype(np.float16))
    q = rng.integers(0, 256, (2, 2 * 34), dtype=np.uint8)
    writer.add_tensor("wq8", q, raw_dtype=reference.GGMLQuantizationType.Q8_0)
    writer.add_tensor("wi32", np.arange(5, dtype=np.int32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def test_reference_to_ours(tmp_path):
    path = reference_file(tmp_path)
    ref = reference.GGUFReader(path)
    ours = gguf.read(path.read_bytes())
    compare_with_reference(ours, ref)
    assert ours.alignment == 64
    assert ours.metadata["r.nested"] == [["a", "b"], ["c", "d"]]
    assert ours.tensor_by_name["wq8"].type_name == "Q8_0"
    assert ours.tensor_by_name["wq8"].shape == (2, 64)
    for tensor in ref.tensors:
        assert bytes(ours.tensor_bytes(tensor.name)) == tensor.data.tobytes()


def test_reference_big_endian_to_ours(tmp_path):
    path = reference_file(tmp_path, reference.GGUFEndian.BIG)
    ours = gguf.read(path.read_bytes())
    assert ours.byte_order == ">"
    assert ours.metadata["r.u32"] == 4000000000 and ours.metadata["r.str"] == "ñandú"
    assert ours.metadata["r.arr_i32"] == [1, -2, 3]


# ------------------------------------------------------------- bad input

KV = [("general.architecture", gguf.STRING, "llama"), ("n", gguf.UINT32, 7)]
TENSORS = [("a", [32, 2], T["Q8_0"], 0), ("b", [4], T["F32"], 96)]


def bad(message, **build):
    data, _ = build_gguf(**{"kvs": KV, "tensors": TENSORS, **build})
    with pytest.raises(gguf.GGUFError) as caught:
        gguf.read(data)
    assert message in str(caught.value)
    assert str(caught.value).startswith("GGUF")
    return str(caught.value)


def test_good_builder_file_reads():
    data, _ = build_gguf(kvs=KV, tensors=TENSORS)
    parsed = gguf.read(data)
    assert [t.name for t in parsed.tensors] == ["a", "b"]
    assert parsed.tensors[1].offset == parsed.data_offset + 96


def test_bad_magic_and_versions():
    assert "magic at offset 0" in bad("not b'GGUF'", magic=b"GGUG")
    bad("v1 is not supported", version=1)
    assert "version at offset 4" in bad("unknown version 7", version=7)
    with pytest.raises(gguf.GGUFError, match="magic"):
        gguf.read(b"GG")
    with pytest.raises(gguf.GGUFError, match="not a bytes-like"):
        gguf.read("GGUF")


def test_impossible_counts_are_refused_before_allocating():
    bad("tensor count at offset 8: count 18446744073709551615 needs at least", tensor_count=2 ** 64 - 1)
    bad("metadata count at offset 16", kv_count=2 ** 62)
    data, marks = build_gguf(kvs=[("arr", (gguf.ARRAY, gguf.STRING), ["x"])], tensors=[])
    count_at = [m for m in marks if m[0] == "count"][0][1]
    data = data[:count_at] + struct.pack("<Q", 2 ** 60) + data[count_at + 8:]
    with pytest.raises(gguf.GGUFError, match="value of 'arr' count at offset %d" % count_at):
        gguf.read(data)


def test_strings():
    data, marks = build_gguf(kvs=KV, tensors=[])
    length_at = [m for m in marks if m[0] == "key_length"][0][1]
    huge = data[:length_at] + struct.pack("<Q", 2 ** 63) + data[length_at + 8:]
    with pytest.raises(gguf.GGUFError, match="metadata key at offset 32: needs"):
        gguf.read(huge)
    bad("metadata key at offset 24: is not valid UTF-8", kvs=[(b"\xff\xfe", gguf.UINT8, 1)])
    bad("value of 'k' at offset", kvs=[("k", gguf.STRING, b"a\xc0\x80")])   # overlong NUL
    bad("value of 'k'", kvs=[("k", gguf.STRING, b"\xed\xa0\x80")])          # a surrogate
    bad("value of 'k'[1]", kvs=[("k", (gguf.ARRAY, gguf.STRING), [b"ok", b"\x80"])])
    bad("tensor 0 name", tensors=[(b"\xff", [4], 0, 0)])
    bad("duplicate key 'n'", kvs=KV + [("n", gguf.UINT8, 1)])


def test_unknown_and_bad_values():
    data, marks = build_gguf(kvs=[("k", gguf.UINT8, 1)], tensors=[])
    at = [m for m in marks if m[0] == "value_type"][0][1]
    for code in (13, 255, 2 ** 32 - 1):
        mutated = data[:at] + struct.pack("<I", code) + data[at + 4:]
        with pytest.raises(gguf.GGUFError, match="unknown value type %d" % code):
            gguf.read(mutated)
    data, marks = build_gguf(kvs=[("k", (gguf.ARRAY, gguf.UINT8), [1])], tensors=[])
    at = [m for m in marks if m[0] == "element_type"][0][1]
    with pytest.raises(gguf.GGUFError, match="unknown array element type 99"):
        gguf.read(data[:at] + struct.pack("<I", 99) + data[at + 4:])
    bad("bool byte is 2", kvs=[("b", gguf.BOOL, 2)])
    bad("bool byte is 7", kvs=[("b", (gguf.ARRAY, gguf.BOOL), [1, 7])])
    deep = gguf.STRING
    value = "x"
    for _ in range(gguf.MAX_ARRAY_DEPTH + 1):
        deep = (gguf.ARRAY, deep)
        value = [value]
    bad("nested deeper than", kvs=[("deep", deep, value)])


def test_alignment_rules():
    bad("not a power of two", kvs=[("general.alignment", gguf.UINT32, 48)])
    bad("not a power of two", kvs=[("general.alignment", gguf.UINT32, 0)])
    bad("must be UINT32", kvs=[("general.alignment", gguf.UINT64, 32)])
    bad("not a multiple of the alignment 32", tensors=[("a", [4], 0, 16)])
    data, _ = build_gguf(kvs=[("general.alignment", gguf.UINT32, 16)], tensors=[("a", [4], 0, 16)])
    assert gguf.read(data).tensors[0].offset % 16 == 0


def test_bad_tensor_infos():
    bad("unknown ggml type 4", tensors=[("a", [32], 4, 0)])
    bad("unknown ggml type 1000", tensors=[("a", [32], 1000, 0)])
    bad("5 dimensions", tensors=[("a", [1, 1, 1, 1, 1], 0, 0)])
    bad("dimension 0 is not positive", tensors=[("a", [4, 0], 0, 0)])
    bad("not a multiple of the Q4_0 block size 32", tensors=[("a", [48, 2], T["Q4_0"], 0)])
    bad("element count overflows int64", tensors=[("a", [2 ** 32, 2 ** 32], 0, 0)], data=b"")
    bad("name longer than 63 bytes", tensors=[("x" * 64, [4], 0, 0)])
    bad("duplicate tensor name", tensors=[("a", [4], 0, 0), ("a", [4], 0, 32)])


def test_offsets_past_the_end_and_overlaps():
    message = bad("runs past the end of the file", tensors=[("a", [8], 0, 0)], data=bytes(31))
    assert "'a'" in message
    bad("runs past the end", tensors=[("a", [8], 0, 2 ** 64 - 32)])
    bad("overlaps tensor 'a'", tensors=[("a", [16], 0, 0), ("b", [4], 0, 32)])
    bad("overlaps", tensors=[("a", [16], 0, 32), ("b", [16], 0, 32)])


def test_every_truncation_is_an_error_or_the_same_file():
    data, _ = write_ours(metadata=EVERY_TYPE[:6] + EVERY_TYPE[-3:])
    full = gguf.read(data)
    end = max(info.offset + info.nbytes for info in full.tensors)
    for cut in range(len(data)):
        if cut >= end:
            assert len(gguf.read(data[:cut]).tensors) == len(full.tensors)
            continue
        with pytest.raises(gguf.GGUFError):
            gguf.read(data[:cut])


def test_writer_refuses_bad_values():
    writer = gguf.GGUFWriter()
    with pytest.raises(gguf.GGUFError, match="does not fit UINT8"):
        writer.add("x", 256, gguf.UINT8)
    with pytest.raises(gguf.GGUFError, match="does not fit FLOAT32"):
        writer.add("x", 1e300, gguf.FLOAT32)
    with pytest.raises(gguf.GGUFError, match="empty array"):
        writer.add("x", [])
    with pytest.raises(gguf.GGUFError, match="mixes"):
        writer.add("x", [1, "a"])
    with pytest.raises(gguf.GGUFError, match="is not a str"):
        writer.add("x", [1], (gguf.ARRAY, gguf.STRING))
    with pytest.raises(gguf.GGUFError, match="general.alignment"):
        writer.add("general.alignment", 64, gguf.UINT32)
    writer.add("x", 1)
    with pytest.raises(gguf.GGUFError, match="duplicate"):
        writer.add("x", 2)
    with pytest.raises(gguf.GGUFError, match="block size"):
        writer.add_tensor("t", bytes(18), (1, 16), "Q4_0")
    with pytest.raises(gguf.GGUFError, match="need 18"):
        writer.add_tensor("t", bytes(17), (1, 32), "Q4_0")
    with pytest.raises(gguf.GGUFError, match="unknown ggml type"):
        writer.add_tensor("t", bytes(4), (1,), "Q9_9")
    with pytest.raises(gguf.GGUFError, match="power of two"):
        gguf.GGUFWriter(alignment=24)
    assert gguf.value_type_spec(2 ** 40) == gguf.INT64
    assert gguf.value_type_spec([[1.0]]) == (gguf.ARRAY, (gguf.ARRAY, gguf.FLOAT32))
