"""Panics on ARM64: the report (ESR, FAR, registers) and a backtrace that
`tensoros symbolize` turns into the right functions (debug builds)."""

import re

import pytest

from conftest import image

symbolize = pytest.importorskip("tensoros.symbolize")


def panic_log(arm64_machine, board, kind):
    m = arm64_machine(board, debug=True)
    m.send_line(f"panic-test {kind}")
    m.expect("System halted.", timeout=10)
    elf, _ = image(board, debug=True)
    return m.text, symbolize.symbolize_text(m.text, elf)


def frames(text):
    return re.findall(r"^\s*#(\d+) 0x[0-9a-f]{16} in (\S+)", text, re.M)


def test_data_abort_report_and_backtrace(board, arm64_machine):
    raw, text = panic_log(arm64_machine, board, "pagefault")
    assert "*** KERNEL PANIC ***" in raw
    assert "CPU exception: data abort" in raw
    assert "data abort at address 0x0000400000000000 (translation fault, level 0, write)" in raw
    assert re.search(r"esr=0x0000000096[0-9a-f]{6} far=0x0000400000000000 elr=0x[0-9a-f]{16}", raw)
    assert re.search(r"^x0 =0x[0-9a-f]{16} x1 =", raw, re.M)
    got = frames(text)
    assert got[0] == ("0", "panic_test_pagefault"), text
    assert got[1] == ("1", "cmd_panic_test"), text
    names = [name for _, name in got]
    assert "kmain" in names and "arch_start" in names


def test_brk_report_names_the_function(board, arm64_machine):
    raw, text = panic_log(arm64_machine, board, "invalid-opcode")
    assert "CPU exception: BRK instruction" in raw
    got = frames(text)
    assert got[0] == ("0", "panic_test_invalid_opcode"), text
    assert got[1] == ("1", "cmd_panic_test"), text


def test_panic_call_backtrace_starts_at_the_caller(board, arm64_machine):
    raw, text = panic_log(arm64_machine, board, "panic")
    assert "panic: panic-test: requested by the user" in raw
    got = frames(text)
    assert got[0] == ("0", "cmd_panic_test"), text
    assert ("kmain" in [name for _, name in got])
