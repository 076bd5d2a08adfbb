"""`tensoros run` and `tensoros debug` for the ARM64 boards.

* virt: build/virt/kernel.elf on `qemu-system-aarch64 -M virt` (GICv2, EL2,
  Cortex-A72 unless --cpu says otherwise).
* rpi4: build/rpi4/kernel8.img on `-M raspi4b` (QEMU >= 9).

`debug` starts QEMU stopped at the first instruction with its gdbstub on
127.0.0.1:PORT and the serial console on a telnet port (PORT+1, also logged
to build/BOARD/debug-serial.log), then runs gdb-multiarch on the kernel ELF
with a hardware breakpoint at kmain. QEMU ends when gdb does.
"""

import os
import shutil
import sys
from pathlib import Path

from .paths import board_dir

BOARDS = ("virt", "rpi4")
DEFAULT_CPU = "cortex-a72"       # what a Raspberry Pi 4 has; "max" adds dotprod, i8mm, SVE...


def build_image(board, debug=False):
    """Builds the board; returns (kernel ELF, the file QEMU boots)."""
    from .build import build
    elf = build(board, debug=debug)
    if board == "rpi4":
        return elf, board_dir(board, debug) / "kernel8.img"
    return elf, elf


def qemu_command(board, image, *, cpu=None, memory="512M", serial="mon:stdio", gdb_port=None,
                 wait_for_gdb=False, qmp=None, no_reboot=False, extra=()):
    from . import qemu
    if board == "virt":
        return qemu.virt_command(image, cpu=cpu or DEFAULT_CPU, memory=memory, serial=serial,
                                 gdb_port=gdb_port, wait_for_gdb=wait_for_gdb, qmp=qmp,
                                 no_reboot=no_reboot, extra=extra)
    if board == "rpi4":
        if cpu and cpu != DEFAULT_CPU:
            print(f"tensoros: -M raspi4b always has Cortex-A72 CPUs; --cpu {cpu} is ignored", file=sys.stderr)
        return qemu.raspi4b_command(image, serial=serial, gdb_port=gdb_port, wait_for_gdb=wait_for_gdb,
                                    qmp=qmp, no_reboot=no_reboot, extra=extra)
    raise ValueError(f"not an ARM64 board: {board}")


def run(args):
    if getattr(args, "accel", "tcg") != "tcg":
        print("tensoros: the ARM64 boards run under TCG only (this is an x86_64 host)", file=sys.stderr)
    _, image = build_image(args.board, debug=args.debug)
    extra = []
    if args.board == "virt":
        from .cli import disk_args
        extra = disk_args("virt", args)
    cmd = qemu_command(args.board, image, cpu=args.cpu, memory=args.memory, extra=extra)
    if args.print_command:
        print(" ".join(cmd))
        return 0
    print(f"TensorOS ({args.board}) in QEMU: the serial console is this terminal; Ctrl-A X quits QEMU.", flush=True)
    os.execv(cmd[0], cmd)


def gdb_command(elf, *, port, breakpoint="kmain", batch_commands=None):
    """gdb-multiarch on the ARM64 kernel ELF, attached to QEMU's gdbstub."""
    gdb = shutil.which("gdb-multiarch")
    if not gdb:
        raise FileNotFoundError("gdb-multiarch is not installed: run `make setup` (or apt-get install gdb-multiarch)")
    cmd = [gdb, "-q"]
    if batch_commands is not None:
        cmd += ["-batch", "-nx"]
    cmd += ["-ex", "set architecture aarch64", str(elf),
            "-ex", "set pagination off" if batch_commands is not None else "set confirm on",
            "-ex", f"target remote 127.0.0.1:{port}"]
    if breakpoint:
        cmd += ["-ex", f"hbreak {breakpoint}", "-ex", "continue"]
    if batch_commands is not None:
        for c in batch_commands:
            cmd += ["-ex", c]
        cmd += ["-ex", "detach"]
    return cmd


def debug(args):
    from .debug import port_free, run_session
    board, debug_build = args.board, getattr(args, "debug", False)
    port = args.port
    if not port_free(port):
        print(f"tensoros debug: 127.0.0.1:{port} is in use; choose another with --port", file=sys.stderr)
        return 1
    console_port = next(p for p in range(port + 1, port + 100) if port_free(p))
    elf, image = build_image(board, debug=debug_build)
    out_dir = board_dir(board, debug_build)
    serial_log = Path(getattr(args, "serial_log", None) or out_dir / "debug-serial.log")
    chardev = (f"socket,id=uart0,host=127.0.0.1,port={console_port},server=on,wait=off,telnet=on,"
               f"logfile={serial_log},logappend=off")
    qemu_cmd = qemu_command(board, image, cpu=args.cpu, memory=args.memory, serial="chardev:uart0",
                            gdb_port=port, wait_for_gdb=True, extra=["-chardev", chardev])
    batch = getattr(args, "gdb_batch", None)
    gdb_cmd = gdb_command(elf, port=port, breakpoint=args.breakpoint, batch_commands=batch)

    return run_session(qemu_cmd, gdb_cmd, out_dir=out_dir, port=port, console_port=console_port,
                       serial_log=serial_log, breakpoint=args.breakpoint, batch=batch, label=f"{board}, ")
