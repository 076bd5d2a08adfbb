"""`tensoros run --files DIR` on virt: the files disk sits in a second
virtio-mmio slot next to the model disk; `run NAME.py` runs a script from
it and `disk` lists both images, as on pc (tests/system/test_files_disk_pc.py)."""

import argparse

import pytest

from conftest import image, require
from arm64_machine import Arm64Machine
from system.virtio_disk_data import build_test_disk, guest
from tensoros import cli


@pytest.fixture(scope="module")
def virt_files(tmp_path_factory):
    require("virt")
    _, img = image("virt")
    files = tmp_path_factory.mktemp("files-virt")
    (files / "count.py").write_text("import sys\nprint('counted', sys.argv[0], sum(range(100)))\n")
    (files / "lib").mkdir()
    (files / "lib" / "oops.py").write_text("x = 1\nraise ValueError('from the disk')\n")
    model_image = build_test_disk(tmp_path_factory.mktemp("models-virt"))[0]
    args = argparse.Namespace(disk=str(model_image), no_disk=False, files=str(files))
    with Arm64Machine("virt", img, name="virt-files", extra=cli.disk_args("virt", args)) as m:
        m.wait_boot(timeout=30)
        yield m


def test_run_and_disk_with_two_images(virt_files):
    out = virt_files.run("run count.py", timeout=60)
    assert "counted count.py 4950" in out, out
    out = virt_files.run("run lib/oops.py", timeout=60)
    assert 'File "lib/oops.py", line 2' in out and "ValueError: from the disk" in out, out
    out = virt_files.run("disk", timeout=60)
    assert out.count("disk image on vd") == 2 and "lib/oops.py" in out and "small/config.json" in out, out
    assert guest(virt_files, "print(6 * 7)").endswith("42")
