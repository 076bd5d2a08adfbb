"""The model disk format: the toolchain's builder and runtime/modeldisk's
reader agree, every malformed header or directory is refused with a clear
ModelDiskError, random mutants never escape as another exception, and the
build is incremental."""

import hashlib
import os
import random
import struct
import time

import pytest

from modeldisk import ModelDisk, image
from modeldisk.image import ModelDiskError
from modeldisk_helpers import FILES, BytesDisk, build_small, rewrite_directory, rewrite_header
from tensoros import modeldisk as builder


def parse(data, device_size=None):
    header = image.parse_header(data, len(data) if device_size is None else device_size)
    directory = data[header.directory_offset:header.directory_offset + header.directory_size]
    return header, image.parse_directory(header, directory)


def test_round_trip_and_layout(tmp_path):
    data = build_small(tmp_path).read_bytes()
    header, entries = parse(data)
    assert header.file_count == len(FILES)
    assert header.image_size == len(data) and len(data) % 4096 == 0
    by_path = {e.path: e for e in entries}
    for path, content in FILES:
        e = by_path[path]
        assert e.offset % 4096 == 0
        assert data[e.offset:e.offset + e.size] == content
        assert e.sha256 == hashlib.sha256(content).digest()
    # files follow each other in the given order, each on the next 4 KiB boundary
    offsets = [by_path[p].offset for p, _ in FILES]
    assert offsets == sorted(offsets) and offsets[0] == header.data_offset


def test_model_disk_reads_files(tmp_path):
    disk = ModelDisk(BytesDisk(build_small(tmp_path).read_bytes()))
    assert disk.files() == sorted((p, len(c)) for p, c in FILES)
    for path, content in FILES:
        assert bytes(disk.open_file(path, verify=True)) == content
    assert disk.open_file(FILES[0][0]) is disk.open_file(FILES[0][0])      # read once
    with pytest.raises(FileNotFoundError, match="No such file on the model disk"):
        disk.open_file("llm_test/missing.gguf")
    disk.release()
    assert disk.loaded == {}


def test_verify_detects_changed_file_bytes(tmp_path):
    data = bytearray(build_small(tmp_path).read_bytes())
    header, entries = parse(bytes(data))
    e = [e for e in entries if e.path == "enc/model/vocab.txt"][0]
    data[e.offset + 10] ^= 1
    disk = ModelDisk(BytesDisk(data))
    original = dict(FILES)[e.path]
    assert bytes(disk.open_file(e.path))[10] == original[10] ^ 1      # unverified: the bytes as stored
    disk.release()
    with pytest.raises(ModelDiskError, match="does not match its SHA-256"):
        disk.open_file(e.path, verify=True)


def test_empty_image(tmp_path):
    data = build_small(tmp_path, files=[], name="empty.img").read_bytes()
    header, entries = parse(data)
    assert entries == [] and header.image_size == 4096


@pytest.mark.parametrize("fields, message", [
    ({"magic": b"TOSMDISX"}, "bad magic"),
    ({"version": 2}, "version 2 at offset 8 is not supported"),
    ({"reserved": b"\x01" + bytes(15)}, "reserved bytes at offset 80"),
    ({"file_count": 70000}, "file count 70000 at offset 12"),
    ({"file_count": 100000000}, "file count"),
    ({"directory_offset": 128}, "directory offset 128 at offset 16"),
    ({"directory_size": 1 << 40}, "directory size"),
    ({"directory_size": 10}, "cannot hold 5 entries"),
    ({"data_offset": 4097}, "data offset 4097 at offset 32"),
    ({"data_offset": 0}, "data offset 0 at offset 32"),
    ({"image_size": 4096 * 3 + 1}, "image size"),
    ({"image_size": 0}, "image size 0 at offset 40"),
    ({"image_size": 1 << 50}, "the device holds only"),
    ({"directory_sha256": bytes(32)}, "does not match its SHA-256"),
])
def test_mutated_header_is_refused(tmp_path, fields, message):
    data = rewrite_header(build_small(tmp_path).read_bytes(), **fields)
    with pytest.raises(ModelDiskError, match=message):
        parse(data)


def test_short_data_and_truncated_device(tmp_path):
    data = build_small(tmp_path).read_bytes()
    with pytest.raises(ModelDiskError, match="too short"):
        image.parse_header(data[:50])
    with pytest.raises(ModelDiskError, match="truncated"):
        parse(data, device_size=len(data) - 4096)
    with pytest.raises(ModelDiskError, match="bad magic"):
        ModelDisk(BytesDisk(bytes(8192)))


def _directory(data):
    size = struct.unpack_from("<Q", data, 24)[0]
    return bytearray(data[96:96 + size])


def test_bad_entries_are_refused(tmp_path):
    data = build_small(tmp_path).read_bytes()
    cases = []
    d = _directory(data)
    struct.pack_into("<Q", d, 0, 4096 + 512)           # offset not 4 KiB aligned
    cases.append((d, "is not a 4 KiB boundary"))
    d = _directory(data)
    struct.pack_into("<Q", d, 0, 0)                    # offset inside the header
    cases.append((d, "is not a 4 KiB boundary in the data area"))
    d = _directory(data)
    struct.pack_into("<Q", d, 8, 1 << 40)              # size past the end
    cases.append((d, "run past the"))
    d = _directory(data)
    struct.pack_into("<Q", d, 8, (1 << 64) - 1)        # size that would wrap
    cases.append((d, "run past the"))
    d = _directory(data)
    struct.pack_into("<H", d, 48, 60000)               # path length past the directory
    cases.append((d, "path length 60000 does not fit"))
    d = _directory(data)
    struct.pack_into("<H", d, 48, 0)
    cases.append((d, "path length 0 does not fit"))
    d = _directory(data)
    d[50:53] = b"../"                                  # "llm" -> "../_test/..." : a parent reference
    cases.append((d, "not a plain relative path"))
    d = _directory(data)
    d[50] = 0xFF                                       # not UTF-8
    cases.append((d, "not UTF-8"))
    d = _directory(data)
    d[50] = 0                                          # a NUL in the path
    cases.append((d, "backslash or NUL"))
    # two entries with the same data: overlapping files
    d = _directory(data)
    first_offset = struct.unpack_from("<Q", d, 0)[0]
    second = (50 + len(FILES[0][0]) + 7) // 8 * 8
    struct.pack_into("<Q", d, second, first_offset)
    cases.append((d, "overlap"))
    # the same path twice
    d = _directory(data)
    name0 = FILES[0][0].encode()
    name1 = FILES[1][0].encode()
    if len(name0) == len(name1):
        d[second + 50:second + 50 + len(name1)] = name0
        cases.append((d, "appears twice"))
    for directory, message in cases:
        with pytest.raises(ModelDiskError, match=message):
            parse(rewrite_directory(data, directory))


def test_count_mismatch_is_refused(tmp_path):
    data = build_small(tmp_path).read_bytes()
    with pytest.raises(ModelDiskError, match="left over"):
        parse(rewrite_header(data, file_count=len(FILES) - 1))
    with pytest.raises(ModelDiskError, match="runs past the directory|does not fit|cannot hold"):
        parse(rewrite_header(data, file_count=len(FILES) + 1))


def test_layout_refuses_bad_input():
    digest = bytes(32)
    for files, message in [
        ([("/abs/x", 1, digest)], "not a plain relative path"),
        ([("a//b", 1, digest)], "not a plain relative path"),
        ([("a\\b", 1, digest)], "backslash"),
        ([("", 1, digest)], "1 to 1024 bytes"),
        ([("a", 1, digest), ("a", 2, digest)], "given twice"),
        ([("a", -1, digest)], "non-negative"),
        ([("a", 1, b"short")], "32 bytes"),
    ]:
        with pytest.raises(ModelDiskError, match=message):
            image.layout(files)


def mutate(rng, data):
    data = bytearray(data)
    kind = rng.randrange(4)
    if kind == 0:                       # random bytes anywhere in the first pages
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(min(len(data), 8192))] = rng.randrange(256)
    elif kind == 1:                     # an interesting integer in a header field
        at = rng.choice([12, 16, 24, 32, 40])
        width = 4 if at == 12 else 8
        value = rng.choice([0, 1, 95, 96, 97, 4095, 4096, 4097, 2 ** 31, 2 ** 32 - 1, 2 ** 63, 2 ** 64 - 1])
        data[at:at + width] = (value % (1 << (8 * width))).to_bytes(width, "little")
    elif kind == 2:                     # the directory changed but re-signed: entry checks must catch it
        size = struct.unpack_from("<Q", data, 24)[0]
        for _ in range(rng.randint(1, 4)):
            data[96 + rng.randrange(size)] = rng.randrange(256)
        data[48:80] = hashlib.sha256(bytes(data[96:96 + size])).digest()
    else:                               # truncated
        data = data[:rng.randrange(len(data))]
    return bytes(data)


def test_mutants_raise_only_model_disk_errors(tmp_path):
    data = build_small(tmp_path).read_bytes()
    rng = random.Random(5)
    refused = 0
    start = time.monotonic()
    for _ in range(2000):
        mutant = mutate(rng, data)
        try:
            header, entries = parse(mutant)
        except ModelDiskError as e:
            assert str(e).startswith("model disk:")
            refused += 1
            continue
        for e in entries:               # whatever is accepted is consistent
            assert e.offset % 4096 == 0 and e.offset + e.size <= header.image_size <= len(mutant)
    assert refused > 1000
    assert time.monotonic() - start < 60          # no giant allocation driven by a bad number


def test_build_is_incremental(tmp_path):
    files = [("a/one.bin", tmp_path / "one.bin"), ("a/two.bin", b"two")]
    (tmp_path / "one.bin").write_bytes(b"first")
    out, rebuilt = builder.build_image(files, tmp_path / "d.img", quiet=True)
    assert rebuilt
    assert builder.build_image(files, out, quiet=True) == (out, False)
    (tmp_path / "one.bin").write_bytes(b"second version")
    out, rebuilt = builder.build_image(files, out, quiet=True)
    assert rebuilt
    header, entries = parse(out.read_bytes())
    assert [bytes(out.read_bytes()[e.offset:e.offset + e.size]) for e in entries] == [b"second version", b"two"]
    files.append(("a/three.bin", b"3"))
    assert builder.build_image(files, out, quiet=True)[1]
    assert builder.build_image(files, out, quiet=True, force=True)[1]


def test_model_files_hold_what_the_registry_names():
    from nn import registry
    try:
        files = builder.model_files()
    except FileNotFoundError as e:
        pytest.skip(str(e))
    paths = {p for p, _ in files}
    for entry in registry.MODELS.values():
        for path in entry["files"].values():
            assert path in paths, path
    assert not any(p.endswith(".py") or "__pycache__" in p for p in paths)


def test_missing_package_is_a_clear_error():
    with pytest.raises(FileNotFoundError, match="no-such-model-package is not installed"):
        builder.model_files(("no_such_model_package",))
