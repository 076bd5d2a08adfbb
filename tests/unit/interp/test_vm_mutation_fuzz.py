"""Mutated corpus programs on the hosted VM: whatever a program turns into
(numbers swapped for floats, big ints, None, NaN; operators changed; names
replaced; lines dropped or repeated), the VM ends with a Python error or a
result, never a signal (a crash) or a kernel panic. Seeded, so a failure
reproduces; the failing source is printed."""

import random
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SOURCES = sorted(p for p in (ROOT / "tests" / "lang").rglob("*.py")
                 if p.parent.name not in ("threads",) and p.name not in ("run.py", "test_lang.py"))
SOURCES += sorted((ROOT / "tests" / "bench" / "vm").glob("*.py"))
REPLACEMENTS = ["1.5", "0.0", "-0.0", "2**70", "None", "'s'", "True", "float('nan')", "1e308", "3", "[]", "()",
                "self", "1/3", "-7", "2.0**-1074", "b'x'", "{}", "(1,)"]
CASES = 300


def mutate(source, rng):
    lines = source.split("\n")
    for _ in range(rng.randint(1, 4)):
        k = rng.randrange(len(lines))
        line = lines[k]
        op = rng.random()
        numbers = list(re.finditer(r"\b\d+(\.\d+)?\b", line))
        if op < 0.5 and numbers:
            m = rng.choice(numbers)
            line = line[:m.start()] + rng.choice(REPLACEMENTS) + line[m.end():]
        elif op < 0.65:
            line = line.replace("+", rng.choice(["-", "*", "/", "//", "%", "**", "<<"]), 1)
        elif op < 0.75:
            line = ""
        elif op < 0.85:
            line = lines[rng.randrange(len(lines))]
        else:
            names = re.findall(r"\b[a-z_]\w*\b", line)
            if names:
                name = rng.choice(names)
                line = line.replace(name, rng.choice(["undefined_name", "None", "self.x", name + ".y"]), 1)
        lines[k] = line
    return "\n".join(lines)


def test_mutated_programs_never_crash_the_vm(vm, tmp_path):
    rng = random.Random(20261126)
    path = tmp_path / "mutant.py"
    ran = 0
    for _ in range(CASES):
        source = mutate(rng.choice(SOURCES).read_text(), rng)
        path.write_text(source)
        try:
            p = subprocess.run([str(vm), str(path)], capture_output=True, timeout=20, stdin=subprocess.DEVNULL,
                               cwd=tmp_path)
        except subprocess.TimeoutExpired:
            continue                    # a mutation can make a loop endless: not a crash
        ran += 1
        output = (p.stdout + p.stderr).decode(errors="replace")
        crashed = p.returncode < 0 or p.returncode in (134, 139) or "kernel panic" in output.lower()
        assert not crashed, f"status {p.returncode}\n--- source ---\n{source}\n--- output ---\n{output[-2000:]}"
    assert ran >= CASES * 9 // 10
