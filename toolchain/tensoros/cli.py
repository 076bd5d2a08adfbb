"""The `tensoros` command: one subcommand per job, each with --help."""

import argparse
import os
import subprocess
import sys

from . import __version__
from .boards import BOARDS
from .build import BuildError
from .infer import InferError


def cmd_build(args):
    from .build import build
    out = build(args.board, debug=args.debug, verbose=args.verbose, jobs=args.jobs)
    print(out)
    return 0


def cmd_iso(args):
    from .iso import make_iso
    print(make_iso(debug=args.debug, verbose=args.verbose))
    return 0


def hosted_environment():
    """The hosted kernel finds the model packages through $TENSOROS_MODELS
    (the shell's `model load`, nn.load); set it when they are installed."""
    env = dict(os.environ)
    if "TENSOROS_MODELS" not in env:
        from .infer import InferError, model_root
        try:
            env["TENSOROS_MODELS"] = str(model_root())
        except InferError:
            pass
    return env


def cmd_run(args):
    if args.board in ("virt", "rpi4"):
        from .arm64 import run
        return run(args)
    if args.board == "hosted":
        from .build import build
        exe = build("hosted", debug=args.debug)
        return subprocess.call([str(exe), *args.rest], env=hosted_environment())
    from .iso import make_iso
    from .qemu import pc_command
    iso = make_iso(debug=args.debug)
    cmd = pc_command(iso, memory=args.memory, cpu=args.cpu or "max", accel=args.accel, uefi=args.uefi,
                     extra=disk_args("pc", args))
    print("TensorOS in QEMU: the serial console is this terminal; Ctrl-A X quits QEMU.", flush=True)
    if args.print_command:
        print(" ".join(cmd))
        return 0
    os.execv(cmd[0], cmd)


def disk_args(board, args):
    """QEMU arguments for the model disk (build/models.img, rebuilt when its
    inputs changed) or --disk IMAGE (none with --no-disk), then the files
    disk made from --files DIR (build/files.img)."""
    from .qemu import virtio_disk_args
    from . import modeldisk
    out = []
    if args.disk:
        out = virtio_disk_args(board, args.disk)
    elif not args.no_disk:
        image = modeldisk.model_disk_if_available()
        out = virtio_disk_args(board, image) if image else []
    if getattr(args, "files", None):
        out += virtio_disk_args(board, modeldisk.build_files_disk(args.files), drive_id="files")
    return out


def cmd_modeldisk(args):
    from .modeldisk import run
    return run(args)


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
    if args.name == "llm":
        from .infer import run_bench
        return run_bench(args)
    from .bench import run
    return run(args)


def cmd_infer(args):
    from .infer import run_infer
    return run_infer(args)


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
    p.add_argument("--memory", default="1G", help="guest RAM (default 1G: room for both models in the MODEL zone)")
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
    p.add_argument("--disk", help="pc, virt: attach this raw image as the virtio disk instead of build/models.img")
    p.add_argument("--no-disk", action="store_true", help="pc, virt: attach no model disk")
    p.add_argument("--files", metavar="DIR", help="pc, virt: attach DIR's files as a second read-only disk "
                   "(build/files.img): `run NAME.py` and modeldisk.open_file find them there")
    p.add_argument("rest", nargs="*", help="hosted: arguments for the program")
    p.set_defaults(func=cmd_run)

    from . import modeldisk
    p = sub.add_parser("modeldisk", help="build the model disk image (build/models.img) from the installed model packages")
    modeldisk.add_arguments(p)
    p.set_defaults(func=cmd_modeldisk)

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
    p.add_argument("name", choices=["boot", "sgemm", "qdot", "vm", "llm"],
                   help="boot: boot times; sgemm: JIT SGEMM vs OpenBLAS; qdot: quantized matvec vs memcpy; "
                        "vm: the VM vs CPython on ten programs, GC and heap figures; "
                        "llm: SmolLM2 prefill/decode tokens/s on hosted vs llama.cpp, one thread")
    add_board(p, boards=["pc", "virt", "rpi4"])
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--runs", type=int, default=5, help="repetitions (default 5)")
    p.add_argument("--repeats", type=int, default=None, help="vm: runs of each program per interpreter (default 3)")
    p.add_argument("--quick", action="store_true", help="vm: small sizes, 2 runs, no QEMU (a smoke test); "
                   "llm: one run of 16 decode steps")
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser("infer", help="run a model of runtime/nn on the kernel (hosted board): text or an embedding")
    add_board(p, default="hosted", boards=["hosted"])
    p.add_argument("model", help="a model name: smollm2 (text generation) or minilm (sentence embedding)")
    p.add_argument("prompt", help="the prompt (the user message, in the model's chat template unless --raw)")
    p.add_argument("--max-tokens", type=int, default=128, help="most tokens to generate (default 128)")
    p.add_argument("--temperature", type=float, default=0.0, help="0 is greedy (default 0)")
    p.add_argument("--top-k", type=int, default=40, help="sampling: keep the k most likely tokens (default 40)")
    p.add_argument("--top-p", type=float, default=0.95, help="sampling: nucleus probability (default 0.95)")
    p.add_argument("--seed", type=int, default=None, help="sampling seed")
    p.add_argument("--system", default=None, help="a system message (default: the template's own)")
    p.add_argument("--raw", action="store_true", help="the prompt as given, no chat template")
    p.add_argument("--ctx", type=int, default=None, help="KV cache positions (default: what the prompt and "
                   "--max-tokens need)")
    p.add_argument("--models", default=None, help="the folder the model packages are installed in (default: "
                   "$TENSOROS_MODELS or the .venv's site-packages)")
    p.add_argument("--json", action="store_true", help="print one JSON object: text, token ids, prompt token "
                   "count, prefill and decode tokens/s")
    p.add_argument("--debug", action="store_true", help="run the debug build")
    p.set_defaults(func=cmd_infer)

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
    except InferError as e:
        print(f"tensoros: {e}", file=sys.stderr)
        return 1
    except FileNotFoundError as e:
        print(f"tensoros: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
