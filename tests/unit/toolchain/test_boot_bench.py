"""tensoros bench boot: the floor payload and the figures' summary."""

import shutil
import struct

import pytest

from tensoros import bench


def test_floor_payload_is_a_valid_multiboot_header():
    data = bench.floor_payload()
    magic, flags, checksum, header_addr, load_addr, load_end, bss_end, entry = struct.unpack_from("<8I", data)
    assert magic == 0x1BADB002
    assert (magic + flags + checksum) & 0xFFFFFFFF == 0
    assert flags & 0x10000 and header_addr == load_addr == 0x100000
    assert entry == 0x100000 + 32 and len(data) > 32
    assert data.endswith(b"\xf4\xeb\xfd")               # hlt; jmp hlt


def test_summary():
    s = bench.summary([3.0, 1.0, 2.0, None])
    assert s == {"median": 2.0, "min": 1.0, "max": 3.0, "runs": 3}
    assert bench.summary([1500, 2500], scale=1e-3) == {"median": 2.0, "min": 1.5, "max": 2.5, "runs": 2}
    assert bench.summary([]) is None


@pytest.mark.skipif(not shutil.which("qemu-system-x86_64"), reason="qemu-system-x86_64 is not installed")
def test_floor_run(tmp_path):
    p = tmp_path / "floor.bin"
    p.write_bytes(bench.floor_payload())
    r = bench.floor_once(p)
    assert r["exit_status"] == 1                        # isa-debug-exit: (0 << 1) | 1
    assert 0 < r["qemu_start_to_first_byte_s"] <= r["qemu_start_to_exit_s"] < 10


def test_unknown_benchmark(capsys):
    import argparse
    assert bench.run(argparse.Namespace(name="nonsense", json=False, runs=1)) == 2
    assert "unknown benchmark" in capsys.readouterr().err
