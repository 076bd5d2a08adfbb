"""tensoros bench vm: the ten programs on CPython, the runner against fake
VMs (CPython behind a wrapper; one that prints a wrong answer; one that
errors; one that ignores its file), the figures' parsers, the JSON shape and
the command line."""

import ast
import json
import math
import os
import re
import stat
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from tensoros import bench_vm

# Sizes small enough for a unit test, with the result line each must print.
TINY = {
    "pystone": (300, "result pystone passes=300 total=781446198"),
    "nbody": (100, "result nbody steps=100 energy=-0.1690507623824094"),
    "fannkuch": (5, "result fannkuch n=5 max=7 checksum=11"),
    "chaos": (500, "result chaos points=500 digest=598071690"),
    "float": (200, "result float n=200 sum=164.047859"),
    "nqueens": (6, "result nqueens n=6 count=4 checksum=402440710"),
    "pidigits": (60, "result pidigits n=60 agree=True checksum=715652438"),
    "raytrace": (12, "result raytrace width=12 sum=9785 digest=544139804"),
    "wordcount": (500, "result wordcount words=500 distinct=95 total=500 letters=erostnal checksum=111249470"),
    "fib": (15, "result fib n=15 ok=True value=610"),
}
PY = sys.executable


def script(path, text):
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def run_program(name, size, hash_seed):
    env = dict(os.environ, PYTHONHASHSEED=str(hash_seed))
    import subprocess
    proc = subprocess.run([PY, str(bench_vm.program_path(name)), str(size)], cwd=bench_vm.BENCH_DIR,
                          capture_output=True, text=True, env=env, timeout=60)
    return proc.returncode, proc.stdout, proc.stderr


# ------------------------------------------------------------------ programs

def test_every_program_is_there():
    assert set(TINY) == set(bench_vm.PROGRAMS) == set(bench_vm.DEFAULT_SIZES) == set(bench_vm.QUICK_SIZES)
    for name in bench_vm.PROGRAMS:
        assert bench_vm.program_path(name).is_file()


@pytest.mark.parametrize("name", bench_vm.PROGRAMS)
def test_program_keeps_the_rules(name):
    source = bench_vm.program_path(name).read_text()
    tree = ast.parse(source)
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module)
        assert not isinstance(node, (ast.AsyncFunctionDef, ast.Await, ast.Match)), name
        if isinstance(node, ast.ClassDef):
            assert not node.keywords, f"{name}: class keywords (metaclass=)"
    assert imported <= {"sys", "math", "time"}, f"{name} imports {imported}"
    assert "print(" in source and "result " in source
    # the default size in the program is the runner's default size
    m = re.search(r"main\(int\(sys\.argv\[1\]\) if len\(sys\.argv\) > 1 else (\d+)\)", source)
    assert m and int(m.group(1)) == bench_vm.DEFAULT_SIZES[name]


def test_programs_are_deterministic_on_cpython():
    jobs = [(name, size, seed) for name, (size, _) in TINY.items() for seed in (0, 12345)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(lambda job: run_program(*job), jobs))
    by_name = {}
    for (name, _, seed), (status, out, err) in zip(jobs, outcomes):
        assert status == 0 and not err, f"{name}: {err}"
        by_name.setdefault(name, []).append(out)
    for name, (size, expected) in TINY.items():
        first, second = by_name[name]
        assert first == second, f"{name} differs between hash seeds"
        assert bench_vm.result_line(first) == expected
        assert "%d" % size in expected


# -------------------------------------------------------------------- runner

@pytest.fixture
def fakes(tmp_path):
    """Fake VMs: shell scripts around this CPython."""
    good = script(tmp_path / "good_vm", f'#!/bin/sh\nexec "{PY}" "$@"\n')
    # wrong answer on fib, exit status 3 on nqueens, right elsewhere
    bad = script(tmp_path / "bad_vm", f'''#!/bin/sh
case "$1" in
  *fib.py) "{PY}" "$@" | sed 's/value=/value=1/' ;;
  *nqueens.py) exit 3 ;;
  *) exec "{PY}" "$@" ;;
esac
''')
    # prints a boot banner and ignores the file (the hosted binary before the VM ran files)
    shell = script(tmp_path / "shell_vm", '#!/bin/sh\necho "TensorOS 0.1.0 shell"\necho "tensor> "\n')
    return good, bad, shell


SMALL = {"fib": 15, "nqueens": 6, "fannkuch": 5}


def test_suite_with_cpython_as_the_vm(fakes):
    good, _, _ = fakes
    r = bench_vm.run_vm_suite(good, PY, repeats=2, sizes=SMALL, figures=False, timeout=60)
    assert r["vm_runs_files"] and not r.get("vm_reason")
    assert r["failed"] == [] and r["geomean_benchmarks"] == 3
    assert list(r["benchmarks"]) == list(SMALL)
    for name, e in r["benchmarks"].items():
        assert e["status"] == "ok" and e["size"] == SMALL[name]
        assert e["result"] == TINY[name][1]
        for key in ("cpython", "vm"):
            t = e[key]
            assert len(t["wall_s"]) == 2 and t["raw_s"] > 0 and t["net_s"] >= bench_vm.MIN_NET_S
        assert e["ratio"] == round(e["cpython"]["net_s"] / e["vm"]["net_s"], 3)
        assert e["ratio_raw"] > 0.2             # the same interpreter: near 1 on a quiet machine
    ratios = [e["ratio"] for e in r["benchmarks"].values()]
    assert r["geomean_ratio"] == pytest.approx(math.exp(sum(map(math.log, ratios)) / 3), abs=2e-3)
    assert r["startup_s"]["cpython"] > 0 and r["startup_s"]["vm"] > 0
    assert r["goals"]["geomean_met"] == (r["geomean_ratio"] >= 0.5)
    assert r["figures"] == {} and r["goals"]["gc_full_collect_64mib_met"] is None
    json.loads(json.dumps(r))


def test_wrong_answers_and_errors_are_failures(fakes):
    _, bad, _ = fakes
    r = bench_vm.run_vm_suite(bad, PY, repeats=2, sizes=SMALL, figures=False, timeout=60)
    fib, queens, fannkuch = (r["benchmarks"][n] for n in ("fib", "nqueens", "fannkuch"))
    assert fib["status"] == "failed" and "wrong output" in fib["reason"] and "value=1610" in fib["reason"]
    assert fib["vm"] is None and "ratio" not in fib and fib["cpython"]["raw_s"] > 0
    assert queens["status"] == "failed" and "exit status 3" in queens["reason"]
    assert fannkuch["status"] == "ok"
    assert r["failed"] == ["fib", "nqueens"]
    assert r["geomean_benchmarks"] == 1 and r["geomean_ratio"] == fannkuch["ratio"]


def test_a_vm_that_does_not_run_files(fakes):
    _, _, shell = fakes
    r = bench_vm.run_vm_suite(shell, PY, repeats=1, sizes={"fib": 15}, figures=False, timeout=30)
    assert r["vm_runs_files"] is False and "does not run files" in r["vm_reason"]
    e = r["benchmarks"]["fib"]
    assert e["status"] == "failed" and e["vm"] is None and e["cpython"]["raw_s"] > 0
    assert r["geomean_ratio"] is None and r["failed"] == ["fib"] and r["goals"]["geomean_met"] is None


def test_missing_vm():
    assert "does not exist" in bench_vm.vm_runs_files("/nonexistent/tensoros")


def test_micropython_column(fakes):
    good, _, _ = fakes
    r = bench_vm.run_vm_suite(good, PY, repeats=1, sizes={"fib": 15}, micropython_path=good, figures=False)
    e = r["benchmarks"]["fib"]
    assert e["micropython"]["raw_s"] > 0 and e["ratio_micropython"] > 0
    assert r["geomean_ratio_micropython"] == e["ratio_micropython"]
    assert "micropython" in r["startup_s"]
    r = bench_vm.run_vm_suite(good, PY, repeats=1, sizes={"fib": 15}, figures=False)
    assert r["micropython"] is None and r["micropython_reason"] and "micropython" not in r["benchmarks"]["fib"]


def test_unknown_program():
    with pytest.raises(ValueError):
        bench_vm.run_vm_suite(PY, PY, 1, {"nonsense": 1}, figures=False)


def test_helpers():
    assert bench_vm.geomean([2.0, 8.0]) == pytest.approx(4.0)
    assert bench_vm.geomean([]) is None and bench_vm.geomean([None]) is None
    assert bench_vm.net_time(0.5, 0.2) == pytest.approx(0.3)
    assert bench_vm.net_time(0.1, 0.2) == bench_vm.MIN_NET_S
    assert bench_vm.result_line("a\nresult x=1\nb\n") == "result x=1"
    assert bench_vm.result_line("a\nlast\n") == "last"
    assert "line 2" in bench_vm.first_difference("a\nb\n", "a\nc\n")
    assert "<no line>" in bench_vm.first_difference("a\nb\n", "a\n")


def test_run_process_timeout(tmp_path):
    r = bench_vm.run_process([PY, "-c", "import time; time.sleep(30)"], timeout=0.5)
    assert r.status is None and "timeout" in r.problem and r.wall < 10


# ------------------------------------------------------------------- figures

def test_figures_from_a_fake_shell(tmp_path):
    """A fake hosted binary: with no argument it prints a boot log with the
    ready line and answers the heap probe typed at its prompt."""
    fake = script(tmp_path / "fake_shell", f'''#!{PY}
import sys
if len(sys.argv) > 1:
    import runpy
    sys.argv = sys.argv[1:]
    runpy.run_path(sys.argv[0], run_name="__main__")
    sys.exit(0)
print("[      40 us] memory (10 us)")
print("[    1234 us] ready: kernel entry to prompt in 1234 us")
print("tensor> ", end="")
for line in sys.stdin:
    print(line.rstrip())
    if "gc.mem_alloc()" in line:
        print("BENCH_HEAP 1048576 3145728")
    print("tensor> ", end="")
''')
    assert bench_vm.hosted_boot_figure(fake, runs=2) == {
        "ms": 1.234, "summary": {"median": 1.234, "min": 1.234, "max": 1.234, "runs": 2}}
    heap = bench_vm.idle_shell_heap_figure(fake)
    assert heap["mib"] == 1.0 and heap["free_bytes"] == 3 * 1024 * 1024
    gc = bench_vm.gc_figure(fake, target_mib=2)      # CPython behind it: the size is estimated
    assert gc["ms"] is not None and gc["ms"] >= 0 and len(gc["collections_ms"]) == 3
    assert 2 <= gc["live_mib"] < 3 and "heap_mib" not in gc


def test_figures_are_null_with_a_reason(fakes, tmp_path):
    _, _, shell = fakes
    boot = bench_vm.hosted_boot_figure(shell, runs=1)
    assert boot["ms"] is None and "ready: kernel entry to prompt" in boot["reason"]
    heap = bench_vm.idle_shell_heap_figure(shell)
    assert heap["mib"] is None and heap["reason"]
    gc = bench_vm.gc_figure(shell, target_mib=1)
    assert gc["ms"] is None and "GC probe" in gc["reason"]
    mem_only = script(tmp_path / "mem_vm", "#!/bin/sh\necho 'python heap: 2097152 bytes in use, 5 bytes free'\n")
    assert bench_vm.idle_shell_heap_figure(mem_only)["mib"] == 2.0


def test_suite_reports_figures_and_goals(fakes, monkeypatch):
    good, _, _ = fakes
    monkeypatch.setattr(bench_vm, "hosted_boot_figure", lambda vm: {"ms": 12.5})
    monkeypatch.setattr(bench_vm, "idle_shell_heap_figure", lambda vm: {"mib": 5.0, "used_bytes": 5 << 20})
    monkeypatch.setattr(bench_vm, "gc_figure", lambda exe, timeout=0: {"ms": 3.0})
    r = bench_vm.run_vm_suite(good, PY, repeats=1, sizes={"fib": 15}, figures=True)
    f = r["figures"]
    assert f["kernel_entry_to_prompt_ms"]["hosted"]["ms"] == 12.5
    assert f["gc_full_collect_64mib_ms"]["ms"] == 3.0 and f["gc_full_collect_64mib_ms"]["peer_cpython"]["ms"] == 3.0
    g = r["goals"]
    assert g["kernel_entry_to_prompt_met"] is True and g["gc_full_collect_64mib_met"] is True
    assert g["idle_shell_heap_met"] is False


# ---------------------------------------------------------------------- CLI

def test_command_line(fakes, monkeypatch, capsys):
    good, _, _ = fakes
    from tensoros import cli
    args = cli.parser().parse_args(["bench", "vm", "--json", "--quick", "--repeats", "1"])
    assert (args.name, args.json, args.quick, args.repeats) == ("vm", True, True, 1)
    monkeypatch.setenv("TENSOROS_VM", str(good))
    monkeypatch.delenv("TENSOROS_MICROPYTHON", raising=False)
    monkeypatch.setattr(bench_vm, "QUICK_SIZES", {"fib": 15, "nqueens": 6})
    monkeypatch.setattr(bench_vm, "gc_figure", lambda exe, timeout=0: {"ms": None, "reason": "skipped in the test"})
    assert cli.main(["bench", "vm", "--json", "--quick", "--repeats", "1"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert r["benchmark"] == "vm" and r["quick"] is True and r["repeats"] == 1
    assert set(r["benchmarks"]) == {"fib", "nqueens"} and r["failed"] == []
    assert "pc_qemu_tcg" not in r["figures"]["kernel_entry_to_prompt_ms"]
    assert cli.main(["bench", "vm", "--quick", "--repeats", "1"]) == 0
    text = capsys.readouterr().out
    assert "geometric mean ratio" in text and "fib" in text


def test_json_stdout_stays_json_when_the_vm_is_built(fakes, monkeypatch, capsys):
    # Without $TENSOROS_VM the hosted VM is built first; the build's
    # progress lines must not land in the JSON on stdout.
    good, _, _ = fakes
    from tensoros import build as build_module
    from tensoros import cli

    def fake_build(board):
        print(f"  CC    kernel/vm/gc.c ({board})", flush=True)
        return str(good)

    monkeypatch.delenv("TENSOROS_VM", raising=False)
    monkeypatch.delenv("TENSOROS_MICROPYTHON", raising=False)
    monkeypatch.setattr(build_module, "build", fake_build)
    monkeypatch.setattr(bench_vm, "QUICK_SIZES", {"fib": 15})
    monkeypatch.setattr(bench_vm, "gc_figure", lambda exe, timeout=0: {"ms": None, "reason": "skipped in the test"})
    assert cli.main(["bench", "vm", "--json", "--quick", "--repeats", "1"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["vm"] == str(good)
    assert "CC    kernel/vm/gc.c (hosted)" in err
