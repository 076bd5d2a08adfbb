"""The serial shell's commands and line editor, on one booted release
machine shared by this module (nothing here changes the machine's state
beyond its command history)."""

import re

ESC = "\x1b"
LEFT, RIGHT, UP, DOWN = ESC + "[D", ESC + "[C", ESC + "[A", ESC + "[B"
UPTIME = re.compile(r"^up (\d+)\.(\d{6}) s, (\d+) timer ticks at (\d+) Hz$", re.M)


def uptime_seconds(out):
    m = UPTIME.search(out)
    assert m, f"unexpected uptime output: {out!r}"
    return int(m.group(1)) + int(m.group(2)) / 1e6, int(m.group(3)), int(m.group(4))


def test_help_lists_every_command(shell):
    out = shell.run("help")
    assert out.startswith("commands:\n")
    names = re.findall(r"^  (\S+)", out, re.M)
    for name in ["help", "uptime", "mem", "cpu", "reboot", "poweroff"]:
        assert name in names
    assert "panic-test" not in names, "panic-test must exist only in debug builds"


def test_release_build_refuses_panic_test(shell):
    out = shell.run("panic-test pagefault")
    assert out.startswith("unknown command 'panic-test'")


def test_uptime_advances(shell):
    first, ticks1, hz = uptime_seconds(shell.run("uptime"))
    shell.send_line("")                  # a round trip to let the clock move
    shell.wait_prompt()
    second, ticks2, _ = uptime_seconds(shell.run("uptime"))
    assert hz > 0
    assert second > first
    assert ticks2 >= ticks1


def test_mem_reports_map_pages_and_heap(shell):
    out = shell.run("mem")
    assert out.startswith("memory map:\n")
    regions = re.findall(r"^  0x([0-9a-f]{16})-0x([0-9a-f]{16}) (.+?) +(\d+(?:\.\d+)? [KMG]iB)$", out, re.M)
    assert regions, out
    assert any(kind.strip() == "usable" for _, _, kind, _ in regions)
    for start, end, _, _ in regions:
        assert int(end, 16) >= int(start, 16)
    m = re.search(r"^pages: (\d+) managed, (\d+) free \(", out, re.M)
    assert m, out
    managed, free = int(m.group(1)), int(m.group(2))
    assert 0 < free <= managed
    # QEMU was given 512 MiB: nearly all of it is managed.
    assert 400 << 20 <= managed * 4096 <= 512 << 20
    assert re.search(r"^heap: \d+ blocks, \d+ bytes in use, \d+ bytes reserved$", out, re.M), out


def test_cpu_reports_vendor_and_features(shell):
    out = shell.run("cpu")
    assert re.search(r"^vendor: +(GenuineIntel|AuthenticAMD)$", out, re.M), out
    assert re.search(r"^family \d+, model \d+, stepping \d+$", out, re.M), out
    features = re.search(r"^features: (.*)$", out, re.M)
    assert features, out
    words = features.group(1).split()
    for f in ["sse2", "lm"]:               # what the kernel needs to be running at all
        assert f in words
    assert "avx2" in words                 # -cpu max under TCG has AVX2


def test_unknown_command_gets_a_clear_message(shell):
    out = shell.run("frobnicate now")
    assert out == "unknown command 'frobnicate': type 'help' for the list\n"
    assert shell.run("uptime").startswith("up ")


def test_unknown_command_with_control_and_utf8_bytes_is_escaped(shell):
    shell.send_bytes("héllo\x7fx\r".encode())       # backspace removes the 'o'
    shell.expect(r"unknown command 'h\\xc3\\xa9llx': type 'help' for the list\r\n")
    shell.wait_prompt()


def test_empty_and_blank_lines_just_prompt_again(shell):
    shell.send_line("")
    shell.wait_prompt()
    shell.send_line("   \t  ")
    assert shell.wait_prompt().strip() == ""
    assert shell.run("  uptime   extra args ").startswith("up ")


def test_line_over_4_KiB_is_refused_and_the_shell_goes_on(shell):
    shell.send_line("x" * 5000)
    shell.expect(r"error: line too long \(more than \d+ bytes\); ignored\r\n", timeout=30)
    shell.wait_prompt()
    assert shell.run("uptime").startswith("up ")
    # The refused line is not in the history.
    shell.send_bytes(UP.encode())
    shell.expect(r"\x1b\[K")
    shell.send_bytes(b"\r")
    shell.expect(r"\r\nup \d+\.\d+ s")
    shell.wait_prompt()


def test_line_of_exactly_4095_bytes_is_accepted(shell):
    shell.send_line("y" * 4095)
    shell.expect(r"unknown command 'y{64}': type 'help' for the list\r\n", timeout=30)
    shell.wait_prompt()


def test_arrows_move_the_cursor_and_typing_inserts(shell):
    # "uptim", left, right, "e": still "uptime" -> runs uptime.
    shell.send_bytes(("uptim" + LEFT + RIGHT + "e\r").encode())
    shell.expect(r"\r\nup \d+\.\d{6} s, \d+ timer ticks")
    shell.wait_prompt()
    # "upime", left x3, "t" inserted in the middle: "uptime".
    shell.send_bytes(("upime" + LEFT * 3 + "t\r").encode())
    shell.expect(r"\r\nup \d+\.\d{6} s, \d+ timer ticks")
    shell.wait_prompt()


def test_backspace_and_delete(shell):
    shell.send_bytes(b"uptimx\x7fe\r")         # DEL (what terminals send for Backspace)
    shell.expect(r"\r\nup \d+\.\d{6} s")
    shell.wait_prompt()
    shell.send_bytes(b"uptimx\x08e\r")         # ^H
    shell.expect(r"\r\nup \d+\.\d{6} s")
    shell.wait_prompt()
    shell.send_bytes(("uptimee" + LEFT + ESC + "[3~\r").encode())   # Delete key
    shell.expect(r"\r\nup \d+\.\d{6} s")
    shell.wait_prompt()
    shell.send_bytes(b"\x7f\x7fuptime\r")      # backspace on an empty line does nothing
    shell.expect(r"\r\nup \d+\.\d{6} s")
    shell.wait_prompt()


def test_history_up_and_down(shell):
    assert shell.run("cpu").startswith("vendor:")
    assert shell.run("uptime").startswith("up ")
    # Up recalls the last command (and redraws the line).
    shell.send_bytes(UP.encode())
    shell.expect(r"\rtensor> uptime\x1b\[K")
    shell.send_bytes(b"\r")
    shell.expect(r"\r\nup \d+\.\d{6} s")
    shell.wait_prompt()
    # Up again goes one further back (a repeated line is stored once).
    shell.send_bytes((UP + UP + "\r").encode())
    shell.expect(r"\r\nvendor: ")
    shell.wait_prompt()
    # History is now ..., cpu, uptime, cpu: up x3 reaches cpu, down comes back to uptime.
    shell.send_bytes((UP * 3 + DOWN + "\r").encode())
    shell.expect(r"\rtensor> uptime\x1b\[K\r\nup \d+\.\d{6} s")
    shell.wait_prompt()
    # Down past the newest entry gives an empty line again.
    shell.send_bytes((UP + DOWN + "\r").encode())
    shell.expect(r"\rtensor> \x1b\[K\r\ntensor> ")
    assert shell.run("uptime").startswith("up ")


def test_ctrl_keys(shell):
    # Ctrl-C abandons the line.
    shell.send_bytes(b"poweroff\x03")
    shell.expect(r"\^C\r\n")
    shell.wait_prompt()
    # Ctrl-U clears to the start, Ctrl-A / Ctrl-E move to the ends.
    shell.send_bytes(b"garbage\x15uptime\r")
    shell.expect(r"\r\nup \d+\.\d{6} s")
    shell.wait_prompt()
    shell.send_bytes(b"ptim\x01u\x05e\r")
    shell.expect(r"\r\nup \d+\.\d{6} s")
    shell.wait_prompt()


def test_lf_and_crlf_line_endings(shell):
    shell.send_bytes(b"uptime\n")
    shell.expect(r"\r\nup \d+\.\d{6} s")
    shell.wait_prompt()
    shell.send_bytes(b"uptime\r\nuptime\r\n")   # CRLF is one line end, not two
    shell.expect(r"\r\nup \d+\.\d{6} s")
    shell.wait_prompt()
    shell.expect(r"\r\nup \d+\.\d{6} s")
    after = shell.wait_prompt()
    shell.send_line("")
    between = shell.wait_prompt()
    assert "tensor>" not in after and between.strip() == ""


def test_qmp_sees_a_running_guest(shell):
    status = shell.qmp("query-status")
    assert status["running"] is True and status["status"] == "running"
    cpus = shell.qmp("query-cpus-fast")
    assert len(cpus) == 1 and cpus[0]["target"] == "x86_64"
    assert shell.run("uptime").startswith("up ")


def test_qmp_stop_and_continue(shell):
    shell.qmp("stop")
    assert shell.qmp("query-status")["status"] == "paused"
    shell.qmp("cont")
    assert shell.run("uptime").startswith("up ")
