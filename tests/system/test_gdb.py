"""gdb attaches to QEMU's gdbstub, stops in kmain, and the kernel then goes
on to its prompt; `tensoros debug` does the same end to end."""

import argparse
import re

import pytest

from .harness import free_tcp_port, have_gdb, run_gdb

pytestmark = pytest.mark.skipif(not have_gdb(), reason="gdb is not installed (apt-get install gdb)")


def test_gdb_breaks_in_kmain_then_the_kernel_reaches_the_prompt(new_machine, release_elf):
    port = free_tcp_port()
    m = new_machine(gdb_port=port, wait_for_gdb=True)
    r = run_gdb(release_elf, [
        f"target remote 127.0.0.1:{port}",
        "hbreak kmain",              # hardware: GRUB loads the kernel over a software breakpoint
        "continue",
        "bt",
        "print/x $rip",
        "detach",
    ])
    out = r.stdout + r.stderr
    assert r.returncode == 0, out
    assert re.search(r"Breakpoint 1, kmain \(info=0x[0-9a-f]+.*\) at kernel/core/main\.c:\d+", out), out
    assert re.search(r"^#0 +kmain .* at kernel/core/main\.c:\d+$", out, re.M), out
    assert re.search(r"^#1 +0x[0-9a-f]+ in arch_start .* at kernel/arch/x86_64/start\.c:\d+$", out, re.M), out
    assert "Inferior 1 (process 1) detached" in out
    # Nothing ran before gdb let it go: the boot log starts after the breakpoint.
    m.wait_boot()
    assert m.run("uptime").startswith("up ")


def test_gdb_reads_kernel_memory_at_the_prompt(new_machine, release_elf):
    port = free_tcp_port()
    m = new_machine(gdb_port=port)            # already booted; gdb interrupts it
    m.run("uptime")
    r = run_gdb(release_elf, [
        f"target remote 127.0.0.1:{port}",
        "print boot_info_saved->board",
        "print (int)(boot_info_saved->region_count > 0)",
        "detach",
    ])
    out = r.stdout + r.stderr
    assert r.returncode == 0, out
    assert '"pc"' in out, out
    assert re.search(r"^\$2 = 1$", out, re.M), out
    assert m.run("uptime").startswith("up ")   # still alive after gdb left


def test_tensoros_debug_end_to_end(qemu_required, release_iso, tmp_path):
    from tensoros.debug import run_debug
    log = tmp_path / "serial.log"
    args = argparse.Namespace(
        port=free_tcp_port(), breakpoint="kmain", memory="512M", cpu="max", accel="tcg", uefi=False,
        serial_log=str(log),
        gdb_batch=["bt 1", "delete", "hbreak console_read_line", "continue", "bt 2"])
    assert run_debug(args) == 0
    from tensoros.debug import port_free
    assert port_free(args.port), "QEMU's gdbstub still listens: QEMU was not stopped"
    text = log.read_text(errors="replace")
    assert re.search(r"ready: kernel entry to prompt in \d+ us", text), text
