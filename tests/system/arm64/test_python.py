"""The same VM, Python shell and tensor module on the ARM64 boards as on
pc: Python entries, a traceback, the tensor module over the NEON-capable
core; and `tensoros bench boot --board B` for both boards."""

import pytest

from conftest import BOARDS, require


@pytest.mark.parametrize("board_name", BOARDS)
def test_python_in_the_shell(booted, board_name):
    m = booted(board_name)
    assert m.run("x = [i * i for i in range(5)]") == ""
    assert m.run("x") == "[0, 1, 4, 9, 16]\n"
    assert m.run("2 ** 100 // 3") == "422550200076076467165567735125\n"
    assert m.run("import math; math.sqrt(2)") == "1.4142135623730951\n"
    out = m.run("1 / 0")
    assert "ZeroDivisionError: division by zero" in out
    assert m.run("sum(range(1000))") == "499500\n"       # the shell survived


@pytest.mark.parametrize("board_name", BOARDS)
def test_tensor_module(booted, board_name):
    m = booted(board_name)
    assert m.run("import tensor") == ""
    out = m.run("(tensor.ones((2, 3)) @ tensor.ones((3, 2))).tolist()")
    assert out == "[[3.0, 3.0], [3.0, 3.0]]\n"
    out = m.run("tensor.ones((2, 3)) + tensor.ones((4, 3))")
    assert "ValueError" in out and "broadcast" in out


@pytest.mark.parametrize("board_name", BOARDS)
def test_bench_boot_reports_the_board(board_name):
    require(board_name)
    from tensoros.bench import bench_boot_arm64
    r = bench_boot_arm64(board_name, runs=1)
    assert r["board"] == board_name and r["ours"]["exit_status"] == [0]
    assert 0 < r["ours"]["qemu_start_to_prompt_s"]["median"] < 30
    print(board_name, r["ours"]["qemu_start_to_prompt_s"], r["ours"]["kernel_entry_to_prompt_ms"])
