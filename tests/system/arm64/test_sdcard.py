"""The Raspberry Pi 4 SD card image (`tensoros sdcard`), read back with mtools:
the MBR (parsed here), the FAT32 boot partition, the firmware, config.txt,
kernel8.img byte-identical to the build, the default model; then QEMU's
raspi4b booted with the card attached. The full image (98 MB model) is built
once per session; the others are --no-model."""

import hashlib
import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from arm64_machine import unsupported_reason
from tensoros import arm64 as tarm64
from tensoros import paths, sdcard

MiB = 1 << 20
FIRMWARE = ["start4.elf", "fixup4.dat", "bcm2711-rpi-4-b.dtb", "LICENCE.broadcom"]


def image(board):
    """(kernel ELF, kernel8.img): build() is incremental, so this is cheap after the first time
    (not conftest.image: a bare `conftest` import can meet another folder's conftest)."""
    return tarm64.build_image(board)


def _skip_without(tool):
    if not shutil.which(tool):
        pytest.skip(f"{tool} is not installed (package mtools): run `make setup`")


def _make(**kwargs):
    _skip_without("mformat")
    try:
        return sdcard.make_sdcard(quiet=True, **kwargs)
    except sdcard.SdCardError as e:
        if "non-free-firmware" in str(e) or "arm64 architecture" in str(e) or "apt-get is not" in str(e):
            pytest.skip(f"the Raspberry Pi firmware is not available: {e}")
        raise


@pytest.fixture(scope="session")
def full_card():
    """build/rpi4/sdcard.img with the default model."""
    return _make()


@pytest.fixture(scope="session")
def small_card(tmp_path_factory):
    return _make(output=tmp_path_factory.mktemp("sdcard") / "small.img", with_model=False)


def mtools(tool, img, *args):
    proc = subprocess.run([tool, "-i", f"{img}@@{sdcard.PARTITION_START}", *args], capture_output=True,
                          env=dict(os.environ, MTOOLS_SKIP_CHECK="1"))
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    return proc.stdout


def files_on(img, folder="::/"):
    """{long name: size} of a folder of the FAT partition, from `mdir -a` (8.3 line + long name)."""
    out = {}
    for line in mtools("mdir", img, "-a", folder).decode().splitlines():
        m = re.match(r"^(\S+)\s+(\S*)\s+(\d[\d ]*)\s+\d{4}-\d\d-\d\d\s+\d{1,2}:\d\d\s*(.*)$", line)
        if m:
            short = m.group(1) + ("." + m.group(2) if m.group(2) else "")
            out[m.group(4).strip() or short] = int(m.group(3).replace(" ", ""))
    return out


def read_file(img, name, tmp_path):
    dest = tmp_path / Path(name).name
    mtools("mcopy", img, "-n", f"::/{name}", str(dest))
    return dest.read_bytes()


def test_partition_table(small_card):
    data = Path(small_card).read_bytes()
    size = len(data)
    assert size & (size - 1) == 0 and size >= 64 * MiB             # a power of two: QEMU's SD model wants it
    entries = sdcard.parse_mbr(data[:512])                        # also checks 55 AA
    assert len(entries) == 1
    status, ptype, first, count = entries[0]
    assert ptype == 0x0C and first == 2048                         # FAT32 LBA at 1 MiB
    assert (first + count) * 512 == size
    assert struct.unpack_from("<I", data, 440)[0] != 0            # a disk signature
    # The partition's boot sector agrees: FAT32, hidden sectors = its start.
    boot = data[first * 512:first * 512 + 512]
    assert boot[510:512] == b"\x55\xaa" and boot[82:90] == b"FAT32   "
    assert struct.unpack_from("<I", boot, 28)[0] == first
    assert struct.unpack_from("<I", boot, 32)[0] == count
    info = mtools("minfo", small_card, "::").decode()
    assert 'disk type="FAT32   "' in info and 'disk label="TENSOROS   "' in info


def test_firmware_config_and_kernel_are_on_the_card(small_card, tmp_path):
    files = files_on(small_card)
    for name in FIRMWARE + ["config.txt", "kernel8.img"]:
        assert name in files, files
    assert "models" not in files                                   # --no-model
    fw = sdcard.firmware()
    for name in FIRMWARE:
        assert read_file(small_card, name, tmp_path) == fw[name].read_bytes()
    assert files["start4.elf"] > 1 * MiB and read_file(small_card, "bcm2711-rpi-4-b.dtb", tmp_path)[:4] == \
        bytes.fromhex("d00dfeed")

    config = read_file(small_card, "config.txt", tmp_path).decode()
    settings = dict(line.split("=", 1) for line in config.splitlines() if line and not line.startswith("#"))
    assert settings["arm_64bit"] == "1" and settings["kernel"] == "kernel8.img"
    assert settings["enable_uart"] == "1" and settings["kernel_address"] == "0x80000"
    assert (paths.ROOT / "images/rpi4/config.txt").read_text() in config

    _, kernel8 = image("rpi4")
    assert read_file(small_card, "kernel8.img", tmp_path) == Path(kernel8).read_bytes()


def test_full_card_holds_the_default_model(full_card, tmp_path):
    assert Path(full_card) == paths.BUILD / "rpi4" / "sdcard.img"
    model = sdcard.default_model()
    files = files_on(full_card, "::/models")
    assert files == {model.name: model.stat().st_size}, files
    copied = read_file(full_card, f"models/{model.name}", tmp_path)
    assert hashlib.sha256(copied).digest() == hashlib.sha256(model.read_bytes()).digest()
    _, kernel8 = image("rpi4")
    assert read_file(full_card, "kernel8.img", tmp_path) == Path(kernel8).read_bytes()
    assert "config.txt" in files_on(full_card)


def test_image_is_rebuilt_only_when_an_input_changes(tmp_path):
    out = tmp_path / "card.img"
    _make(output=out, with_model=False)
    first = out.stat().st_mtime_ns
    _make(output=out, with_model=False)
    assert out.stat().st_mtime_ns == first                       # nothing changed: not rebuilt
    manifest = out.with_name(out.name + ".inputs")
    manifest.write_text(manifest.read_text().replace('"layout"', '"layout_old"'))
    _make(output=out, with_model=False)
    assert out.stat().st_mtime_ns != first


def test_raspi4b_boots_with_the_card_attached(arm64_machine, small_card):
    reason = unsupported_reason("rpi4")
    if reason:
        pytest.skip(reason)
    m = arm64_machine("rpi4", extra=["-drive", f"file={small_card},if=sd,format=raw,snapshot=on"])
    assert m.run("uptime").startswith("up ")
