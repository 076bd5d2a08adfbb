"""Ctrl-C and green threads on the hosted board (the kernel as a Linux
process). Ctrl-C arrives as the byte 0x03 on stdin (a raw terminal, or a
pipe as here) or as SIGINT; while the shell runs an entry (or `tensoros
FILE.py` runs its program) it raises KeyboardInterrupt there, at the prompt
it cancels the line. Threads: a runaway thread is preempted, the program's
non-daemon threads are waited for at its end."""

import os
import re
import signal
import subprocess
import threading
import time

import pytest

KEYBOARD_INTERRUPT = "Traceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\nKeyboardInterrupt\n"


class Hosted:
    """The hosted shell on a pipe: send bytes, wait for output."""

    def __init__(self, exe, args=()):
        self.proc = subprocess.Popen([str(exe), *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.out = b""
        self.cond = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        while True:
            data = os.read(self.proc.stdout.fileno(), 4096)
            with self.cond:
                if not data:
                    self.eof = True
                    self.cond.notify_all()
                    return
                self.out += data
                self.cond.notify_all()

    @property
    def text(self):
        return self.out.decode("utf-8", "replace").replace("\r\n", "\n")

    def send(self, data):
        self.proc.stdin.write(data.encode() if isinstance(data, str) else data)
        self.proc.stdin.flush()

    def expect(self, needle, timeout=10, start=0):
        """Waits until `needle` (a str) is in the output after `start`; returns its end."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                at = self.text.find(needle, start)
                if at >= 0:
                    return at + len(needle)
                left = deadline - time.monotonic()
                assert left > 0, "no %r in the output:\n%s" % (needle, self.text[-3000:])
                self.cond.wait(left)

    def run(self, line, timeout=10):
        """Sends a line, returns its output up to the next prompt."""
        start = len(self.text)
        self.send(line + "\n")
        end = self.expect("tensor> ", timeout, self.expect(line + "\n", timeout, start))
        return self.text[self.text.index(line + "\n", start) + len(line) + 1:end - len("tensor> ")]

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)
        self.reader.join(timeout=5)


@pytest.fixture
def hosted(hosted_exe):
    started = []

    def start(*args):
        h = Hosted(hosted_exe, args)
        started.append(h)
        return h
    yield start
    for h in started:
        h.close()


def interrupt_entry(h, line, how):
    """Starts `line` at the prompt, lets it run, interrupts it; returns the output."""
    start = len(h.text)
    h.send(line + "\n")
    h.expect(line + "\n", 10, start)
    time.sleep(0.4)                         # the entry is running now
    if how == "byte":
        h.send(b"\x03")
    else:
        h.proc.send_signal(signal.SIGINT)
    traceback = h.expect("Traceback (most recent call last):\n", 10, start)
    end = h.expect("tensor> ", 10, h.expect("\nKeyboardInterrupt\n", 10, traceback))
    return h.text[start:end]


@pytest.mark.parametrize("how", ["byte", "sigint"])
def test_ctrl_c_interrupts_running_code_and_the_shell_goes_on(hosted, how):
    h = hosted()
    h.expect("tensor> ")
    assert h.run("x = 41") == ""
    assert KEYBOARD_INTERRUPT in interrupt_entry(h, "while True: pass", how)
    assert h.run("x + 1") == "42\n"
    h.run("import time")
    interrupt_entry(h, "time.sleep(1000)", how)
    assert h.run("x") == "41\n"
    h.send("poweroff\n")
    assert h.proc.wait(timeout=10) == 0


@pytest.mark.parametrize("how", ["byte", "sigint"])
def test_ctrl_c_at_the_prompt_cancels_the_line(hosted, how):
    h = hosted()
    h.expect("tensor> ")
    h.send("print('not run')")
    time.sleep(0.2)
    if how == "byte":
        h.send(b"\x03")
    else:
        h.proc.send_signal(signal.SIGINT)
    h.expect("^C\ntensor> ")
    assert h.run("1 + 1") == "2\n"
    assert "not run\n" not in h.text and "KeyboardInterrupt" not in h.text


def test_background_threads_beside_the_prompt(hosted):
    h = hosted()
    h.expect("tensor> ")
    h.run("import threading, time")
    h.send("def tick():\n    for i in range(3):\n        time.sleep(0.05)\n        print('tick', i)\n\n")
    h.expect("tensor> ", 10, h.expect("...     \n"))
    h.run("t = threading.Thread(target=tick, name='ticker'); t.start()")
    h.expect("tick 2\n")                    # it ran while the shell waited for input
    h.send("def spin():\n    while True: pass\n\n")
    h.expect("tensor> ", 10, h.expect("...     \n", start=h.text.index("tick 2")))
    h.run("s = threading.Thread(target=spin, name='spinner'); s.start()")
    assert h.run("sum(range(10000))") == "49995000\n"
    ps = h.run("ps")
    rows = {m.group(3): (int(m.group(1)), m.group(2)) for m in
            re.finditer(r"^\s+(\d+)\s+(\w+).*?(\S+)$", ps, re.M)}
    assert rows["MainThread"][1] == "running" and rows["spinner"][1] == "ready", ps
    assert "ticker" not in rows
    interrupt_entry(h, "time.sleep(1000)", "byte")     # the shell's entry, not the spinner
    assert h.run("s.is_alive()") == "True\n"
    assert h.run("kill %d" % rows["spinner"][0]) == ""
    assert h.run("s.join(); s.is_alive()") == "False\n"
    assert h.run("kill 1") == "kill: the main thread cannot be killed (Ctrl-C interrupts it)\n"
    assert h.run("kill 99") == "kill: no thread 99\n"


def test_a_program_waits_for_its_threads_and_can_be_interrupted(hosted, tmp_path):
    prog = tmp_path / "prog.py"
    prog.write_text(
        "import threading, time\n"
        "def late():\n"
        "    time.sleep(0.2)\n"
        "    print('non-daemon thread finished')\n"
        "def forever():\n"
        "    while True: pass\n"
        "threading.Thread(target=late).start()\n"
        "threading.Thread(target=forever, daemon=True).start()\n"
        "print('main done')\n")
    h = hosted(str(prog))
    assert h.proc.wait(timeout=20) == 0
    h.reader.join(timeout=5)
    assert h.text == "main done\nnon-daemon thread finished\n"

    prog.write_text("import time\nprint('start')\nwhile True:\n    time.sleep(0.001)\n")
    for how in ("byte", "sigint"):
        h = hosted(str(prog))
        h.expect("start\n")
        time.sleep(0.2)
        if how == "byte":
            h.send(b"\x03")
        else:
            h.proc.send_signal(signal.SIGINT)
        assert h.proc.wait(timeout=10) == 1
        h.reader.join(timeout=5)
        assert re.search(r'File ".*prog.py", line 4, in <module>\nKeyboardInterrupt\n$', h.text), h.text


def test_ctrl_c_in_a_lock_wait_a_join_and_caught_by_the_code(hosted):
    h = hosted()
    h.expect("tensor> ")
    h.run("import threading; l = threading.Lock(); l.acquire()")
    interrupt_entry(h, "l.acquire()", "byte")                  # a deadlock, broken
    h.run("t = threading.Thread(target=l.acquire); t.start()")
    interrupt_entry(h, "t.join()", "byte")                     # waiting for a blocked thread
    assert h.run("t.is_alive(), l.locked()") == "(True, True)\n"
    assert h.run("l.release(); t.join(); t.is_alive()") == "False\n"
    start = len(h.text)
    h.send("try:\n    while True: pass\nexcept KeyboardInterrupt:\n    print('caught it')\n\n")
    h.expect("...     \n", 10, start)
    time.sleep(0.4)
    h.send(b"\x03")
    h.expect("tensor> ", 10, h.expect("caught it\n", 10, start))
    assert "Traceback" not in h.text[start:]
    assert h.run("6 * 7") == "42\n"
