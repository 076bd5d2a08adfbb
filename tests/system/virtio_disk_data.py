"""The small virtio test disk both system test modules (pc and virt) boot
with: a model disk image of files with known, seeded content, and helpers
to ask the guest for digests of what it reads."""

import hashlib
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "toolchain"))


def test_files():
    rng = random.Random(20240601)
    return [
        ("big/model.bin", bytes(rng.getrandbits(8) for _ in range(3 * 512 * 1024 + 300))),
        ("small/config.json", b'{"hidden_size": 8, "note": "' + b"x" * 900 + b'"}'),
        ("edge/exact_4k.bin", bytes(rng.getrandbits(8) for _ in range(4096))),
    ]


def build_test_disk(directory):
    """(image path, its bytes, {path: content}) in `directory`."""
    from tensoros.modeldisk import build_image
    files = test_files()
    image, _ = build_image(files, Path(directory) / "virtio-test.img", quiet=True)
    return image, image.read_bytes(), dict(files)


def sha(data):
    return hashlib.sha256(data).hexdigest()


def guest(machine, code, timeout=60):
    """Runs one line of Python in the guest's shell; its output, stripped.
    A traceback is a test failure unless the caller expects it (use
    guest_error)."""
    out = machine.run(code, timeout=timeout).strip()
    if "Traceback (most recent call last)" in out:
        raise AssertionError(f"{code!r} raised in the guest:\n{out}")
    return out


def guest_error(machine, code, timeout=60):
    """The last line of the traceback a line of Python gives in the guest."""
    out = machine.run(code, timeout=timeout).strip()
    assert "Traceback (most recent call last)" in out, f"{code!r} did not raise:\n{out}"
    return out.splitlines()[-1]


def guest_int(machine, expression, timeout=60):
    out = guest(machine, "print(%s)" % expression, timeout)
    m = re.search(r"-?\d+\s*$", out)
    assert m, out
    return int(m.group(0))
