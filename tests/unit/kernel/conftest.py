"""Kernel C compiled for the host, with a C test driver: the portable
kernel code (lib/, mm/) is checked natively, fast, without QEMU."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def clang():
    for name in ("clang", "clang-14", "clang-15", "clang-16", "clang-17", "clang-18"):
        if shutil.which(name):
            return name
    pytest.fail("clang is not installed: run `make setup-test`")


@pytest.fixture(scope="session")
def build_host_program(tmp_path_factory):
    """Compiles kernel sources plus a driver into a host executable.
    The kernel's own memcpy/snprintf take precedence over libc's."""
    out_dir = tmp_path_factory.mktemp("kernel-host")

    def build(name, kernel_sources, driver_source, extra_flags=()):
        driver = out_dir / f"{name}.c"
        driver.write_text(driver_source)
        exe = out_dir / name
        cmd = [clang(), "-std=c11", "-O1", "-g", "-fno-builtin", "-I", str(ROOT / "kernel"), "-I", str(ROOT),
               *extra_flags, "-o", str(exe), str(driver), *[str(ROOT / s) for s in kernel_sources]]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        return exe

    return build
