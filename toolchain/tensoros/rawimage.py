"""A raw binary image from a kernel ELF (the Raspberry Pi's kernel8.img).

The firmware copies the file to the load address and jumps to its first
byte, so the image is the load segments laid out by their physical
addresses from the lowest one, gaps filled with zeros; .bss (no file bytes)
is left out, the kernel clears it. Read with lief.
"""

from pathlib import Path


class RawImageError(Exception):
    pass


def make_raw_image(elf_path, image_path):
    """Writes image_path and returns (load_address, size)."""
    import lief

    binary = lief.parse(str(elf_path))
    if binary is None:
        raise RawImageError(f"{elf_path}: lief cannot parse it")
    segments = [s for s in binary.segments
                if s.type == lief.ELF.Segment.TYPE.LOAD and s.physical_size > 0]
    if not segments:
        raise RawImageError(f"{elf_path}: no load segments with file contents")
    base = min(s.physical_address for s in segments)
    end = max(s.physical_address + s.physical_size for s in segments)
    if binary.entrypoint != base:
        raise RawImageError(f"{elf_path}: entry point {binary.entrypoint:#x} is not the first byte "
                            f"of the image ({base:#x}); the firmware jumps to the first byte")
    if end - base > 256 << 20:
        raise RawImageError(f"{elf_path}: the image would be {(end - base) >> 20} MiB: segments far apart?")
    image = bytearray(end - base)
    for s in segments:
        data = bytes(s.content)[:s.physical_size]
        offset = s.physical_address - base
        image[offset:offset + len(data)] = data
    path = Path(image_path)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(image)
    tmp.replace(path)
    return base, len(image)
