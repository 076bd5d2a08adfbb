"""`tensoros flash` safety checks on fake sysfs/procfs trees (no device is
touched), its refusal of regular files and character devices, and the SD card
image's pieces that need no firmware: the MBR, the size rule, config.txt."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tensoros import flash, sdcard

ROOT = Path(__file__).resolve().parents[3]
GB = 1000 ** 3


class FakeSystem:
    """A sysfs + procfs with made-up disks: sys/devices/.../block/NAME/[PART/],
    sys/class/block/* links, proc/mounts and proc/swaps."""

    def __init__(self, tmp_path):
        self.sys = tmp_path / "sys"
        self.proc = tmp_path / "proc"
        (self.sys / "class" / "block").mkdir(parents=True)
        self.proc.mkdir()
        self.mounts = []
        self.swaps = []
        self._write_proc()

    def disk(self, name, size, *, removable=1, ro=0, model="", card_type=None, partitions=(), slaves=()):
        d = self.sys / "devices" / "fake" / "block" / name
        d.mkdir(parents=True)
        (d / "size").write_text(f"{size // 512}\n")
        (d / "removable").write_text(f"{removable}\n")
        (d / "ro").write_text(f"{ro}\n")
        (d / "holders").mkdir()
        (d / "slaves").mkdir()
        (d / "device").mkdir()
        if model:
            (d / "device" / "model").write_text(model + "\n")
        if card_type:
            (d / "device" / "type").write_text(card_type + "\n")
        for s in slaves:
            (d / "slaves" / s).mkdir()
        (self.sys / "class" / "block" / name).symlink_to(d)
        for i, psize in enumerate(partitions, 1):
            pname = f"{name}p{i}" if name[-1].isdigit() else f"{name}{i}"
            p = d / pname
            p.mkdir()
            (p / "partition").write_text(f"{i}\n")
            (p / "size").write_text(f"{psize // 512}\n")
            (p / "holders").mkdir()
            (p / "slaves").mkdir()
            (self.sys / "class" / "block" / pname).symlink_to(p)
        return self

    def hold(self, name, holder):
        (self.sys / "class" / "block" / name / "holders" / holder).mkdir()

    def mount(self, source, point):
        self.mounts.append((source, point))
        self._write_proc()

    def swap(self, source):
        self.swaps.append(source)
        self._write_proc()

    def _write_proc(self):
        (self.proc / "mounts").write_text("".join(f"{s} {p} ext4 rw 0 0\n" for s, p in
                                                  [("proc", "/proc"), ("tmpfs", "/run")] + self.mounts))
        (self.proc / "swaps").write_text("Filename\tType\tSize\tUsed\tPriority\n"
                                         + "".join(f"{s}\tpartition\t1000\t0\t-2\n" for s in self.swaps))

    def check(self, name, image_size=64 << 20, force=False):
        system = flash.System(self.sys, self.proc)
        return flash.problems(system.describe(name), image_size, force=force)


@pytest.fixture
def fake(tmp_path):
    return FakeSystem(tmp_path)


def test_a_removable_card_reader_with_a_card_passes(fake):
    fake.disk("sdx", 32 * GB, model="Generic SD Reader", partitions=[256 << 20, 31 * GB])
    assert fake.check("sdx") == []
    disk = flash.System(fake.sys, fake.proc).describe("sdx")
    assert disk.model == "Generic SD Reader" and [p for p, _ in disk.partitions] == ["sdx1", "sdx2"]


def test_a_mounted_partition_is_refused_even_with_force(fake):
    fake.disk("sdx", 32 * GB, partitions=[256 << 20, 31 * GB])
    fake.mount("/dev/sdx1", "/media/user/bootfs")
    for force in (False, True):
        found = fake.check("sdx", force=force)
        assert len(found) == 1 and "is mounted: /dev/sdx1 on /media/user/bootfs" in found[0], found


def test_the_disk_holding_root_or_boot_is_a_system_disk(fake):
    fake.disk("sdy", 500 * GB, removable=0, partitions=[1 << 30, 400 * GB])
    fake.mount("/dev/sdy2", "/")
    fake.mount("/dev/sdy1", "/boot/efi")
    found = fake.check("sdy", force=True)
    assert any("system disk" in p and "on /boot/efi" in p and "on /" in p for p in found), found


def test_root_on_device_mapper_is_traced_to_its_disk(fake):
    fake.disk("sdy", 100 * GB, partitions=[1 << 30, 90 * GB])
    fake.disk("dm-0", 90 * GB, removable=0, slaves=["sdy2"])
    fake.hold("sdy2", "dm-0")
    fake.mount("/dev/dm-0", "/")
    found = fake.check("sdy", force=True)
    assert any("system disk" in p and "/dev/dm-0 is mounted on /" in p for p in found), found
    assert any("in use by dm-0 (through sdy2)" in p for p in found), found


def test_a_disk_with_active_swap_is_a_system_disk(fake):
    fake.disk("sdz", 16 * GB, partitions=[8 * GB, 8 * GB])
    fake.swap("/dev/sdz2")
    found = fake.check("sdz", force=True)
    assert any("system disk: /dev/sdz2 is in use as swap" in p for p in found), found


def test_non_removable_is_refused_unless_forced(fake):
    fake.disk("sdw", 64 * GB, removable=0)
    found = fake.check("sdw")
    assert len(found) == 1 and "not removable" in found[0] and "--force" in found[0]
    assert fake.check("sdw", force=True) == []


def test_over_256_gb_is_refused_unless_forced(fake):
    fake.disk("sdv", 512 * GB)
    fake.disk("sdu", 255_869_321_216)           # a card sold as 256 GB
    found = fake.check("sdv")
    assert len(found) == 1 and "over 256 GB" in found[0]
    assert fake.check("sdv", force=True) == []
    assert fake.check("sdu") == []


def test_read_only_no_medium_too_small_and_partitions_are_refused_even_with_force(fake):
    fake.disk("sda", 32 * GB, ro=1)
    fake.disk("sdb", 0)
    fake.disk("sdc", 32 << 20, partitions=[16 << 20])
    assert any("read-only" in p for p in fake.check("sda", force=True))
    assert any("no medium" in p for p in fake.check("sdb", force=True))
    assert any("smaller than the image" in p for p in fake.check("sdc", force=True))
    assert any("is a partition" in p for p in fake.check("sdc1", force=True))


def test_a_built_in_sd_slot_counts_as_removable_but_not_when_it_boots_the_system(fake):
    fake.disk("mmcblk0", 32 * GB, removable=0, card_type="SD", partitions=[512 << 20, 31 * GB])
    assert fake.check("mmcblk0") == []
    fake.mount("/dev/mmcblk0p2", "/")
    fake.mount("/dev/mmcblk0p1", "/boot/firmware")
    assert any("system disk" in p for p in fake.check("mmcblk0", force=True))


def test_cli_refuses_a_regular_file_and_leaves_it_alone(tmp_path):
    image = tmp_path / "sdcard.img"
    image.write_bytes(b"\x01" * 4096)
    victim = tmp_path / "not-a-disk.img"
    victim.write_bytes(b"\x00" * 8192)
    for extra in ([], ["--force"], ["--force", "--yes"]):
        proc = subprocess.run([sys.executable, "-m", "tensoros.cli", "flash", "--device", str(victim),
                               "--image", str(image), *extra], capture_output=True, text=True, input="",
                              env=dict(os.environ, PYTHONPATH=str(ROOT / "toolchain")))
        assert proc.returncode == 1, proc
        assert "is a regular file" in proc.stderr and "block device" in proc.stderr, proc.stderr
    assert victim.read_bytes() == b"\x00" * 8192


def test_a_character_device_and_a_missing_path_are_refused(tmp_path):
    image = tmp_path / "sdcard.img"
    image.write_bytes(b"\x01" * 4096)
    with pytest.raises(flash.FlashError, match="not a block device"):
        flash.flash(image, "/dev/null", force=True, yes=True)
    with pytest.raises(flash.FlashError, match="No such file"):
        flash.flash(image, str(tmp_path / "nothing"), force=True, yes=True)
    with pytest.raises(flash.FlashError, match="tensoros sdcard"):
        flash.flash(tmp_path / "no-image.img", "/dev/null", yes=True)


# ---- the image's pieces that need no firmware -------------------------------

def test_mbr_round_trip_and_chs():
    sector = sdcard.mbr([(2048, 129024, 0x0C)], 0x12345678)
    assert len(sector) == 512 and sector[510:] == b"\x55\xaa"
    assert sector[440:444] == bytes.fromhex("78563412")
    assert sdcard.parse_mbr(sector) == [(0x00, 0x0C, 2048, 129024)]
    assert sdcard.chs(2048) == bytes([32, 33, 0])           # head 32, sector 33, cylinder 0
    assert sdcard.chs(10 ** 9) == bytes([254, 0xFF, 0xFF])   # out of CHS range
    with pytest.raises(ValueError):
        sdcard.parse_mbr(bytes(512))


def test_image_size_is_a_power_of_two_with_room():
    MiB = 1 << 20
    assert sdcard.image_size(3 * MiB) == 64 * MiB
    assert sdcard.image_size(96 * MiB) == 128 * MiB
    assert sdcard.image_size(120 * MiB) == 256 * MiB       # keeps at least 16 MiB free
    for n in (1, 50 * MiB, 300 * MiB):
        size = sdcard.image_size(n)
        assert size & (size - 1) == 0 and size - sdcard.PARTITION_START - n >= sdcard.SLACK


def test_config_txt_recipe_is_checked(tmp_path):
    text = sdcard.config_text(ROOT / "images/rpi4/config.txt")
    assert "arm_64bit=1" in text and "kernel=kernel8.img" in text and "enable_uart=1" in text
    bad = tmp_path / "config.txt"
    bad.write_text("arm_64bit=0\nkernel=kernel8.img\nenable_uart=1\n")
    with pytest.raises(sdcard.SdCardError, match="arm_64bit=1"):
        sdcard.config_text(bad)


def test_missing_firmware_dir_files_are_named(tmp_path):
    (tmp_path / "start4.elf").write_bytes(b"x")
    with pytest.raises(sdcard.SdCardError, match="fixup4.dat is missing"):
        sdcard.firmware(tmp_path)
