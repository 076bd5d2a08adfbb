"""A minimal flattened-device-tree writer for the tests (DT spec v0.4,
chapter 5), so a test can hand the kernel a tree shaped like the one the
Raspberry Pi firmware passes, without dtc.

    root = Node("", {"#address-cells": u32(2), "#size-cells": u32(1)}, [
        Node("memory@0", {"device_type": string("memory"), "reg": cells(0, 0, 0x3b400000)}),
    ])
    blob = build(root, reservations=[(0, 0x1000)])
"""

import struct
from dataclasses import dataclass, field


def u32(*values):
    return b"".join(struct.pack(">I", v) for v in values)


cells = u32


def string(*values):
    return b"".join(v.encode() + b"\0" for v in values)


@dataclass
class Node:
    name: str
    properties: dict = field(default_factory=dict)
    children: list = field(default_factory=list)


def build(root, reservations=()):
    strings = bytearray()
    offsets = {}
    structure = bytearray()

    def name_offset(name):
        if name not in offsets:
            offsets[name] = len(strings)
            strings.extend(name.encode() + b"\0")
        return offsets[name]

    def pad():
        while len(structure) % 4:
            structure.append(0)

    def emit(node):
        structure.extend(u32(1))
        structure.extend(node.name.encode() + b"\0")
        pad()
        for key, value in node.properties.items():
            structure.extend(u32(3, len(value), name_offset(key)))
            structure.extend(value)
            pad()
        for child in node.children:
            emit(child)
        structure.extend(u32(2))

    emit(root)
    structure.extend(u32(9))
    reserve = b"".join(struct.pack(">QQ", a, s) for a, s in reservations) + struct.pack(">QQ", 0, 0)
    header_size = 40
    off_reserve = (header_size + 7) & ~7
    off_struct = off_reserve + len(reserve)
    off_strings = off_struct + len(structure)
    total = off_strings + len(strings)
    header = struct.pack(">10I", 0xD00DFEED, total, off_struct, off_strings, off_reserve, 17, 16, 0,
                         len(strings), len(structure))
    blob = header + b"\0" * (off_reserve - header_size) + reserve + bytes(structure) + bytes(strings)
    assert len(blob) == total
    return blob


def raspberry_pi4_tree(memory_high_end=0x80000000, stdout="serial0:115200n8"):
    """The parts of the firmware's bcm2711-rpi-4-b tree the kernel reads:
    /soc with `ranges` (bus 0x7e000000 -> 0xfe000000, GIC at 0x40041000 ->
    0xff841000), #size-cells = 1, two memory ranges, serial0 alias,
    the GIC-400 and the ARMv8 timer as interrupt specifiers."""
    gic_phandle, clocks_phandle = 1, 2
    root = Node("", {
        "#address-cells": u32(2), "#size-cells": u32(1), "compatible": string("raspberrypi,4-model-b", "brcm,bcm2711"),
        "interrupt-parent": u32(gic_phandle),
    }, [
        Node("aliases", {"serial0": string("/soc/serial@7e201000"), "serial1": string("/soc/serial@7e215040")}),
        Node("chosen", {"stdout-path": string(stdout), "bootargs": string("console=serial0 quiet")}),
        Node("memory@0", {"device_type": string("memory"),
                          "reg": cells(0, 0, 0x3b400000, 0, 0x40000000, memory_high_end - 0x40000000)}),
        Node("reserved-memory", {"#address-cells": u32(2), "#size-cells": u32(1), "ranges": b""}, [
            Node("linux,cma", {"size": u32(0x4000000), "reusable": b""}),
            Node("nvram@3b3f0000", {"reg": cells(0, 0x3b3f0000, 0x10000)}),
        ]),
        Node("soc", {
            "compatible": string("simple-bus"), "#address-cells": u32(1), "#size-cells": u32(1),
            "ranges": cells(0x7e000000, 0x0, 0xfe000000, 0x01800000,
                            0x7c000000, 0x0, 0xfc000000, 0x02000000,
                            0x40000000, 0x0, 0xff800000, 0x00800000),
        }, [
            Node("serial@7e201000", {"compatible": string("arm,pl011", "arm,primecell"),
                                     "reg": cells(0x7e201000, 0x200),
                                     "interrupts": cells(0, 121, 4), "clocks": u32(clocks_phandle, 19),
                                     "status": string("okay")}),
            Node("serial@7e215040", {"compatible": string("brcm,bcm2835-aux-uart"),
                                     "reg": cells(0x7e215040, 0x40), "status": string("okay")}),
            Node("interrupt-controller@40041000", {
                "compatible": string("arm,gic-400"), "interrupt-controller": b"", "#interrupt-cells": u32(3),
                "reg": cells(0x40041000, 0x1000, 0x40042000, 0x2000, 0x40044000, 0x2000, 0x40046000, 0x2000),
                "phandle": u32(gic_phandle)}),
        ]),
        Node("firmware-clocks", {"compatible": string("raspberrypi,firmware-clocks"), "#clock-cells": u32(1),
                                 "phandle": u32(clocks_phandle)}),
        Node("timer", {"compatible": string("arm,armv8-timer"),
                       "interrupts": cells(1, 13, 0xf08, 1, 14, 0xf08, 1, 11, 0xf08, 1, 10, 0xf08)}),
    ])
    return build(root, reservations=[(0, 0x1000)])
