"""SGEMM stencils against numpy: natively (x86) and in unicorn (NEON)."""

import ctypes

import numpy as np
import pytest

from jit_markers import native_avx2, native_x86
from tensoros.jit import library
from tensoros.jit.emulator import Arm64Machine
from tensoros.jit.executable import ExecutableCode, aligned_empty
from tensoros.jit.sgemm import Sgemm, pack_a_reference, pack_b_reference, sgemm_hole_values

SHAPES = [(1, 1, 1), (1, 7, 1), (5, 3, 17), (6, 16, 16), (7, 9, 33), (12, 64, 32), (13, 1, 15),
          (31, 29, 47), (64, 4, 64), (97, 301, 63), (100, 257, 129), (217, 513, 33), (250, 40, 511)]


def bound(a, b):
    """f32 error bound for a length-k dot product: k * eps * sum|a||b|."""
    k = a.shape[1]
    return 2 * k * np.finfo(np.float32).eps * (np.abs(a) @ np.abs(b)) + 1e-30


def check(c, a, b):
    reference = a.astype(np.float64) @ b.astype(np.float64)
    assert c.shape == reference.shape
    assert np.all(np.abs(c - reference) <= bound(a, b)), np.abs(c - reference).max()


@pytest.mark.parametrize("isa", [pytest.param("avx2", marks=native_avx2), pytest.param("sse2", marks=native_x86)])
def test_sgemm_native_shapes(isa):
    rng = np.random.default_rng(1)
    # Small blocking so that several kc/mc/nc blocks and edges are crossed.
    for blocking in (None, (12, 8, 32)):
        sgemm = Sgemm(isa, blocking)
        for m, k, n in SHAPES:
            a = rng.standard_normal((m, k), dtype=np.float32)
            b = rng.standard_normal((k, n), dtype=np.float32)
            check(sgemm(a, b), a, b)


@native_x86
def test_sgemm_strided_and_empty():
    sgemm = Sgemm("sse2")
    rng = np.random.default_rng(2)
    big = rng.standard_normal((40, 50), dtype=np.float32)
    a, b = big[3:20, 5:30], big[1:26, 7:44]      # views: copied to contiguous
    check(sgemm(a, b), a, b)
    assert sgemm(np.ones((3, 0), np.float32), np.ones((0, 4), np.float32)).tolist() == [[0] * 4] * 3


@native_avx2
def test_pack_stencils_match_reference():
    sgemm = Sgemm("avx2")
    rng = np.random.default_rng(3)
    for rows, kc in [(6, 1), (6, 4), (12, 7), (30, 33), (216, 256)]:
        a = rng.standard_normal((rows + 3, kc + 5), dtype=np.float32)
        packed = sgemm._pack_a(a, 0, rows, 2, kc, rows)
        assert np.array_equal(packed, pack_a_reference(a[:rows, 2:2 + kc], 6, rows // 6))
    for kc, cols in [(1, 16), (5, 32), (33, 48), (256, 160)]:
        b = rng.standard_normal((kc + 2, cols + 7), dtype=np.float32)
        packed = sgemm._pack_b(b, 1, kc, 0, cols, cols)
        assert np.array_equal(packed, pack_b_reference(b[1:1 + kc, :cols], 16, cols // 16))


@native_avx2
def test_macro_kernel_accumulates_and_overwrites():
    stencil = library.stencil_named("sgemm_avx2_6x16")
    rng = np.random.default_rng(4)
    kc, m_tiles, n_tiles = 11, 2, 3
    a = rng.standard_normal((12, kc), dtype=np.float32)
    b = rng.standard_normal((kc, 48), dtype=np.float32)
    a_packed, b_packed = pack_a_reference(a, 6, 2), pack_b_reference(b, 16, 3)
    c = aligned_empty((12, 50), np.float32)          # ldc wider than the tile area
    c[...] = 1.0
    code = ExecutableCode(stencil, sgemm_hole_values(6, 16, kc, m_tiles, n_tiles, 50 * 4))
    run = code.function(None, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_long)
    run(a_packed.ctypes.data, b_packed.ctypes.data, c.ctypes.data, 0)
    assert np.allclose(c[:, :48], 1.0 + a @ b, atol=1e-4)
    assert np.all(c[:, 48:] == 1.0)                  # untouched beyond the tiles
    run(a_packed.ctypes.data, b_packed.ctypes.data, c.ctypes.data, 1)
    assert np.allclose(c[:, :48], a @ b, atol=1e-4)
    code.close()


def test_sgemm_neon_in_unicorn():
    stencil = library.stencil_named("sgemm_neon_8x12")
    machine = Arm64Machine()
    rng = np.random.default_rng(5)
    for m, k, n in [(1, 1, 1), (8, 4, 12), (9, 7, 13), (17, 3, 25), (16, 33, 36), (5, 20, 50)]:
        a = rng.standard_normal((m, k), dtype=np.float32)
        b = rng.standard_normal((k, n), dtype=np.float32)
        m_tiles, n_tiles = -(-m // 8), -(-n // 12)
        ldc = n_tiles * 12 + 3                        # a C wider than the tiles
        start = rng.standard_normal((m_tiles * 8, ldc), dtype=np.float32)
        for overwrite in (0, 1):
            machine.reset_arena()
            a_address = machine.put(pack_a_reference(a, 8, m_tiles))
            b_address = machine.put(pack_b_reference(b, 12, n_tiles))
            c_address = machine.put(start)
            machine.call(stencil, sgemm_hole_values(8, 12, k, m_tiles, n_tiles, ldc * 4),
                         a_address, b_address, c_address, overwrite)
            c = np.frombuffer(machine.get(c_address, start.nbytes), np.float32).reshape(start.shape)
            expected = (0 if overwrite else start[:m, :n].astype(np.float64)) + a.astype(np.float64) @ b
            assert np.all(np.abs(c[:m, :n] - expected) <= bound(a, b) + 4e-7 * np.abs(expected))
            assert np.array_equal(c[:, n_tiles * 12:], start[:, n_tiles * 12:])
