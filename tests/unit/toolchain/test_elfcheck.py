"""elfcheck refuses kernel images that cannot boot or break the W^X rule:
broken copies of build/pc/kernel.elf, each damaged in one way."""

import shutil
import struct

import pytest
from elftools.elf.elffile import ELFFile

from tensoros import elfcheck


@pytest.fixture
def kernel_copy(pc_elf, tmp_path):
    dst = tmp_path / "kernel.elf"
    shutil.copyfile(pc_elf, dst)
    return dst


def patch(path, offset, data):
    with open(path, "r+b") as f:
        f.seek(offset)
        f.write(data)


def mb2_offset(path):
    off, why = elfcheck.find_multiboot2(path.read_bytes())
    assert off is not None, why
    return off


def test_the_real_kernel_passes(pc_elf, pc_debug_elf):
    assert elfcheck.check(pc_elf) == []
    assert elfcheck.check(pc_debug_elf) == []


def test_bad_multiboot2_checksum(kernel_copy):
    off = mb2_offset(kernel_copy)
    (checksum,) = struct.unpack_from("<I", kernel_copy.read_bytes(), off + 12)
    patch(kernel_copy, off + 12, struct.pack("<I", (checksum + 1) & 0xFFFFFFFF))
    problems = elfcheck.check(kernel_copy)
    assert any("bad checksum" in p for p in problems), problems


def test_bad_multiboot2_length(kernel_copy):
    off = mb2_offset(kernel_copy)
    data = kernel_copy.read_bytes()
    magic, arch, length, checksum = struct.unpack_from("<IIII", data, off)
    # A length below the minimum, with a checksum that still adds up.
    length = 8
    patch(kernel_copy, off + 8, struct.pack("<II", length, (-(magic + arch + length)) & 0xFFFFFFFF))
    assert any("Multiboot2" in p for p in elfcheck.check(kernel_copy))


def test_header_moved_past_32_KiB(kernel_copy):
    data = kernel_copy.read_bytes()
    off = mb2_offset(kernel_copy)
    header = data[off:off + 24]
    assert len(data) > 40000, "the kernel file is big enough to hold a header past 32 KiB"
    patch(kernel_copy, off, b"\0" * 24)              # the header is gone from where GRUB looks
    patch(kernel_copy, 36864, header)                 # and sits, intact, past 32 KiB
    assert elfcheck.find_multiboot2(kernel_copy.read_bytes())[0] is None
    problems = elfcheck.check(kernel_copy)
    assert any("no Multiboot2 header" in p and "32 KiB" in p for p in problems), problems


def test_header_at_the_edge_of_32_KiB_is_found(kernel_copy):
    data = kernel_copy.read_bytes()
    off = mb2_offset(kernel_copy)
    header = data[off:off + 24]
    patch(kernel_copy, off, b"\0" * 24)
    patch(kernel_copy, 32768 - 24, header)            # the whole header inside the first 32 KiB
    assert elfcheck.find_multiboot2(kernel_copy.read_bytes())[0] == 32768 - 24


def test_entry_outside_text(kernel_copy):
    with open(kernel_copy, "rb") as f:
        elf = ELFFile(f)
        rodata = elf.get_section_by_name(".rodata")["sh_addr"]
    patch(kernel_copy, 24, struct.pack("<Q", rodata))  # e_entry
    problems = elfcheck.check(kernel_copy)
    assert any("entry point" in p and "outside .text" in p for p in problems), problems


def test_writable_and_executable_segment(kernel_copy):
    with open(kernel_copy, "rb") as f:
        elf = ELFFile(f)
        phoff, phentsize = elf.header["e_phoff"], elf.header["e_phentsize"]
        index = next(i for i, seg in enumerate(elf.iter_segments())
                     if seg["p_type"] == "PT_LOAD" and seg["p_flags"] & 1)
    patch(kernel_copy, phoff + index * phentsize + 4, struct.pack("<I", 7))   # p_flags = R W X
    problems = elfcheck.check(kernel_copy)
    assert any("both writable and executable" in p for p in problems), problems


def test_several_problems_are_all_reported(kernel_copy):
    off = mb2_offset(kernel_copy)
    patch(kernel_copy, off + 12, b"\xff\xff\xff\xff")
    patch(kernel_copy, 24, struct.pack("<Q", 0x10))
    problems = elfcheck.check(kernel_copy)
    assert len(problems) >= 2, problems


def test_not_an_elf(tmp_path):
    p = tmp_path / "junk.bin"
    p.write_bytes(b"MZ" + bytes(100))
    assert elfcheck.check(p) == [f"{p} is not an ELF file"]


def test_truncated_elf(kernel_copy):
    data = kernel_copy.read_bytes()
    kernel_copy.write_bytes(data[:200])
    assert elfcheck.check(kernel_copy) != []
