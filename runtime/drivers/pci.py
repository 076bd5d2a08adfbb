"""PCI configuration space on the pc board, through the legacy configuration
mechanism (ports 0xCF8 / 0xCFC): enumeration, BARs, capabilities, and the
command register. Every decision is here; `hw` only moves the bytes.

    for f in pci.scan():
        print(f)              # 00:03.0 1af4:1001 class 01:00 (mass storage) irq 11
    f = pci.find(0x1AF4, (0x1001, 0x1042))[0]
    kind, address, size = f.bar(0)            # ("io", 0xc000, 32)
    f.enable(io=True, memory=True, bus_master=True)
"""

import hw

CONFIG_ADDRESS = 0xCF8
CONFIG_DATA = 0xCFC

COMMAND_IO = 0x1
COMMAND_MEMORY = 0x2
COMMAND_BUS_MASTER = 0x4
COMMAND_INTX_DISABLE = 0x400

CLASS_NAMES = {
    0x00: "unclassified", 0x01: "mass storage", 0x02: "network", 0x03: "display",
    0x04: "multimedia", 0x05: "memory", 0x06: "bridge", 0x07: "communication",
    0x08: "system", 0x09: "input", 0x0C: "serial bus",
}


class PCIError(OSError):
    """A function that is not there, a BAR that makes no sense."""


def _address(bus, device, function, offset):
    if not (0 <= bus < 256 and 0 <= device < 32 and 0 <= function < 8):
        raise ValueError("PCI address %02x:%02x.%x does not exist" % (bus, device, function))
    if not (0 <= offset < 256):
        raise ValueError("PCI configuration offset 0x%x is outside 0x0-0xff" % offset)
    return 0x80000000 | (bus << 16) | (device << 11) | (function << 8) | (offset & 0xFC)


def config_read32(bus, device, function, offset):
    if offset & 3:
        raise ValueError("PCI 32-bit configuration reads must be 4-byte aligned")
    hw.outl(CONFIG_ADDRESS, _address(bus, device, function, offset))
    return hw.inl(CONFIG_DATA)


def config_read16(bus, device, function, offset):
    if offset & 1:
        raise ValueError("PCI 16-bit configuration reads must be 2-byte aligned")
    hw.outl(CONFIG_ADDRESS, _address(bus, device, function, offset))
    return hw.inw(CONFIG_DATA + (offset & 2))


def config_read8(bus, device, function, offset):
    hw.outl(CONFIG_ADDRESS, _address(bus, device, function, offset))
    return hw.inb(CONFIG_DATA + (offset & 3))


def config_write32(bus, device, function, offset, value):
    if offset & 3:
        raise ValueError("PCI 32-bit configuration writes must be 4-byte aligned")
    hw.outl(CONFIG_ADDRESS, _address(bus, device, function, offset))
    hw.outl(CONFIG_DATA, value)


def config_write16(bus, device, function, offset, value):
    if offset & 1:
        raise ValueError("PCI 16-bit configuration writes must be 2-byte aligned")
    hw.outl(CONFIG_ADDRESS, _address(bus, device, function, offset))
    hw.outw(CONFIG_DATA + (offset & 2), value)


class Function:
    """One PCI function (bus:device.function) and what its header says."""

    def __init__(self, bus, device, function):
        self.bus = bus
        self.device = device
        self.function = function
        ids = self.read32(0)
        self.vendor_id = ids & 0xFFFF
        self.device_id = ids >> 16
        if self.vendor_id == 0xFFFF:
            raise PCIError("no PCI function at %s" % self.slot)
        class_word = self.read32(8)
        self.revision = class_word & 0xFF
        self.prog_if = (class_word >> 8) & 0xFF
        self.subclass = (class_word >> 16) & 0xFF
        self.class_code = class_word >> 24
        self.header_type = self.read8(0x0E) & 0x7F
        if self.header_type == 0:
            self.subsystem_vendor_id = self.read16(0x2C)
            self.subsystem_id = self.read16(0x2E)
        else:
            self.subsystem_vendor_id = self.subsystem_id = 0
        self.interrupt_line = self.read8(0x3C)
        self.interrupt_pin = self.read8(0x3D)

    @property
    def slot(self):
        return "%02x:%02x.%x" % (self.bus, self.device, self.function)

    def read32(self, offset):
        return config_read32(self.bus, self.device, self.function, offset)

    def read16(self, offset):
        return config_read16(self.bus, self.device, self.function, offset)

    def read8(self, offset):
        return config_read8(self.bus, self.device, self.function, offset)

    def write32(self, offset, value):
        config_write32(self.bus, self.device, self.function, offset, value)

    def write16(self, offset, value):
        config_write16(self.bus, self.device, self.function, offset, value)

    def bar(self, index):
        """(kind, address, size) of base address register `index`: kind
        "io" or "memory" (64-bit BARs read as one, at their lower index);
        (None, 0, 0) when it is not implemented."""
        if self.header_type != 0 or not (0 <= index < 6):
            raise ValueError("%s has no BAR %d" % (self.slot, index))
        offset = 0x10 + 4 * index
        low = self.read32(offset)
        if low & 1:
            address = low & 0xFFFFFFFC
            return ("io", address, self._bar_size(offset, 0xFFFFFFFC, 0xFFFF)) if address else (None, 0, 0)
        wide = (low >> 1) & 3 == 2
        address = low & 0xFFFFFFF0
        if wide:
            if index == 5:
                raise PCIError("%s: BAR 5 claims to be 64-bit" % self.slot)
            address |= self.read32(offset + 4) << 32
        if not address:
            return (None, 0, 0)
        return ("memory", address, self._bar_size(offset, 0xFFFFFFF0, 0xFFFFFFFF))

    def _bar_size(self, offset, mask, limit):
        # The size probe: write all ones, read back which bits stick. Decoding
        # is switched off meanwhile so the device never answers at ~0.
        command = self.read16(4)
        self.write16(4, command & ~(COMMAND_IO | COMMAND_MEMORY))
        original = self.read32(offset)
        self.write32(offset, 0xFFFFFFFF)
        probed = self.read32(offset)
        self.write32(offset, original)
        self.write16(4, command)
        size_bits = probed & mask & limit
        if not size_bits:
            return 0
        return ((~size_bits) & limit) + 1

    def capabilities(self):
        """[(id, offset)] of the capability list (status bit 4)."""
        found = []
        if not (self.read16(6) & 0x10):
            return found
        offset = self.read8(0x34) & 0xFC
        while offset and len(found) < 48:      # a loop in the list cannot hang us
            found.append((self.read8(offset), offset))
            offset = self.read8(offset + 1) & 0xFC
        return found

    def enable(self, io=False, memory=False, bus_master=False):
        command = self.read16(4)
        if io:
            command |= COMMAND_IO
        if memory:
            command |= COMMAND_MEMORY
        if bus_master:
            command |= COMMAND_BUS_MASTER
        command &= ~COMMAND_INTX_DISABLE
        self.write16(4, command)

    def __repr__(self):
        name = CLASS_NAMES.get(self.class_code, "class %02x" % self.class_code)
        irq = " irq %d" % self.interrupt_line if self.interrupt_pin and self.interrupt_line not in (0, 0xFF) else ""
        return "%s %04x:%04x class %02x:%02x (%s)%s" % (self.slot, self.vendor_id, self.device_id,
                                                        self.class_code, self.subclass, name, irq)


def _present(bus, device, function):
    return config_read32(bus, device, function, 0) & 0xFFFF != 0xFFFF


def scan():
    """Every function on bus 0 and on the buses behind PCI-to-PCI bridges."""
    found = []
    buses = [0]
    seen = set()
    while buses:
        bus = buses.pop(0)
        if bus in seen:
            continue
        seen.add(bus)
        for device in range(32):
            if not _present(bus, device, 0):
                continue
            multi = config_read8(bus, device, 0, 0x0E) & 0x80
            for function in range(8 if multi else 1):
                if function and not _present(bus, device, function):
                    continue
                f = Function(bus, device, function)
                found.append(f)
                if f.header_type == 1:         # a bridge: its secondary bus
                    buses.append(f.read8(0x19))
    return found


def find(vendor_id, device_ids):
    """The functions with this vendor and one of these device ids."""
    return [f for f in scan() if f.vendor_id == vendor_id and f.device_id in device_ids]
