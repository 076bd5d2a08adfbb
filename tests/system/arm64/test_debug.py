"""`tensoros debug --board virt|rpi4`: QEMU stopped at the first
instruction, gdb-multiarch attached, stopped at kmain with the kernel's
symbols."""

import argparse
import shutil

import pytest

from conftest import require
from tensoros import arm64 as tarm64
from tensoros.debug import port_free


@pytest.mark.parametrize("board_name", ["virt", "rpi4"])
def test_gdb_stops_at_kmain(board_name, capfd):
    require(board_name)
    if not shutil.which("gdb-multiarch"):
        pytest.skip("gdb-multiarch is not installed (apt-get install gdb-multiarch)")
    port = next(p for p in range(23400, 23500, 2) if port_free(p) and port_free(p + 1))
    args = argparse.Namespace(board=board_name, debug=False, port=port, cpu=None, memory="512M", accel="tcg",
                              breakpoint="kmain", gdb_batch=["bt", "p info->board", "p/x $sp"])
    assert tarm64.debug(args) == 0
    out = capfd.readouterr().out
    assert "kmain (info=" in out, out
    assert "in arch_start" in out, out
    assert f'"{board_name}"' in out, out
