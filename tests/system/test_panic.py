"""Debug builds fault on purpose (`panic-test KIND`): the panic report names
the exception, shows the registers, and its backtrace, symbolized against
build/pc-debug/kernel.elf, names the functions that led there."""

import re

import pytest

from tensoros.symbolize import symbolize_text

FRAME = re.compile(r"^  #(\d+) 0x([0-9a-f]{16}) in (\S+) at (\S+):(\d+)", re.M)


def panic_report(m, command):
    m.send_line(command)
    m.expect(r"\*\*\* KERNEL PANIC \*\*\*")
    m.expect(r"end of backtrace\r\nSystem halted\.\r\n", timeout=10)
    text = m.text
    return text[text.index("*** KERNEL PANIC ***"):].replace("\r\n", "\n")


def frames(report, elf):
    out = symbolize_text(report, elf)
    found = [(int(i), int(a, 16), fn, path, int(line)) for i, a, fn, path, line in FRAME.findall(out)]
    assert found, out
    return found, out


def check_report_shape(report):
    assert re.search(r"^rip=0x[0-9a-f]{16} rsp=0x[0-9a-f]{16} rbp=0x[0-9a-f]{16}", report, re.M), report
    assert "\nbacktrace:\n" in report
    lines = report.split("backtrace:\n", 1)[1].split("\n")
    n = 0
    for line in lines:
        if line == "end of backtrace":
            break
        assert re.fullmatch(r"  #\d+ 0x[0-9a-f]{16}", line), line
        n += 1
    assert n >= 2


def test_debug_build_has_panic_test(new_machine):
    m = new_machine(debug=True)
    assert "panic-test" in m.run("help")
    assert m.run("panic-test").startswith("usage: panic-test")
    assert m.run("panic-test nonsense").startswith("usage: panic-test")


@pytest.mark.parametrize("kind, exception, function", [
    ("pagefault", r"CPU exception 14: page fault", "panic_test_pagefault"),
    ("divide", r"CPU exception 0: divide error", "panic_test_divide"),
    ("invalid-opcode", r"CPU exception 6: invalid opcode", "panic_test_invalid_opcode"),
])
def test_fault_backtrace_names_the_function(new_machine, debug_elf, kind, exception, function):
    m = new_machine(debug=True)
    report = panic_report(m, f"panic-test {kind}")
    assert re.search(exception, report, re.I), report
    check_report_shape(report)
    if kind == "pagefault":
        assert "page fault at address 0x0000400000000000" in report
        assert "write" in report
    found, out = frames(report, debug_elf)
    rip = int(re.search(r"rip=0x([0-9a-f]{16})", report).group(1), 16)
    assert found[0][1] == rip, "frame 0 is the faulting instruction"
    assert found[0][2] == function, out
    assert found[0][3] == "kernel/core/shell.c", out
    assert found[1][2] == "cmd_panic_test", out
    names = [f[2] for f in found]
    assert "kmain" in names, out
    assert names.index("kmain") > names.index("cmd_panic_test")
    # The machine is halted, not reset: QEMU still runs, the shell does not answer.
    assert m.alive
    m.skip_output()
    m.send_line("uptime")
    with pytest.raises(AssertionError):
        m.expect(r"up \d", timeout=0.5)


def test_panic_call_backtrace(new_machine, debug_elf):
    m = new_machine(debug=True)
    report = panic_report(m, "panic-test panic")
    assert "panic: panic-test: requested by the user" in report
    found, out = frames(report, debug_elf)
    # No faulting instruction here: every frame is a return address, the
    # first inside panic() itself (or its caller when that is inlined).
    names = [f[2] for f in found]
    assert names[0] in ("panic", "cmd_panic_test"), out
    assert names[names.index("cmd_panic_test") + 1:].count("kmain") == 1, out
    assert found[names.index("cmd_panic_test")][3] == "kernel/core/shell.c"
