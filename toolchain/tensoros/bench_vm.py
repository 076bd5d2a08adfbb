"""`tensoros bench vm`: the VM's speed beside CPython's, measured in the same run.

Ten programs in tests/bench/vm/ (pystone, nbody, fannkuch, chaos, float,
nqueens, pidigits, raytrace, wordcount, fib), each run as a whole process on
CPython and on the hosted VM (`build/hosted/tensoros FILE.py SIZE`),
alternately (A B A B ...), `repeats` times. Per program: the median wall time
of each interpreter, raw and net of its start-up (the median time of an empty
program, measured the same way), and the ratio CPython time / VM time (> 1:
the VM is faster). Every program prints deterministic result lines; the VM's
stdout must equal CPython's, or the program is marked failed and left out of
the geometric mean. MicroPython is an optional third column when a
`micropython` executable is found ($TENSOROS_MICROPYTHON or PATH).

Also reported, each null with a reason while the VM cannot give it:
  * kernel entry -> prompt, from the hosted boot log line
    "ready: kernel entry to prompt in N us" (and from the pc ISO in QEMU
    when it is built and QEMU is installed, via tensoros.bench);
  * a full gc.collect() with ~64 MiB of live objects (gc.mem_alloc(),
    time.monotonic_ns()), with CPython's gc.collect() of the same object
    graph beside it;
  * heap used by the idle shell (gc.mem_alloc() typed at the prompt).

The VM is $TENSOROS_VM when set, else build/hosted/tensoros (built first).
"""

import contextlib
import json
import math
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from .paths import ROOT

BENCH_DIR = ROOT / "tests" / "bench" / "vm"
PROGRAMS = ("pystone", "nbody", "fannkuch", "chaos", "float", "nqueens", "pidigits", "raytrace", "wordcount", "fib")
# About 0.5-1 s each on CPython 3.11 on this machine (two shared cores).
DEFAULT_SIZES = {"pystone": 150000, "nbody": 80000, "fannkuch": 8, "chaos": 120000, "float": 60000,
                 "nqueens": 10, "pidigits": 3000, "raytrace": 120, "wordcount": 120000, "fib": 33}
# About 30-60 ms each on CPython beyond its start-up: for --quick.
QUICK_SIZES = {"pystone": 12000, "nbody": 4000, "fannkuch": 7, "chaos": 8000, "float": 5000,
               "nqueens": 8, "pidigits": 700, "raytrace": 32, "wordcount": 10000, "fib": 25}
GOALS = {"geomean_ratio_min": 0.5,          # the bar of the issue: at least half CPython 3.11's speed
         "geomean_ratio_target": 1.0,       # the project's goal: beat CPython
         "kernel_entry_to_prompt_ms": 50.0,
         "gc_full_collect_64mib_ms": 10.0,
         "idle_shell_heap_mib": 4.0}
READY = re.compile(r"ready: kernel entry to prompt in (\d+) us")
MIB = 1024 * 1024

# Typed at the idle shell's prompt; the marker is split in the source so the
# shell's echo of the line cannot match it.
HEAP_PROBE = 'import gc; gc.collect(); print("BENCH" + "_HEAP", gc.mem_alloc(), gc.mem_free())\n'
HEAP_LINE = re.compile(r"BENCH_HEAP (\d+) (\d+)")
PYTHON_HEAP_LINE = re.compile(r"python heap: (\d+) bytes in use")

# Run as a file: fills the heap with ~TARGET MiB of live lists, tuples, floats
# and strs, then times full collections. On an interpreter without
# gc.mem_alloc (CPython) the live size is estimated with sys.getsizeof.
GC_PROGRAM = '''\
import gc
import sys
import time

target = int(sys.argv[1]) * 1024 * 1024 if len(sys.argv) > 1 else 64 * 1024 * 1024


def chunk(base):
    return [(base + i, (base + i) * 0.5, str(base + i)) for i in range(1000)]


def chunk_bytes(c):
    total = sys.getsizeof(c)
    for t in c:
        total += sys.getsizeof(t) + sys.getsizeof(t[1]) + sys.getsizeof(t[2]) + sys.getsizeof(t[0])
    return total


has_mem_alloc = hasattr(gc, "mem_alloc")
gc.collect()
base = gc.mem_alloc() if has_mem_alloc else 0
keep = []
estimate = 0
per_chunk = 0
while True:
    c = chunk(len(keep) * 1000)
    keep.append(c)
    if has_mem_alloc:
        live = gc.mem_alloc() - base
    else:
        if not per_chunk:
            per_chunk = chunk_bytes(c) + 8
        live = per_chunk * len(keep)
    if live >= target:
        break
times = []
for _ in range(3):
    t0 = time.monotonic_ns()
    gc.collect()
    times.append(time.monotonic_ns() - t0)
heap = (gc.mem_alloc() + gc.mem_free()) if has_mem_alloc else 0
live_after = (gc.mem_alloc() - base) if has_mem_alloc else live
print("BENCH_GC", len(keep) * 1000, live_after, heap, " ".join(str(t) for t in times))
'''
GC_LINE = re.compile(r"BENCH_GC (\d+) (\d+) (\d+) ([\d ]+)")


# ------------------------------------------------------------------ processes

class Run:
    """One finished process: output, exit status (None: timed out), times."""

    def __init__(self, stdout, stderr, status, wall, cpu, problem=""):
        self.stdout, self.stderr, self.status = stdout, stderr, status
        self.wall, self.cpu, self.problem = wall, cpu, problem

    @property
    def ok(self):
        return not self.problem and self.status == 0

    def describe(self):
        if self.problem:
            return self.problem
        text = f"exit status {self.status}"
        last = last_line(self.stderr)
        return text + (f", last stderr line: {last!r}" if last else "")


def last_line(text):
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def child_env():
    env = dict(os.environ)
    env.update(PYTHONIOENCODING="utf-8", PYTHONUTF8="1", PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0")
    env.pop("PYTHONSTARTUP", None)
    env.pop("PYTHONPATH", None)
    return env


def run_process(argv, *, cwd=None, timeout=60.0, stdin_text=None):
    """Runs argv in its own process group; returns a Run with the wall time
    (spawn to exit) and the CPU time (user + system) of the child."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        try:
            proc = subprocess.Popen([str(a) for a in argv], cwd=cwd, env=child_env(), stdout=out, stderr=err,
                                    stdin=subprocess.PIPE if stdin_text is not None else subprocess.DEVNULL,
                                    start_new_session=True)
        except OSError as exc:
            return Run("", "", None, time.perf_counter() - t0, 0.0, f"cannot execute: {exc}")
        timed_out = threading.Event()

        def kill():
            timed_out.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            if stdin_text is not None:
                try:
                    proc.stdin.write(stdin_text.encode())
                    proc.stdin.close()
                except (BrokenPipeError, OSError):
                    pass
            _, wait_status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - t0
        finally:
            timer.cancel()
        proc.returncode = status = os.waitstatus_to_exitcode(wait_status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    cpu = usage.ru_utime + usage.ru_stime
    if timed_out.is_set():
        return Run(stdout, stderr, None, wall, cpu, f"timeout after {timeout:g} s")
    return Run(stdout, stderr, status, wall, cpu)


def result_line(stdout):
    """The program's final "result ..." line (its checksum), else its last line."""
    for line in reversed(stdout.splitlines()):
        if line.startswith("result "):
            return line.strip()
    return last_line(stdout)


def first_difference(expected, actual):
    e, a = expected.splitlines(), actual.splitlines()
    for i in range(max(len(e), len(a))):
        x = e[i] if i < len(e) else "<no line>"
        y = a[i] if i < len(a) else "<no line>"
        if x != y:
            return f"line {i + 1}: CPython {x!r}, VM {y!r}"
    return "outputs differ"


# --------------------------------------------------------------------- figures

def geomean(values):
    values = [v for v in values if v is not None and v > 0]
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


def summary(values, digits=4):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": round(statistics.median(values), digits), "min": round(min(values), digits),
            "max": round(max(values), digits), "runs": len(values)}


def rounded(x, digits=4):
    return None if x is None else round(x, digits)


MIN_NET_S = 1e-3        # a net time below this is start-up noise; clamp so ratios stay finite


def net_time(raw, startup):
    return max(raw - startup, MIN_NET_S)


def program_path(name):
    return BENCH_DIR / f"{name}.py"


def timing(runs, startup):
    """The figures of one interpreter on one program."""
    walls = [r.wall for r in runs]
    raw = statistics.median(walls)
    return {"raw_s": rounded(raw), "net_s": rounded(net_time(raw, startup)),
            "cpu_s": rounded(statistics.median([r.cpu for r in runs])),
            "wall_s": [rounded(w) for w in walls]}


def empty_program(folder):
    path = Path(folder) / "empty.py"
    path.write_text("pass\n")
    return path


def measure_startup(interpreters, empty, runs, timeout):
    """({name: [wall times of an empty program]}, {name: problem}), run alternately."""
    walls = {name: [] for name in interpreters}
    problems = {}
    for _ in range(runs):
        for name, exe in interpreters.items():
            if name in problems:
                continue
            r = run_process([exe, empty], cwd=empty.parent, timeout=timeout)
            if r.ok:
                walls[name].append(r.wall)
            else:
                problems[name] = r.describe()
    return walls, problems


def vm_runs_files(vm, timeout=10.0):
    """None when `VM FILE.py ARG` runs the file with sys.argv; else why not."""
    exe = Path(vm)
    if not exe.exists():
        return f"{exe} does not exist (build it with `tensoros build --board hosted`)"
    if not os.access(exe, os.X_OK):
        return f"{exe} is not executable"
    with tempfile.TemporaryDirectory(prefix="tensoros-bench-vm-") as tmp:
        probe = Path(tmp) / "probe.py"
        probe.write_text("import sys\nprint(1, sys.argv[-1])\n")
        r = run_process([exe, probe, "7"], cwd=tmp, timeout=timeout)
    if r.problem:
        return f"`{exe} FILE.py` on a file holding a print: {r.problem}"
    if r.stdout != "1 7\n" or r.status != 0:
        shown = r.stdout if len(r.stdout) < 80 else r.stdout[:80] + "..."
        return (f"`{exe} FILE.py 7` does not run files yet: on a file printing `1 sys.argv[-1]` it printed "
                f"{shown!r} with exit status {r.status} (expected '1 7\\n', status 0)")
    return None


def hosted_boot_figure(vm, runs=3, timeout=20.0):
    """Kernel entry -> prompt (ms) from the hosted boot log; the boot shell
    reads end-of-file on stdin and exits."""
    values, problem = [], None
    for _ in range(runs):
        r = run_process([vm], timeout=timeout, stdin_text="")
        m = READY.search(r.stdout)
        if not m:
            problem = ("the hosted boot log has no line 'ready: kernel entry to prompt in N us' "
                       f"({r.describe()}; last output line {last_line(r.stdout)!r})")
            break
        values.append(int(m.group(1)) / 1000)
    if not values:
        return {"ms": None, "reason": problem}
    s = summary(values, 3)
    return {"ms": s["median"], "summary": s}


def qemu_boot_figure(runs=2):
    """Kernel entry -> prompt (ms) of the pc ISO under TCG, by tensoros.bench
    (only when the ISO is already built: the bench does not build images)."""
    iso = ROOT / "build" / "pc" / "tensoros.iso"
    if not shutil.which("qemu-system-x86_64"):
        return {"ms": None, "reason": "qemu-system-x86_64 is not installed"}
    if not iso.exists():
        return {"ms": None, "reason": f"{iso.relative_to(ROOT)} is not built (`tensoros iso`)"}
    from . import bench
    try:
        boots = [bench.boot_iso_once(iso) for _ in range(runs)]
    except (RuntimeError, ValueError, OSError, subprocess.SubprocessError) as exc:
        return {"ms": None, "reason": f"booting {iso.relative_to(ROOT)} in QEMU failed: {exc}"}
    s = summary([b["kernel_entry_to_prompt_us"] / 1000 for b in boots], 3)
    return {"ms": s["median"], "summary": s, "image": str(iso.relative_to(ROOT))}


def idle_shell_heap_figure(vm, timeout=20.0):
    """Heap used by the idle shell: gc.mem_alloc() typed at the prompt right
    after boot (after a gc.collect()); the `mem` command's Python heap line
    is the fallback."""
    r = run_process([vm], timeout=timeout, stdin_text=HEAP_PROBE + "mem\n")
    m = HEAP_LINE.search(r.stdout)
    if m:
        used, free = int(m.group(1)), int(m.group(2))
        return {"mib": round(used / MIB, 3), "used_bytes": used, "free_bytes": free, "source": "gc.mem_alloc()"}
    m = PYTHON_HEAP_LINE.search(r.stdout)
    if m:
        used = int(m.group(1))
        return {"mib": round(used / MIB, 3), "used_bytes": used, "source": "the shell's `mem` command"}
    return {"mib": None, "reason": "the idle shell did not run Python at its prompt (gc.mem_alloc()) nor report "
                                   f"a Python heap in `mem` ({r.describe()}; last output line "
                                   f"{last_line(r.stdout)!r})"}


def gc_figure(interpreter, target_mib=64, timeout=120.0):
    """A full gc.collect() with ~target_mib MiB of live objects: median of
    three collections, in ms."""
    with tempfile.TemporaryDirectory(prefix="tensoros-bench-vm-") as tmp:
        path = Path(tmp) / "gc_probe.py"
        path.write_text(GC_PROGRAM)
        r = run_process([interpreter, path, str(target_mib)], cwd=tmp, timeout=timeout)
    m = GC_LINE.search(r.stdout)
    if not r.ok or not m:
        return {"ms": None, "reason": f"the GC probe program failed: {r.describe()}; "
                                      f"last output line {last_line(r.stdout)!r}"}
    objects, live, heap = int(m.group(1)), int(m.group(2)), int(m.group(3))
    times = [int(t) / 1e6 for t in m.group(4).split()]
    out = {"ms": round(statistics.median(times), 3), "collections_ms": [round(t, 3) for t in times],
           "live_mib": round(live / MIB, 1), "tuples": objects}
    if heap:
        out["heap_mib"] = round(heap / MIB, 1)
    return out


# ----------------------------------------------------------------------- suite

def default_cpython():
    """CPython 3.11 (the reference): this interpreter if it is 3.11, else the
    repository's .venv python."""
    if sys.version_info[:2] == (3, 11):
        return sys.executable
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def find_micropython():
    path = os.environ.get("TENSOROS_MICROPYTHON") or shutil.which("micropython")
    return path if path and os.access(path, os.X_OK) else None


def interpreter_version(exe):
    r = run_process([exe, "-c", "import sys; print(sys.version.split()[0])"], timeout=10)
    return r.stdout.strip() if r.ok else None


def run_vm_suite(vm_path, cpython_path, repeats=3, sizes=None, *, micropython_path=None, figures=True,
                 qemu=False, timeout=120.0, progress=None):
    """Runs the suite; returns one JSON-ready dict (its shape: tests/bench/vm/README.md).

    sizes: {program: size}; its keys choose the programs (default DEFAULT_SIZES).
    micropython_path: an optional third interpreter, reported beside the others.
    figures: also collect the kernel/GC/heap figures from the VM.
    Start-up (an empty program) is sampled once per interpreter before every
    round of a program, so it sees the same machine load as the programs.
    """
    repeats = max(1, int(repeats))
    sizes = dict(DEFAULT_SIZES if sizes is None else sizes)
    unknown = [n for n in sizes if n not in PROGRAMS]
    if unknown:
        raise ValueError(f"unknown benchmark(s) {unknown}; known: {', '.join(PROGRAMS)}")
    vm, cpython = str(vm_path), str(cpython_path)
    say = progress or (lambda text: None)

    vm_problem = vm_runs_files(vm)
    interpreters = {"cpython": cpython}
    if not vm_problem:
        interpreters["vm"] = vm
    if micropython_path:
        interpreters["micropython"] = str(micropython_path)

    with tempfile.TemporaryDirectory(prefix="tensoros-bench-vm-") as tmp:
        empty = empty_program(tmp)
        startup_walls, problems = measure_startup(interpreters, empty, 2, min(timeout, 30.0))
        if problems.get("cpython"):
            raise RuntimeError(f"CPython ({cpython}) cannot run an empty program: {problems['cpython']}")
        if "vm" in problems:
            vm_problem = f"the VM cannot run an empty program: {problems['vm']}"
            interpreters.pop("vm")
        mp_problem = problems.get("micropython")
        if mp_problem:
            interpreters.pop("micropython")

        measured = {}                           # name -> (runs, broken, expected stdout)
        for name, size in sizes.items():
            argv_tail = [program_path(name), str(size)]
            runs = {key: [] for key in interpreters}
            broken = {}                         # interpreter -> why its output is not usable
            expected = None
            for _ in range(repeats):            # A B (C) A B (C) ...
                for key, exe in interpreters.items():
                    if key in broken:
                        continue
                    s = run_process([exe, empty], cwd=tmp, timeout=min(timeout, 30.0))
                    if s.ok:
                        startup_walls[key].append(s.wall)
                    r = run_process([exe, *argv_tail], cwd=BENCH_DIR, timeout=timeout)
                    if key == "cpython":
                        if not r.ok:
                            broken[key] = f"CPython: {r.describe()}"
                        elif expected is None:
                            expected = r.stdout
                        elif r.stdout != expected:
                            broken[key] = "CPython's output differs between runs (the program is not deterministic)"
                    elif expected is None:
                        continue
                    elif not r.ok:
                        broken[key] = r.describe()
                    elif r.stdout != expected:
                        broken[key] = "wrong output: " + first_difference(expected, r.stdout)
                    if key not in broken:
                        runs[key].append(r)
                if "cpython" in broken:
                    break
            measured[name] = (runs, broken, expected)
            say("  %-10s %s" % (name, "  ".join(
                f"{key} {statistics.median(r.wall for r in rs):.3f} s" if rs and key not in broken else
                f"{key} FAILED ({broken.get(key, 'not run')})" for key, rs in runs.items())))

    startup = {key: statistics.median(w) for key, w in startup_walls.items() if w}
    result = {
        "benchmark": "vm",
        "what": "whole-process wall time of each program, alternately on CPython and on the VM; "
                "ratio = CPython time / VM time (> 1: the VM is faster), net of each interpreter's "
                "start-up (the median time of an empty program, sampled between the runs)",
        "vm": vm,
        "vm_runs_files": vm_problem is None,
        "cpython": cpython,
        "cpython_version": interpreter_version(cpython),
        "micropython": str(micropython_path) if micropython_path else None,
        "repeats": repeats,
        "startup_s": {key: rounded(s) for key, s in startup.items()},
        "benchmarks": {},
    }
    if vm_problem:
        result["vm_reason"] = vm_problem
    if not micropython_path:
        result["micropython_reason"] = ("no micropython executable ($TENSOROS_MICROPYTHON or PATH; Debian 12 "
                                        "has no micropython package)")
    elif mp_problem:
        result["micropython_reason"] = f"MicroPython cannot run an empty program: {mp_problem}"

    for name, (runs, broken, expected) in measured.items():
        entry = {"size": sizes[name], "status": "ok"}
        if expected is not None:
            entry["result"] = result_line(expected)
        if "cpython" in broken:
            entry["status"] = "error"
            entry["reason"] = broken["cpython"]
        for key in ["cpython", "vm"] + (["micropython"] if "micropython" in interpreters else []):
            usable = runs.get(key) and key not in broken
            entry[key] = timing(runs[key], startup[key]) if usable else None
        if "vm" not in interpreters:
            entry["status"] = "failed"
            entry["reason"] = f"VM not usable: {vm_problem}"
        elif "vm" in broken and entry["status"] == "ok":
            entry["status"] = "failed"
            entry["reason"] = broken["vm"]
        if "micropython" in broken and "cpython" not in broken:
            entry["micropython_reason"] = broken["micropython"]
        if entry["status"] == "ok":
            c, v = entry["cpython"], entry["vm"]
            entry["ratio"] = rounded(c["net_s"] / v["net_s"], 3)
            entry["ratio_raw"] = rounded(c["raw_s"] / v["raw_s"], 3)
            entry["ratio_cpu"] = rounded(c["cpu_s"] / v["cpu_s"], 3) if c["cpu_s"] and v["cpu_s"] else None
        if entry.get("micropython") and entry.get("cpython"):
            entry["ratio_micropython"] = rounded(entry["cpython"]["net_s"] / entry["micropython"]["net_s"], 3)
        result["benchmarks"][name] = entry

    ok = {n: e for n, e in result["benchmarks"].items() if e["status"] == "ok"}
    result["failed"] = sorted(n for n, e in result["benchmarks"].items() if e["status"] != "ok")
    result["geomean_ratio"] = rounded(geomean([e["ratio"] for e in ok.values()]), 3)
    result["geomean_ratio_raw"] = rounded(geomean([e["ratio_raw"] for e in ok.values()]), 3)
    result["geomean_benchmarks"] = len(ok)
    mp = [e["ratio_micropython"] for e in result["benchmarks"].values() if e.get("ratio_micropython")]
    result["geomean_ratio_micropython"] = rounded(geomean(mp), 3)

    fig = {}
    if figures:
        say("figures: kernel entry -> prompt, GC of a 64 MiB heap, idle shell heap")
        fig = collect_figures(vm, cpython, qemu=qemu, timeout=timeout, vm_runs=vm_problem is None)
    result["figures"] = fig
    g = result["geomean_ratio"]
    boot_ms = fig["kernel_entry_to_prompt_ms"]["hosted"]["ms"] if fig else None
    gc_ms = fig["gc_full_collect_64mib_ms"]["ms"] if fig else None
    heap = fig["idle_shell_heap_mib"]["mib"] if fig else None
    result["goals"] = {
        **GOALS,
        "geomean_met": None if g is None else g >= GOALS["geomean_ratio_min"],
        "beats_cpython": None if g is None else g > GOALS["geomean_ratio_target"],
        "kernel_entry_to_prompt_met": None if boot_ms is None else boot_ms <= GOALS["kernel_entry_to_prompt_ms"],
        "gc_full_collect_64mib_met": None if gc_ms is None else gc_ms <= GOALS["gc_full_collect_64mib_ms"],
        "idle_shell_heap_met": None if heap is None else heap <= GOALS["idle_shell_heap_mib"],
    }
    return result


def collect_figures(vm, cpython, *, qemu=False, timeout=120.0, vm_runs=True):
    hosted = hosted_boot_figure(vm) if Path(vm).exists() else {"ms": None, "reason": f"{vm} does not exist"}
    boot = {"hosted": hosted}
    if qemu:
        boot["pc_qemu_tcg"] = qemu_boot_figure()
    if vm_runs:
        gc_vm = gc_figure(vm, timeout=timeout)
    else:
        gc_vm = {"ms": None, "reason": "the VM does not run files yet"}
    gc_vm["peer_cpython"] = gc_figure(cpython, timeout=timeout)
    heap = idle_shell_heap_figure(vm) if Path(vm).exists() else {"mib": None, "reason": f"{vm} does not exist"}
    return {"kernel_entry_to_prompt_ms": boot, "gc_full_collect_64mib_ms": gc_vm, "idle_shell_heap_mib": heap}


# ---------------------------------------------------------------------- output

def format_line(name, e):
    c, v, m = e.get("cpython"), e.get("vm"), e.get("micropython")
    text = f"  {name:<10} size {e['size']:<7}"
    text += f" CPython {c['net_s']:7.3f} s" if c else " CPython       -  "
    if e["status"] == "ok":
        text += f"  VM {v['net_s']:7.3f} s  ratio {e['ratio']:6.3f}"
    else:
        text += f"  VM {e['status'].upper()}: {e.get('reason', '')}"
    if m:
        text += f"  MicroPython {m['net_s']:7.3f} s"
    return text


def print_report(r):
    print(f"vm: {len(r['benchmarks'])} programs, {r['repeats']} runs each, alternately; net of start-up "
          f"(CPython {r['startup_s'].get('cpython')} s" + (f", VM {r['startup_s']['vm']} s" if "vm" in r["startup_s"]
                                                            else "") + ")")
    print(f"  CPython {r['cpython_version']} ({r['cpython']}); VM {r['vm']}"
          + (f"; MicroPython {r['micropython']}" if r["micropython"] else ""))
    if r.get("vm_reason"):
        print(f"  VM not usable: {r['vm_reason']}")
    for name, e in r["benchmarks"].items():
        print(format_line(name, e))
    goals = r["goals"]
    if r["geomean_ratio"] is not None:
        print(f"  geometric mean ratio {r['geomean_ratio']} over {r['geomean_benchmarks']} programs "
              f"(raw {r['geomean_ratio_raw']}); bar >= {goals['geomean_ratio_min']}: "
              f"{'met' if goals['geomean_met'] else 'NOT met'}")
    else:
        print("  geometric mean ratio: none (no program ran correctly on the VM)")
    if r["failed"]:
        print(f"  failed (left out of the mean): {', '.join(r['failed'])}")
    if r.get("geomean_ratio_micropython"):
        print(f"  MicroPython: geometric mean ratio {r['geomean_ratio_micropython']}")
    fig = r.get("figures") or {}
    for label, key, unit in (("kernel entry -> prompt (hosted)", "kernel_entry_to_prompt_ms", "ms"),
                             ("full GC, 64 MiB live", "gc_full_collect_64mib_ms", "ms"),
                             ("idle shell heap", "idle_shell_heap_mib", "MiB")):
        if key not in fig:
            continue
        f = fig[key]["hosted"] if key == "kernel_entry_to_prompt_ms" else fig[key]
        value = f.get("ms" if unit == "ms" else "mib")
        goal = GOALS[key]
        shown = f"{value} {unit} (goal <= {goal})" if value is not None else f"null: {f.get('reason')}"
        print(f"  {label:<32} {shown}")
        if key == "kernel_entry_to_prompt_ms" and "pc_qemu_tcg" in fig[key]:
            q = fig[key]["pc_qemu_tcg"]
            print(f"  {'kernel entry -> prompt (pc, QEMU)':<32} "
                  + (f"{q['ms']} ms" if q.get("ms") is not None else f"null: {q.get('reason')}"))
        if key == "gc_full_collect_64mib_ms" and f.get("peer_cpython", {}).get("ms") is not None:
            p = f["peer_cpython"]
            print(f"  {'  CPython gc.collect(), same graph':<32} {p['ms']} ms ({p['live_mib']} MiB live, estimated)")


def default_vm():
    """$TENSOROS_VM, else build/hosted/tensoros (built first, like `tensoros
    run --board hosted`; a failing build falls back to the existing binary)."""
    env = os.environ.get("TENSOROS_VM")
    if env:
        return Path(env), None
    from .build import BuildError, build
    try:
        # the build's progress lines go to stderr: with --json, stdout holds
        # only the JSON object
        with contextlib.redirect_stdout(sys.stderr):
            return Path(build("hosted")), None
    except BuildError as exc:
        exe = ROOT / "build" / "hosted" / "tensoros"
        if exe.exists():
            return exe, f"the hosted build failed, so the existing {exe.relative_to(ROOT)} was used: {exc.step}"
        raise


def run(args):
    quick = getattr(args, "quick", False)
    repeats = getattr(args, "repeats", None) or (2 if quick else 3)
    vm, note = default_vm()

    def say(text):                              # with --json, stdout holds only the JSON object
        print(text, file=sys.stderr if args.json else sys.stdout, flush=True)

    result = run_vm_suite(vm, default_cpython(), repeats, QUICK_SIZES if quick else DEFAULT_SIZES,
                          micropython_path=find_micropython(), figures=True, qemu=not quick, progress=say)
    result["quick"] = quick
    if note:
        result["build_note"] = note
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print()
        print_report(result)
    return 0
