"""`tensoros bench NAME`: benchmarks, each beside a peer measured in the same run.

boot: boots the pc ISO (GRUB, BIOS, TCG) several times and reports
  * kernel entry -> prompt, by the kernel's own clock (the boot log line
    "ready: kernel entry to prompt in N us"); goal <= 20 ms;
  * QEMU start -> prompt, wall clock (the prompt seen on COM1); goal <= 1.5 s;
  * QEMU start -> first serial byte, and poweroff -> QEMU gone;
and, as the peer, QEMU's own floor: the same QEMU and firmware (SeaBIOS)
booting, with -kernel, a 60-byte Multiboot payload that writes one byte to
COM1 and exits through isa-debug-exit. What lies between the floor and our
prompt is GRUB plus our kernel.
"""

import json
import os
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path


GOALS = {"kernel_entry_to_prompt_ms": 20.0, "qemu_start_to_prompt_s": 1.5}
READY = b"ready: kernel entry to prompt in "
PROMPT = b"tensor> "


def floor_payload() -> bytes:
    """A Multiboot (v1) image QEMU's -kernel loads at 1 MiB: prints "!\\n" on
    COM1 and leaves through the isa-debug-exit port 0xf4 (status 1)."""
    base = 0x100000
    magic, flags = 0x1BADB002, 0x00010000          # bit 16: the address fields below are valid
    header = struct.pack("<8I", magic, flags, (-(magic + flags)) & 0xFFFFFFFF,
                         base, base, 0, 0, base + 32)
    code = bytes([
        0x66, 0xBA, 0xF8, 0x03,     # mov dx, 0x3f8    (COM1 data)
        0xB0, 0x21,                 # mov al, '!'
        0xEE,                       # out dx, al
        0xB0, 0x0A,                 # mov al, '\n'
        0xEE,                       # out dx, al
        0x66, 0xBA, 0xF4, 0x00,     # mov dx, 0xf4     (isa-debug-exit)
        0xB0, 0x00,                 # mov al, 0
        0xEE,                       # out dx, al       -> QEMU exits with status 1
        0xF4,                       # hlt
        0xEB, 0xFD,                 # jmp hlt
    ])
    return header + code


class _Reader(threading.Thread):
    """Collects a process's stdout (COM1 on stdio), noting when bytes arrive."""

    def __init__(self, stream, t0):
        super().__init__(daemon=True)
        self.stream, self.t0 = stream, t0
        self.buf = bytearray()
        self.first_byte = None
        self.marks = {}                 # pattern -> seconds after t0 when first seen
        self.cond = threading.Condition()

    def run(self):
        fd = self.stream.fileno()
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:
                data = b""
            now = time.monotonic() - self.t0
            with self.cond:
                if not data:
                    self.marks["eof"] = now
                    self.cond.notify_all()
                    return
                if self.first_byte is None:
                    self.first_byte = now
                self.buf += data
                for pattern in (READY, PROMPT):
                    if pattern not in self.marks and pattern in self.buf:
                        self.marks[pattern] = now
                self.cond.notify_all()

    def wait_for(self, pattern, timeout):
        with self.cond:
            self.cond.wait_for(lambda: pattern in self.marks or "eof" in self.marks, timeout)
            return self.marks.get(pattern)


def _wait_with_cpu(proc, timeout):
    """Waits for a child; returns (exit status, CPU seconds it used).
    CPU time is steadier than wall time on a busy machine."""
    deadline = time.monotonic() + timeout
    while True:
        pid, wait_status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(wait_status)
            return proc.returncode, usage.ru_utime + usage.ru_stime
        if time.monotonic() > deadline:
            raise subprocess.TimeoutExpired(proc.args, timeout)
        time.sleep(0.005)


def _stop(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def boot_iso_once(iso, *, extra=(), uefi=False, timeout=60.0):
    """One boot of the pc ISO to the prompt and poweroff; returns the figures (seconds, us)."""
    from .qemu import pc_command
    return boot_once(pc_command(iso, uefi=uefi, serial="stdio", no_reboot=True, extra=list(extra)), timeout)


def boot_once(cmd, timeout=60.0):
    """One boot of a QEMU command (COM1/PL011 on stdio) to the prompt and poweroff."""
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    reader = _Reader(proc.stdout, t0)
    reader.start()
    try:
        prompt = reader.wait_for(PROMPT, timeout)
        if prompt is None:
            raise RuntimeError("no prompt on COM1 within %.0f s; output: %r" % (timeout, bytes(reader.buf[-500:])))
        text = bytes(reader.buf).decode("utf-8", "replace")
        i = text.index(READY.decode()) + len(READY)
        kernel_us = int(text[i:].split(" ", 1)[0])
        t_off = time.monotonic()
        proc.stdin.write(b"poweroff\r")
        proc.stdin.flush()
        status, cpu = _wait_with_cpu(proc, 20)
        t_gone = time.monotonic()
        return {
            "kernel_entry_to_prompt_us": kernel_us,
            "qemu_start_to_first_byte_s": reader.first_byte,
            "qemu_start_to_prompt_s": prompt,
            "qemu_start_to_kernel_entry_s": prompt - kernel_us / 1e6,
            "poweroff_to_exit_s": t_gone - t_off,
            "qemu_cpu_s": cpu,
            "exit_status": status,
        }
    finally:
        _stop(proc)
        reader.join(2)


def floor_once(payload_path, *, extra=(), timeout=30.0):
    """QEMU + SeaBIOS + -kernel Multiboot payload: first serial byte and exit."""
    qemu = shutil.which("qemu-system-x86_64")
    cmd = [qemu, "-machine", "pc,accel=tcg", "-cpu", "max", "-m", "512M", "-display", "none",
           "-serial", "stdio", "-kernel", str(payload_path),
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", *extra]
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    reader = _Reader(proc.stdout, t0)
    reader.start()
    try:
        status, cpu = _wait_with_cpu(proc, timeout)
        t_exit = time.monotonic() - t0
        reader.join(2)
        if reader.first_byte is None or b"!" not in reader.buf:
            raise RuntimeError(f"the floor payload printed nothing (QEMU status {status})")
        # The reader thread may be scheduled after QEMU has already gone.
        return {"qemu_start_to_first_byte_s": min(reader.first_byte, t_exit), "qemu_start_to_exit_s": t_exit,
                "qemu_cpu_s": cpu, "exit_status": status}
    finally:
        _stop(proc)


def summary(values, scale=1.0, digits=3):
    values = [v * scale for v in values if v is not None]
    if not values:
        return None
    return {"median": round(statistics.median(values), digits), "min": round(min(values), digits),
            "max": round(max(values), digits), "runs": len(values)}


def bench_boot(runs=5, iso=None, extra=(), floor=True, progress=None):
    from .iso import make_iso
    iso = Path(iso) if iso else make_iso(debug=False)
    boots, floors = [], []
    with tempfile.TemporaryDirectory(prefix="tensoros-bench-") as tmp:
        payload = Path(tmp) / "floor.bin"
        payload.write_bytes(floor_payload())
        for i in range(runs):            # interleaved, so both see the same machine load
            if floor:
                floors.append(floor_once(payload))
            boots.append(boot_iso_once(iso, extra=extra))
            if progress:
                progress(i + 1, runs, boots[-1], floors[-1] if floor else None)
    kernel_ms = summary([b["kernel_entry_to_prompt_us"] for b in boots], 1e-3)
    wall = summary([b["qemu_start_to_prompt_s"] for b in boots])
    result = {
        "benchmark": "boot",
        "board": "pc",
        "image": str(iso),
        "image_bytes": iso.stat().st_size,
        "accel": "tcg",
        "firmware": "BIOS (SeaBIOS) + GRUB from the ISO",
        "runs": runs,
        "ours": {
            "kernel_entry_to_prompt_ms": kernel_ms,
            "qemu_start_to_prompt_s": wall,
            "qemu_start_to_first_serial_byte_s": summary([b["qemu_start_to_first_byte_s"] for b in boots]),
            "qemu_start_to_kernel_entry_s": summary([b["qemu_start_to_kernel_entry_s"] for b in boots]),
            "poweroff_to_qemu_exit_s": summary([b["poweroff_to_exit_s"] for b in boots]),
            "qemu_cpu_boot_and_poweroff_s": summary([b["qemu_cpu_s"] for b in boots]),
            "exit_status": sorted({b["exit_status"] for b in boots}),
        },
        "goals": {
            "kernel_entry_to_prompt_ms": GOALS["kernel_entry_to_prompt_ms"],
            "qemu_start_to_prompt_s": GOALS["qemu_start_to_prompt_s"],
            "kernel_entry_to_prompt_met": kernel_ms["median"] <= GOALS["kernel_entry_to_prompt_ms"],
            "qemu_start_to_prompt_met": wall["median"] <= GOALS["qemu_start_to_prompt_s"],
        },
    }
    if floor:
        first = summary([f["qemu_start_to_first_byte_s"] for f in floors])
        result["peer"] = {
            "what": "QEMU's floor: same QEMU and SeaBIOS, -kernel with a Multiboot payload that writes "
                    "one byte to COM1 and exits (isa-debug-exit)",
            "qemu_start_to_first_serial_byte_s": first,
            "qemu_start_to_exit_s": summary([f["qemu_start_to_exit_s"] for f in floors]),
            "qemu_cpu_s": summary([f["qemu_cpu_s"] for f in floors]),
        }
        result["ratio_prompt_to_floor"] = round(wall["median"] / first["median"], 2) if first["median"] else None
        result["grub_and_firmware_over_floor_s"] = round(
            result["ours"]["qemu_start_to_kernel_entry_s"]["median"] - first["median"], 3)
    return result


def print_boot(r):
    ours, goals = r["ours"], r["goals"]

    def line(label, s, unit, goal=None, met=None):
        g = f"   goal <= {goal} {unit}: {'met' if met else 'NOT met'}" if goal is not None else ""
        print(f"  {label:<34}{s['median']:>9} {unit}  (min {s['min']}, max {s['max']}){g}")

    print(f"boot: pc ISO under TCG, {r['runs']} runs ({r['image_bytes'] // 1024} KiB image)")
    line("kernel entry -> prompt", ours["kernel_entry_to_prompt_ms"], "ms",
         goals["kernel_entry_to_prompt_ms"], goals["kernel_entry_to_prompt_met"])
    line("QEMU start -> prompt", ours["qemu_start_to_prompt_s"], "s",
         goals["qemu_start_to_prompt_s"], goals["qemu_start_to_prompt_met"])
    line("QEMU start -> kernel entry", ours["qemu_start_to_kernel_entry_s"], "s")
    line("QEMU start -> first serial byte", ours["qemu_start_to_first_serial_byte_s"], "s")
    line("poweroff -> QEMU gone", ours["poweroff_to_qemu_exit_s"], "s")
    line("QEMU CPU time (boot + poweroff)", ours["qemu_cpu_boot_and_poweroff_s"], "s")
    if "peer" in r:
        print("peer: QEMU's floor (SeaBIOS, -kernel, one byte on COM1)")
        line("QEMU start -> first serial byte", r["peer"]["qemu_start_to_first_serial_byte_s"], "s")
        line("QEMU CPU time (start -> exit)", r["peer"]["qemu_cpu_s"], "s")
        print(f"  prompt / floor: {r['ratio_prompt_to_floor']}x; firmware + GRUB beyond the floor: "
              f"{r['grub_and_firmware_over_floor_s']} s")


def bench_boot_arm64(board, runs=5, progress=None):
    """QEMU start -> prompt for virt or raspi4b (TCG). No floor peer yet: an
    AArch64 payload for it is still to be written."""
    from . import arm64
    _, image = arm64.build_image(board)
    cmd = arm64.qemu_command(board, image, serial="stdio", no_reboot=True)
    boots = []
    for i in range(runs):
        boots.append(boot_once(cmd))
        if progress:
            progress(i + 1, runs, boots[-1], None)
    return {
        "benchmark": "boot",
        "board": board,
        "machine": "virt, cortex-a72" if board == "virt" else "raspi4b",
        "image": str(image),
        "accel": "tcg",
        "runs": runs,
        "ours": {
            "kernel_entry_to_prompt_ms": summary([b["kernel_entry_to_prompt_us"] for b in boots], 1e-3),
            "qemu_start_to_prompt_s": summary([b["qemu_start_to_prompt_s"] for b in boots]),
            "qemu_start_to_first_serial_byte_s": summary([b["qemu_start_to_first_byte_s"] for b in boots]),
            "exit_status": sorted({b["exit_status"] for b in boots}),
        },
        "peer": None,
    }


def run(args):
    if args.name != "boot":
        print(f"tensoros bench: unknown benchmark {args.name!r} (known: boot)", file=sys.stderr)
        return 2
    if args.board in ("virt", "rpi4"):
        result = bench_boot_arm64(args.board, runs=max(1, args.runs))
        print(json.dumps(result, indent=2))
        return 0
    if not shutil.which("qemu-system-x86_64"):
        raise FileNotFoundError("qemu-system-x86_64 is not installed: run `make setup`")
    runs = max(1, args.runs)

    def progress(i, n, boot, floor):
        if not args.json:
            print(f"  run {i}/{n}: prompt at {boot['qemu_start_to_prompt_s']:.3f} s, kernel "
                  f"{boot['kernel_entry_to_prompt_us'] / 1000:.1f} ms"
                  + (f"; floor {floor['qemu_start_to_first_byte_s']:.3f} s" if floor else ""), flush=True)

    result = bench_boot(runs=runs, progress=progress)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_boot(result)
    return 0
