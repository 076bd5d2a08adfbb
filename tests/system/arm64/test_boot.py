"""virt and raspi4b boot the ARM64 kernel to the shell and run its commands."""

import re
import time

import pytest

from conftest import BOARDS

QEMU_START_TO_PROMPT_LIMIT_S = 5.0


def test_boots_to_prompt_in_seconds(board, arm64_machine):
    m = arm64_machine(board)
    print(f"{board}: QEMU start -> prompt {m.start_to_prompt_s:.3f} s, "
          f"kernel entry -> prompt {m.entry_to_prompt_us} us")
    assert m.start_to_prompt_s < QEMU_START_TO_PROMPT_LIMIT_S
    assert f"on board {board}" in m.text
    assert "entered at EL2" in m.text          # both machines hand over at EL2, as a Pi's firmware does
    assert re.search(r"memory: \d+ MiB usable", m.text)


@pytest.mark.parametrize("board_name", BOARDS)
def test_help_lists_the_commands(booted, board_name):
    out = booted(board_name).run("help")
    for name in ("help", "uptime", "mem", "cpu", "reboot", "poweroff"):
        assert re.search(rf"^\s+{name}\b", out, re.M), out
    assert "panic-test" not in out              # release build


@pytest.mark.parametrize("board_name", BOARDS)
def test_uptime_and_timer_ticks_advance(booted, board_name):
    m = booted(board_name)
    first = re.search(r"up (\d+)\.(\d+) s, (\d+) timer ticks at (\d+) Hz", m.run("uptime"))
    time.sleep(0.5)
    second = re.search(r"up (\d+)\.(\d+) s, (\d+) timer ticks at (\d+) Hz", m.run("uptime"))
    assert first and second
    assert first.group(4) == "1000"
    seconds = lambda g: int(g.group(1)) + int(g.group(2)) / 1e6
    elapsed = seconds(second) - seconds(first)
    ticks = int(second.group(3)) - int(first.group(3))
    assert elapsed > 0.4                       # the clock follows real time
    assert ticks > 0                           # the timer interrupt runs (a loaded TCG host may lose many)


@pytest.mark.parametrize("board_name", BOARDS)
def test_mem_shows_the_ram(booted, board_name):
    out = booted(board_name).run("mem")
    if board_name == "virt":
        assert re.search(r"0x0000000040000000-0x000000005fffffff usable\s+512\.00 MiB", out), out
    else:
        # raspi4b: 2 GiB; the mailbox gives the ARM's part below 1 GiB, the board revision the rest.
        assert re.search(r"0x0000000000000000-0x000000003bffffff usable", out), out
        assert re.search(r"0x0000000040000000-0x000000007fffffff usable", out), out
    m = re.search(r"pages: (\d+) managed, (\d+) free", out)
    assert m and 0 < int(m.group(2)) <= int(m.group(1))


@pytest.mark.parametrize("board_name", BOARDS)
def test_cpu_names_the_core_and_its_features(booted, board_name):
    out = booted(board_name).run("cpu")
    assert "vendor:   ARM" in out
    assert "Cortex-A72" in out
    features = re.search(r"features: (.*)", out).group(1).split()
    for f in ("fp", "asimd", "neon", "aes", "sha2", "crc32"):
        assert f in features, out
    assert "dotprod" not in features            # Cortex-A72 is ARMv8.0


def test_cpu_max_reports_newer_features(arm64_machine):
    m = arm64_machine("virt", cpu="max")
    features = re.search(r"features: (.*)", m.run("cpu")).group(1).split()
    for f in ("neon", "atomics", "dotprod", "i8mm", "sha512", "sve"):
        assert f in features, features


def test_poweroff_exits_qemu_with_status_0(board, arm64_machine):
    m = arm64_machine(board)
    m.send_line("poweroff")
    m.expect("powering off.")
    assert m.wait_exit(10) == 0                 # virt: PSCI SYSTEM_OFF; rpi4: the firmware's halt


def test_reboot_resets_the_machine(board, arm64_machine):
    m = arm64_machine(board)                   # -no-reboot: a reset ends QEMU
    m.send_line("reboot")
    m.expect("rebooting...")
    assert m.wait_exit(10) == 0
    assert "did not restart" not in m.text


def test_virt_started_at_el1_uses_psci_over_hvc(arm64_machine):
    m = arm64_machine("virt", virtualization=False)
    assert "entered at EL1" in m.text
    m.send_line("poweroff")
    assert m.wait_exit(10) == 0


def test_pasted_line_arrives_whole(board, arm64_machine):
    """A burst longer than the UART FIFO: the receive interrupt keeps up."""
    m = arm64_machine(board)
    word = "x" * 3000
    m.send_line(word)
    m.expect("unknown command 'x{64}': type 'help'", timeout=20)
    assert m.text.count("x") >= 3000 + 64
    assert m.run("uptime").startswith("up ")


def test_a_large_paste_loses_nothing(board, arm64_machine):
    """30 KB at once, more than the 8 KiB receive ring: the rest waits in the
    UART (back-pressure) and every line arrives."""
    m = arm64_machine(board)
    m.send_bytes((b"z" * 6000 + b"\r") * 5)
    for _ in range(5):
        m.expect(r"error: line too long", timeout=10)
    assert m.run("uptime").startswith("up ")
