"""Fixtures for the interpreter tests: the hosted VM executable, run on
small Python programs."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
VM = ROOT / "build" / "hosted" / "tensoros"
sys.path.insert(0, str(ROOT / "runtime"))


@pytest.fixture(scope="session")
def vm():
    if not VM.exists():
        pytest.skip("build/hosted/tensoros is not built (tensoros build --board hosted)")
    return VM


@pytest.fixture
def run_vm(vm, tmp_path):
    """Runs source text on the VM; returns (status, stdout, stderr)."""
    def run(source, *args, timeout=60):
        path = tmp_path / "prog.py"
        path.write_text(source)
        p = subprocess.run([str(vm), str(path), *map(str, args)], capture_output=True, timeout=timeout,
                           stdin=subprocess.DEVNULL, cwd=tmp_path)
        return p.returncode, p.stdout.decode(), p.stderr.decode()
    return run
