"""`tensoros flash` against real block devices: loop devices on files made
here (never a disk), each detached at the end of its test. A loop device is
not removable media, so it is refused without --force; with --force it is
written, read back and verified. Mounted, or backed by the image itself: refused
even with --force."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tensoros import sdcard

ROOT = Path(__file__).resolve().parents[3]
MiB = 1 << 20


def _losetup_reason():
    if os.geteuid() != 0:
        return "loop devices need root"
    if not shutil.which("losetup"):
        return "losetup is not installed (package mount)"
    if not os.path.exists("/dev/loop-control"):
        return "no /dev/loop-control: this kernel or container has no loop devices"
    return None


class Loops:
    """Loop devices made by one test; all detached at its end."""

    def __init__(self, tmp_path):
        self.tmp = tmp_path
        self.devices = []

    def __call__(self, size=None, backing=None):
        if backing is None:
            backing = self.tmp / f"disk{len(self.devices)}.img"
            with open(backing, "wb") as f:
                f.truncate(size)
        proc = subprocess.run(["losetup", "--find", "--show", str(backing)], capture_output=True, text=True)
        if proc.returncode != 0:
            pytest.skip(f"losetup cannot make a loop device here: {proc.stderr.strip()}")
        device = proc.stdout.strip()
        self.devices.append(device)
        return device, Path(backing)

    def detach(self):
        for device in self.devices:
            subprocess.run(["losetup", "--detach", device], capture_output=True)


@pytest.fixture
def loop(tmp_path):
    reason = _losetup_reason()
    if reason:
        pytest.skip(reason)
    loops = Loops(tmp_path)
    yield loops
    loops.detach()


@pytest.fixture(scope="module")
def card(tmp_path_factory):
    if not shutil.which("mformat"):
        pytest.skip("mtools is not installed: run `make setup`")
    try:
        return sdcard.make_sdcard(tmp_path_factory.mktemp("flash") / "card.img", with_model=False, quiet=True)
    except sdcard.SdCardError as e:
        pytest.skip(f"the Raspberry Pi firmware is not available: {e}")


def tensoros_flash(*args, stdin=""):
    return subprocess.run([sys.executable, "-m", "tensoros.cli", "flash", *args], capture_output=True, text=True,
                          input=stdin, env=dict(os.environ, PYTHONPATH=str(ROOT / "toolchain")), timeout=120)


def test_loop_device_is_refused_as_not_removable(loop, card):
    device, backing = loop(96 * MiB)
    proc = tensoros_flash("--device", device, "--image", str(card), "--yes")
    assert proc.returncode == 1
    assert "not removable" in proc.stderr and "--force" in proc.stderr, proc.stderr
    with open(backing, "rb") as f:
        assert f.read(MiB) == bytes(MiB)                                  # untouched


def test_forced_write_to_a_loop_device_is_verified(loop, card):
    device, backing = loop(96 * MiB)
    name = Path(device).name
    proc = tensoros_flash("--device", device, "--image", str(card), "--force", stdin=name + "\n")
    assert proc.returncode == 0, proc.stderr
    assert f"Target: {device} ({name})" in proc.stdout and "loop device on" in proc.stdout
    assert "Type the device name" in proc.stdout
    assert "read it back: identical (SHA-256 " in proc.stdout and "MB/s" in proc.stderr
    data = card.read_bytes()
    with open(backing, "rb") as f:
        assert f.read(len(data)) == data
    first, count = sdcard.parse_mbr(data[:512])[0][2:]
    assert first == 2048


def test_a_wrong_answer_writes_nothing(loop, card):
    device, backing = loop(96 * MiB)
    proc = tensoros_flash("--device", device, "--image", str(card), "--force", stdin="sda\n")
    assert proc.returncode == 1 and "not confirmed: nothing was written" in proc.stderr
    with open(backing, "rb") as f:
        assert f.read(MiB) == bytes(MiB)


def test_too_small_and_the_image_itself_are_refused_even_with_force(loop, card):
    device, _ = loop(8 * MiB)
    proc = tensoros_flash("--device", device, "--image", str(card), "--force", "--yes")
    assert proc.returncode == 1 and "smaller than the image" in proc.stderr, proc.stderr
    device, _ = loop(backing=card)
    proc = tensoros_flash("--device", device, "--image", str(card), "--force", "--yes")
    assert proc.returncode == 1 and "loop device on the image itself" in proc.stderr, proc.stderr


def test_a_mounted_loop_device_is_refused_even_with_force(loop, card, tmp_path):
    if not shutil.which("mkfs.ext4"):
        pytest.skip("mkfs.ext4 is not installed (package e2fsprogs)")
    backing = tmp_path / "mounted.img"
    with open(backing, "wb") as f:
        f.truncate(96 * MiB)
    subprocess.run(["mkfs.ext4", "-q", "-F", str(backing)], check=True, capture_output=True)
    device, _ = loop(backing=backing)
    where = tmp_path / "mnt"
    where.mkdir()
    proc = subprocess.run(["mount", device, str(where)], capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a loop device here: {proc.stderr.strip()}")
    try:
        proc = tensoros_flash("--device", device, "--image", str(card), "--force", "--yes")
        assert proc.returncode == 1, proc
        assert f"is mounted: {device} on {where}" in proc.stderr, proc.stderr
    finally:
        subprocess.run(["umount", str(where)], capture_output=True)


def test_the_disk_holding_root_is_refused_as_a_system_disk():
    """Only the checks run here (flash.target + flash.problems): nothing is opened for writing."""
    from tensoros import flash
    system = flash.System()
    root = system.name_of_dev_number(os.stat("/").st_dev)
    if root is None:
        pytest.skip("/ is not on a block device here (overlay or tmpfs root)")
    disk_name = sorted(system.disks_under(root))[0]
    disk = flash.target(f"/dev/{disk_name}", system, root_dev=os.stat("/").st_dev)
    found = flash.problems(disk, 64 * MiB, force=True)
    assert any("system disk" in p for p in found), found
