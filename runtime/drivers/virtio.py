"""Virtio 1.x / legacy devices: the split virtqueue and the two transports
TensorOS meets in QEMU, in the Python subset over the `hw` module.

* `Virtqueue`: descriptor table, available and used rings in one physically
  contiguous DMA buffer (the legacy layout: used ring 4 KiB aligned, which
  modern devices accept too). Buffers are chains of (physical address,
  length, device_writes).
* `LegacyPCITransport`: a transitional virtio-pci function (QEMU's
  `-device virtio-blk-pci` on the pc machine), registers in I/O BAR 0,
  interrupt on the function's INTx line (the 8259 line the BIOS routed).
* `MMIOTransport`: virtio-mmio (QEMU virt's 32 transports), register
  layout version 1 (legacy, QEMU's default) and 2 (virtio 1.0), interrupt on
  the GIC SPI the device tree names.

Interrupts: one `hw.IRQ` per line, shared by the devices on it (PCI INTx
lines are shared); its handler reads each device's interrupt status, which
acknowledges it. Drivers collect completions from the used ring themselves
after `wait`, so nothing the handler does races with them.

Spec: OASIS "Virtual I/O Device (VIRTIO) Version 1.1", sections 2.6 (split
virtqueues), 4.1.4.8 (legacy PCI), 4.2 (MMIO).
"""

import struct

import hw

ACKNOWLEDGE = 1
DRIVER = 2
DRIVER_OK = 4
FEATURES_OK = 8
NEEDS_RESET = 64
FAILED = 128

F_VERSION_1 = 1 << 32

DESC_F_NEXT = 1
DESC_F_WRITE = 2

PAGE = 4096

DEVICE_NAMES = {1: "network", 2: "block", 3: "console", 4: "entropy", 5: "balloon", 9: "9p",
                16: "gpu", 18: "input", 19: "vsock"}


class VirtioError(OSError):
    """A device that is missing, refuses our features, or misbehaves."""


def _align(n, a):
    return (n + a - 1) // a * a


class Virtqueue:
    """One split virtqueue of `size` descriptors (a power of two)."""

    def __init__(self, index, size):
        if size <= 0 or size > 32768 or size & (size - 1):
            raise VirtioError("virtqueue %d: size %d is not a power of two up to 32768" % (index, size))
        self.index = index
        self.size = size
        self.avail_offset = 16 * size
        self.used_offset = _align(self.avail_offset + 6 + 2 * size, PAGE)
        total = _align(self.used_offset + 6 + 8 * size, PAGE)
        self.memory = hw.dma_alloc(total)
        self.view = memoryview(self.memory)
        self.address = self.memory.address
        self.next_free = list(range(1, size)) + [-1]   # free descriptors, a linked list
        self.free_head = 0
        self.free_count = size
        self.avail_index = 0                             # next avail.idx to publish
        self.last_used = 0                               # used.idx we have consumed up to
        self.lengths = {}                                # head -> descriptors in its chain

    @property
    def desc_address(self):
        return self.address

    @property
    def avail_address(self):
        return self.address + self.avail_offset

    @property
    def used_address(self):
        return self.address + self.used_offset

    def submit(self, buffers):
        """Makes a chain of buffers [(address, length, device_writes)]
        available to the device; returns its head descriptor. The caller
        notifies the device."""
        count = len(buffers)
        if count == 0:
            raise ValueError("virtqueue: a request needs at least one buffer")
        if count > self.free_count:
            raise VirtioError("virtqueue %d: %d descriptors needed, %d free" % (self.index, count, self.free_count))
        head = self.free_head
        d = head
        for i in range(count):
            address, length, device_writes = buffers[i]
            if length <= 0 or length >= 1 << 32:
                raise ValueError("virtqueue: buffer length %d is outside 1..2**32-1" % length)
            following = self.next_free[d]
            flags = DESC_F_WRITE if device_writes else 0
            if i < count - 1:
                flags |= DESC_F_NEXT
            struct.pack_into("<QIHH", self.view, 16 * d, address, length, flags,
                             following if i < count - 1 else 0)
            last = d
            d = following
        self.free_head = d
        self.free_count -= count
        self.lengths[head] = count
        slot = self.avail_offset + 4 + 2 * (self.avail_index % self.size)
        struct.pack_into("<H", self.view, slot, head)
        hw.barrier()                     # the descriptors and ring entry before the index
        self.avail_index = (self.avail_index + 1) & 0xFFFF
        struct.pack_into("<H", self.view, self.avail_offset + 2, self.avail_index)
        hw.barrier()                     # the index before the caller's notify
        return head

    def collect(self):
        """[(head, bytes written)] the device has finished since last time;
        their descriptors become free again."""
        done = []
        used_index = struct.unpack_from("<H", self.view, self.used_offset + 2)[0]
        hw.barrier()                     # the index before the entries it covers
        while self.last_used != used_index:
            entry = self.used_offset + 4 + 8 * (self.last_used % self.size)
            head, written = struct.unpack_from("<II", self.view, entry)
            count = self.lengths.pop(head, None)
            if count is None:
                raise VirtioError("virtqueue %d: the device returned descriptor %d, which was not in flight"
                                  % (self.index, head))
            d = head
            for i in range(count - 1):
                d = self.next_free[d]    # chain members still link in free-list order
            self.next_free[d] = self.free_head   # the chain goes back on the free list whole
            self.free_head = head
            self.free_count += count
            done.append((head, written))
            self.last_used = (self.last_used + 1) & 0xFFFF
        return done

    @property
    def in_flight(self):
        return len(self.lengths)


# ---- transports -------------------------------------------------------------

class LegacyPCITransport:
    """The legacy register block of a transitional virtio-pci function."""

    modern = False

    def __init__(self, function):
        kind, base, size = function.bar(0)
        if kind != "io" or size < 0x14:
            raise VirtioError("%s: BAR 0 is not the legacy virtio I/O block (%s)" % (function.slot, kind))
        if not function.interrupt_pin or function.interrupt_line in (0, 0xFF) or function.interrupt_line > 15:
            raise VirtioError("%s: no legacy IRQ line was routed to this function (line %d)"
                              % (function.slot, function.interrupt_line))
        function.enable(io=True, bus_master=True)
        self.function = function
        self.io = base
        self.irq = function.interrupt_line
        self.device_type = function.subsystem_id    # transitional devices: the subsystem id is the type
        self.name = "virtio-pci %s (legacy, I/O 0x%x, IRQ %d)" % (function.slot, base, self.irq)

    def reset(self):
        hw.outb(self.io + 0x12, 0)

    def status(self):
        return hw.inb(self.io + 0x12)

    def set_status(self, value):
        hw.outb(self.io + 0x12, value)

    def device_features(self):
        return hw.inl(self.io + 0x00)

    def set_driver_features(self, features):
        hw.outl(self.io + 0x04, features & 0xFFFFFFFF)

    def queue_max(self, index):
        hw.outw(self.io + 0x0E, index)
        return hw.inw(self.io + 0x0C)

    def queue_size_fixed(self):
        return True                      # legacy devices decide the size

    def setup_queue(self, queue):
        hw.outw(self.io + 0x0E, queue.index)
        hw.outl(self.io + 0x08, queue.address >> 12)

    def notify(self, index):
        hw.outw(self.io + 0x10, index)

    def acknowledge_interrupt(self):
        return hw.inb(self.io + 0x13)    # reading the ISR clears it

    def config_read(self, offset, width):
        at = self.io + 0x14 + offset     # no MSI-X: the device's configuration follows at 0x14
        if width == 1:
            return hw.inb(at)
        if width == 2:
            return hw.inw(at)
        if width == 4:
            return hw.inl(at)
        if width == 8:
            return hw.inl(at) | hw.inl(at + 4) << 32
        raise ValueError("virtio: configuration width %d" % width)


MMIO_MAGIC = 0x74726976              # "virt"


class MMIOTransport:
    """A virtio-mmio register block (version 1 or 2)."""

    def __init__(self, address, irq):
        self.base = address
        self.irq = irq
        magic = hw.read32(address)
        if magic != MMIO_MAGIC:
            raise VirtioError("no virtio-mmio device at 0x%x (magic 0x%08x)" % (address, magic))
        self.version = hw.read32(address + 0x004)
        if self.version not in (1, 2):
            raise VirtioError("virtio-mmio at 0x%x: unknown register layout version %d" % (address, self.version))
        self.modern = self.version == 2
        self.device_type = hw.read32(address + 0x008)
        self.name = "virtio-mmio 0x%x (version %d, IRQ %d)" % (address, self.version, irq)

    def reset(self):
        hw.write32(self.base + 0x070, 0)

    def status(self):
        return hw.read32(self.base + 0x070)

    def set_status(self, value):
        hw.write32(self.base + 0x070, value)

    def device_features(self):
        hw.write32(self.base + 0x014, 0)
        low = hw.read32(self.base + 0x010)
        hw.write32(self.base + 0x014, 1)
        return low | hw.read32(self.base + 0x010) << 32

    def set_driver_features(self, features):
        hw.write32(self.base + 0x024, 0)
        hw.write32(self.base + 0x020, features & 0xFFFFFFFF)
        hw.write32(self.base + 0x024, 1)
        hw.write32(self.base + 0x020, features >> 32)

    def queue_max(self, index):
        hw.write32(self.base + 0x030, index)
        return hw.read32(self.base + 0x034)

    def queue_size_fixed(self):
        return False

    def setup_queue(self, queue):
        b = self.base
        hw.write32(b + 0x030, queue.index)
        hw.write32(b + 0x038, queue.size)
        if self.version == 1:
            hw.write32(b + 0x028, PAGE)                  # GuestPageSize
            hw.write32(b + 0x03C, PAGE)                  # QueueAlign
            hw.write32(b + 0x040, queue.address >> 12)   # QueuePFN
            return
        for offset, address in ((0x080, queue.desc_address), (0x090, queue.avail_address),
                                (0x0A0, queue.used_address)):
            hw.write32(b + offset, address & 0xFFFFFFFF)
            hw.write32(b + offset + 4, address >> 32)
        hw.write32(b + 0x044, 1)                         # QueueReady

    def notify(self, index):
        hw.write32(self.base + 0x050, index)

    def acknowledge_interrupt(self):
        status = hw.read32(self.base + 0x060)
        if status:
            hw.write32(self.base + 0x064, status)
        return status

    def config_read(self, offset, width):
        at = self.base + 0x100 + offset
        for attempt in range(4):
            before = hw.read32(self.base + 0x0FC) if self.version == 2 else 0
            if width == 1:
                value = hw.read8(at)
            elif width == 2:
                value = hw.read16(at)
            elif width == 4:
                value = hw.read32(at)
            elif width == 8:
                value = hw.read32(at) | hw.read32(at + 4) << 32
            else:
                raise ValueError("virtio: configuration width %d" % width)
            if self.version == 1 or hw.read32(self.base + 0x0FC) == before:
                return value
        raise VirtioError("%s: configuration kept changing while read" % self.name)


def mmio_transports():
    """Every virtio-mmio transport with a device behind it: from the device
    tree, or QEMU virt's fixed 32 slots when there is none."""
    found = hw.devices("virtio,mmio")
    if not found and hw.board == "virt":
        found = [(0x0A000000 + 0x200 * i, 0x200, 48 + i) for i in range(32)]
    transports = []
    for address, size, irq in found:
        if hw.read32(address) != MMIO_MAGIC or hw.read32(address + 8) == 0:
            continue                     # an empty slot
        transports.append(MMIOTransport(address, irq))
    # QEMU fills the slots from the top: the first -device is the highest address.
    transports.sort(key=lambda t: -t.base)
    return transports


def pci_transports():
    """Every transitional virtio-pci function (legacy interface)."""
    from drivers import pci
    transports = []
    for f in pci.scan():
        if f.vendor_id != 0x1AF4 or not (0x1000 <= f.device_id <= 0x103F):
            continue
        transports.append(LegacyPCITransport(f))
    return transports


def transports():
    """The virtio transports of this board, in QEMU's -device order."""
    if hw.board == "pc":
        return pci_transports()
    return mmio_transports()


def initialize(transport, wanted):
    """Reset, acknowledge, negotiate features (virtio 3.1.1 steps 1-6);
    returns the features both sides have. The caller sets up its queues
    and then sets DRIVER_OK."""
    transport.reset()
    transport.set_status(ACKNOWLEDGE)
    transport.set_status(ACKNOWLEDGE | DRIVER)
    offered = transport.device_features()
    chosen = offered & wanted
    if transport.modern:
        if not offered & F_VERSION_1:
            transport.set_status(FAILED)
            raise VirtioError("%s: the device does not offer VIRTIO_F_VERSION_1" % transport.name)
        chosen |= F_VERSION_1
    transport.set_driver_features(chosen)
    if transport.modern:
        transport.set_status(ACKNOWLEDGE | DRIVER | FEATURES_OK)
        if not transport.status() & FEATURES_OK:
            transport.set_status(FAILED)
            raise VirtioError("%s: the device refused features 0x%x" % (transport.name, chosen))
    return chosen


def start(transport):
    status = ACKNOWLEDGE | DRIVER | DRIVER_OK
    if transport.modern:
        status |= FEATURES_OK
    transport.set_status(status)
    if transport.status() & (FAILED | NEEDS_RESET):
        raise VirtioError("%s: the device failed to start (status 0x%x)" % (transport.name, transport.status()))


# ---- interrupts shared by the transports on one line -------------------------

_lines = {}                              # IRQ line -> [hw.IRQ, [transports]]


def attach_interrupt(transport):
    """The hw.IRQ of the transport's line; its handler acknowledges every
    device on the line (a read of a device's status clears it)."""
    entry = _lines.get(transport.irq)
    if entry is None:
        members = []

        def handler():
            for t in members:
                t.acknowledge_interrupt()
        entry = [hw.IRQ(transport.irq, handler), members]
        _lines[transport.irq] = entry
    if transport not in entry[1]:
        entry[1].append(transport)
    return entry[0]
