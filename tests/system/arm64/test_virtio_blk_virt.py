"""The virtio-blk driver and the `hw` module on QEMU's virt board: a
virtio-blk-device in a virtio-mmio slot (register layout version 1, QEMU's
default, and version 2 with force-legacy=false), found through the device
tree, interrupts on a GIC SPI. Same checks as on pc: sectors and model
disk files match the host's bytes, completions raise the interrupt count,
bad requests and `hw` misuse (port I/O, RAM, the kernel's devices, a hole
in the device window) give clear errors and the shell goes on."""

import pytest

from conftest import image, require
from arm64_machine import Arm64Machine
from system.virtio_disk_data import build_test_disk, guest, guest_error, guest_int, sha
from tensoros.qemu import virtio_disk_args


@pytest.fixture(scope="module")
def test_disk(tmp_path_factory):
    return build_test_disk(tmp_path_factory.mktemp("virtio-virt"))


@pytest.fixture(scope="module", params=["mmio-v1", "mmio-v2"])
def virt(request, test_disk):
    require("virt")
    _, img = image("virt")
    extra = virtio_disk_args("virt", test_disk[0])
    if request.param == "mmio-v2":
        extra += ["-global", "virtio-mmio.force-legacy=false"]
    m = Arm64Machine("virt", img, name="virt-" + request.param, extra=extra)
    m.start()
    try:
        m.wait_boot(timeout=30)
        guest(m, "import hw, hashlib, gc, drivers.virtio_blk as vblk, modeldisk")
        guest(m, "d = vblk.open()")
        m.layout_version = 1 if request.param == "mmio-v1" else 2
        yield m
    finally:
        m.close()


def test_the_disk_is_in_a_virtio_mmio_slot(virt, test_disk):
    _, data, _ = test_disk
    assert guest_int(virt, "d.capacity") == len(data) // 512
    out = guest(virt, "print(d)")
    assert f"virtio-mmio 0xa003e00 (version {virt.layout_version}, IRQ 79)" in out, out
    assert guest_int(virt, "len(hw.devices('virtio,mmio'))") == 32


@pytest.mark.parametrize("lba, count", [(0, 1), (7, 9), (100, 257), (-1, 1)])
def test_sectors_match_the_host_file(virt, test_disk, lba, count):
    _, data, _ = test_disk
    if lba < 0:
        lba = len(data) // 512 - 1
    out = guest(virt, f"print(hashlib.sha256(d.read({lba}, {count})).hexdigest())")
    assert out.splitlines()[-1] == sha(data[lba * 512:(lba + count) * 512])


def test_many_requests_and_interrupts(virt, test_disk):
    _, data, _ = test_disk
    count = len(data) // 512
    before = guest_int(virt, "d.interrupts")
    guest(virt, "d.request_bytes = 16384; r0 = d.requests")
    out = guest(virt, f"b = hw.dma_alloc({count * 512}, 'model'); d.read_into(0, {count}, b); "
                      f"print(hashlib.sha256(memoryview(b)).hexdigest())")
    assert out.splitlines()[-1] == sha(data)
    assert guest_int(virt, "d.requests - r0") == -(-len(data) // 16384)
    guest(virt, "d.request_bytes = 1 << 20; x = d.read(0, 8)")
    assert guest_int(virt, "d.interrupts") >= before + 2


def test_model_disk_files_match(virt, test_disk):
    _, _, files = test_disk
    out = virt.run("disk", timeout=60)
    assert "disk image on vda: 3 files" in out, out
    for path, content in files.items():
        out = guest(virt, f"v = modeldisk.open_file({path!r}); print(len(v), hashlib.sha256(v).hexdigest())")
        assert out.split() == [str(len(content)), sha(content)], path


def test_errors_are_clear_and_the_shell_goes_on(virt, test_disk):
    _, data, _ = test_disk
    sectors = len(data) // 512
    err = guest_error(virt, f"d.read({sectors}, 1)")
    assert err == f"ValueError: vda: read past the end: sectors {sectors}-{sectors} of a {sectors}-sector disk"
    err = guest_error(virt, f"d._run([(0, {sectors + 5}, d.slots.address, 512)])")
    assert err.startswith("VirtioBlockError: vda: reading sectors") and "I/O error" in err, err
    errors = {
        "hw.inb(0x60)": "OSError: hw.inb(0x60): I/O ports exist only on the pc board",
        "hw.outl(0xCF8, 0)": "OSError: hw.outl(0xcf8): I/O ports exist only on the pc board",
        "hw.read32(0x40000000)": "ValueError: hw.read32(0x40000000): the address is RAM",
        "hw.read32(0x09000000)": "ValueError: hw.read32(0x9000000): the address is the console UART's",
        "hw.write32(0x08000000, 0)": "ValueError: hw.write32(0x8000000): the address is the GIC's",
        "hw.read32(0x0c000000)": "OSError: hw.read32(0xc000000): bus error, no device answers at this address",
        "hw.write32(0x3ff00000, 1)": "OSError: hw.write32(0x3ff00000): bus error",
        "hw.read64(0x4000000000)": "ValueError: hw.read64(0x4000000000): device registers must lie in the device window",
        "hw.IRQ(27)": "ValueError: hw.IRQ(27): INTIDs 0-31 (SGIs and PPIs) are the kernel's",
        "hw.IRQ(1019)": "ValueError: hw.IRQ(1019): the GIC has no such interrupt",
        "hw.IRQ(33)": "ValueError: hw.IRQ(33): the kernel uses this interrupt (console UART)",
    }
    for code, expected in errors.items():
        err = guest_error(virt, code)
        assert err.startswith(expected), (code, err)
    # a register read that works: the slot's magic "virt" and device id 2 (block)
    assert guest_int(virt, "hw.read32(0x0a003e00)") == 0x74726976
    assert guest_int(virt, "hw.read32(0x0a003e08)") == 2
    out = guest(virt, "print(hashlib.sha256(d.read(0, 2)).hexdigest())")
    assert out.splitlines()[-1] == sha(data[:1024])
    assert guest(virt, "print(6 * 7)") == "42"
