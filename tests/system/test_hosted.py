"""The hosted board: the same kernel as a Linux process, console on
stdin/stdout. Commands are piped in; end of input ends it cleanly."""

import re
import subprocess

import pytest


def run_hosted(exe, stdin, timeout=10, args=()):
    if isinstance(stdin, str):
        stdin = stdin.encode()
    return subprocess.run([str(exe), *args], input=stdin, capture_output=True, timeout=timeout)


def test_boot_log_and_prompt(hosted_exe):
    r = run_hosted(hosted_exe, b"")
    out = r.stdout.decode()
    assert r.returncode == 0, out
    assert re.search(r"^\[ *\d+ us\] TensorOS \S+ on board hosted", out, re.M), out
    assert re.search(r"^\[ *\d+ us\] ready: kernel entry to prompt in \d+ us", out, re.M), out
    assert "tensor> " in out
    assert r.stderr == b""


def test_commands_through_a_pipe(hosted_exe):
    r = run_hosted(hosted_exe, "help\nuptime\nmem\ncpu\n")
    out = r.stdout.decode().replace("\r\n", "\n")
    assert r.returncode == 0, out
    assert "commands:\n" in out
    assert re.search(r"^up \d+\.\d{6} s, \d+ timer ticks at \d+ Hz$", out, re.M), out
    assert re.search(r"^pages: \d+ managed, \d+ free", out, re.M), out
    assert re.search(r"^vendor: +\S+", out, re.M), out
    assert re.search(r"^features: .*\bsse2\b", out, re.M), out
    assert out.count("tensor> ") == 5          # one per command, one at the end


def test_unknown_command_and_long_line(hosted_exe):
    r = run_hosted(hosted_exe, "frobnicate\n" + "x" * 5000 + "\nuptime\n")
    out = r.stdout.decode()
    assert r.returncode == 0
    assert "unknown command 'frobnicate': type 'help' for the list" in out
    assert re.search(r"error: line too long \(more than \d+ bytes\); ignored", out)
    assert re.search(r"up \d+\.\d{6} s", out)


def test_binary_garbage_on_stdin(hosted_exe):
    import random
    rng = random.Random(3)
    junk = bytes(rng.randrange(256) for _ in range(20000))
    r = run_hosted(hosted_exe, junk + b"\r\n\x03\nuptime\n")
    assert r.returncode == 0
    assert re.search(rb"up \d+\.\d{6} s", r.stdout)


def test_last_line_without_newline_still_runs(hosted_exe):
    r = run_hosted(hosted_exe, "uptime")
    assert r.returncode == 0
    assert re.search(rb"up \d+\.\d{6} s", r.stdout)


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_line_endings(hosted_exe, ending):
    r = run_hosted(hosted_exe, ending.join(["uptime", "uptime", ""]))
    assert r.returncode == 0
    assert len(re.findall(rb"up \d+\.\d{6} s", r.stdout)) == 2
    assert r.stdout.count(b"tensor> ") == 3


def test_poweroff_exits_0_and_ignores_the_rest(hosted_exe):
    r = run_hosted(hosted_exe, "poweroff\nhelp\n")
    out = r.stdout.decode()
    assert r.returncode == 0
    assert "powering off." in out
    assert "commands:" not in out


def test_eof_at_the_prompt_ends_cleanly(hosted_exe):
    p = subprocess.Popen([str(hosted_exe)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdin.write(b"uptime\n")
    p.stdin.flush()
    p.stdin.close()
    out = p.stdout.read()
    assert p.wait(timeout=10) == 0
    assert out.endswith(b"tensor> \r\n") or out.endswith(b"tensor> \n"), out[-40:]


def test_no_debug_commands_in_the_release_build(hosted_exe):
    r = run_hosted(hosted_exe, "panic-test pagefault\n")
    assert r.returncode == 0
    assert b"unknown command 'panic-test'" in r.stdout
