"""The Python shell on CPython, with a fake `kernel` module and CPython's
own compile() standing in for the subset compiler: the shell's policy
(commands vs Python, REPL continuation, error survival) is tested here; the
same code runs on the VM."""

import builtins
import importlib
import sys
import traceback
import types
from pathlib import Path

import pytest

RUNTIME = Path(__file__).resolve().parents[3] / "runtime"


class FakeKernel(types.ModuleType):
    def __init__(self, lines):
        super().__init__("kernel")
        self.lines = list(lines)
        self.prompts = []
        self.version = "0.1.0"
        self.board = "test"
        self.powered_off = False

    def readline(self, prompt):
        self.prompts.append(prompt)
        if not self.lines:
            return None
        line = self.lines.pop(0)
        if line is KeyboardInterrupt:
            raise KeyboardInterrupt
        return line

    def uptime_us(self): return 1234567
    def timer_ticks(self): return 1234
    def timer_hz(self): return 1000

    def mem_info(self):
        return {"regions": [(0, 0x9F000, 1), (0x100000, 0x1FF00000, 1)], "page_size": 4096,
                "managed_pages": 130000, "free_pages": 129000, "heap_blocks": 3,
                "heap_in_use": 96, "heap_reserved": 65536}

    def cpu_info(self):
        return {"vendor": "GenuineIntel", "brand": "Test CPU", "family": 6, "model": 85,
                "stepping": 4, "tsc_hz": 2500000000, "features": ["sse2", "avx2", "fma"]}

    def threads(self):
        return [{"id": 1, "name": "shell", "state": "running", "wait": "", "cpu_us": 5000, "switches": 3},
                {"id": 2, "name": "worker", "state": "blocked", "wait": "lock", "cpu_us": 7000, "switches": 9}]

    killed = []

    def kill_thread(self, ident):
        if ident == 1:
            raise ValueError("the main thread cannot be killed (Ctrl-C interrupts it)")
        self.killed.append(ident)

    def run_interruptible(self, fn, *args):
        return fn(*args)

    def suggestion(self, exc):
        return None

    def read_file(self, path):
        files = {"/hello.py": b"print('hello from', __name__)\n",
                 "/bad.py": b"x = (1,\n",
                 "/boom.py": b"def f():\n    return 1 / 0\nf()\n"}
        if path not in files:
            raise OSError("no such file")
        return files[path]

    def traceback_entries(self, exc):
        return [(f.filename, f.lineno, f.name) for f in traceback.extract_tb(exc.__traceback__)]

    def reboot(self): raise SystemExit(0)

    c_ran = []

    def c_commands(self):
        return [("jit", "jit stats|selftest", "the JIT"), ("mem", "mem", "shadowed by the Python command")]

    def c_command(self, line):
        self.c_ran.append(line)
        print("C ran:", line)
        return True

    def poweroff(self):
        self.powered_off = True
        raise SystemExit(0)


@pytest.fixture
def run_shell(monkeypatch, capsys):
    def run(lines):
        fake = FakeKernel(lines)
        compiler = types.ModuleType("compiler")
        compiler.compile_source = lambda src, filename, mode: builtins.compile(src, filename, mode)
        monkeypatch.setitem(sys.modules, "kernel", fake)
        monkeypatch.setitem(sys.modules, "compiler", compiler)
        monkeypatch.syspath_prepend(str(RUNTIME))
        for name in [m for m in sys.modules if m == "shell" or m.startswith("shell.")]:
            monkeypatch.delitem(sys.modules, name)
        shell = importlib.import_module("shell.shell")
        status = shell.main()
        out = capsys.readouterr()
        return status, out.out, out.err, fake
    return run


def test_commands(run_shell):
    status, out, err, _ = run_shell(["help", "uptime", "mem", "cpu", "ps"])
    assert status == 0
    assert "  uptime             time since boot and timer ticks" in out
    assert "up 1.234567 s, 1234 timer ticks at 1000 Hz" in out
    assert "0x0000000000100000-0x000000001fffffff usable           511.00 MiB" in out
    assert "pages: 130000 managed, 129000 free" in out
    assert "features: sse2 avx2 fma" in out
    assert "shell" in out and "running" in out


def test_ps_shows_each_thread_and_kill_checks_its_argument(run_shell):
    status, out, err, fake = run_shell(["ps", "kill 2", "kill 1", "kill x", "kill"])
    rows = [line.split() for line in out.splitlines() if line.startswith("  ")]
    assert rows[0] == ["id", "state", "switches", "cpu", "ms", "name"]
    assert rows[1] == ["1", "running", "3", "5", "shell"]
    assert rows[2] == ["2", "blocked", "(lock)", "9", "7", "worker"]
    assert fake.killed == [2]
    assert "kill: the main thread cannot be killed (Ctrl-C interrupts it)" in out
    assert out.count("usage: kill ID") == 2


def test_python_expressions_echo_and_state_persists(run_shell):
    status, out, err, _ = run_shell(["x = 6 * 7", "x", "'%s!' % x", "None"])
    assert out.splitlines()[1:] == ["42", "'42!'", ""]


def test_multiline_block_continues_until_empty_line(run_shell):
    status, out, err, fake = run_shell(["def sq(n):", "    return n * n", "", "sq(12)",
                                        "for i in range(3):", "    print(i)", ""])
    assert "144" in out and "0\n1\n2" in out
    assert fake.prompts.count("...     ") == 4


def test_errors_print_traceback_and_the_shell_survives(run_shell):
    status, out, err, _ = run_shell(["1/0", "undefined_name * 2", "x = (", ")", "if True", "print('still here')"])
    assert "ZeroDivisionError: division by zero" in err
    assert "NameError: name 'undefined_name' is not defined" in err
    assert "SyntaxError" in err
    assert "still here" in out
    assert status == 0


def test_ctrl_c_at_the_prompt_clears_the_line(run_shell):
    status, out, err, _ = run_shell([KeyboardInterrupt, "1+1"])
    assert "2" in out


def test_unknown_words(run_shell):
    status, out, err, _ = run_shell(["frobnicate", "frobnicate + 1", "len"])
    assert "unknown command 'frobnicate': type 'help' for the list" in out
    assert "NameError: name 'frobnicate' is not defined" in err
    assert "<built-in function len>" in out


def test_commands_written_in_c_are_reachable(run_shell):
    status, out, err, fake = run_shell(["help", "jit stats", "mem"])
    assert "jit stats|selftest" in out
    assert "C ran: jit stats" in out
    assert not any(line.startswith("mem") for line in fake.c_ran)


def test_command_names_used_as_python_stay_python(run_shell):
    status, out, err, _ = run_shell(["mem = 5", "mem + 1"])
    assert "6" in out.splitlines()


def test_run_file(run_shell):
    status, out, err, _ = run_shell(["run /hello.py", "run /missing.py", "run /bad.py", "run /boom.py", "run"])
    assert "hello from __main__" in out
    assert "run: cannot read /missing.py" in out
    assert "SyntaxError" in err
    assert 'line 2, in f' in err and "ZeroDivisionError" in err
    assert "usage: run FILE" in out


def test_poweroff(run_shell):
    status, out, err, fake = run_shell(["poweroff", "help"])
    assert fake.powered_off and "powering off." in out and "commands:" not in out


def test_end_of_input_ends_the_shell(run_shell):
    status, out, err, _ = run_shell([])
    assert status == 0


def test_needs_more():
    sys.path.insert(0, str(RUNTIME))
    try:
        from shell.repl import needs_more
    finally:
        sys.path.remove(str(RUNTIME))
    assert not needs_more("x = 1")
    assert needs_more("def f():")
    assert needs_more("def f():\n    return 1")
    assert not needs_more("def f():\n    return 1\n")
    assert needs_more("x = (1,")
    assert not needs_more("x = (1,\n 2)")
    assert needs_more('s = """abc')
    assert not needs_more('s = """abc\n"""')
    assert needs_more("x = 1 + \\")
    assert not needs_more("d = {'a:': 1}")
    assert not needs_more("s = '(' # open (")
    assert needs_more("@decorator")
    assert needs_more("class A:  # comment")



def test_quoted_arguments(run_shell, capsys):
    run_shell(["help"])
    from shell import commands
    import shell.shell as sh
    seen = []
    commands.command("echo-args", "echo-args ...", "test")(lambda args: seen.append(args))
    sh.dispatch('echo-args smollm2 "Hi,  who are you?" \'single q\' a"b c"d', {})
    sh.dispatch('echo-args "say \\"hi\\"\\n"', {})
    sh.dispatch('echo-args "unclosed', {})
    assert seen == [["smollm2", "Hi,  who are you?", "single q", "ab cd"], ['say "hi"\n']]
    assert 'echo-args: unclosed " quote' in capsys.readouterr().out


def test_sizes_below_a_kibibyte_are_bytes(run_shell):
    run_shell(["help"])
    from shell.commands import format_size
    assert [format_size(n) for n in (0, 500, 1023, 1024, 5 << 20, 3 << 30)] == \
        ["0 B", "500 B", "1023 B", "1 KiB", "5.00 MiB", "3.00 GiB"]


def test_expected_command_errors_are_one_line(run_shell, capsys):
    run_shell(["help"])
    from shell import commands
    import shell.shell as sh

    def broken_file(args):
        raise OSError(2, "No such file", "weights.gguf")

    def bug(args):
        raise TypeError("a bug")

    commands.command("load-x", "load-x", "test", expected=(OSError, ValueError))(broken_file)
    commands.command("bug-x", "bug-x", "test", expected=(OSError,))(bug)
    sh.dispatch("load-x", {})
    sh.dispatch("bug-x", {})
    out = capsys.readouterr()
    text = out.out + out.err
    assert "load-x: [Errno 2] No such file: 'weights.gguf'" in text
    assert text.count("Traceback") == 1 and "TypeError: a bug" in text
