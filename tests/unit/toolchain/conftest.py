"""Kernel ELFs for the toolchain's tests (built once per session)."""

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "toolchain"))


def _build(board, debug):
    from tensoros.build import BuildError, build
    try:
        return build(board, debug=debug)
    except BuildError as e:
        if "is not installed" in str(e):
            pytest.skip(str(e).splitlines()[-1])
        raise


@pytest.fixture(scope="session")
def pc_elf():
    return _build("pc", False)


@pytest.fixture(scope="session")
def pc_debug_elf():
    return _build("pc", True)


@pytest.fixture(scope="session")
def hosted_elf():
    return _build("hosted", False)


@pytest.fixture(scope="session")
def elf_symbols(pc_debug_elf):
    """{name: (address, size)} of the debug kernel's functions."""
    from elftools.elf.elffile import ELFFile
    out = {}
    with open(pc_debug_elf, "rb") as f:
        for s in ELFFile(f).get_section_by_name(".symtab").iter_symbols():
            if s["st_info"]["type"] == "STT_FUNC":
                out[s.name] = (s["st_value"], s["st_size"])
    return out


def have(tool):
    return shutil.which(tool) is not None
