"""pytest entry for the language conformance corpus (see run.py).

* test_corpus_on_cpython: every program runs cleanly and deterministically on
  CPython 3.11 (two hash seeds); needs no VM, always runs.
* test_conformance[CATEGORY]: each category's programs on CPython vs the VM.
  Skipped, with the reason, only while the VM cannot run a file: the hosted
  binary is missing, or `build/hosted/tensoros FILE.py` on a file holding
  `print(1)` does not print exactly `1`.
"""

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402

PROGRAMS = run.discover()
KNOWN_FAILURES_FILE = Path(__file__).resolve().parent / "known_failures.txt"


def known_failures():
    """Programs the VM is known not to run like CPython yet (path -> reason)."""
    known = {}
    for line in KNOWN_FAILURES_FILE.read_text().splitlines():
        path, _, reason = line.partition("#")
        if path.strip() and not line.startswith("#"):
            known[path.strip()] = reason.strip()
    return known


KNOWN = known_failures()
CATEGORIES = sorted({run.category_of(p) for p in PROGRAMS})
VM_ARGV = [os.environ.get("TENSOROS_VM", str(run.DEFAULT_VM))]


def test_corpus_on_cpython():
    assert len(PROGRAMS) >= 450, f"only {len(PROGRAMS)} programs"
    checked = run.check_cpython(PROGRAMS)
    bad = [f"{run.relative(p)}: {'; '.join(problems)}" for p, problems, _ in checked if problems]
    assert not bad, "programs misbehaving on CPython:\n" + "\n".join(bad)


@pytest.fixture(scope="module")
def vm_argv():
    problem = run.vm_problem(VM_ARGV)
    if problem:
        pytest.skip(f"VM not usable yet: {problem}")
    return VM_ARGV


@pytest.mark.parametrize("category", CATEGORIES)
def test_conformance(category, vm_argv):
    programs = [p for p in PROGRAMS if run.category_of(p) == category]
    results = run.run_all(programs, vm_argv)
    failures = [r for r in results if not r.passed and r.name not in KNOWN]
    fixed = [r.name for r in results if r.passed and r.name in KNOWN]
    report = "\n\n".join(f"{r.name}\n{r.diff}" for r in failures[:20])
    if len(failures) > 20:
        report += f"\n\n... and {len(failures) - 20} more"
    assert not failures, f"{len(failures)} of {len(results)} {category} programs differ from CPython:\n\n{report}"
    assert not fixed, f"these now run like CPython: remove them from {KNOWN_FAILURES_FILE.name}: {fixed}"
