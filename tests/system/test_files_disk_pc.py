"""`tensoros run --files DIR` on pc: DIR's files become a second disk image
next to the model disk, the pc's only files. `run NAME.py` runs a script
from it (with sys.argv and tracebacks naming the file), `disk` lists both
images, model disk files are still found, and a missing or bad script is a
clear error with the shell going on."""

import argparse

import pytest

from .harness import Machine
from . import virtio_disk_data
from .virtio_disk_data import build_test_disk, guest
from tensoros import cli, modeldisk


SCRIPT = '''import sys
total = 0
for i in range(1, 11):
    total += i * i
print("hello from the files disk:", sys.argv[0], total)
'''

FAILING = '''def inner():
    return {}["missing"]

inner()
'''


@pytest.fixture(scope="module")
def files_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("files")
    (d / "hello.py").write_text(SCRIPT)
    (d / "tools").mkdir()
    (d / "tools" / "fail.py").write_text(FAILING)
    (d / "tools" / "bad_syntax.py").write_text("print('unclosed'\n")
    (d / "latin1.py").write_bytes(b"print('\xe9')\n")
    return d


@pytest.fixture(scope="module")
def pc(release_iso, tmp_path_factory, files_dir):
    model_image = build_test_disk(tmp_path_factory.mktemp("models"))[0]
    args = argparse.Namespace(disk=str(model_image), no_disk=False, files=str(files_dir))
    with Machine(release_iso, name="pc-files", extra=cli.disk_args("pc", args)) as m:
        m.wait_boot()
        yield m


def test_files_disk_is_built_from_the_directory(files_dir):
    paths = [p for p, _ in modeldisk.directory_files(files_dir)]
    assert paths == ["hello.py", "latin1.py", "tools/bad_syntax.py", "tools/fail.py"]
    with pytest.raises(FileNotFoundError, match="not a directory"):
        modeldisk.directory_files(files_dir / "hello.py")


def test_run_a_script_from_the_files_disk(pc):
    out = pc.run("run hello.py", timeout=60)
    assert "hello from the files disk: hello.py 385" in out, out
    out = pc.run("run /hello.py", timeout=60)
    assert "hello from the files disk: /hello.py 385" in out, out


def test_disk_lists_both_images_and_model_files_still_load(pc):
    out = pc.run("disk", timeout=60)
    assert "disk image on vda: 3 files" in out and "disk image on vdb: 4 files" in out, out
    assert "tools/fail.py" in out and "small/config.json" in out, out
    out = guest(pc, "import modeldisk; print(len(modeldisk.open_file('small/config.json')), "
                    "len(modeldisk.files()))")
    config = dict(virtio_disk_data.test_files())["small/config.json"]
    assert out.split()[-2:] == [str(len(config)), "7"], out


def test_errors_name_the_file_and_the_shell_goes_on(pc):
    out = pc.run("run tools/fail.py", timeout=60)
    assert 'File "tools/fail.py", line 2, in inner' in out and "KeyError: 'missing'" in out, out
    out = pc.run("run tools/bad_syntax.py", timeout=60)
    assert "SyntaxError" in out, out
    out = pc.run("run nothere.py", timeout=60)
    assert "run: cannot read nothere.py" in out and "No such file" in out, out
    out = pc.run("run latin1.py", timeout=60)
    assert "run: latin1.py is not UTF-8 text" in out, out
    assert guest(pc, "print(6 * 7)").endswith("42")
