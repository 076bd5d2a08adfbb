"""tensoros symbolize: backtrace addresses -> function, file, line."""

import re
import subprocess
import sys
import time

import pytest

from tensoros.symbolize import FRAME_LINE, Symbolizer, symbolize_lines, symbolize_text


def source_line(path, number):
    from tensoros.paths import ROOT
    return (ROOT / path).read_text().splitlines()[number - 1]


def test_function_entry_is_named_with_its_file(pc_debug_elf, elf_symbols):
    with Symbolizer(pc_debug_elf) as s:
        for name, path in [("kmain", "kernel/core/main.c"), ("panic", "kernel/core/panic.c"),
                           ("vsnprintf", "kernel/lib/format.c"), ("ns16550_write", "drivers/uart/ns16550.c")]:
            addr, size = elf_symbols[name]
            locs = s.locate(addr)
            assert locs and locs[0].function == name
            assert locs[0].file == path
            assert locs[0].line > 0
            # The last byte of the function is still inside it.
            outer = s.locate(addr + size - 1)
            assert outer[-1].function == name


def test_line_points_at_the_source(pc_debug_elf, elf_symbols):
    with Symbolizer(pc_debug_elf) as s:
        addr, _ = elf_symbols["panic_test_pagefault"]
        # Somewhere inside panic_test_pagefault is the store to the unmapped address.
        lines = {s.locate(a)[0].line for a in range(addr, addr + elf_symbols["panic_test_pagefault"][1])}
        text = [source_line("kernel/core/shell.c", n) for n in lines if n]
        assert any("*unmapped = 0xDEAD" in t for t in text), text


def test_return_address_shows_the_call_line(pc_debug_elf, elf_symbols):
    """A return address is looked up at address - 1: the line of the call."""
    from elftools.elf.elffile import ELFFile
    import capstone
    addr, size = elf_symbols["cmd_panic_test"]
    with open(pc_debug_elf, "rb") as f:
        elf = ELFFile(f)
        text = elf.get_section_by_name(".text")
        code = text.data()[addr - text["sh_addr"]: addr - text["sh_addr"] + size]
    md = capstone.Cs(capstone.CS_ARCH_X86, capstone.CS_MODE_64)
    target = elf_symbols["panic_test_pagefault"][0]
    calls = [i for i in md.disasm(code, addr) if i.mnemonic == "call" and i.op_str == hex(target)]
    assert calls, "cmd_panic_test calls panic_test_pagefault"
    ret = calls[0].address + calls[0].size
    with Symbolizer(pc_debug_elf) as s:
        described = s.describe(ret, return_address=True)
    m = re.fullmatch(r"in cmd_panic_test at kernel/core/shell\.c:(\d+)", described)
    assert m, described
    assert "panic_test_pagefault()" in source_line("kernel/core/shell.c", int(m.group(1)))


def test_inlined_functions_are_shown_with_their_caller(pc_debug_elf):
    """run_line is static and called once: clang inlines it into shell_run."""
    with Symbolizer(pc_debug_elf) as s:
        inlined = []
        for unit in s.units:
            if unit.name.endswith("shell.c"):
                for die in unit.cu.iter_DIEs():
                    if die.tag == "DW_TAG_inlined_subroutine" and s.die_name(die) == "run_line":
                        inlined.append(die)
        if not inlined:
            pytest.skip("run_line is not inlined in this build")
        lo, hi = s._die_ranges(inlined[0], None)[0]
        locs = s.locate(lo)
        names = [l.function for l in locs]
        # Innermost first; run_line's first instruction may itself belong to
        # a helper inlined into it (split_words), so look for run_line in the chain.
        assert "run_line" in names and locs[names.index("run_line")].inlined
        assert "shell_run" in names[names.index("run_line") + 1:]
        assert locs[names.index("shell_run")].file == "kernel/core/shell.c"
        assert "inlined into shell_run at kernel/core/shell.c:" in s.describe(lo)


def test_assembler_code_is_named_from_the_symbol_table(pc_debug_elf):
    from elftools.elf.elffile import ELFFile
    with open(pc_debug_elf, "rb") as f:
        syms = {s.name: s["st_value"] for s in ELFFile(f).get_section_by_name(".symtab").iter_symbols()}
    with Symbolizer(pc_debug_elf) as s:
        loc = s.locate(syms["long_mode_entry"] + 4)
        assert loc[0].function == "long_mode_entry"
        assert loc[0].file == "boot/x86_64/entry.asm" and loc[0].line > 0


def test_unknown_addresses(pc_debug_elf):
    with Symbolizer(pc_debug_elf) as s:
        assert s.locate(0x10) == []
        assert s.describe(0xFFFFFFFF00000000) == ""


PANIC_LOG = """\
tensor> panic-test pagefault\r
\r
*** KERNEL PANIC ***\r
CPU exception 14: page fault, error code 0x2\r
rip=0x{rip:016x} rsp=0x0000000000222ed0 rbp=0x0000000000222ed0 rflags=0x00000202\r
backtrace:\r
  #0 0x{rip:016x}\r
  #1 0x{ret:016x}\r
  #2 0x0000000000000010\r
end of backtrace\r
System halted.\r
"""


def test_log_lines_are_annotated_and_the_rest_passes_through(pc_debug_elf, elf_symbols):
    rip = elf_symbols["panic_test_pagefault"][0] + 4
    ret = elf_symbols["kmain"][0] + 20
    log = PANIC_LOG.format(rip=rip, ret=ret)
    out = symbolize_text(log, pc_debug_elf)
    in_lines, out_lines = log.splitlines(keepends=True), out.splitlines(keepends=True)
    assert len(in_lines) == len(out_lines)
    for a, b in zip(in_lines, out_lines):
        if FRAME_LINE.match(a):
            assert b.startswith(a.rstrip("\r\n") + " in ")
            assert b.endswith("\r\n")
        else:
            assert a == b
    assert f"  #0 0x{rip:016x} in panic_test_pagefault at kernel/core/shell.c:" in out
    assert re.search(r"#1 0x[0-9a-f]+ in kmain at kernel/core/main\.c:\d+", out)
    assert "#2 0x0000000000000010 in ??" in out


def test_already_symbolized_lines_are_left_alone(pc_debug_elf, elf_symbols):
    rip = elf_symbols["kmain"][0]
    once = symbolize_text(f"  #0 0x{rip:016x}\n", pc_debug_elf)
    assert symbolize_text(once, pc_debug_elf) == once


def test_panic_call_frames_are_all_return_addresses(pc_debug_elf, elf_symbols):
    """After "panic:" (no faulting rip) frame 0 is a return address too: a
    call that ends a function would otherwise be shown as the next function."""
    start, size = elf_symbols["cmd_panic_test"]
    with Symbolizer(pc_debug_elf) as s:
        # An address one past a call at the very end of a function.
        end = start + size
        log = f"*** KERNEL PANIC ***\npanic: boom\nbacktrace:\n  #0 0x{end:016x}\nend of backtrace\n"
        out = "".join(symbolize_lines(log.splitlines(True), s))
        assert s.describe(end, return_address=True) in out


def test_cli_reads_a_file_and_stdin(pc_debug_elf, elf_symbols, tmp_path, capsys):
    from tensoros.cli import main
    rip = elf_symbols["panic_test_pagefault"][0]
    log = tmp_path / "panic.log"
    log.write_text(PANIC_LOG.format(rip=rip, ret=rip))
    assert main(["symbolize", "--elf", str(pc_debug_elf), str(log)]) == 0
    assert "in panic_test_pagefault at kernel/core/shell.c:" in capsys.readouterr().out
    r = subprocess.run([sys.executable, "-m", "tensoros.cli", "symbolize", "--debug"],
                       input=f"  #0 0x{rip:016x}\n", capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "in panic_test_pagefault" in r.stdout


def test_missing_elf_is_a_clear_error(tmp_path, capsys):
    from tensoros.cli import main
    assert main(["symbolize", "--elf", str(tmp_path / "nope.elf"), "/dev/null"]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_long_backtrace_on_the_kernel(pc_debug_elf, elf_symbols):
    """Every frame of a 64-frame backtrace gets a name. (How long it takes is
    printed, not asserted: speed is for benchmarks, not pass/fail tests.)"""
    rips = [a for a, _ in list(elf_symbols.values())[:64]]
    log = "*** KERNEL PANIC ***\nbacktrace:\n" + "".join(f"  #{i} 0x{a + 1:016x}\n" for i, a in enumerate(rips))
    t = time.process_time()
    out = symbolize_text(log, pc_debug_elf)
    print(f"symbolize: {time.process_time() - t:.2f} s of CPU for {len(rips)} frames")
    assert out.count(" in ") >= len(rips)
