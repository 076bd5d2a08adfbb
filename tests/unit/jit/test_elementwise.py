"""Element-wise stencils: IEEE single ops, so results are bit-exact."""

import ctypes
import struct

import numpy as np
import pytest

from jit_markers import native_avx2, native_x86
from tensoros.jit import library
from tensoros.jit.elementwise import OPS
from tensoros.jit.emulator import Arm64Machine
from tensoros.jit.executable import ExecutableCode

COUNTS = [0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 100, 1027]
SCALE = np.float32(-1.7)


def expected(op, a, b):
    return {"add": a + b, "mul": a * b, "scale": a * SCALE, "relu": np.maximum(a, np.float32(0))}[op]


def values(op, count):
    result = {"count": count}
    if op == "scale":
        result["scale_bits"] = struct.unpack("<I", struct.pack("<f", SCALE))[0]
    return result


def inputs(count, rng):
    # Extra elements after `count` catch writes past the end.
    a = rng.standard_normal(count + 9).astype(np.float32)
    b = rng.standard_normal(count + 9).astype(np.float32)
    return a, b


@pytest.mark.parametrize("isa", [pytest.param("avx2", marks=native_avx2), pytest.param("sse2", marks=native_x86)])
@pytest.mark.parametrize("op", OPS)
def test_elementwise_native(op, isa):
    stencil = library.stencil_named(f"{op}_{isa}")
    rng = np.random.default_rng(30)
    for count in COUNTS:
        a, b = inputs(count, rng)
        out = np.full(count + 9, 7.0, np.float32)
        code = ExecutableCode(stencil, values(op, count))
        run = code.function(None, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p)
        # Unaligned starts (offset by one float) as well as aligned ones.
        run(a[1:].ctypes.data, b[1:].ctypes.data if op in ("add", "mul") else None, out[1:].ctypes.data)
        code.close()
        assert np.array_equal(out[1:count + 1], expected(op, a[1:count + 1], b[1:count + 1]))
        assert out[0] == 7.0 and np.all(out[count + 1:] == 7.0)


@pytest.mark.parametrize("op", OPS)
def test_elementwise_neon_in_unicorn(op):
    stencil = library.stencil_named(f"{op}_neon")
    machine = Arm64Machine()
    rng = np.random.default_rng(31)
    for count in COUNTS[:13]:
        machine.reset_arena()
        a, b = inputs(count, rng)
        a_address, b_address = machine.put(a) + 4, machine.put(b) + 4
        out = machine.put(np.full(count + 9, 7.0, np.float32))
        machine.call(stencil, values(op, count), a_address, b_address if op in ("add", "mul") else 0, out + 4)
        result = np.frombuffer(machine.get(out, 4 * (count + 9)), np.float32)
        assert np.array_equal(result[1:count + 1], expected(op, a[1:count + 1], b[1:count + 1]))
        assert result[0] == 7.0 and np.all(result[count + 1:] == 7.0)
