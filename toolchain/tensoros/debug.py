"""`tensoros debug`: TensorOS in QEMU under gdb.

QEMU boots the pc ISO with its gdbstub on 127.0.0.1:PORT, stopped before the
first instruction (-S). gdb loads build/pc/kernel.elf (which keeps its DWARF;
the ISO's copy is stripped), connects, sets a hardware breakpoint at kmain
(a software one would be overwritten when GRUB loads the kernel over it) and
continues. The serial console is a telnet port, 127.0.0.1:PORT+1, and is also
written to build/pc/debug-serial.log. When gdb exits, QEMU is ended (by its
PID).
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from .paths import board_dir


def port_listening(port, host="127.0.0.1"):
    """True when something listens on host:port (read from /proc, so the
    probe does not itself connect: QEMU's gdbstub takes one client and would
    let the guest run when that client left)."""
    want = f"{int.from_bytes(socket.inet_aton(host), 'little'):08X}:{port:04X}"
    for table in ("/proc/net/tcp",):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    if fields[1] == want and fields[3] == "0A":    # 0A: LISTEN
                        return True
        except OSError:
            continue
    return False


def wait_for_listen(port, proc, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not port_listening(port):
        if proc.poll() is not None:
            raise RuntimeError(f"QEMU exited with status {proc.returncode} before its gdbstub was up")
        if time.monotonic() > deadline:
            raise RuntimeError(f"QEMU's gdbstub did not open 127.0.0.1:{port} within {timeout} s")
        time.sleep(0.02)


def port_free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def qemu_command(iso, *, port, console_port, serial_log, memory="512M", cpu="max", accel="tcg", uefi=False):
    """The QEMU command: gdbstub on `port`, stopped at the first instruction;
    COM1 on a telnet server at `console_port`, logged to `serial_log`."""
    from .qemu import pc_command
    chardev = (f"socket,id=com1,host=127.0.0.1,port={console_port},server=on,wait=off,telnet=on,"
               f"logfile={serial_log},logappend=off")
    return pc_command(iso, memory=memory, cpu=cpu, accel=accel, uefi=uefi, serial="chardev:com1",
                      gdb_port=port, wait_for_gdb=True, extra=["-chardev", chardev])


def gdb_command(elf, *, port, breakpoint="kmain", batch_commands=None):
    """gdb on the kernel ELF, attached to the gdbstub, stopped at `breakpoint`.

    batch_commands: run these after stopping, then detach and exit (for
    scripts and tests) instead of handing the prompt to the user."""
    gdb = shutil.which("gdb") or shutil.which("gdb-multiarch")
    if not gdb:
        raise FileNotFoundError("gdb is not installed: run `make setup` (or apt-get install gdb)")
    cmd = [gdb, "-q"]
    if batch_commands is not None:
        cmd += ["-batch", "-nx"]
    cmd += [str(elf),
            "-ex", "set pagination off" if batch_commands is not None else "set confirm on",
            "-ex", f"target remote 127.0.0.1:{port}"]
    if breakpoint:
        cmd += ["-ex", f"hbreak {breakpoint}", "-ex", "continue"]
    if batch_commands is not None:
        for c in batch_commands:
            cmd += ["-ex", c]
        cmd += ["-ex", "detach"]
    return cmd


def stop_process(proc, timeout=5.0):
    """Ends a process by its PID: SIGTERM, then SIGKILL."""
    if proc.poll() is not None:
        return proc.returncode
    try:
        os.kill(proc.pid, signal.SIGTERM)
        return proc.wait(timeout=timeout)
    except ProcessLookupError:
        return proc.wait()
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        return proc.wait()


def run_debug(args):
    from .iso import make_iso
    port = args.port
    if not port_free(port):
        print(f"tensoros debug: 127.0.0.1:{port} is in use; choose another with --port", file=sys.stderr)
        return 1
    console_port = getattr(args, "console_port", None) or port + 1
    if not port_free(console_port):
        console_port = next(p for p in range(port + 2, port + 100) if port_free(p))
    iso = make_iso(debug=getattr(args, "debug", False))
    out_dir = board_dir("pc", getattr(args, "debug", False))
    elf = out_dir / "kernel.elf"
    serial_log = Path(getattr(args, "serial_log", None) or out_dir / "debug-serial.log")
    batch = getattr(args, "gdb_batch", None)
    qemu_cmd = qemu_command(iso, port=port, console_port=console_port, serial_log=serial_log,
                            memory=args.memory, cpu=args.cpu, accel=args.accel, uefi=args.uefi)
    gdb_cmd = gdb_command(elf, port=port, breakpoint=args.breakpoint, batch_commands=batch)

    return run_session(qemu_cmd, gdb_cmd, out_dir=out_dir, port=port, console_port=console_port,
                       serial_log=serial_log, breakpoint=args.breakpoint, batch=batch, label="")


def run_session(qemu_cmd, gdb_cmd, *, out_dir, port, console_port, serial_log, breakpoint, batch, label):
    """Starts QEMU stopped with its gdbstub, runs gdb against it, ends QEMU
    when gdb ends; returns gdb's status. Shared by every board."""
    # QEMU gets a session of its own: Ctrl-C at gdb's prompt interrupts the
    # guest through gdb, it does not kill QEMU.
    qemu_out = open(out_dir / "debug-qemu.log", "wb")
    qemu = subprocess.Popen(qemu_cmd, stdin=subprocess.DEVNULL, stdout=qemu_out, stderr=subprocess.STDOUT,
                            start_new_session=True)
    status = 1
    try:
        wait_for_listen(port, qemu)
        print(f"QEMU ({label}pid {qemu.pid}) is stopped at the first instruction, gdbstub on 127.0.0.1:{port}.\n"
              f"Serial console: telnet 127.0.0.1 {console_port}  (also written to {serial_log})\n"
              f"gdb stops at {breakpoint}; QEMU ends when gdb does.", flush=True)
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            gdb = subprocess.Popen(gdb_cmd, stdin=subprocess.DEVNULL if batch is not None else None)
            status = gdb.wait()
        finally:
            signal.signal(signal.SIGINT, previous)
    except RuntimeError as e:
        qemu_out.flush()
        print(f"tensoros debug: {e}", file=sys.stderr)
        try:
            print((out_dir / "debug-qemu.log").read_text(errors="replace"), file=sys.stderr)
        except OSError:
            pass
        status = 1
    finally:
        stop_process(qemu)
        qemu_out.close()
    return status
