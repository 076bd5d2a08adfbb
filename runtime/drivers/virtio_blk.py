"""The virtio block device (virtio 1.1 section 5.2): capacity and reads,
interrupt-driven, over either transport (drivers/virtio.py).

    import drivers.virtio_blk as vblk
    disk = vblk.open()                    # the first disk (QEMU's first -device)
    disk.capacity                         # 512-byte sectors
    data = disk.read(0, 8)                # bytes of sectors 0-7
    buf = hw.dma_alloc(1 << 20)
    disk.read_into(2048, 2048, buf)       # straight into a DMA buffer
    view = disk.read_bytes(4096, 98362432, zone="model")   # a memoryview over MODEL-zone memory

Large reads are cut into requests of `request_bytes` (1 MiB) with up to
`depth` of them in flight, each a chain of three descriptors (header,
data, status byte) whose data descriptor points straight into the caller's
buffer: no copy, and the device sees big sequential requests.
"""

import struct

import hw
from drivers import virtio

SECTOR = 512

T_IN = 0
T_OUT = 1
T_GET_ID = 8

S_OK = 0
S_IOERR = 1
S_UNSUPP = 2
STATUS_NAMES = {S_IOERR: "I/O error", S_UNSUPP: "unsupported request"}

F_SIZE_MAX = 1 << 1
F_SEG_MAX = 1 << 2
F_RO = 1 << 5
F_BLK_SIZE = 1 << 6

DEVICE_TYPE = 2
REQUEST_BYTES = 1 << 20
MAX_DEPTH = 32
TIMEOUT = 10.0
PAGE_FOR_SLOTS = 4096                    # request headers (16 bytes each), then status bytes
STATUS_BASE = 16 * MAX_DEPTH


class VirtioBlockError(OSError):
    """The device failed a request, timed out, or is not there."""


class Disk:
    def __init__(self, transport, name):
        self.transport = transport
        self.name = name
        self.features = virtio.initialize(transport, F_SIZE_MAX | F_SEG_MAX | F_RO | F_BLK_SIZE)
        self.capacity = transport.config_read(0, 8)
        self.size_max = transport.config_read(8, 4) if self.features & F_SIZE_MAX else 0
        self.seg_max = transport.config_read(12, 4) if self.features & F_SEG_MAX else 0
        self.block_size = transport.config_read(20, 4) if self.features & F_BLK_SIZE else SECTOR
        self.read_only = bool(self.features & F_RO)
        most = transport.queue_max(0)
        if most == 0:
            transport.set_status(virtio.FAILED)
            raise VirtioBlockError("%s: the device has no request queue" % transport.name)
        size = most
        if not transport.queue_size_fixed():     # we choose: a power of two up to 256
            size = 1
            while size * 2 <= min(most, 256):
                size *= 2
        self.queue = virtio.Virtqueue(0, size)
        transport.setup_queue(self.queue)
        # Request headers (16 bytes each) and status bytes, one slot per request in flight.
        self.depth = min(MAX_DEPTH, size // 3)
        self.slots = hw.dma_alloc(PAGE_FOR_SLOTS)
        self.slot_view = memoryview(self.slots)
        self.irq = virtio.attach_interrupt(transport)
        virtio.start(transport)
        self.request_bytes = REQUEST_BYTES
        self.free_slots = list(range(self.depth))
        self.in_flight = {}              # head descriptor -> (slot, job, run, pinned buffer)
        self.run_id = 0
        self.requests = 0                # requests completed
        self.bytes_read = 0

    @property
    def size(self):
        return self.capacity * SECTOR

    @property
    def interrupts(self):
        return self.irq.count

    def __repr__(self):
        return "<virtio-blk %s: %d sectors (%s), %s>" % (self.name, self.capacity, _format_size(self.size),
                                                         self.transport.name)

    def _check_range(self, lba, count):
        if not isinstance(lba, int) or not isinstance(count, int):
            raise TypeError("%s: sector and count must be ints" % self.name)
        if lba < 0 or count <= 0:
            raise ValueError("%s: cannot read %d sectors at sector %d" % (self.name, count, lba))
        if lba + count > self.capacity:
            raise ValueError("%s: read past the end: sectors %d-%d of a %d-sector disk"
                             % (self.name, lba, lba + count - 1, self.capacity))

    def read(self, lba, count):
        """Sectors lba .. lba+count-1 as bytes."""
        self._check_range(lba, count)
        buffer = hw.dma_alloc(count * SECTOR)
        self.read_into(lba, count, buffer)
        return bytes(memoryview(buffer))

    def read_into(self, lba, count, buffer, offset=0):
        """Reads sectors lba .. lba+count-1 into a hw.DMABuffer at `offset`."""
        self._check_range(lba, count)
        if not isinstance(buffer, hw.DMABuffer):
            raise TypeError("%s: read_into needs a hw.DMABuffer (the device writes physical memory), not %s"
                            % (self.name, type(buffer).__name__))
        if offset < 0 or offset + count * SECTOR > buffer.size:
            raise ValueError("%s: %d sectors do not fit the %d-byte buffer at offset %d"
                             % (self.name, count, buffer.size, offset))
        jobs = []
        per_request = max(1, self.request_bytes // SECTOR)
        done = 0
        while done < count:
            n = min(per_request, count - done)
            jobs.append((T_IN, lba + done, buffer.address + offset + done * SECTOR, n * SECTOR))
            done += n
        self._run(jobs, buffer)

    def read_bytes(self, offset, length, zone="model"):
        """Bytes [offset, offset+length) of the disk in a new DMA buffer of
        `zone` ("model" or "dma"), as a memoryview of exactly that length
        (it keeps the buffer alive)."""
        if not isinstance(offset, int) or not isinstance(length, int):
            raise TypeError("%s: offset and length must be ints" % self.name)
        if offset < 0 or length <= 0 or offset + length > self.size:
            raise ValueError("%s: bytes %d-%d are outside the %d-byte disk"
                             % (self.name, offset, offset + length - 1, self.size))
        first = offset // SECTOR
        last = (offset + length + SECTOR - 1) // SECTOR
        buffer = hw.dma_alloc((last - first) * SECTOR, zone, False)   # the read fills every byte
        self.read_into(first, last - first, buffer)
        skip = offset - first * SECTOR
        return memoryview(buffer)[skip:skip + length]

    def _segments(self, address, length):
        """The data of one request as descriptors the device accepts (size_max)."""
        if not self.size_max or length <= self.size_max:
            return [(address, length, True)]
        out = []
        while length:
            n = min(length, self.size_max)
            out.append((address, n, True))
            address += n
            length -= n
        return out

    def _run(self, jobs, pin=None):
        """Runs [(type, sector, address, bytes)] with up to `depth` requests
        in flight, waiting on the interrupt; raises the first failure once
        none of them is in flight any more. `pin` (the buffer the addresses
        point into) stays referenced by the disk while the device may still
        write to it, even if the wait is interrupted (Ctrl-C): requests of
        an interrupted run are reaped by the next one."""
        self.run_id += 1
        run = self.run_id
        mine = 0                          # requests of this run in flight
        next_job = 0
        failure = None
        seen = self.irq.count
        while next_job < len(jobs) or mine:
            submitted = False
            while next_job < len(jobs) and self.free_slots and failure is None:
                kind, sector, address, nbytes = jobs[next_job]
                data = self._segments(address, nbytes) if kind == T_IN else []
                if self.seg_max and len(data) > self.seg_max:
                    failure = VirtioBlockError("%s: a %d-byte request needs %d segments, the device takes %d"
                                               % (self.name, nbytes, len(data), self.seg_max))
                    break
                if self.queue.free_count < len(data) + 2:
                    break
                slot = self.free_slots.pop()
                struct.pack_into("<IIQ", self.slot_view, 16 * slot, kind, 0, sector)
                self.slot_view[STATUS_BASE + slot] = 0xFF
                chain = [(self.slots.address + 16 * slot, 16, False)] + data + \
                    [(self.slots.address + STATUS_BASE + slot, 1, True)]
                head = self.queue.submit(chain)
                self.in_flight[head] = (slot, jobs[next_job], run, pin)
                mine += 1
                next_job += 1
                submitted = True
            if submitted:
                self.transport.notify(self.queue.index)
            if not mine:
                break
            finished = self.queue.collect()
            if not finished:
                try:
                    seen = self.irq.wait(seen, TIMEOUT)
                except TimeoutError:
                    raise VirtioBlockError("%s: the device completed none of %d requests in %d s (IRQ %d, %d interrupts)"
                                           % (self.name, mine, TIMEOUT, self.irq.line, self.irq.count)) from None
                continue
            for head, written in finished:
                slot, job, owner, _ = self.in_flight.pop(head)
                status = self.slot_view[STATUS_BASE + slot]
                self.free_slots.append(slot)
                if owner != run:
                    continue              # left over from an interrupted run
                mine -= 1
                self.requests += 1
                if status == S_OK:
                    if job[0] == T_IN:
                        self.bytes_read += job[3]
                    continue
                if failure is None:
                    kind, sector, address, nbytes = job
                    failure = VirtioBlockError("%s: reading sectors %d-%d failed: %s (status %d)"
                                               % (self.name, sector, sector + nbytes // SECTOR - 1,
                                                  STATUS_NAMES.get(status, "unknown status"), status))
        if failure is not None:
            raise failure


def _format_size(n):
    if n >= 1 << 30:
        return "%.1f GiB" % (n / (1 << 30))
    if n >= 1 << 20:
        return "%.1f MiB" % (n / (1 << 20))
    return "%d KiB" % (n >> 10)


_disks = None


def disks():
    """Every virtio block device, set up once (vda, vdb, ... in QEMU's
    -device order)."""
    global _disks
    if _disks is None:
        found = []
        for t in virtio.transports():
            if t.device_type == DEVICE_TYPE:
                found.append(Disk(t, "vd" + "abcdefghijklmnopqrstuvwxyz"[len(found) % 26]))
        _disks = found
    return _disks


def open(index=0):
    """The index-th virtio block device."""
    found = disks()
    if not found:
        raise VirtioBlockError("no virtio block device (QEMU: -drive file=IMG,if=none,id=d0 "
                               "-device virtio-blk-pci,drive=d0 on pc, virtio-blk-device on virt)")
    if not (0 <= index < len(found)):
        raise VirtioBlockError("no virtio block device %d (there are %d)" % (index, len(found)))
    return found[index]
