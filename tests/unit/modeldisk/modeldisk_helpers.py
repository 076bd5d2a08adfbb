"""Small model disk images with known content, and a block device over
bytes, for the model disk tests (host side)."""

import hashlib
import struct

from tensoros.modeldisk import build_image

# Sizes around the 4 KiB alignment and the 512-byte sector on purpose.
FILES = [
    ("llm_test/weights.gguf", b"GGUF" + bytes(range(256)) * 40),
    ("enc/model/config.json", b'{"model_type": "bert"}'),
    ("enc/model/empty.txt", b""),
    ("enc/model/vocab.txt", "".join("w%d\n" % i for i in range(1500)).encode()),
    ("exactly_4k.bin", bytes((i * 7) & 0xFF for i in range(4096))),
]


def build_small(tmp_path, files=FILES, name="small.img"):
    out, _ = build_image(files, tmp_path / name, quiet=True)
    return out


class BytesDisk:
    """The block-device interface modeldisk.ModelDisk uses, over bytes."""

    name = "mem0"

    def __init__(self, data):
        self.data = bytes(data)
        self.size = len(self.data) // 512 * 512

    def read(self, lba, count):
        if lba < 0 or count <= 0 or (lba + count) * 512 > self.size:
            raise ValueError("read past the end")
        return self.data[lba * 512:(lba + count) * 512]

    def read_bytes(self, offset, length, zone="model"):
        if offset < 0 or length <= 0 or offset + length > self.size:
            raise ValueError("bytes outside the disk")
        return memoryview(self.data)[offset:offset + length]


def rewrite_header(data, **fields):
    """The image with header fields replaced (and nothing else fixed up)."""
    names = ["magic", "version", "file_count", "directory_offset", "directory_size", "data_offset",
             "image_size", "directory_sha256", "reserved"]
    values = list(struct.unpack_from("<8sIIQQQQ32s16s", data, 0))
    for k, v in fields.items():
        values[names.index(k)] = v
    return struct.pack("<8sIIQQQQ32s16s", *values) + bytes(data[96:])


def rewrite_directory(data, new_directory):
    """The image with another directory, its SHA-256 fixed in the header (so
    the entry checks, not the checksum, have to catch the problem)."""
    size = struct.unpack_from("<Q", data, 24)[0]
    assert len(new_directory) == size
    body = bytearray(data)
    body[96:96 + size] = new_directory
    body[48:80] = hashlib.sha256(bytes(new_directory)).digest()
    return bytes(body)
