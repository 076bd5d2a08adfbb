"""Refuses a kernel image that cannot boot or breaks the memory rules.

Checks, for the Multiboot2 kind:
* a Multiboot2 header in the first 32 KiB of the file, 8-byte aligned,
  whose checksum makes magic + architecture + length + checksum == 0 (mod 2^32);
* the entry point inside the .text section;
* no loadable segment both writable and executable.
Reads the file with both lief (segments) and pyelftools (sections).
"""

import struct
from pathlib import Path

MB2_MAGIC = 0xE85250D6
MB2_SEARCH = 32768


def find_multiboot2(data: bytes):
    """Offset of the first valid Multiboot2 header, or a reason there is none."""
    seen_magic = None
    for off in range(0, min(len(data), MB2_SEARCH) - 15, 8):
        magic, arch, length, checksum = struct.unpack_from("<IIII", data, off)
        if magic != MB2_MAGIC:
            continue
        seen_magic = off
        if (magic + arch + length + checksum) & 0xFFFFFFFF == 0 and length >= 24:
            return off, None
    if seen_magic is not None:
        return None, f"Multiboot2 header at offset {seen_magic:#x} has a bad checksum or length"
    return None, "no Multiboot2 header (8-byte aligned) in the first 32 KiB of the file"


def check(path, kind="multiboot2"):
    """Returns a list of problems; empty means the image is fine."""
    import lief
    from elftools.elf.elffile import ELFFile

    path = Path(path)
    problems = []
    data = path.read_bytes()
    if data[:4] != b"\x7fELF":
        return [f"{path} is not an ELF file"]
    if kind == "multiboot2":
        _, why = find_multiboot2(data)
        if why:
            problems.append(why)

    try:
        with open(path, "rb") as f:
            elf = ELFFile(f)
            entry = elf.header["e_entry"]
            text = elf.get_section_by_name(".text")
            if text is None:
                problems.append("no .text section")
            elif not (text["sh_addr"] <= entry < text["sh_addr"] + text["sh_size"]):
                problems.append(f"entry point {entry:#x} is outside .text "
                                f"[{text['sh_addr']:#x}, {text['sh_addr'] + text['sh_size']:#x})")
    except Exception as e:  # pyelftools raises several kinds on a damaged file
        problems.append(f"cannot read the ELF structure: {e}")

    binary = lief.parse(str(path))
    if binary is None:
        problems.append("lief cannot parse the file")
        return problems
    for i, seg in enumerate(binary.segments):
        if seg.type != lief.ELF.Segment.TYPE.LOAD:
            continue
        flags = seg.flags
        writable = bool(flags & lief.ELF.Segment.FLAGS.W)
        executable = bool(flags & lief.ELF.Segment.FLAGS.X)
        if writable and executable:
            problems.append(f"load segment {i} at {seg.virtual_address:#x} is both writable and executable")
    return problems
