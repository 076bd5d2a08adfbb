"""Ctrl-C on the serial line of the pc board, and green threads in the
serial shell. Ctrl-C raises KeyboardInterrupt in the code the shell runs
(a runaway loop, time.sleep, a lock wait) and the shell carries on with its
state; at the prompt Ctrl-C only cancels the line; the shell's own code is
never interrupted (tests/system/test_garbage.py floods it with Ctrl-C bytes)."""

import re

KEYBOARD_INTERRUPT = r"Traceback \(most recent call last\):\r\n  File \"<stdin>\", line 1, in <module>\r\nKeyboardInterrupt\r\n"


def interrupt(m, started_marker=None):
    """Sends Ctrl-C once the entry runs (its output is quiet), expects the
    KeyboardInterrupt traceback, then the prompt."""
    if started_marker:
        m.expect(started_marker, timeout=20)
    m.wait_quiet(0.5)
    m.send_bytes(b"\x03")
    m.expect(KEYBOARD_INTERRUPT, timeout=20)
    m.wait_prompt(timeout=20)


def test_ctrl_c_interrupts_a_runaway_loop_and_state_survives(new_machine):
    m = new_machine()
    assert m.run("x = 41") == ""
    m.send_line("while True: pass")
    interrupt(m)
    assert m.run("x + 1") == "42\n"
    # again: the window opens and closes for every entry
    m.send_line("n = 0")
    m.wait_prompt()
    m.send_line("while True: n += 1")
    interrupt(m)
    assert m.run("n > 0") == "True\n"


def test_ctrl_c_interrupts_sleep_and_a_function_call(new_machine):
    m = new_machine()
    m.run("import time")
    m.send_line("print('sleeping'); time.sleep(1000)")
    interrupt(m, r"sleeping\r\n")
    m.send_line("def spin():")
    m.send_line("    while True:")
    m.send_line("        pass")
    m.send_line("")
    m.wait_prompt()
    m.send_line("spin()")
    m.expect(r"spin\(\)\r\n", timeout=10)
    m.wait_quiet(0.5)
    m.send_bytes(b"\x03")
    m.expect(r'File "<stdin>", line \d+, in spin\r\nKeyboardInterrupt\r\n', timeout=20)
    m.wait_prompt()
    assert m.run("6 * 7") == "42\n"


def test_ctrl_c_at_the_prompt_cancels_the_line(new_machine):
    m = new_machine()
    m.send_bytes(b"print('not run')\x03")
    m.expect(r"\^C\r\ntensor> ", timeout=10)
    assert m.run("1 + 1") == "2\n"
    assert "not run\r\n" not in m.text
    assert "KeyboardInterrupt" not in m.text


def test_threads_run_beside_the_shell_ps_lists_them_kill_ends_them(new_machine):
    m = new_machine()
    m.run("import threading, time")
    m.send_line("def spin():")
    m.send_line("    while True: pass")
    m.send_line("")
    m.wait_prompt()
    m.run("t = threading.Thread(target=spin, name='spinner'); t.start()")
    # the shell answers while the runaway thread runs
    assert m.run("sum(range(1000))", timeout=20) == "499500\n"
    out = m.run("ps", timeout=20)
    rows = re.findall(r"^\s+(\d+)\s+(\w+)[^\n]*?(\S+)$", out, re.M)
    names = {name: (int(i), state) for i, state, name in rows}
    assert names["MainThread"][1] == "running", out
    assert names["spinner"][1] == "ready", out
    # Ctrl-C goes to the shell's entry, not to the background thread
    m.send_line("time.sleep(1000)")
    interrupt(m)
    assert m.run("t.is_alive()", timeout=20) == "True\n"
    m.run("kill %d" % names["spinner"][0], timeout=20)
    assert m.run("t.join(); t.is_alive()", timeout=20) == "False\n"
    assert "spinner" not in m.run("ps", timeout=20)


def test_a_threaded_program_with_a_lock(new_machine):
    m = new_machine()
    m.send_line("import threading")
    m.wait_prompt()
    m.send_line("lock = threading.Lock(); total = [0]")
    m.wait_prompt()
    m.send_line("def add(n):")
    m.send_line("    for i in range(n):")
    m.send_line("        with lock:")
    m.send_line("            total[0] += 1")
    m.send_line("")
    m.wait_prompt()
    m.send_line("ts = [threading.Thread(target=add, args=(3000,)) for _ in range(4)]")
    m.wait_prompt()
    assert m.run("for t in ts: t.start()", timeout=20) in ("", "\n")
    assert m.run("for t in ts: t.join()", timeout=60) in ("", "\n")
    assert m.run("total[0]", timeout=20) == "12000\n"


def test_ctrl_c_on_the_ps2_keyboard(new_machine):
    m = new_machine()
    m.send_line("while True: pass")
    m.wait_quiet(0.5)
    m.qmp("send-key", keys=[{"type": "qcode", "data": "ctrl"}, {"type": "qcode", "data": "c"}])
    m.expect(KEYBOARD_INTERRUPT, timeout=20)
    m.wait_prompt(timeout=20)
    assert m.run("6 * 7") == "42\n"


def test_a_storm_of_ctrl_c_never_ends_the_shell(new_machine):
    """Ctrl-C bytes landing anywhere: in running entries (KeyboardInterrupt),
    at the prompt (the line is cancelled), or while the shell itself reads,
    compiles and prints (an input byte then, never an exception there)."""
    m = new_machine()
    m.run("import time")
    for i in range(60):
        m.send_bytes(b"s = sum(range(%d)); time.sleep(0.002)\r" % (i * 500) + b"\x03" * (i % 3))
    assert m.wait_quiet(0.5, timeout=60)
    m.skip_output()
    m.send_bytes(b"\r\x03")
    m.expect(r"\^C\r\ntensor> ", timeout=20)
    assert m.run("s >= 0") == "True\n"
    assert m.alive and "KERNEL PANIC" not in m.text
