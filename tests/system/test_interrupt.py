"""Ctrl-C on the serial line while Python code runs raises
KeyboardInterrupt in that code (at the next safepoint), and the shell
carries on; at the prompt Ctrl-C only cancels the line being typed."""


def test_ctrl_c_interrupts_a_runaway_loop(new_machine):
    m = new_machine()
    m.send_line("while True: pass")
    m.send_line("")                      # the empty line that ends the block
    m.wait_quiet(0.5)
    m.send_bytes(b"\x03")
    m.expect(r"KeyboardInterrupt", timeout=20)
    m.wait_prompt(timeout=20)
    assert m.run("6 * 7") == "42\n"


def test_ctrl_c_at_the_prompt_cancels_the_line(new_machine):
    m = new_machine()
    m.send_bytes(b"print('not run')\x03")
    m.expect(r"\^C", timeout=10)
    m.wait_prompt(timeout=10)
    assert m.run("1 + 1") == "2\n"
    assert "not run\r\n" not in m.text
