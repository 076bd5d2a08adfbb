"""The kernel reads the machine from the device tree: on raspi4b, given a
tree shaped like the Raspberry Pi firmware's (bus addresses behind /soc
`ranges`, #size-cells = 1, a serial0 alias as stdout-path, /memreserve/ and
/reserved-memory), it takes memory, console, GIC and timer from it."""

import re

from fdt_builder import raspberry_pi4_tree


def test_raspi4b_with_a_firmware_like_device_tree(arm64_machine, tmp_path):
    dtb = tmp_path / "bcm2711-rpi-4-b.dtb"
    dtb.write_bytes(raspberry_pi4_tree())
    m = arm64_machine("rpi4", extra=["-dtb", str(dtb)])
    assert re.search(r"firmware: device tree\), loaded by the Raspberry Pi firmware, device tree at 0x[0-9a-f]+, "
                     r"entered at EL2", m.text), m.text
    # Found through /soc's ranges (bus 0x7e201000 -> 0xfe201000, 0x40041000 -> 0xff841000) and the specifiers.
    assert ("arm64: console PL011 at 0xfe201000 IRQ 153 (device tree), GICv2 at 0xff841000/0xff842000 "
            "(device tree), virtual timer IRQ 27 (device tree), PSCI none") in m.text, m.text
    # QEMU rewrites /memory with the ARM's part of RAM below 1 GiB (the real firmware lists all of it).
    out = m.run("mem")
    assert re.search(r"0x0000000000000000-0x000000003bffffff usable", out), out
    # The timer and the UART receive interrupt come from the tree's specifiers.
    assert m.run("uptime").startswith("up ")
    m.send_line("poweroff")
    assert m.wait_exit(10) == 0


def test_virt_reads_its_device_tree(booted):
    text = booted("virt").text
    assert ("arm64: console PL011 at 0x9000000 IRQ 33 (device tree), GICv2 at 0x8000000/0x8010000 "
            "(device tree), virtual timer IRQ 27 (device tree), PSCI SMC") in text, text


def test_virt_with_gicv3_says_what_is_missing(arm64_machine):
    m = arm64_machine("virt", boot=False, extra=["-machine", "gic-version=3"])
    m.expect("GICv3 is not supported yet", timeout=10)
