"""nn.safetensors against the `safetensors` package (the Rust reference):
the real all-MiniLM-L6-v2 file, files it writes, every dtype, and bad input
giving a SafetensorsError that names the field."""

import json
import struct

import numpy as np
import pytest

import safetensors as reference
import safetensors.numpy as reference_numpy
from nn_format_builders import map_file, build_safetensors, safetensors_header
from nn import safetensors


@pytest.fixture(scope="module")
def minilm(minilm_path):
    return map_file(minilm_path), minilm_path


def test_minilm_matches_reference(minilm):
    view, path = minilm
    ours = safetensors.read(view)
    with reference.safe_open(path, framework="numpy") as ref:
        assert ours.metadata == ref.metadata() == {"format": "pt"}
        assert sorted(ours.tensor_by_name) == sorted(ref.keys())
        assert [info.name for info in ours.tensors] == list(ref.offset_keys())
        for info in ours.tensors:
            piece = ref.get_slice(info.name)
            assert info.dtype == piece.get_dtype()
            assert list(info.shape) == piece.get_shape()
            array = ref.get_tensor(info.name)
            assert info.nbytes == array.nbytes
            assert info.n_elements == array.size
    assert len(ours.tensors) == 104
    assert sum(info.n_elements for info in ours.tensors) == 22713728   # 22.7M weights + the 512 position_ids


def test_minilm_tensor_bytes_are_in_place(minilm):
    view, path = minilm
    ours = safetensors.read(view)
    with reference.safe_open(path, framework="numpy") as ref:
        for name in ("embeddings.word_embeddings.weight", "pooler.dense.bias", "embeddings.position_ids"):
            data = ours.tensor_bytes(name)
            assert data.obj is view.obj
            assert bytes(data) == ref.get_tensor(name).tobytes()


def test_reference_writer_to_ours():
    tensors = {
        "a": np.arange(12, dtype=np.float32).reshape(3, 4),
        "b": np.array([1, -2], dtype=np.int64),
        "c": np.zeros((0, 5), dtype=np.float16),
        "d": np.array(3.5, dtype=np.float64),
        "e": np.array([True, False]),
    }
    data = reference_numpy.save(tensors, metadata={"format": "np", "ünï": "cödé"})
    ours = safetensors.read(data)
    assert ours.metadata == {"format": "np", "ünï": "cödé"}
    for name, array in tensors.items():
        info = ours.tensor_by_name[name]
        assert info.shape == array.shape
        assert bytes(ours.tensor_bytes(info)) == array.tobytes()
    assert ours.tensor_by_name["d"].shape == () and ours.tensor_by_name["d"].n_elements == 1
    assert ours.tensor_by_name["c"].nbytes == 0


def test_every_dtype_agrees_with_reference():
    for dtype, bits in safetensors.DTYPE_BITS.items():
        count = 8    # a whole number of bytes for every width
        header, size = safetensors_header([("t", dtype, [2, count // 2], count * bits // 8)])
        data = build_safetensors(header, bytes(size))
        assert reference.deserialize(data)[0][1]["dtype"] == dtype
        assert safetensors.read(data).tensors[0].nbytes == count * bits // 8
    for dtype in ("F4", "F6_E2M3"):
        header, size = safetensors_header([("t", dtype, [3], 2 if dtype == "F4" else 3)])
        data = build_safetensors(header, bytes(size))
        with pytest.raises(reference.SafetensorError):
            reference.deserialize(data)
        with pytest.raises(safetensors.SafetensorsError, match="whole number of bytes"):
            safetensors.read(data)


def entry(dtype="F32", shape=(2,), begin=0, end=8, **extra):
    value = {"dtype": dtype, "shape": list(shape), "data_offsets": [begin, end]}
    value.update(extra)
    return value


def check_bad(message, header=None, data=bytes(8), raw_header=None, whole=None):
    """Ours raises SafetensorsError with `message`; the reference also refuses."""
    if whole is None:
        whole = build_safetensors(header, data, raw_header=raw_header)
    with pytest.raises(safetensors.SafetensorsError) as caught:
        safetensors.read(whole)
    assert message in str(caught.value)
    assert str(caught.value).startswith("safetensors")
    with pytest.raises(reference.SafetensorError):
        reference.deserialize(whole)


def test_bad_header_length_and_text():
    check_bad("shorter than 8", whole=b"\x01\x00")
    check_bad("above the limit", whole=struct.pack("<Q", 100000001) + b"{}")
    check_bad("runs past the end", whole=struct.pack("<Q", 50) + b"{}")
    check_bad("not valid UTF-8", raw_header=b'{"\xff": 1}')
    check_bad("not valid JSON", raw_header=b'{"a": }')
    check_bad("not valid JSON", raw_header=b"")
    check_bad("not valid JSON", raw_header=b"{} x")
    check_bad("is not JSON", raw_header=b'{"__metadata__": {"a": NaN}}')
    check_bad("not a JSON object", raw_header=b"[]")
    check_bad("nested too deeply", raw_header=b"[" * 100000 + b"]" * 100000)
    check_bad("not valid Unicode", raw_header=b'{"\\ud800": {"dtype": "U8", "shape": [1], "data_offsets": [0, 1]}}',
              data=b"x")


def test_bad_entries():
    check_bad("entry is not an object", {"a": [1]})
    check_bad("missing field 'shape'", {"a": {"dtype": "F32", "data_offsets": [0, 8]}})
    check_bad("unknown dtype 'F128'", {"a": entry("F128")})
    check_bad("shape has -1", {"a": entry(shape=(-1,))})
    check_bad("shape has True", {"a": entry(shape=(True,))})
    check_bad("shape has 2.0", {"a": entry(shape=(2.0,))})
    check_bad("not a size", {"a": entry(shape=(2 ** 64, 2 ** 64))})
    check_bad("overflows 64 bits", {"a": entry(shape=(2 ** 40, 2 ** 40, 0))})
    check_bad("overflows 64 bits", {"a": entry(shape=(2 ** 62,))})
    check_bad("needs 12 bytes", {"a": entry(shape=(3,))}, bytes(16))
    check_bad("data_offsets is not", {"a": entry(end=8.0)})
    check_bad("data_offsets is not", {"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 4, 8]}})
    check_bad("outside the data", {"a": entry(begin=8, end=0)})
    check_bad("outside the data", {"a": entry(begin=0, end=16)})
    check_bad("__metadata__ at", {"__metadata__": {"a": 1}, "a": entry()})
    check_bad("__metadata__ at", {"__metadata__": [], "a": entry()})


def test_overlaps_gaps_and_uncovered_bytes():
    check_bad("overlaps the previous tensor", {"a": entry(), "b": entry(begin=4, end=12)}, bytes(12))
    check_bad("leaves a gap", {"a": entry(begin=4, end=12)}, bytes(12))
    check_bad("tensors cover 8 of the 9", {"a": entry()}, bytes(9))


def test_duplicate_keys_are_refused_here_only():
    raw = b'{"a": {"dtype": "U8", "shape": [1], "data_offsets": [0, 1]}, "a": {"dtype": "U8", "shape": [1], "data_offsets": [0, 1]}}'
    whole = build_safetensors(None, b"x", raw_header=raw)
    reference.deserialize(whole)      # the reference keeps one of them
    with pytest.raises(safetensors.SafetensorsError, match="duplicate key 'a'"):
        safetensors.read(whole)


def test_lenient_where_the_reference_is():
    header = {"__metadata__": None, "a": entry(extra_field=1)}
    whole = build_safetensors(header, bytes(8))
    reference.deserialize(whole)
    parsed = safetensors.read(whole)
    assert parsed.metadata == {} and parsed.tensors[0].shape == (2,)
    whole = build_safetensors(None, b"", raw_header=b" \t{}\n")
    assert safetensors.read(whole).tensors == []


def test_every_truncation_is_an_error():
    header, size = safetensors_header([("x", "F32", [2, 2], 16), ("y", "U8", [3], 3)], {"k": "v"})
    whole = build_safetensors(header, bytes(size))
    assert len(safetensors.read(whole).tensors) == 2
    for cut in range(len(whole)):
        with pytest.raises(safetensors.SafetensorsError):
            safetensors.read(whole[:cut])
