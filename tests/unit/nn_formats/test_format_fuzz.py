"""2,000 mutated GGUF and 2,000 mutated safetensors files: each one either
parses to something consistent or raises the module's own error with a
clear message; never another exception, never a slow giant allocation.
safetensors mutants are also given to the reference (Rust) reader, which must
accept exactly the same files (except headers repeating a JSON key, which
only we refuse)."""

import json
import random
import struct
import time

import pytest

import safetensors as reference_safetensors
from nn_format_builders import map_file, build_gguf, build_safetensors, safetensors_header
from nn import gguf, safetensors

MUTANTS = 2000
A = gguf.ARRAY
INTERESTING = [0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 31, 32, 33, 63, 64, 255, 256, 2 ** 16, 2 ** 31 - 1,
               2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 40, 2 ** 62, 2 ** 63 - 1, 2 ** 63, 2 ** 64 - 1]
BAD_UTF8 = [b"\xff", b"\xc0\x80", b"\xed\xa0\x80", b"\xe2\x82", b"\x80", b"\xf5\x80\x80\x80", b"\xf0\x8f\xbf\xbf"]


def gguf_seeds():
    Q8, F32, Q4K = gguf.GGML_TYPE_CODES["Q8_0"], 0, gguf.GGML_TYPE_CODES["Q4_K"]
    kvs = [
        ("general.architecture", gguf.STRING, "llama"),
        ("general.alignment", gguf.UINT32, 32),
        ("llama.block_count", gguf.UINT32, 2),
        ("f", gguf.FLOAT32, 0.5), ("d", gguf.FLOAT64, 2.5), ("b", gguf.BOOL, 1),
        ("i8", gguf.INT8, -3), ("u64", gguf.UINT64, 9), ("i64", gguf.INT64, -9), ("u16", gguf.UINT16, 7),
        ("tokens", (A, gguf.STRING), ["<s>", "a", "bé", "ĠĠ"]),
        ("types", (A, gguf.INT32), [1, 2, 3, 4]),
        ("flags", (A, gguf.BOOL), [1, 0]),
        ("nested", (A, (A, gguf.STRING)), [["x", "y"], ["z"]]),
    ]
    tensors = [("token_embd.weight", [32, 4], Q8, 0), ("norm", [8], F32, 160),
               ("blk.0.q", [256, 1], Q4K, 192), ("e", [2, 2, 2, 2], F32, 352)]
    seeds = [build_gguf(kvs, tensors)]
    seeds.append(build_gguf(kvs[:3], tensors[:2], alignment=32))
    seeds.append(build_gguf([("general.alignment", gguf.UINT32, 64)] + kvs[2:6],
                            [("a", [4], F32, 0), ("b", [32], Q8, 64)], alignment=64))
    seeds.append(build_gguf(kvs[::-1], [], version=2))
    return seeds


def mutate_gguf(rng, data, marks):
    data = bytearray(data)
    header_end = [m for m in marks if m[0] == "data"][0][1]
    for _ in range(rng.randint(1, 3)):
        if not data:
            break
        op = rng.randrange(8)
        fields = [m for m in marks if m[0] not in ("magic", "data") and m[2] > 0 and m[1] + m[2] <= len(data)]
        if op == 0:          # bit flips in the header
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(min(header_end, len(data)))] ^= 1 << rng.randrange(8)
        elif op == 1:        # truncation
            del data[rng.randrange(len(data)):]
        elif op in (2, 3):   # a counted or typed field set to an interesting value
            if not fields:
                continue
            kind, at, size = rng.choice(fields)
            if kind.endswith("_data") or kind == "scalar" and size < 4:
                continue
            value = rng.choice(INTERESTING) if rng.random() < 0.8 else rng.getrandbits(size * 8)
            data[at:at + size] = (value % (1 << (size * 8))).to_bytes(size, "little")
        elif op == 4:        # bad UTF-8 inside a string
            strings = [m for m in fields if m[0].endswith("_data")]
            if strings:
                kind, at, size = rng.choice(strings)
                bad = rng.choice(BAD_UTF8)[:size]
                pos = at + rng.randrange(size - len(bad) + 1)
                data[pos:pos + len(bad)] = bad
        elif op == 5:        # one tensor's offset copied from another (overlap)
            offsets = [m for m in fields if m[0] == "tensor_offset"]
            if len(offsets) >= 2:
                (_, a, _), (_, b, _) = rng.sample(offsets, 2)
                data[a:a + 8] = data[b:b + 8]
        elif op == 6:        # an unknown type code
            types = [m for m in fields if m[0] in ("value_type", "element_type", "ggml_type")]
            if types:
                kind, at, size = rng.choice(types)
                data[at:at + 4] = struct.pack("<I", rng.choice([4, 5, 13, 31, 36, 42, 99, 2 ** 31, 2 ** 32 - 1]))
        else:                # bytes inserted or removed inside the header
            pos = rng.randrange(min(header_end, len(data)) + 1)
            if rng.random() < 0.5:
                data[pos:pos] = rng.randbytes(rng.randint(1, 9))
            else:
                del data[pos:pos + rng.randint(1, 9)]
    return bytes(data)


def check_gguf_result(parsed, size):
    spans = sorted((info.offset, info.offset + info.nbytes) for info in parsed.tensors)
    for info in parsed.tensors:
        assert 0 <= info.offset and info.offset + info.nbytes <= size
        assert info.offset % parsed.alignment == 0 or info.offset == parsed.data_offset
        assert len(parsed.tensor_bytes(info)) == info.nbytes
    for (_, end), (start, _) in zip(spans, spans[1:]):
        assert start >= end


def test_gguf_mutants():
    rng = random.Random(5)
    seeds = gguf_seeds()
    for data, _ in seeds:
        gguf.read(data)
    errors = 0
    started = time.monotonic()
    for index in range(MUTANTS):
        data, marks = seeds[index % len(seeds)]
        mutant = mutate_gguf(rng, data, marks)
        try:
            parsed = gguf.read(mutant)
        except gguf.GGUFError as error:
            message = str(error)
            assert message.startswith("GGUF ") and len(message) > 20, message
            errors += 1
            continue
        except Exception as error:
            pytest.fail("mutant %d raised %r; bytes %r" % (index, error, mutant))
        check_gguf_result(parsed, len(mutant))
    assert errors > MUTANTS * 0.6, errors
    assert time.monotonic() - started < 20


def test_gguf_real_header_mutants(smollm2_path):
    """Mutations of SmolLM2's own header, applied in place on one copy."""
    data = bytearray(map_file(smollm2_path)[:2 * 1024 * 1024])   # header + first tensor
    rng = random.Random(7)
    for index in range(20):
        at = rng.randrange(24, 4096) if index % 2 else rng.randrange(1785000)
        saved = data[at:at + 8]
        data[at:at + 8] = rng.choice(INTERESTING).to_bytes(8, "little")
        try:
            gguf.read(data)
        except gguf.GGUFError:
            pass
        data[at:at + 8] = saved


# ---------------------------------------------------------------- safetensors

def safetensors_seeds():
    seeds = []
    header, size = safetensors_header(
        [("embeddings.weight", "F32", [4, 3], 48), ("bias", "F16", [3], 6), ("ids", "I64", [1, 2], 16),
         ("mask", "BOOL", [5], 5), ("packed", "F4", [2, 2], 2), ("empty", "BF16", [0, 7], 0)],
        {"format": "pt", "note": "ü"})
    seeds.append((header, bytes(size)))
    header, size = safetensors_header([("a", "U8", [3], 3), ("b", "F64", [], 8)])
    seeds.append((header, bytes(size)))
    header, size = safetensors_header([("w", "F8_E4M3", [2, 2, 2], 8)], {})
    seeds.append((header, bytes(size)))
    return seeds


def mutate_structure(rng, header):
    header = json.loads(json.dumps(header))
    names = [name for name in header if name != "__metadata__"]
    name = rng.choice(names)
    entry = header[name]
    op = rng.randrange(12)
    if op == 0:
        entry["dtype"] = rng.choice(list(safetensors.DTYPE_BITS) + ["F128", "f32", "", 3, None])
    elif op == 1:
        entry["shape"] = [rng.choice(INTERESTING + [-1, 2 ** 64, 1.5, True, "2", [2], None])
                          for _ in range(rng.randint(0, 4))]
    elif op == 2:
        entry["shape"] = rng.choice([None, 3, "x", {}, [2 ** 40, 2 ** 40, 0], [2 ** 63, 2]])
    elif op == 3:
        other = header[rng.choice(names)]
        entry["data_offsets"] = list(other["data_offsets"])
    elif op == 4:
        begin, end = entry["data_offsets"]
        delta = rng.choice([-9, -1, 1, 2, 8, 2 ** 64, -2 ** 64])
        entry["data_offsets"] = [begin + delta, end] if rng.random() < 0.5 else [begin, end + delta]
    elif op == 5:
        entry["data_offsets"] = rng.choice([[], [0], [0, 1, 2], "0,1", None, [1.0, 2.0], [True, 2]])
    elif op == 6:
        del entry[rng.choice(["dtype", "shape", "data_offsets"])]
    elif op == 7:
        entry["extra"] = rng.choice([1, "x", [1, [2]], {"a": None}])
    elif op == 8:
        header["__metadata__"] = rng.choice([None, [], "x", {"a": 1}, {"a": None}, {"a": ["b"]},
                                             {"\ud800": "x"}, {"k": "v"}])
    elif op == 9:
        header[name] = rng.choice([None, [], 1, "x"])
    elif op == 10:
        header["\udcff" if rng.random() < 0.5 else "new"] = entry
    else:
        begin, end = entry["data_offsets"]
        entry["data_offsets"] = [end, begin]
    return header


def mutate_safetensors(rng, header, data):
    op = rng.randrange(6)
    if op < 2:                       # structural change, re-encoded
        text = json.dumps(mutate_structure(rng, header))
        raw = text.encode("utf-8", "surrogatepass")
        if b"\xed" in raw:
            raw = text.encode("ascii", "backslashreplace").replace(b"\\\\", b"\\")
        return build_safetensors(None, data, raw_header=raw)
    whole = bytearray(build_safetensors(header, data))
    length = struct.unpack_from("<Q", whole)[0]
    if op == 2:                      # bit flips in the header
        for _ in range(rng.randint(1, 6)):
            whole[8 + rng.randrange(length)] ^= 1 << rng.randrange(8)
    elif op == 3:                    # truncation, or the data grown
        if rng.random() < 0.7:
            del whole[rng.randrange(len(whole)):]
        else:
            whole += bytes(rng.randint(1, 16))
    elif op == 4:                    # header length field
        value = rng.choice([0, 1, 2, length - 1, length + 1, length + 8, 100000001, 2 ** 63, 2 ** 64 - 1])
        whole[0:8] = struct.pack("<Q", max(value, 0))
    else:                            # bad UTF-8, a duplicate key, NaN, deep nesting
        kind = rng.randrange(4)
        text = bytes(whole[8:8 + length])
        if kind == 0:
            pos = rng.randrange(1, length - 1)
            text = text[:pos] + rng.choice(BAD_UTF8) + text[pos + 1:]
        elif kind == 1:
            duplicate = json.dumps(header).encode()
            text = duplicate[:-1] + b"," + duplicate[1:]
        elif kind == 2:
            text = text.replace(b"[", b"[NaN,", 1)
        else:
            text = b'{"a": ' + b"[" * 3000 + b"]" * 3000 + b"}"
        return build_safetensors(None, data, raw_header=text)
    return bytes(whole)


def has_duplicate_keys(whole):
    try:
        length = struct.unpack_from("<Q", whole)[0]
        found = []

        def hook(pairs):
            keys = [key for key, _ in pairs]
            if len(set(keys)) != len(keys):
                found.append(True)
            return dict(pairs)
        json.loads(bytes(whole[8:8 + length]).decode("utf-8"), object_pairs_hook=hook)
        return bool(found)
    except Exception:
        return False


def test_safetensors_mutants_agree_with_reference():
    rng = random.Random(11)
    seeds = safetensors_seeds()
    errors = 0
    started = time.monotonic()
    for index in range(MUTANTS):
        header, data = seeds[index % len(seeds)]
        mutant = mutate_safetensors(rng, header, data)
        try:
            reference = reference_safetensors.deserialize(mutant)
        except Exception:
            reference = None
        try:
            parsed = safetensors.read(mutant)
        except safetensors.SafetensorsError as error:
            message = str(error)
            assert message.startswith("safetensors ") and len(message) > 20, message
            errors += 1
            assert reference is None or has_duplicate_keys(mutant), (index, message, mutant)
            continue
        except Exception as error:
            pytest.fail("mutant %d raised %r; bytes %r" % (index, error, mutant))
        assert reference is not None, (index, mutant)
        expected = {name: (info["dtype"], list(info["shape"]), bytes(info["data"])) for name, info in reference}
        got = {info.name: (info.dtype, list(info.shape), bytes(parsed.tensor_bytes(info))) for info in parsed.tensors}
        assert got == expected, index
    assert errors > MUTANTS * 0.6, errors
    assert time.monotonic() - started < 20


def test_safetensors_real_header_mutants(minilm_path):
    """Same-length mutations of all-MiniLM's header, in place on one copy."""
    view = map_file(minilm_path)
    length = struct.unpack_from("<Q", view)[0]
    whole = bytearray(view)
    rng = random.Random(13)
    for _ in range(100):
        at = rng.randrange(8 + length)
        saved = whole[at]
        whole[at] ^= 1 << rng.randrange(8)
        try:
            safetensors.read(whole)
        except safetensors.SafetensorsError:
            pass
        whole[at] = saved
    assert len(safetensors.read(whole).tensors) == 104
