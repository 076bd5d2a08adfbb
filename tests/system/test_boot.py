"""Booting the pc ISO to the shell prompt, through BIOS and through UEFI."""

import re

import pytest

BOOT_LINE = re.compile(r"\[ *(\d+) us\] (.*)$")  # GRUB may leave escape codes before the first


def boot_log_lines(text):
    """The "[N us] message" lines before the first prompt."""
    head = text.split("tensor> ", 1)[0]
    return [BOOT_LINE.search(line) for line in head.replace("\r\n", "\n").split("\n") if BOOT_LINE.search(line)]


def check_boot_log(m, firmware):
    lines = boot_log_lines(m.text)
    assert lines, m.text
    first = lines[0].group(2)
    assert first.startswith("TensorOS "), first
    assert "on board pc" in first and "loaded by GRUB" in first, first
    assert f"firmware: {firmware}" in first or "firmware" not in first, first
    times = [int(l.group(1)) for l in lines]
    assert times == sorted(times), "boot log timestamps go backwards"
    ready = [l for l in lines if l.group(2).startswith("ready: ")]
    assert len(ready) == 1 and ready[0] is lines[-1], "'ready' is the last line before the prompt"
    us = int(re.match(r"ready: kernel entry to prompt in (\d+) us", ready[0].group(2)).group(1))
    assert 0 < us < 1_000_000
    assert "TensorOS" in m.text and "Type 'help' for commands" in m.text
    for phase in ["traps", "memory", "timer", "console input"]:
        assert any(re.fullmatch(rf"{phase} \(\d+ us\)", l.group(2)) for l in lines), f"no '{phase}' phase line"
    return us


def test_boot_bios_to_prompt(new_machine):
    m = new_machine()
    check_boot_log(m, "BIOS")
    assert m.run("uptime").startswith("up ")
    assert "KERNEL PANIC" not in m.text


def test_boot_uefi_to_prompt(new_machine):
    from tensoros.qemu import ovmf_code
    if not ovmf_code():
        pytest.skip("OVMF (UEFI firmware) is not installed")
    m = new_machine(uefi=True)
    check_boot_log(m, "UEFI")
    assert m.run("uptime").startswith("up ")
    out = m.run("mem")
    assert "usable" in out
    m.send_line("poweroff")
    assert m.wait_exit(20) == 0


def test_boot_with_little_memory_and_an_sse2_only_cpu(new_machine):
    m = new_machine(memory="64M", cpu="qemu64")
    out = m.run("mem")
    managed = int(re.search(r"pages: (\d+) managed", out).group(1))
    assert 32 << 20 <= managed * 4096 <= 64 << 20
    features = re.search(r"^features: (.*)$", m.run("cpu"), re.M).group(1).split()
    assert "sse2" in features and "avx2" not in features
