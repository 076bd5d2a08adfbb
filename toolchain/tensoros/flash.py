"""`tensoros flash --device /dev/sdX`: writes the SD card image to a card.

Before writing, the target must pass every check (`problems`):

* it is a block device, the whole disk (not a partition), not read-only,
  has a medium, and is at least as large as the image;
* it is not a system disk: it does not hold /, /boot, /boot/efi,
  /boot/firmware or an active swap area (through partitions, device mapper
  or md: the `slaves` links are followed);
* neither it nor any of its partitions is mounted, or held by another
  device (`holders`: LVM, dm-crypt, md);
* it is removable media: /sys/block/DEV/removable is 1, or it is an SD/MMC
  card (a built-in card reader's mmcblkN reports removable 0); and it is at
  most 256 GB. These two, and only these, give way to --force.

A loop device is not removable (removable = 0), so it is refused unless
--force is given: that is how the tests write a real block device without
touching a disk (a loop device on a file they made). Regular files are
always refused.

Then it shows the disk (model, size, partitions), asks for the device's name
to be typed (--yes skips that), writes with progress, fsyncs, drops the
device's cached pages and reads the image back, comparing SHA-256 digests.

`sysfs_root` / `procfs_root` (hidden options --sysfs-root, --procfs-root)
point the checks at fake trees for tests.
"""

import errno
import fcntl
import hashlib
import os
import shutil
import stat
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .paths import board_dir

MAX_SIZE_WITHOUT_FORCE = 256 * 1000 ** 3        # 256 GB, as cards are sold
CHUNK = 4 << 20
SYSTEM_MOUNTS = ("/", "/boot", "/boot/efi", "/boot/firmware")
BLKRRPART = 0x125F                               # ioctl: re-read the partition table


class FlashError(Exception):
    pass


@dataclass
class Disk:
    """What sysfs and procfs say about one whole disk."""
    name: str                       # kernel name: sdb, mmcblk0, loop3
    size: int                       # bytes
    removable: bool
    read_only: bool
    model: str = ""
    card: bool = False              # an SD/MMC card
    partitions: list = field(default_factory=list)      # [(name, bytes)]
    mounts: list = field(default_factory=list)          # [(device, mount point)] of it or its partitions
    system: list = field(default_factory=list)          # why it is a system disk
    holders: list = field(default_factory=list)         # [(own partition or itself, holder)]
    backing_file: str = ""          # a loop device's file
    is_partition: bool = False


def _read(path, default=""):
    try:
        return Path(path).read_text().strip()
    except OSError:
        return default


def human(n):
    for unit, size in (("TB", 1000 ** 4), ("GB", 1000 ** 3), ("MB", 1000 ** 2), ("kB", 1000)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} B"


class System:
    """The kernel's view of block devices, read from (possibly fake) sysfs and procfs."""

    def __init__(self, sysfs_root="/sys", procfs_root="/proc"):
        self.sys = Path(sysfs_root)
        self.proc = Path(procfs_root)

    def class_block(self, name):
        return self.sys / "class" / "block" / name

    def exists(self, name):
        return self.class_block(name).exists()

    def is_partition(self, name):
        return (self.class_block(name) / "partition").exists()

    def whole_disk(self, name):
        """The disk a partition belongs to (the parent folder in sysfs), or name itself."""
        if self.is_partition(name):
            return self.class_block(name).resolve().parent.name
        return name

    def partitions(self, disk):
        d = self.class_block(disk).resolve()
        out = []
        if d.is_dir():
            for child in sorted(d.iterdir()):
                if (child / "partition").exists():
                    out.append(child.name)
        return out

    def slaves(self, name):
        d = self.class_block(name) / "slaves"
        return sorted(p.name for p in d.iterdir()) if d.is_dir() else []

    def holders(self, name):
        d = self.class_block(name) / "holders"
        return sorted(p.name for p in d.iterdir()) if d.is_dir() else []

    def disks_under(self, name, seen=None):
        """The whole disks a block device (partition, dm, md...) lives on."""
        seen = seen if seen is not None else set()
        if name in seen or not self.exists(name):
            return set()
        seen.add(name)
        disk = self.whole_disk(name)
        under = set()
        for slave in self.slaves(name) + (self.slaves(disk) if disk != name else []):
            under |= self.disks_under(slave, seen)
        return under or {disk}

    def name_of_path(self, dev_path):
        """Kernel name of a /dev path: by device number through /sys/dev/block
        when the node exists, else by its file name (fake trees, /dev/mapper links)."""
        try:
            st = os.stat(dev_path)
            if stat.S_ISBLK(st.st_mode):
                link = self.sys / "dev" / "block" / f"{os.major(st.st_rdev)}:{os.minor(st.st_rdev)}"
                if link.exists():
                    return link.resolve().name
        except OSError:
            pass
        name = Path(dev_path).name
        return name if self.exists(name) else None

    def name_of_dev_number(self, dev):
        link = self.sys / "dev" / "block" / f"{os.major(dev)}:{os.minor(dev)}"
        return link.resolve().name if link.exists() else None

    def mounts(self):
        """[(source, mount point)] from /proc/mounts."""
        out = []
        for line in _read(self.proc / "mounts").splitlines():
            fields = line.split()
            if len(fields) >= 2:
                out.append((fields[0], fields[1].replace("\\040", " ")))
        return out

    def swaps(self):
        lines = _read(self.proc / "swaps").splitlines()[1:]
        return [line.split()[0] for line in lines if line.split()]

    def describe(self, name, root_dev=None):
        """A Disk for kernel name `name`. root_dev: st_dev of / (the real
        system's; None for fake trees)."""
        if not self.exists(name):
            raise FlashError(f"{name}: no such block device in {self.sys}/class/block")
        base = self.class_block(name)
        sectors = int(_read(base / "size", "0") or 0)
        model = " ".join(x for x in (_read(base / "device" / "vendor"), _read(base / "device" / "model")) if x)
        card_type = _read(base / "device" / "type")
        disk = Disk(name=name, size=sectors * 512, removable=_read(base / "removable") == "1",
                    read_only=_read(base / "ro") == "1", model=model, card=card_type in ("SD", "MMC"),
                    backing_file=_read(base / "loop" / "backing_file"), is_partition=self.is_partition(name))
        if disk.card and not disk.model:
            disk.model = f"{card_type} card {_read(base / 'device' / 'name')}".strip()
        disk.partitions = [(p, int(_read(self.class_block(p) / "size", "0") or 0) * 512)
                           for p in self.partitions(name)]
        own = {name} | {p for p, _ in disk.partitions}
        for dev in sorted(own):
            for holder in self.holders(dev):
                disk.holders.append((dev, holder))

        def on_this_disk(source):
            dev_name = self.name_of_path(source) if source.startswith("/dev/") else None
            return dev_name is not None and name in self.disks_under(dev_name)

        for source, point in self.mounts():
            if on_this_disk(source):
                disk.mounts.append((source, point))
                if point in SYSTEM_MOUNTS:
                    disk.system.append(f"{source} is mounted on {point}")
        for swap in self.swaps():
            if on_this_disk(swap):
                disk.system.append(f"{swap} is in use as swap")
        if root_dev is not None:
            root_name = self.name_of_dev_number(root_dev)
            if root_name and name in self.disks_under(root_name) and not disk.system:
                disk.system.append(f"/dev/{root_name} holds the root file system")
        return disk


def problems(disk: Disk, image_size: int, force=False, image_path=None):
    """Why `disk` must not be written (empty: it may). --force lifts only the
    removable and size checks."""
    out = []
    if disk.is_partition:
        out.append(f"/dev/{disk.name} is a partition: give the whole disk")
    if disk.system:
        out.append(f"/dev/{disk.name} is a system disk: " + "; ".join(disk.system))
    if disk.mounts and not disk.system:
        out.append(f"/dev/{disk.name} is mounted: " + "; ".join(f"{s} on {p}" for s, p in disk.mounts)
                   + " (unmount it first)")
    if disk.holders:
        out.append(f"/dev/{disk.name} is in use by " + ", ".join(f"{h} (through {d})" for d, h in disk.holders))
    if disk.read_only:
        out.append(f"/dev/{disk.name} is read-only (an SD card's lock switch?)")
    if disk.size == 0:
        out.append(f"/dev/{disk.name} has no medium (size 0)")
    elif disk.size < image_size:
        out.append(f"/dev/{disk.name} ({human(disk.size)}) is smaller than the image ({human(image_size)})")
    if image_path and disk.backing_file:
        try:
            if Path(disk.backing_file).resolve() == Path(image_path).resolve():
                out.append(f"/dev/{disk.name} is a loop device on the image itself")
        except OSError:
            pass
    if not force:
        if not (disk.removable or disk.card):
            out.append(f"/dev/{disk.name} is not removable media (removable=0): if you are sure, --force")
        if disk.size > MAX_SIZE_WITHOUT_FORCE:
            out.append(f"/dev/{disk.name} is {human(disk.size)}, over 256 GB: rarely an SD card; "
                       "if you are sure, --force")
    return out


def target(device, system: System, root_dev=None):
    """The Disk behind a /dev path, after checking it is a block device."""
    try:
        st = os.stat(device)
    except OSError as e:
        raise FlashError(f"{device}: {e.strerror}")
    if not stat.S_ISBLK(st.st_mode):
        kind = "a regular file" if stat.S_ISREG(st.st_mode) else "not a block device"
        raise FlashError(f"{device} is {kind}: flash writes only to a block device (an SD card: /dev/sdX, "
                         "/dev/mmcblkN). To get the image as a file, use build/rpi4/sdcard.img itself")
    name = system.name_of_path(device)
    if name is None:
        raise FlashError(f"{device}: block device {os.major(st.st_rdev)}:{os.minor(st.st_rdev)} is not in "
                         f"{system.sys}/dev/block")
    return system.describe(name, root_dev=root_dev)


def show(disk: Disk, device, image: Path, image_size: int, out=sys.stdout):
    kind = "removable" if disk.removable else ("SD/MMC card" if disk.card else "NOT removable")
    print(f"Target: {device} ({disk.name}): {disk.model or 'unknown model'}, {human(disk.size)}, {kind}"
          + (f", loop device on {disk.backing_file}" if disk.backing_file else ""), file=out)
    details = {}
    if shutil.which("lsblk"):
        proc = subprocess.run(["lsblk", "-nrbo", "NAME,FSTYPE,LABEL", f"/dev/{disk.name}"],
                              capture_output=True, text=True)
        for line in proc.stdout.splitlines():
            fields = line.split(" ")
            details[fields[0]] = " ".join(f.replace("\\x20", " ") for f in fields[1:] if f)
    if disk.partitions:
        print("Everything on it will be overwritten:", file=out)
        for name, size in disk.partitions:
            print(f"  /dev/{name}  {human(size)}  {details.get(name, '')}".rstrip(), file=out)
    else:
        what = details.get(disk.name, "")
        print(f"It has no partitions{f' ({what})' if what else ''}; its first {human(image_size)} will be "
              "overwritten.", file=out)
    print(f"Image: {image} ({human(image_size)})", file=out)


def confirm(disk: Disk, device, stream=sys.stdin):
    print(f"Type the device name ({disk.name}) to overwrite it, anything else to stop: ", end="", flush=True)
    answer = stream.readline()
    if not (hasattr(stream, "isatty") and stream.isatty()):
        print(answer.strip() if answer.strip() else "")   # echo a piped answer
    answer = answer.strip()
    return answer in (disk.name, f"/dev/{disk.name}", device)


def _progress(done, total, started, label, out=sys.stderr):
    elapsed = max(time.monotonic() - started, 1e-6)
    out.write(f"\r  {label} {done / 1e6:7.1f} / {total / 1e6:.1f} MB  {done / elapsed / 1e6:6.1f} MB/s")
    out.flush()


def write_and_verify(image: Path, device, out=sys.stderr):
    """Writes image to device, fsyncs, reads it back; returns (sha256 hex, seconds)."""
    size = image.stat().st_size
    written = hashlib.sha256()
    started = time.monotonic()
    flags = os.O_WRONLY | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)   # O_EXCL: the kernel refuses a device in use
    try:
        fd = os.open(device, flags)
    except OSError as e:
        if e.errno == errno.EBUSY:
            raise FlashError(f"{device} is busy (mounted or held by another device)")
        raise FlashError(f"cannot open {device} for writing: {e.strerror}")
    try:
        done = 0
        last = 0.0
        with open(image, "rb") as src:
            while True:
                chunk = src.read(CHUNK)
                if not chunk:
                    break
                written.update(chunk)
                view = memoryview(chunk)
                while view:
                    n = os.write(fd, view)
                    view = view[n:]
                done += len(chunk)
                if time.monotonic() - last > 0.2 or done == size:
                    _progress(done, size, started, "written", out)
                    last = time.monotonic()
        out.write("\n  syncing...")
        out.flush()
        os.fsync(fd)
        out.write(" done\n")
        try:
            fcntl.ioctl(fd, BLKRRPART)      # let the host see the new partition table
        except OSError:
            pass
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)   # read back from the device, not the cache
        except (OSError, AttributeError):
            pass
    finally:
        os.close(fd)
    write_seconds = time.monotonic() - started

    started = time.monotonic()
    read = hashlib.sha256()
    fd = os.open(device, os.O_RDONLY)
    try:
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        except (OSError, AttributeError):
            pass
        done, last = 0, 0.0
        while done < size:
            chunk = os.read(fd, min(CHUNK, size - done))
            if not chunk:
                raise FlashError(f"{device} ended after {done} bytes while reading back")
            read.update(chunk)
            done += len(chunk)
            if time.monotonic() - last > 0.2 or done == size:
                _progress(done, size, started, "verified", out)
                last = time.monotonic()
        out.write("\n")
    finally:
        os.close(fd)
    if read.digest() != written.digest():
        raise FlashError(f"verification FAILED: {device} reads back SHA-256 {read.hexdigest()}, the image is "
                         f"{written.hexdigest()}: the card may be faulty or counterfeit")
    return written.hexdigest(), write_seconds


def flash(image, device, *, force=False, yes=False, sysfs_root="/sys", procfs_root="/proc",
          stdin=sys.stdin, out=sys.stdout):
    image = Path(image)
    if not image.is_file():
        raise FlashError(f"{image} does not exist: make it with `tensoros sdcard`")
    size = image.stat().st_size
    system = System(sysfs_root, procfs_root)
    root_dev = os.stat("/").st_dev if str(sysfs_root) == "/sys" else None
    disk = target(device, system, root_dev=root_dev)
    found = problems(disk, size, force=force, image_path=image)
    if found:
        raise FlashError(f"refusing to write {device}:\n" + "\n".join(f"  - {p}" for p in found))
    show(disk, device, image, size, out=out)
    if not yes and not confirm(disk, device, stdin):
        raise FlashError("not confirmed: nothing was written")
    digest, seconds = write_and_verify(image, device)
    print(f"Wrote {human(size)} to {device} in {seconds:.1f} s ({size / max(seconds, 1e-6) / 1e6:.1f} MB/s) "
          f"and read it back: identical "
          f"(SHA-256 {digest}).", file=out)
    return digest


def add_arguments(p):
    p.add_argument("--device", required=True, help="the SD card's whole block device, e.g. /dev/sdb or /dev/mmcblk0")
    p.add_argument("--image", help="the image to write (default build/rpi4/sdcard.img)")
    p.add_argument("--force", action="store_true",
                   help="also write a disk that is not removable media or is over 256 GB (never a mounted "
                        "or system disk)")
    p.add_argument("-y", "--yes", action="store_true", help="do not ask for the device name (scripts)")
    import argparse
    p.add_argument("--sysfs-root", default="/sys", help=argparse.SUPPRESS)
    p.add_argument("--procfs-root", default="/proc", help=argparse.SUPPRESS)


def run(args):
    image = Path(args.image) if args.image else board_dir("rpi4") / "sdcard.img"
    try:
        flash(image, args.device, force=args.force, yes=args.yes, sysfs_root=args.sysfs_root,
              procfs_root=args.procfs_root)
    except FlashError as e:
        print(f"tensoros flash: {e}", file=sys.stderr)
        return 1
    return 0
