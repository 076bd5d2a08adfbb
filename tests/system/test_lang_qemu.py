"""A sample of the language corpus (tests/lang/qemu_sample.txt) run by the
VM in QEMU through the serial shell, compared with CPython's output: the
same frozen VM as the hosted tests, but on the pc board's bare metal.

Each program travels as hex chunks on REPL lines (the shell takes lines of
at most 4095 bytes) and runs with exec(compile(...)) in a fresh namespace."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

LANG = Path(__file__).resolve().parents[1] / "lang"
CHUNK = 1800            # source bytes per line: 3,600 hex digits, under the 4 KiB line limit


def sample_programs():
    programs = []
    for line in (LANG / "qemu_sample.txt").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        path = LANG / line
        source = path.read_text()
        # Programs that import their folder's helper modules need a file system.
        if re.search(r"^\s*(from|import)\s+_", source, re.M):
            continue
        programs.append(path)
    return programs


PROGRAMS = sample_programs()


def known_failures():
    """tests/lang/known_failures.txt: what the VM does not do like CPython yet."""
    known = set()
    for line in (LANG / "known_failures.txt").read_text().splitlines():
        path = line.partition("#")[0].strip()
        if path:
            known.add(path)
    return known


KNOWN = known_failures()


def cpython(path):
    proc = subprocess.run([sys.executable, path.name], cwd=path.parent, capture_output=True, text=True, timeout=60)
    return proc.returncode, proc.stdout


def test_the_sample_is_large_enough():
    assert len(PROGRAMS) >= 30, f"only {len(PROGRAMS)} sample programs can run without files"


def params():
    for path in PROGRAMS:
        name = path.relative_to(LANG).as_posix()
        marks = [pytest.mark.xfail(strict=True, reason="listed in tests/lang/known_failures.txt")] if name in KNOWN else []
        yield pytest.param(path, id=name, marks=marks)


@pytest.mark.parametrize("path", list(params()))
def test_program_in_qemu_matches_cpython(shell, path):
    status, expected = cpython(path)
    if status != 0:
        pytest.skip("ends with an uncaught exception: the shell prints the traceback among the output")
    data = path.read_bytes()
    shell.run("_src = ''")
    for i in range(0, len(data), CHUNK):
        out = shell.run(f"_src += bytes.fromhex('{data[i:i + CHUNK].hex()}').decode()", timeout=30)
        assert out == "", out
    name = path.relative_to(LANG).as_posix()
    got = shell.run(f"exec(compile(_src, '{name}', 'exec'), {{'__name__': '__main__'}})", timeout=120)
    assert got == expected
