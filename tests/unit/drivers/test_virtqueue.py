"""runtime/drivers/virtio.py's split virtqueue on CPython, against a fake
device that reads the rings as the virtio spec lays them out (a fake `hw`
module supplies DMA memory): chains arrive as submitted, completions in
any order free their descriptors, the 16-bit ring indices wrap, and misuse
is refused."""

import os
import random
import struct
import sys
import types

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


class FakeDMA(bytearray):
    """hw.DMABuffer stand-in: zeroed bytes with a physical address."""
    next_address = 0x100000

    def __init__(self, size, zone="dma", zero=True):
        super().__init__(size)
        self.address = FakeDMA.next_address
        self.size = size
        self.zone = zone
        FakeDMA.next_address += (size + 4095) // 4096 * 4096


@pytest.fixture(scope="module")
def virtio():
    fake_hw = types.ModuleType("hw")
    fake_hw.dma_alloc = FakeDMA
    fake_hw.barrier = lambda: None
    fake_hw.board = "test"
    saved = sys.modules.get("hw")
    sys.modules["hw"] = fake_hw
    sys.path.insert(0, os.path.join(ROOT, "runtime"))
    try:
        import drivers.virtio as module
        yield module
    finally:
        sys.path.remove(os.path.join(ROOT, "runtime"))
        for name in ("drivers.virtio", "drivers"):
            sys.modules.pop(name, None)
        if saved is None:
            sys.modules.pop("hw", None)
        else:
            sys.modules["hw"] = saved


class FakeDevice:
    """Consumes the available ring and completes chains through the used
    ring, reading only what the spec says is in memory."""

    def __init__(self, queue):
        self.q = queue
        self.mem = queue.memory
        self.seen_avail = 0
        self.used_idx = 0
        self.pending = []                # (head, chain) taken, not completed

    def take(self):
        avail_idx = struct.unpack_from("<H", self.mem, self.q.avail_offset + 2)[0]
        while self.seen_avail != avail_idx:
            slot = self.q.avail_offset + 4 + 2 * (self.seen_avail % self.q.size)
            head = struct.unpack_from("<H", self.mem, slot)[0]
            chain, d = [], head
            while True:
                address, length, flags, following = struct.unpack_from("<QIHH", self.mem, 16 * d)
                chain.append((address, length, bool(flags & 2)))
                if not flags & 1:
                    break
                d = following
                assert len(chain) <= self.q.size, "a loop in the descriptor chain"
            self.pending.append((head, chain))
            self.seen_avail = (self.seen_avail + 1) & 0xFFFF
        return list(self.pending)

    def complete(self, head, written):
        self.pending = [(h, c) for h, c in self.pending if h != head]
        entry = self.q.used_offset + 4 + 8 * (self.used_idx % self.q.size)
        struct.pack_into("<II", self.mem, entry, head, written)
        self.used_idx = (self.used_idx + 1) & 0xFFFF
        struct.pack_into("<H", self.mem, self.q.used_offset + 2, self.used_idx)


def test_layout_is_the_legacy_one(virtio):
    q = virtio.Virtqueue(0, 256)
    assert q.avail_offset == 4096 and q.used_offset == 8192 and q.memory.size == 12288
    assert q.address % 4096 == 0 and q.used_address - q.address == 8192


def test_chains_round_trip_in_any_order_and_indices_wrap(virtio):
    q = virtio.Virtqueue(0, 16)
    dev = FakeDevice(q)
    rng = random.Random(1)
    submitted = {}
    completed = 0
    while completed < 70000:             # past the 65536 wrap of both ring indices
        if q.free_count >= 3 and (rng.random() < 0.6 or not submitted):
            chain = [(rng.randrange(1 << 40), rng.randint(1, 1 << 20), rng.random() < 0.5)
                     for _ in range(rng.randint(1, 3))]
            head = q.submit(chain)
            assert head not in submitted
            submitted[head] = chain
        taken = dev.take()
        for _ in range(rng.randint(0, len(taken))):   # some of them, in random order
            head, chain = taken.pop(rng.randrange(len(taken)))
            assert chain == submitted[head]
            dev.complete(head, 7)
        for head, written in q.collect():
            assert written == 7
            del submitted[head]
            completed += 1
    assert q.avail_index == (completed + len(submitted)) & 0xFFFF
    assert q.free_count + sum(len(c) for c in submitted.values()) == 16
    assert q.in_flight == len(submitted)


def test_misuse_is_refused(virtio):
    with pytest.raises(virtio.VirtioError, match="not a power of two"):
        virtio.Virtqueue(0, 100)
    q = virtio.Virtqueue(0, 4)
    with pytest.raises(ValueError, match="at least one buffer"):
        q.submit([])
    with pytest.raises(ValueError, match="outside 1..2"):
        q.submit([(0x1000, 0, False)])
    with pytest.raises(virtio.VirtioError, match="5 descriptors needed, 4 free"):
        q.submit([(0x1000, 1, False)] * 5)
    q.submit([(0x1000, 1, False)])
    dev = FakeDevice(q)
    dev.take()
    dev.complete(3, 0)                    # a head the driver never made available
    with pytest.raises(virtio.VirtioError, match="descriptor 3, which was not in flight"):
        q.collect()
