"""Ctrl-C over the PL011 on the ARM64 boards: KeyboardInterrupt in a
runaway loop and in time.sleep, the shell's state kept; at the prompt
Ctrl-C cancels the line; a runaway green thread is preempted by the
generic timer's time slices, so the shell still answers."""

import pytest

KEYBOARD_INTERRUPT = r"KeyboardInterrupt\r\n"


@pytest.mark.parametrize("board_name", ["virt", "rpi4"])
def test_ctrl_c_and_threads(arm64_machine, board_name):
    m = arm64_machine(board_name)
    assert m.run("x = 41") == ""
    m.send_line("while True: pass")
    m.wait_quiet(0.5)
    m.send_bytes(b"\x03")
    m.expect(r'File "<stdin>", line 1, in <module>\r\n' + KEYBOARD_INTERRUPT, timeout=20)
    m.wait_prompt(timeout=20)
    assert m.run("x + 1") == "42\n"

    m.run("import time, threading")
    m.send_line("print('zz'); time.sleep(1000)")
    m.expect(r"zz\r\n", timeout=10)
    m.wait_quiet(0.3)
    m.send_bytes(b"\x03")
    m.expect(KEYBOARD_INTERRUPT, timeout=20)
    m.wait_prompt(timeout=20)

    m.send_bytes(b"print('not run')\x03")
    m.expect(r"\^C\r\ntensor> ", timeout=10)

    m.send_line("def spin():")
    m.send_line("    while True: pass")
    m.send_line("")
    m.wait_prompt()
    m.run("t = threading.Thread(target=spin, name='spinner'); t.start()", timeout=20)
    assert m.run("sum(range(1000))", timeout=20) == "499500\n"
    assert "spinner" in m.run("ps", timeout=20)
    assert "not run\r\n" not in m.text
