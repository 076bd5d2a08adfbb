"""Self-hosting: the compiler frozen in the image and run by the VM gives
byte-identical bytecode to the same compiler run by CPython, for every
file of runtime/ (BYTECODE.md §9, §11)."""

import hashlib
import subprocess
from pathlib import Path

from compiler import compile_source, serialize

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = '''
import sys, hashlib, kernel
from compiler import compile_source, serialize
for path in sys.argv[1:]:
    blob = serialize(compile_source(kernel.read_file(path).decode("utf-8"), path))
    print(path, len(blob), hashlib.sha256(blob).hexdigest())
'''


def test_vm_compiler_output_is_byte_identical(vm, tmp_path):
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "runtime").rglob("*.py"))
    expected = []
    for path in files:
        blob = serialize(compile_source((ROOT / path).read_text(encoding="utf-8"), path))
        expected.append("%s %d %s" % (path, len(blob), hashlib.sha256(blob).hexdigest()))
    script = tmp_path / "selfhost.py"
    script.write_text(SCRIPT)
    p = subprocess.run([str(vm), str(script), *files], cwd=ROOT, capture_output=True, timeout=600,
                       stdin=subprocess.DEVNULL)
    assert p.returncode == 0, p.stderr.decode()
    assert p.stdout.decode().splitlines() == expected
