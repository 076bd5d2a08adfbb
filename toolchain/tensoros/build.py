"""Compile and link a board's kernel, rebuilding only what changed.

Each object remembers the command that made it (a `.cmd` file) and the
headers it read (the compiler's `.d` file); it is rebuilt when the command
changes or any of those files is newer than it. A failing step names the
step and the exact command.
"""

import concurrent.futures
import contextlib
import fcntl
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

from .boards import BOARDS, Board
from .paths import ROOT, board_dir


class BuildError(Exception):
    def __init__(self, step, command, output=""):
        self.step, self.command, self.output = step, command, output
        super().__init__(f"build failed at step '{step}'\n  command: {shlex.join(command)}\n{output}")


def tool(name):
    """clang/ld.lld may carry a version suffix on Debian (clang-14)."""
    for candidate in (name, f"{name}-14", f"{name}-15", f"{name}-16", f"{name}-17", f"{name}-18", f"{name}-19"):
        for d in os.environ.get("PATH", "").split(os.pathsep):
            if d and os.access(os.path.join(d, candidate), os.X_OK):
                return candidate
    raise BuildError(f"find {name}", [name], f"{name} is not installed: run `make setup` (or apt-get install clang lld nasm)")


def sources_of(board: Board):
    found = []
    for pattern in board.sources:
        matches = sorted(ROOT.glob(pattern))
        found += [m.relative_to(ROOT) for m in matches if m.is_file()]
    return found


def read_depfile(path: Path):
    """Files a `.d` (make syntax) lists as prerequisites."""
    try:
        text = path.read_text()
    except OSError:
        return None
    text = text.replace("\\\n", " ")
    _, _, deps = text.partition(":")
    out, word = [], ""
    i = 0
    while i < len(deps):       # spaces in names are escaped with a backslash
        c = deps[i]
        if c == "\\" and i + 1 < len(deps) and deps[i + 1] == " ":
            word += " "
            i += 2
            continue
        if c.isspace():
            if word:
                out.append(word)
            word = ""
        else:
            word += c
        i += 1
    if word:
        out.append(word)
    return out


def up_to_date(target: Path, command, depfile: Path):
    cmdfile = target.with_suffix(target.suffix + ".cmd")
    if not target.exists() or not cmdfile.exists():
        return False
    if cmdfile.read_text() != shlex.join(command):
        return False
    deps = read_depfile(depfile) if depfile else []
    if deps is None:
        return False
    mtime = target.stat().st_mtime
    for dep in deps:
        p = Path(dep) if os.path.isabs(dep) else ROOT / dep
        try:
            if p.stat().st_mtime > mtime:
                return False
        except OSError:
            return False
    return True


def run_step(step, command, target: Path, verbose):
    if verbose:
        print(shlex.join(command))
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        raise BuildError(step, command, (proc.stdout + proc.stderr).rstrip())
    if proc.stderr.strip():
        sys.stderr.write(proc.stderr)
    target.with_suffix(target.suffix + ".cmd").write_text(shlex.join(command))


def compile_command(board: Board, src: Path, obj: Path, dep: Path, debug: bool, extra_flags=()):
    if src.suffix == ".asm":
        return ["nasm", "-f", board.nasm_format, "-g", "-F", "dwarf", "-MD", str(dep), "-o", str(obj), str(src)]
    defines = ["-DCONFIG_DEBUG=1"] if debug else []
    return [tool("clang"), *board.cflags, *extra_flags, *defines, "-MMD", "-MF", str(dep), "-c", str(src),
            "-o", str(obj)]


def generate_jit_stencils(gen_dir: Path):
    """The JIT's stencil library (stencils.h, stencils.c), remade when the
    generators' source text changed (a hash, not mtimes: a process that had
    imported older generators must not stamp their output as current); files
    are rewritten only when their text changes."""
    import hashlib
    from .jit import library
    sources = sorted((ROOT / "toolchain/tensoros/jit").glob("*.py"))
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()
    outputs = [gen_dir / "stencils.h", gen_dir / "stencils.c"]
    stamp = gen_dir / "stencils.stamp"     # the hash of the generators that made the outputs
    if all(p.exists() for p in outputs) and stamp.exists() and stamp.read_text() == digest:
        return [gen_dir / "stencils.c"]
    stencils = library.all_stencils()
    texts = {outputs[0]: library.c_header(stencils), outputs[1]: library.c_source(library.build_library(stencils))}
    gen_dir.mkdir(parents=True, exist_ok=True)
    for path, text in texts.items():
        if not path.exists() or path.read_text() != text:
            print(f"  {'GEN':6}{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}", flush=True)
            path.write_text(text)
    stamp.write_text(digest)
    return [gen_dir / "stencils.c"]


def generate_frozen_runtime(gen_dir: Path):
    """The frozen runtime bundle (frozen.bin) and frozen.c embedding it."""
    from .freeze import generate_frozen_runtime as generate
    return generate(gen_dir)


def generate_unicode_tables(gen_dir: Path):
    """The VM str's Unicode tables (unicode_db.c) from the host's unicodedata."""
    from .unicode_tables import generate_vm_tables
    return generate_vm_tables(gen_dir)


GENERATORS = {"jit_stencils": generate_jit_stencils, "frozen_runtime": generate_frozen_runtime,
              "unicode_tables": generate_unicode_tables}


@contextlib.contextmanager
def board_lock(out_dir: Path):
    """One build of a board directory at a time: two `tensoros build` (or a
    test and a developer) writing the same objects would corrupt them."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / ".build-lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def build(board_name: str, debug: bool = False, verbose: bool = False, jobs: int = 0) -> Path:
    """Builds a board and returns the path of its linked program."""
    with board_lock(board_dir(board_name, debug)):
        return build_locked(board_name, debug, verbose, jobs)


def build_locked(board_name: str, debug: bool, verbose: bool, jobs: int) -> Path:
    board = BOARDS[board_name]
    out_dir = board_dir(board_name, debug)
    obj_dir = out_dir / "obj"
    started = time.monotonic()
    work = []
    objects = []
    gen_dir = out_dir / "gen"
    generated = []
    for name in board.generated:
        generated += GENERATORS[name](gen_dir)
    rel = lambda p: p.relative_to(ROOT) if p.is_relative_to(ROOT) else p   # noqa: E731
    gen_flags = ["-I" + str(rel(gen_dir))] if board.generated else []
    for src in sources_of(board) + [rel(p) for p in generated]:
        name = f"gen/{src.name}" if src.is_relative_to(rel(gen_dir)) else str(src)
        obj = obj_dir / (name + ".o")
        dep = obj_dir / (name + ".d")
        obj.parent.mkdir(parents=True, exist_ok=True)
        cmd = compile_command(board, src, obj.relative_to(ROOT) if obj.is_relative_to(ROOT) else obj, dep, debug,
                              gen_flags)
        objects.append(obj)
        if not up_to_date(obj, cmd, dep):
            work.append((src, obj, cmd))

    with concurrent.futures.ThreadPoolExecutor(jobs or os.cpu_count() or 2) as pool:
        futures = {}
        for src, obj, cmd in work:
            kind = "AS" if src.suffix == ".asm" else "CC"
            print(f"  {kind:6}{src}", flush=True)
            futures[pool.submit(run_step, f"compile {src}", cmd, obj, verbose)] = src
        errors = []
        for f in concurrent.futures.as_completed(futures):
            if f.exception():
                errors.append(f.exception())
        if errors:
            raise errors[0]

    output = out_dir / board.output
    link = [tool("ld.lld"), *board.ldflags]
    if board.linker_script:
        link += ["-T", board.linker_script]
    link += ["-o", str(output.relative_to(ROOT) if output.is_relative_to(ROOT) else output)]
    link += [str(o.relative_to(ROOT) if o.is_relative_to(ROOT) else o) for o in objects]
    link_inputs = [str(o) for o in objects] + ([str(ROOT / board.linker_script)] if board.linker_script else [])
    link_dep = out_dir / "link.d"
    link_dep.write_text(f"{output}: " + " ".join(link_inputs) + "\n")
    if work or not up_to_date(output, link, link_dep):
        print(f"  {'LD':6}{output.relative_to(ROOT)}", flush=True)
        run_step("link", link, output, verbose)
        for check in board.checks:
            from . import elfcheck
            problems = elfcheck.check(output, check)
            if problems:
                output.unlink()
                raise BuildError(f"check {check}", ["tensoros", "check", str(output)],
                                 "\n".join(f"  - {p}" for p in problems))
    if board.raw_image:
        image = out_dir / board.raw_image
        if not image.exists() or image.stat().st_mtime < output.stat().st_mtime:
            from .rawimage import make_raw_image
            print(f"  {'IMAGE':6}{image.relative_to(ROOT) if image.is_relative_to(ROOT) else image}", flush=True)
            make_raw_image(output, image)
    if work:
        print(f"  built {output.relative_to(ROOT)} in {time.monotonic() - started:.1f} s", flush=True)
    return output
