"""The ARM64 images themselves (no QEMU): load addresses, kernel8.img made
from the ELF, segments never writable and executable together."""

from pathlib import Path

from conftest import image


def load_segments(elf_path):
    import lief
    b = lief.parse(str(elf_path))
    return b, [s for s in b.segments if s.type == lief.ELF.Segment.TYPE.LOAD]


def test_virt_elf_loads_above_the_device_tree():
    elf, _ = image("virt")
    b, segments = load_segments(elf)
    assert b.header.machine_type.name == "AARCH64"
    assert b.entrypoint == 0x40200000          # QEMU puts the DTB at 0x40000000
    assert min(s.physical_address for s in segments) == 0x40200000


def test_rpi4_kernel8_img_is_the_elf_laid_out_from_0x80000():
    elf, img = image("rpi4")
    b, segments = load_segments(elf)
    data = Path(img).read_bytes()
    assert b.entrypoint == 0x80000
    for s in segments:
        if s.physical_size:
            off = s.physical_address - 0x80000
            assert data[off:off + s.physical_size] == bytes(s.content)[:s.physical_size]
    assert len(data) == max(s.physical_address + s.physical_size for s in segments if s.physical_size) - 0x80000
    assert data[:4] != b"\x7fELF"


def test_no_segment_is_writable_and_executable():
    import lief
    from tensoros import elfcheck
    for board in ("virt", "rpi4"):
        elf, _ = image(board)
        assert elfcheck.check(elf, "elf") == []
        _, segments = load_segments(elf)
        for s in segments:
            flags = s.flags
            assert not (flags & lief.ELF.Segment.FLAGS.W and flags & lief.ELF.Segment.FLAGS.X)
