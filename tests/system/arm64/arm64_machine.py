"""ARM64 machines for the system tests: the shared harness's Machine (serial
socket, QMP, expect/run, ending QEMU by PID) with the virt or raspi4b QEMU
command instead of the pc one."""

import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))                 # tests/system: harness.py
sys.path.insert(0, str(HERE.parents[2] / "toolchain"))

from system import harness  # noqa: E402  (tests/system is a package: a bare "harness" clashes with tests/unit/compiler/harness.py)
from tensoros import arm64 as tarm64  # noqa: E402
from tensoros import qemu as tqemu  # noqa: E402

QEMU_MACHINE = {"virt": "virt", "rpi4": "raspi4b"}


def unsupported_reason(board):
    """None when this host can boot `board`, else why not."""
    if board == "rpi4":
        return tqemu.raspi4b_unsupported_reason()
    try:
        tqemu.qemu_aarch64()
    except FileNotFoundError as e:
        return str(e)
    return None


class Arm64Machine(harness.Machine):
    """One QEMU machine booting a virt kernel.elf or an rpi4 kernel8.img."""

    def __init__(self, board, image, *, cpu=None, memory="512M", virtualization=True, **kwargs):
        kwargs.setdefault("name", board + ("-debug" if kwargs.get("debug") else ""))
        super().__init__(image, memory=memory, cpu=cpu, **kwargs)
        self.board = board
        self.virtualization = virtualization

    def start(self):
        self._tmp = tempfile.mkdtemp(prefix="tensoros-qemu-")
        serial_path = os.path.join(self._tmp, "serial.sock")
        qmp_path = os.path.join(self._tmp, "qmp.sock")
        extra = list(self.extra)
        if not self.wait_for_gdb:
            extra.append("-S")          # paused until both sockets are connected
        serial = f"unix:{serial_path},server=on,wait=off"
        if self.board == "virt":
            self.command = tqemu.virt_command(
                self.iso, cpu=self.cpu or tarm64.DEFAULT_CPU, memory=self.memory, serial=serial, qmp=qmp_path,
                no_reboot=self.no_reboot, gdb_port=self.gdb_port, wait_for_gdb=self.wait_for_gdb,
                virtualization=self.virtualization, extra=extra)
        else:
            self.command = tqemu.raspi4b_command(
                self.iso, serial=serial, qmp=qmp_path, no_reboot=self.no_reboot, gdb_port=self.gdb_port,
                wait_for_gdb=self.wait_for_gdb, extra=extra)
        self._stderr = open(os.path.join(self._tmp, "qemu.stderr"), "w+b")
        self.proc = subprocess.Popen(self.command, stdin=subprocess.DEVNULL, stdout=self._stderr,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.pid = self.proc.pid
        harness.Machine.all_started.append(self)
        try:
            self._serial = self._connect(serial_path)
            self._reader = threading.Thread(target=self._read_serial, name=f"serial-{self.name}", daemon=True)
            self._reader.start()
            self._connect_qmp(qmp_path)
            if not self.wait_for_gdb and not self.start_paused:
                self.resume()
        except BaseException:
            self.close()
            raise
        return self
