"""The `tensoros` command: one subcommand per job, each with --help."""

import argparse
import os
import subprocess
import sys

from . import __version__
from .boards import BOARDS
from .build import BuildError


def cmd_build(args):
    from .build import build
    out = build(args.board, debug=args.debug, verbose=args.verbose, jobs=args.jobs)
    print(out)
    return 0


def cmd_iso(args):
    from .iso import make_iso
    print(make_iso(debug=args.debug, verbose=args.verbose))
    return 0


def cmd_run(args):
    if args.board in ("virt", "rpi4"):
        from .arm64 import run
        return run(args)
    if args.board == "hosted":
        from .build import build
        exe = build("hosted", debug=args.debug)
        return subprocess.call([str(exe), *args.rest])
    from .iso import make_iso
    from .qemu import pc_command
    iso = make_iso(debug=args.debug)
    cmd = pc_command(iso, memory=args.memory, cpu=args.cpu or "max", accel=args.accel, uefi=args.uefi)
    print("TensorOS in QEMU: the serial console is this terminal; Ctrl-A X quits QEMU.", flush=True)
    if args.print_command:
        print(" ".join(cmd))
        return 0
    os.execv(cmd[0], cmd)


def cmd_debug(args):
    if getattr(args, "board", "pc") in ("virt", "rpi4"):
        from .arm64 import debug
        return debug(args)
    args.cpu = getattr(args, "cpu", None) or "max"
    from .debug import run_debug
    return run_debug(args)


def cmd_symbolize(args):
    from .symbolize import run
    return run(args)


def cmd_size(args):
    from .size import run
    return run(args)


def cmd_bench(args):
    if args.name in ("sgemm", "qdot"):
        import json
        from . import jit
        result = jit.bench_sgemm() if args.name == "sgemm" else jit.bench_qdot()
        print(json.dumps(result, indent=None if args.json else 2))
        return 0
    if args.name == "vm":
        from .bench_vm import run
        return run(args)
    from .bench import run
    return run(args)


def cmd_disasm(args):
    from . import jit
    try:
        print(jit.disasm_main(args.op, args.isa))
    except ValueError as e:          # an unknown stencil: the message lists the known ones
        print(f"tensoros disasm: {e}", file=sys.stderr)
        return 2
    return 0


def add_board(p, default="pc", boards=None):
    p.add_argument("--board", default=default, choices=boards or sorted(BOARDS),
                   help=f"which board (default: {default})")


def add_qemu_options(p):
    p.add_argument("--accel", default="tcg", choices=["tcg", "kvm"],
                   help="QEMU accelerator (default tcg: KVM exists on some machines but runs guests badly)")
    p.add_argument("--memory", default="512M", help="guest RAM (default 512M)")
    p.add_argument("--cpu", default=None, help="QEMU CPU model (default: max on pc, AVX2 under TCG, qemu64 for "
                   "SSE2 only; cortex-a72 on virt, max for dotprod/i8mm)")
    p.add_argument("--uefi", action="store_true", help="boot through UEFI firmware (OVMF) instead of BIOS")


def parser():
    top = argparse.ArgumentParser(prog="tensoros", description="Build, run and inspect TensorOS.")
    top.add_argument("--version", action="version", version=f"tensoros {__version__}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("build", help="compile and link a board's kernel")
    add_board(p)
    p.add_argument("--debug", action="store_true", help="debug build (build/BOARD-debug: panic-test and other debug commands)")
    p.add_argument("-v", "--verbose", action="store_true", help="print every command")
    p.add_argument("-j", "--jobs", type=int, default=0, help="parallel compile jobs (default: one per CPU)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("iso", help="make the bootable GRUB ISO (build/pc/tensoros.iso)")
    p.add_argument("--debug", action="store_true", help="ISO of the debug build")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(func=cmd_iso)

    p = sub.add_parser("run", help="boot TensorOS (pc, virt or rpi4 in QEMU, or hosted as a process)")
    add_board(p, boards=["pc", "hosted", "virt", "rpi4"])
    add_qemu_options(p)
    p.add_argument("--debug", action="store_true", help="run the debug build")
    p.add_argument("--print-command", action="store_true", help="print the QEMU command instead of running it")
    p.add_argument("rest", nargs="*", help="hosted: arguments for the program")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("debug", help="boot in QEMU stopped at the first instruction and attach gdb")
    add_board(p, boards=["pc", "virt", "rpi4"])
    add_qemu_options(p)
    p.add_argument("--debug", action="store_true", help="debug the debug build")
    p.add_argument("--port", type=int, default=1234, help="gdbstub TCP port on 127.0.0.1 (default 1234)")
    p.add_argument("--break", dest="breakpoint", default="kmain", help="where gdb stops first (default kmain)")
    p.add_argument("--console-port", type=int, help="telnet port of the serial console (default PORT+1)")
    p.add_argument("--serial-log", help="file for the serial output (default build/BOARD/debug-serial.log)")
    p.set_defaults(func=cmd_debug)

    p = sub.add_parser("symbolize", help="turn the addresses in a panic log into function, file and line")
    p.add_argument("log", nargs="?", help="the log file (default: standard input)")
    p.add_argument("--elf", help="the kernel ELF (default build/pc/kernel.elf, or build/pc-debug/kernel.elf with --debug)")
    p.add_argument("--debug", action="store_true", help="symbolize against the debug build")
    p.set_defaults(func=cmd_symbolize)

    p = sub.add_parser("size", help="bytes of code and data per subsystem, from the ELF's symbols")
    p.add_argument("--elf", help="the ELF (default build/pc/kernel.elf)")
    p.add_argument("--json", action="store_true", help="one JSON object")
    p.set_defaults(func=cmd_size)

    p = sub.add_parser("bench", help="benchmarks, each beside a peer measured in the same run")
    p.add_argument("name", choices=["boot", "sgemm", "qdot", "vm"],
                   help="boot: boot times; sgemm: JIT SGEMM vs OpenBLAS; qdot: quantized matvec vs memcpy; "
                        "vm: the VM vs CPython on ten programs, GC and heap figures")
    add_board(p, boards=["pc", "virt", "rpi4"])
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--runs", type=int, default=5, help="repetitions (default 5)")
    p.add_argument("--repeats", type=int, default=None, help="vm: runs of each program per interpreter (default 3)")
    p.add_argument("--quick", action="store_true", help="vm: small sizes, 2 runs, no QEMU (a smoke test)")
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser("disasm", help="print a JIT stencil's machine code (capstone)")
    p.add_argument("op", help="the stencil, e.g. sgemm_avx2_6x16, qdot_q4_0 (an unknown name lists them)")
    p.add_argument("--isa", default="avx2", choices=["sse2", "avx2", "neon"], help="instruction set (default avx2)")
    p.set_defaults(func=cmd_disasm)

    from . import flash, sdcard
    p = sub.add_parser("sdcard", help="make the Raspberry Pi 4 SD card image (build/rpi4/sdcard.img)")
    sdcard.add_arguments(p)
    p.set_defaults(func=sdcard.run)

    p = sub.add_parser("flash", help="write the SD card image to a card, with safety checks, and verify it")
    flash.add_arguments(p)
    p.set_defaults(func=flash.run)
    return top


def main(argv=None):
    top = parser()
    args = top.parse_args(argv)
    if not getattr(args, "func", None):
        top.print_help()
        return 2
    try:
        return args.func(args) or 0
    except BuildError as e:
        print(f"tensoros: {e}", file=sys.stderr)
        return 1
    except FileNotFoundError as e:
        print(f"tensoros: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
