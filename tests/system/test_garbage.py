"""Bad input on the serial line never breaks the shell."""

import random
import re

import pytest


def settle(m):
    """Waits for the guest to digest its input, ends whatever line or escape
    sequence the garbage left open, then checks that a clean command works."""
    assert m.wait_quiet(0.5, timeout=60), "the guest never stopped writing"
    m.skip_output()
    m.send_bytes(b"\r\r\x03")
    m.expect(r"\^C\r\ntensor> ", timeout=20)
    out = m.run("uptime", timeout=20)
    assert re.match(r"up \d+\.\d{6} s", out), out


def test_binary_garbage_then_the_shell_keeps_working(new_machine):
    m = new_machine()
    rng = random.Random(20240611)
    for _ in range(4):
        junk = bytes(rng.randrange(256) for _ in range(2048))
        m.send_bytes(junk)
        m.wait_quiet(0.2)
    settle(m)
    assert "KERNEL PANIC" not in m.text
    # Any garbage that reached the shell as a command was reported, escaped.
    for word in re.findall(r"unknown command '([^']*)'", m.text):
        assert all(32 <= ord(c) < 127 for c in word), repr(word)
    m.send_line("poweroff")
    assert m.wait_exit(10) == 0


def test_every_byte_value_alone(new_machine):
    m = new_machine()
    m.send_bytes(bytes(range(256)) + b"\r")
    settle(m)
    assert "KERNEL PANIC" not in m.text


def test_escape_sequence_flood(new_machine):
    m = new_machine()
    seqs = [b"\x1b[A", b"\x1b[B", b"\x1b[C", b"\x1b[D", b"\x1b[3~", b"\x1b[99999999999~",
            b"\x1bOH", b"\x1b[1;5C", b"\x1b", b"\x1b[", b"\x1b[12"]
    rng = random.Random(7)
    m.send_bytes(b"".join(rng.choice(seqs) + bytes([rng.randrange(32, 127)]) for _ in range(400)))
    settle(m)
    assert "KERNEL PANIC" not in m.text


def test_many_long_lines_in_a_row(new_machine):
    m = new_machine()
    for _ in range(3):
        m.send_bytes(b"z" * 6000 + b"\r")
        m.expect(r"error: line too long \(more than 4095 bytes\); ignored\r\ntensor> ", timeout=30)
    settle(m)


def test_a_large_paste_loses_nothing(new_machine):
    m = new_machine()
    m.send_bytes((b"z" * 6000 + b"\r") * 5)
    for _ in range(5):
        m.expect(r"error: line too long", timeout=4)
