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
           "-cpu", cpu, "-m", memory, "-display", "none", "-net", "none",
           "-cdrom", str(iso), "-boot", "d", "-serial", serial]
    if uefi:
        code = ovmf_code()
        if not code:
            raise FileNotFoundError("OVMF firmware is not installed: run `make setup` (package ovmf)")
        cmd += ["-drive", f"if=pflash,format=raw,readonly=on,file={code}"]
    return _debug_and_extra(cmd, gdb_port, wait_for_gdb, qmp, no_reboot, extra)


def virtio_disk_args(board, image, drive_id="models", read_only=True):
    """QEMU arguments attaching a raw disk image as a virtio block device:
    virtio-blk-pci on pc (legacy-capable, on the PCI bus), virtio-blk-device
    on a virt virtio-mmio slot."""
    device = {"pc": "virtio-blk-pci", "virt": "virtio-blk-device"}.get(board)
    if device is None:
        raise ValueError(f"board {board} has no virtio transport")
    ro = ",readonly=on" if read_only else ""
    return ["-drive", f"file={image},if=none,id={drive_id},format=raw{ro}",
            "-device", f"{device},drive={drive_id}"]


# ---- ARM64 boards -----------------------------------------------------------

RASPI4B_MIN_QEMU = (9, 0)


def qemu_aarch64():
    qemu = shutil.which("qemu-system-aarch64")
    if not qemu:
        raise FileNotFoundError("qemu-system-aarch64 is not installed: run `make setup` (package qemu-system-arm)")
    return qemu


def qemu_version(binary):
    """(major, minor, micro) of a QEMU binary, from `--version`."""
    import re
    import subprocess
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False).stdout
    m = re.search(r"version (\d+)\.(\d+)(?:\.(\d+))?", out)
    if not m:
        return (0, 0, 0)
    return tuple(int(g or 0) for g in m.groups())


def raspi4b_unsupported_reason():
    """None when this QEMU can boot -M raspi4b, else why not (and what to do)."""
    qemu = shutil.which("qemu-system-aarch64")
    if not qemu:
        return "qemu-system-aarch64 is not installed: run `make setup` (package qemu-system-arm)"
    version = qemu_version(qemu)
    if version[:2] < RASPI4B_MIN_QEMU:
        return (f"QEMU {'.'.join(map(str, version))} has no -M raspi4b (QEMU 9.0 added it): on Debian 12 run "
                "`make setup`, which installs qemu-system-arm from bookworm-backports")
    return None


def _arm64_common(cmd, serial, gdb_port, wait_for_gdb, qmp, no_reboot, extra):
    cmd += ["-display", "none", "-serial", serial]
    return _debug_and_extra(cmd, gdb_port, wait_for_gdb, qmp, no_reboot, extra)


def _debug_and_extra(cmd, gdb_port, wait_for_gdb, qmp, no_reboot, extra):
    """The options every board shares: no reboot, QMP, the GDB stub, then extra."""
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


def virt_command(kernel, *, memory="512M", cpu="cortex-a72", serial="mon:stdio", gdb_port=None,
                 wait_for_gdb=False, qmp=None, no_reboot=False, virtualization=True, extra=()):
    """The qemu-system-aarch64 command that boots `kernel` (build/virt/kernel.elf)
    on the virt machine: GICv2, PL011 on `serial`, PSCI.

    virtualization=True gives the CPU EL2, so the kernel starts at EL2 as it
    does on a Raspberry Pi (and PSCI goes through SMC); False starts it at EL1
    (PSCI through HVC). Both work.
    """
    machine = "virt,gic-version=2" + (",virtualization=on" if virtualization else "")
    cmd = [qemu_aarch64(), "-machine", f"{machine},accel=tcg", "-cpu", cpu, "-m", memory,
           "-kernel", str(kernel)]
    return _arm64_common(cmd, serial, gdb_port, wait_for_gdb, qmp, no_reboot, extra)


def raspi4b_command(image, *, dtb=None, serial="mon:stdio", gdb_port=None, wait_for_gdb=False,
                    qmp=None, no_reboot=False, extra=()):
    """The qemu-system-aarch64 command that boots `image` (build/rpi4/kernel8.img)
    on QEMU's Raspberry Pi 4B model (QEMU >= 9; 2 GiB, 4 Cortex-A72). UART0
    (the PL011 on GPIO 14/15) is `serial`. Without `dtb` the kernel finds
    memory and clocks through the firmware mailbox, as QEMU passes no device
    tree of its own."""
    reason = raspi4b_unsupported_reason()
    if reason:
        raise FileNotFoundError(reason)
    cmd = [qemu_aarch64(), "-machine", "raspi4b,accel=tcg", "-kernel", str(image)]
    if dtb:
        cmd += ["-dtb", str(dtb)]
    return _arm64_common(cmd, serial, gdb_port, wait_for_gdb, qmp, no_reboot, extra)
