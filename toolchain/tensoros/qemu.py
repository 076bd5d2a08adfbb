"""QEMU command lines for each board, shared by `tensoros run`, `debug`,
`bench` and the system tests, so they all boot the same machine."""

import shutil
from pathlib import Path

OVMF_CODE_CANDIDATES = [
    "/usr/share/OVMF/OVMF_CODE_4M.fd",
    "/usr/share/OVMF/OVMF_CODE.fd",
    "/usr/share/ovmf/OVMF.fd",
]


def ovmf_code():
    for p in OVMF_CODE_CANDIDATES:
        if Path(p).exists():
            return p
    return None


def pc_command(iso, *, memory="512M", cpu="max", accel="tcg", uefi=False, serial="mon:stdio",
               gdb_port=None, wait_for_gdb=False, qmp=None, no_reboot=False, extra=()):
    """The qemu-system-x86_64 command that boots `iso`.

    serial: a QEMU chardev spec for COM1 ("mon:stdio" puts the console on
    this terminal, with Ctrl-A X to quit; "unix:PATH,server=on,wait=off"
    for tests). qmp: a unix socket path for the QMP monitor, or None.
    """
    qemu = shutil.which("qemu-system-x86_64")
    if not qemu:
        raise FileNotFoundError("qemu-system-x86_64 is not installed: run `make setup`")
    accel_arg = "kvm" if accel == "kvm" else "tcg"
    cmd = [qemu, "-machine", f"q35,accel={accel_arg}" if uefi else f"pc,accel={accel_arg}",
           "-cpu", cpu, "-m", memory, "-display", "none",
           "-cdrom", str(iso), "-boot", "d", "-serial", serial]
    if uefi:
        code = ovmf_code()
        if not code:
            raise FileNotFoundError("OVMF firmware is not installed: run `make setup` (package ovmf)")
        cmd += ["-drive", f"if=pflash,format=raw,readonly=on,file={code}"]
    if no_reboot:
        cmd.append("-no-reboot")
    if qmp:
        cmd += ["-qmp", f"unix:{qmp},server=on,wait=off"]
    if gdb_port:
        cmd += ["-gdb", f"tcp:127.0.0.1:{gdb_port}"]
        if wait_for_gdb:
            cmd += ["-S"]
    cmd += list(extra)
    return cmd
