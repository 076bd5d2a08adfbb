#!/usr/bin/env python3
"""Language conformance runner: every program under tests/lang/<category>/
runs on CPython 3.11 (the reference) and on the TensorOS VM (the hosted
build, `build/hosted/tensoros FILE.py`); stdout and exit status must match
exactly, and when the program ends with an uncaught exception, so must the
last line of the traceback on stderr ("ZeroDivisionError: division by zero").

Expected outputs are computed on every run (CPython is fast); nothing is
cached on disk.

    python tests/lang/run.py                  # all programs, CPython vs VM
    python tests/lang/run.py str float/repr   # only paths containing a substring
    python tests/lang/run.py --list-failures  # only the failing paths, one a line
    python tests/lang/run.py --check-cpython  # corpus self-check, no VM needed
    python tests/lang/run.py --sample tests/lang/qemu_sample.txt

Exit status: 0 all passed, 1 some failed, 2 the VM is not usable (missing or
it does not run a file yet) or bad usage.
"""

import argparse
import difflib
import os
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

LANG_DIR = Path(__file__).resolve().parent
ROOT = LANG_DIR.parents[1]
DEFAULT_VM = ROOT / "build" / "hosted" / "tensoros"
DEFAULT_TIMEOUT = 10.0
DEFAULT_WORKERS = 2
# Programs in this category end with an uncaught exception on purpose:
# CPython must exit with status 1 there, and with 0 everywhere else.
UNCAUGHT_CATEGORY = "uncaught"


@dataclass
class Outcome:
    stdout: str
    status: int          # exit status; -N for a signal; None for a timeout
    last_error: str      # last non-empty line of stderr when status != 0
    seconds: float
    problem: str = ""    # "timeout", "cannot execute: ..."
    stderr: str = ""


@dataclass
class Result:
    program: Path
    expected: Outcome
    actual: Outcome
    passed: bool
    diff: str

    @property
    def name(self):
        return relative(self.program)

    @property
    def category(self):
        return category_of(self.program)


def relative(program):
    return program.relative_to(LANG_DIR).as_posix()


def category_of(program):
    return program.relative_to(LANG_DIR).parts[0]


def discover(filters=(), sample=None):
    """Programs are tests/lang/<category>/<name>.py. Names starting with '_'
    (files or folders) are helper modules imported by programs, not programs."""
    programs = []
    for path in sorted(LANG_DIR.glob("*/**/*.py")):
        parts = path.relative_to(LANG_DIR).parts
        if any(p.startswith(("_", ".")) for p in parts) or "__pycache__" in parts:
            continue
        programs.append(path)
    if sample is not None:
        wanted = {line.strip() for line in Path(sample).read_text().splitlines()
                  if line.strip() and not line.lstrip().startswith("#")}
        programs = [p for p in programs if relative(p) in wanted or p.relative_to(ROOT).as_posix() in wanted]
    if filters:
        programs = [p for p in programs if any(f in p.relative_to(ROOT).as_posix() for f in filters)]
    return programs


def default_cpython():
    """The reference is CPython 3.11 (error messages differ between versions):
    this interpreter if it is 3.11, else the repository's .venv python."""
    if sys.version_info[:2] == (3, 11):
        return sys.executable
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def child_env(hash_seed=None):
    env = dict(os.environ)
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONUTF8"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("PYTHONSTARTUP", None)
    env.pop("PYTHONPATH", None)
    if hash_seed is not None:
        env["PYTHONHASHSEED"] = str(hash_seed)
    return env


def last_line(text):
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


def execute(argv, program, timeout, env):
    """Runs `argv program` in its own process group (so a timeout ends the
    whole group, e.g. a wrapper script and its child)."""
    start = time.monotonic()
    try:
        proc = subprocess.Popen(argv + [str(program)], cwd=program.parent, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    except OSError as exc:
        return Outcome("", None, "", time.monotonic() - start, f"cannot execute: {exc}")
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        stdout, _ = proc.communicate()
        return Outcome(stdout.decode("utf-8", "replace"), None, "", time.monotonic() - start,
                       f"timeout after {timeout:g} s")
    out = stdout.decode("utf-8", "replace")
    err = stderr.decode("utf-8", "replace")
    return Outcome(out, proc.returncode, last_line(err) if proc.returncode else "",
                   time.monotonic() - start, stderr=err)


def describe(outcome):
    if outcome.problem:
        return outcome.problem
    text = f"exit status {outcome.status}"
    if outcome.status:
        text += f", last stderr line: {outcome.last_error!r}"
    return text


def compare(program, expected, actual):
    problems = []
    if actual.problem:
        problems.append(f"VM: {actual.problem}")
    if expected.problem:
        problems.append(f"CPython: {expected.problem}")
    if expected.stdout != actual.stdout:
        diff = difflib.unified_diff(expected.stdout.splitlines(keepends=True),
                                    actual.stdout.splitlines(keepends=True),
                                    "CPython stdout", "VM stdout", n=2)
        lines = list(diff)
        if len(lines) > 60:
            lines = lines[:60] + [f"... ({len(lines) - 60} more diff lines)\n"]
        problems.append("".join(l if l.endswith("\n") else l + "\n\\ no newline at end\n" for l in lines).rstrip("\n"))
    if not actual.problem and expected.status != actual.status:
        problems.append(f"exit status: CPython {describe(expected)}; VM {describe(actual)}")
    elif expected.status and expected.last_error != actual.last_error:
        problems.append(f"last traceback line: CPython {expected.last_error!r}; VM {actual.last_error!r}")
    return not problems, "\n".join(problems)


def run_one(program, vm_argv, cpython, timeout):
    expected = execute([cpython], program, timeout, child_env())
    actual = execute(vm_argv, program, timeout, child_env())
    passed, diff = compare(program, expected, actual)
    return Result(program, expected, actual, passed, diff)


def run_all(programs, vm_argv, cpython=None, timeout=DEFAULT_TIMEOUT, workers=DEFAULT_WORKERS, progress=None):
    cpython = cpython or default_cpython()
    results = []
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for result in pool.map(lambda p: run_one(p, vm_argv, cpython, timeout), programs):
            results.append(result)
            if progress:
                progress(result)
    return results


def vm_problem(vm_argv, timeout=DEFAULT_TIMEOUT):
    """Why the VM cannot be used for conformance yet, or None when it runs a
    file: `VM /tmp/x.py` with `print(1)` in it must print exactly "1"."""
    exe = Path(vm_argv[0])
    if not exe.exists():
        return f"{exe} does not exist (build it with `tensoros build --board hosted`)"
    if not os.access(exe, os.X_OK):
        return f"{exe} is not executable"
    with tempfile.TemporaryDirectory(prefix="tensoros-lang-") as tmp:
        probe = Path(tmp) / "probe.py"
        probe.write_text("print(1)\n")
        outcome = execute(vm_argv, probe, min(timeout, 10.0), child_env())
    if outcome.problem:
        return f"`{exe} FILE.py` on a file holding print(1): {outcome.problem}"
    if outcome.stdout != "1\n" or outcome.status != 0:
        shown = outcome.stdout if len(outcome.stdout) < 80 else outcome.stdout[:80] + "..."
        return (f"`{exe} FILE.py` does not run files yet: on a file holding print(1) it printed "
                f"{shown!r} with exit status {outcome.status} (expected '1\\n', status 0)")
    return None


def summarize(results):
    """{category: (passed, total)} in category order."""
    counts = {}
    for r in results:
        ok, total = counts.get(r.category, (0, 0))
        counts[r.category] = (ok + r.passed, total + 1)
    return dict(sorted(counts.items()))


def format_summary(counts):
    width = max((len(c) for c in counts), default=8)
    lines = [f"  {cat:<{width}}  {ok:4d} / {total:<4d}" + ("" if ok == total else f"  ({total - ok} failing)")
             for cat, (ok, total) in counts.items()]
    ok = sum(v[0] for v in counts.values())
    total = sum(v[1] for v in counts.values())
    lines.append(f"  {'total':<{width}}  {ok:4d} / {total:<4d}")
    return "\n".join(lines)


# ---------------------------------------------------------------- corpus check

def expected_status(program):
    return 1 if category_of(program) == UNCAUGHT_CATEGORY else 0


def check_one_cpython(program, cpython, timeout, seeds):
    """Problems of one program on CPython alone: it must exit with its expected
    status, give the same output under different hash seeds, and be quick."""
    outcomes = [execute([cpython], program, timeout, child_env(seed)) for seed in seeds]
    problems = []
    first = outcomes[0]
    if first.problem:
        problems.append(first.problem)
    elif first.status != expected_status(program):
        problems.append(f"{describe(first)} (expected exit status {expected_status(program)})")
    if expected_status(program) and not first.last_error:
        problems.append("no traceback line on stderr")
    for seed, other in zip(seeds[1:], outcomes[1:]):
        if (other.stdout, other.status, other.last_error) != (first.stdout, first.status, first.last_error):
            problems.append(f"output differs between PYTHONHASHSEED={seeds[0]} and {seed} (nondeterministic)")
    if not first.stdout.strip():
        problems.append("prints nothing")
    if first.status == 0 and first.stderr.strip():
        problems.append("writes to stderr: " + last_line(first.stderr))
    if " at 0x" in first.stdout:
        problems.append("prints an object address")
    return program, problems, min(o.seconds for o in outcomes)


def check_cpython(programs, cpython=None, timeout=DEFAULT_TIMEOUT, workers=DEFAULT_WORKERS, seeds=(1, 12345)):
    """[(program, [problems], seconds)] for every program."""
    cpython = cpython or default_cpython()
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(lambda p: check_one_cpython(p, cpython, timeout, list(seeds)), programs))


def startup_seconds(cpython):
    with tempfile.TemporaryDirectory(prefix="tensoros-lang-") as tmp:
        probe = Path(tmp) / "empty.py"
        probe.write_text("pass\n")
        return min(execute([cpython], probe, DEFAULT_TIMEOUT, child_env()).seconds for _ in range(3))


# ------------------------------------------------------------------------- CLI

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("filters", nargs="*", help="run only programs whose path contains one of these substrings")
    ap.add_argument("--vm", default=os.environ.get("TENSOROS_VM", str(DEFAULT_VM)),
                    help="VM executable, run as `VM FILE.py` (default: build/hosted/tensoros, or $TENSOROS_VM)")
    ap.add_argument("--cpython", default=None, help="reference interpreter (default: CPython 3.11 running this)")
    ap.add_argument("-j", "--jobs", type=int, default=DEFAULT_WORKERS, help="parallel workers (default 2)")
    ap.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per program run (default 10)")
    ap.add_argument("--list-failures", action="store_true", help="print only the failing programs' paths")
    ap.add_argument("--sample", metavar="FILE", help="run only the programs listed in FILE (e.g. qemu_sample.txt)")
    ap.add_argument("--check-cpython", action="store_true",
                    help="check the corpus on CPython alone: clean exit, deterministic under two hash seeds, fast")
    ap.add_argument("--slow-ms", type=float, default=150.0,
                    help="with --check-cpython: report (not fail) programs slower than this beyond interpreter start-up (wall clock, noisy under load; default 150)")
    ap.add_argument("-q", "--quiet", action="store_true", help="no per-failure diffs")
    args = ap.parse_args(argv)

    programs = discover(args.filters, args.sample)
    if not programs:
        print("no programs match", file=sys.stderr)
        return 2
    cpython = args.cpython or default_cpython()

    if args.check_cpython:
        base = startup_seconds(cpython)
        checked = check_cpython(programs, cpython, args.timeout, args.jobs)
        bad = [(p, probs) for p, probs, _ in checked if probs]
        slow = [(p, s - base) for p, _, s in checked if (s - base) * 1000 > args.slow_ms]
        for p, probs in bad:
            print(f"FAIL {relative(p)}: " + "; ".join(probs))
        for p, extra in slow:
            print(f"SLOW {relative(p)}: {extra * 1000:.0f} ms beyond start-up")
        counts = {}
        for p, probs, _ in checked:
            ok, total = counts.get(category_of(p), (0, 0))
            counts[category_of(p)] = (ok + (not probs), total + 1)
        print(f"CPython corpus check ({cpython}):")
        print(format_summary(dict(sorted(counts.items()))))
        return 1 if bad else 0

    vm_argv = [args.vm]
    problem = vm_problem(vm_argv, args.timeout)
    if problem:
        print(f"VM not usable: {problem}", file=sys.stderr)
        return 2

    def progress(result):
        if not args.list_failures and not result.passed:
            print(f"FAIL {result.name}", flush=True)
            if not args.quiet:
                print("    " + result.diff.replace("\n", "\n    "), flush=True)

    results = run_all(programs, vm_argv, cpython, args.timeout, args.jobs, progress)
    failures = [r for r in results if not r.passed]
    if args.list_failures:
        for r in failures:
            print(r.name)
    else:
        print(f"conformance, CPython ({cpython}) vs VM ({args.vm}):")
        print(format_summary(summarize(results)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
