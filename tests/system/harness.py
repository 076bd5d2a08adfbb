"""A TensorOS machine in QEMU, driven the way a person at the serial console
would drive it, for the system tests (and anything else that boots images).

    with Machine(iso) as m:
        m.wait_prompt()
        out = m.run("uptime")          # the command's output, up to the next prompt
        m.send_line("poweroff")
        assert m.wait_exit(10) == 0

* QEMU starts paused (-S) with COM1 on a unix socket and QMP on another, in a
  private temporary folder; the harness connects to both, then lets the guest
  run, so no byte of serial output is lost.
* Every byte the guest sends is kept (`log`, `text`); `expect` searches the
  output after the point the previous `expect` matched.
* Stopping: `close()` (or leaving the `with`) ends QEMU by its PID —
  SIGTERM, then SIGKILL — whatever happened in the test.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "toolchain"))

from tensoros import qemu as tqemu  # noqa: E402

PROMPT = "tensor> "
READY = re.compile(r"ready: kernel entry to prompt in (\d+) us")


class MachineError(AssertionError):
    """The machine did not do what the test expected (with the serial log)."""


def qemu_available():
    return shutil.which("qemu-system-x86_64") is not None


def build_iso(debug=False):
    from tensoros.iso import make_iso
    return make_iso(debug=debug)


def _connect_unix(path, timeout):
    deadline = time.monotonic() + timeout
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(str(path))
            return s
        except (FileNotFoundError, ConnectionRefusedError):
            s.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.01)


class Machine:
    """One QEMU pc machine booting an ISO, with its serial console and QMP."""

    all_started = []            # every Machine started in this process (for failure reports)

    def __init__(self, iso=None, *, debug=False, uefi=False, memory="512M", cpu="max",
                 accel="tcg", no_reboot=True, gdb_port=None, wait_for_gdb=False,
                 extra=(), name=None, start_paused=False):
        self.iso = Path(iso) if iso else None
        self.debug = debug
        self.uefi = uefi
        self.memory, self.cpu, self.accel = memory, cpu, accel
        self.no_reboot = no_reboot
        self.gdb_port, self.wait_for_gdb = gdb_port, wait_for_gdb
        self.extra = list(extra)
        self.start_paused = start_paused
        self.name = name or ("uefi" if uefi else "bios") + ("-debug" if debug else "")
        self.proc = None
        self.pid = None
        self.returncode = None
        self._tmp = None
        self._serial = None
        self._qmp = None
        self._buf = bytearray()
        self._cursor = 0                # expect() searches self._buf[self._cursor:]
        self._cond = threading.Condition()
        self._reader = None
        self._eof = False
        self.started_at = None          # time.monotonic() when the guest was let run
        self.first_byte_at = None       # time.monotonic() of the first serial byte
        self.command = None

    # -- lifecycle ---------------------------------------------------------
    def start(self):
        if self.iso is None:
            self.iso = build_iso(self.debug)
        self._tmp = tempfile.mkdtemp(prefix="tensoros-qemu-")
        serial_path = os.path.join(self._tmp, "serial.sock")
        qmp_path = os.path.join(self._tmp, "qmp.sock")
        extra = list(self.extra)
        if not self.wait_for_gdb:
            extra.append("-S")          # paused until both sockets are connected
        self.command = tqemu.pc_command(
            self.iso, memory=self.memory, cpu=self.cpu, accel=self.accel, uefi=self.uefi,
            serial=f"unix:{serial_path},server=on,wait=off", qmp=qmp_path,
            no_reboot=self.no_reboot, gdb_port=self.gdb_port, wait_for_gdb=self.wait_for_gdb,
            extra=extra)
        self._stderr = open(os.path.join(self._tmp, "qemu.stderr"), "w+b")
        self.proc = subprocess.Popen(self.command, stdin=subprocess.DEVNULL, stdout=self._stderr,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.pid = self.proc.pid
        Machine.all_started.append(self)
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

    def _connect(self, path, timeout=10):
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise MachineError(f"QEMU exited with status {self.proc.returncode} before its sockets were up:\n"
                                   + self.qemu_stderr())
            try:
                return _connect_unix(path, 0)
            except (FileNotFoundError, ConnectionRefusedError):
                if time.monotonic() > deadline:
                    raise MachineError(f"QEMU's socket {path} did not appear in {timeout} s")
                time.sleep(0.01)

    def _connect_qmp(self, path):
        from qemu.qmp.legacy import QEMUMonitorProtocol
        deadline = time.monotonic() + 10
        while not os.path.exists(path):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise MachineError("QEMU's QMP socket did not appear:\n" + self.qemu_stderr())
            time.sleep(0.01)
        self._qmp = QEMUMonitorProtocol(path)
        self._qmp.connect()
        self._qmp.settimeout(10)

    def resume(self):
        """Lets a machine started paused (-S) run."""
        self.started_at = time.monotonic()
        self.qmp("cont")

    def __enter__(self):
        if self.proc is None:
            self.start()
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        """Ends QEMU (by PID: SIGTERM, then SIGKILL) and frees everything; safe to call twice."""
        if self._qmp is not None:
            try:
                self._qmp.close()
            except Exception:
                pass
            self._qmp = None
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.kill(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                try:
                    os.kill(self.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(timeout=5)
        if self.proc is not None and self.returncode is None:
            self.returncode = self.proc.returncode
        if self._serial is not None:
            try:
                self._serial.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self._serial.close()
            self._serial = None
        if self._reader is not None:
            self._reader.join(timeout=2)
        if self._tmp is not None:
            try:
                self._stderr_text = self.qemu_stderr()
            except Exception:
                self._stderr_text = ""
            self._stderr.close()
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    @property
    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def qemu_stderr(self):
        if self._tmp is None:
            return getattr(self, "_stderr_text", "")
        self._stderr.flush()
        with open(os.path.join(self._tmp, "qemu.stderr"), "rb") as f:
            return f.read().decode("utf-8", "replace")

    # -- serial ------------------------------------------------------------
    def _read_serial(self):
        sock = self._serial
        while True:
            try:
                data = sock.recv(65536)
            except OSError:
                data = b""
            with self._cond:
                if not data:
                    self._eof = True
                    self._cond.notify_all()
                    return
                if self.first_byte_at is None:
                    self.first_byte_at = time.monotonic()
                self._buf += data
                self._cond.notify_all()

    @property
    def log(self) -> bytes:
        """Everything the guest has written to the serial port."""
        with self._cond:
            return bytes(self._buf)

    @property
    def text(self) -> str:
        return self.log.decode("utf-8", "replace")

    def send_bytes(self, data: bytes):
        if self._serial is None:
            raise MachineError("the serial connection is closed")
        self._serial.sendall(data)

    def send_line(self, text: str, end="\r"):
        """Types a line and Enter (CR, as a terminal sends it)."""
        self.send_bytes(text.encode() + end.encode())

    def type_slowly(self, data: bytes, delay=0.0):
        for b in data:
            self.send_bytes(bytes([b]))
            if delay:
                time.sleep(delay)

    def expect(self, pattern, timeout=10.0, *, flags=0) -> re.Match:
        """Waits for `pattern` (regex string or bytes) in the output after the
        last match; returns the match and moves past it."""
        if isinstance(pattern, str):
            regex = re.compile(pattern.encode(), flags)
        elif isinstance(pattern, bytes):
            regex = re.compile(pattern, flags)
        else:
            regex = pattern if isinstance(pattern.pattern, bytes) else re.compile(pattern.pattern.encode(), pattern.flags & ~re.UNICODE)
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                m = regex.search(self._buf, self._cursor)
                if m:
                    self._cursor = m.end()
                    return _TextMatch(m)
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._eof:
                    break
                self._cond.wait(min(remaining, 0.5))
        why = "the serial connection closed" if self._eof else f"{timeout} s passed"
        raise MachineError(f"[{self.name}] expected {regex.pattern!r}, but {why}. Output since the last match:\n"
                           + self._buf[self._cursor:].decode("utf-8", "replace")[-4000:])

    def wait_quiet(self, quiet=0.3, timeout=30.0):
        """Waits until the guest has sent nothing for `quiet` seconds (it has
        digested what it was sent); returns False if that never happened."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while time.monotonic() < deadline:
                size = len(self._buf)
                self._cond.wait(quiet)
                if len(self._buf) == size:
                    return True
        return False

    def skip_output(self):
        """Forgets the output so far: the next expect() looks only at what comes after."""
        with self._cond:
            self._cursor = len(self._buf)

    def wait_prompt(self, timeout=30.0):
        """Waits for the shell's prompt; returns the text before it."""
        start = self._cursor
        m = self.expect(re.escape(PROMPT), timeout)
        return self._buf[start:m.start()].decode("utf-8", "replace")

    def wait_boot(self, timeout=30.0):
        """Waits for the 'ready' line and the first prompt; returns kernel entry->prompt in us."""
        m = self.expect(READY.pattern, timeout)
        us = int(m.group(1))
        self.wait_prompt(timeout)
        return us

    def run(self, command, timeout=10.0):
        """Types a command at the prompt and returns its output (CRLF -> LF),
        without the echoed command line, up to the next prompt."""
        self.send_line(command)
        self.expect(re.escape(command) + r"\r\n", timeout)
        out = self.wait_prompt(timeout)
        return out.replace("\r\n", "\n")

    # -- QMP and exit --------------------------------------------------------
    def qmp(self, command, **args):
        """Runs a QMP command; returns its 'return' value (raises on a QMP error)."""
        if self._qmp is None:
            raise MachineError("QMP is not connected")
        return self._qmp.cmd(command, **args)

    def wait_exit(self, timeout=10.0):
        """Waits for QEMU to end by itself; returns its exit status."""
        try:
            self.returncode = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise MachineError(f"[{self.name}] QEMU still running after {timeout} s. Serial output:\n"
                               + self.text[-4000:])
        with self._cond:                # let the reader see the socket close
            self._cond.wait_for(lambda: self._eof, timeout=2)
        return self.returncode


class _TextMatch:
    """A bytes regex match whose groups read as text."""

    def __init__(self, m):
        self._m = m

    def group(self, *i):
        g = self._m.group(*i)
        if isinstance(g, tuple):
            return tuple(x.decode("utf-8", "replace") if x is not None else None for x in g)
        return g.decode("utf-8", "replace") if g is not None else None

    def groups(self):
        return tuple(x.decode("utf-8", "replace") if x is not None else None for x in self._m.groups())

    def start(self, *i):
        return self._m.start(*i)

    def end(self, *i):
        return self._m.end(*i)

    def __getitem__(self, i):
        return self.group(i)


def free_tcp_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def have_gdb():
    return shutil.which("gdb") is not None


def run_gdb(elf, commands, timeout=60):
    argv = ["gdb", "-batch", "-nx", "-q", str(elf)]
    for c in commands:
        argv += ["-ex", c]
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
