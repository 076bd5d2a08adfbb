"""Quantized matvec stencils: x86 natively, NEON in unicorn, against the
integer reference (exact integer parts, float64 scale products)."""

import numpy as np
import pytest

from jit_markers import native_avx2, native_x86
from tensoros.jit import library, quants
from tensoros.jit.emulator import Arm64Machine
from tensoros.jit.qdot import QuantizedMatvec, qdot_hole_values

X86_CASES = [pytest.param(t, "avx2", marks=native_avx2) for t in ("Q8_0", "Q4_0", "Q4_1", "Q4_K", "Q6_K")]
X86_CASES += [pytest.param(t, "sse2", marks=native_x86) for t in ("Q8_0", "Q4_0")]


def reference(weights, weight_type, activations, rows, columns):
    row_bytes = qdot_hole_values(weight_type, columns)["row_bytes"]
    return np.array([quants.integer_block_dots(weights[r * row_bytes:(r + 1) * row_bytes], weight_type, activations)
                     for r in range(rows)])


def error_bound(weights, weight_type, activations, rows, columns):
    """f32 accumulation of per-block terms: blocks * eps * sum |terms|,
    bounded through the dequantized magnitudes."""
    w = np.abs(quants.dequantize(weights, weight_type).astype(np.float64)).reshape(rows, columns)
    x = np.abs(quants.dequantize(activations, quants.activation_type(weight_type)).astype(np.float64))
    blocks = columns // quants.BLOCK[weight_type][0]
    magnitude = w @ x
    if weight_type == "Q4_1":
        magnitude += np.abs(w).sum(axis=1) * x.max()
    if weight_type == "Q4_K":
        magnitude *= 4
    return (blocks + 8) * 4 * np.finfo(np.float32).eps * magnitude + 1e-12


def make_case(weight_type, rows, columns, rng):
    elements = quants.BLOCK[weight_type][0]
    weights = quants.random_blocks(weight_type, rows * columns // elements, rng)
    x = rng.standard_normal(columns).astype(np.float32)
    activations = quants.quantize_activations(x, quants.activation_type(weight_type))
    return weights, activations


@pytest.mark.parametrize("weight_type,isa", X86_CASES)
def test_qdot_native(weight_type, isa):
    matvec = QuantizedMatvec(weight_type, isa)
    rng = np.random.default_rng(20)
    elements = quants.BLOCK[weight_type][0]
    for rows, blocks in [(1, 1), (1, 2), (2, 3), (5, 7), (3, 16), (17, 5), (1, 33)]:
        columns = blocks * elements
        weights, activations = make_case(weight_type, rows, columns, rng)
        out = matvec.run_quantized(weights, activations, rows, columns)
        expected = reference(weights, weight_type, activations, rows, columns)
        assert np.all(np.abs(out - expected) <= error_bound(weights, weight_type, activations, rows, columns))
    # The float path too: quantize x inside, compare with dequantized math.
    columns = 4 * elements
    weights, _ = make_case(weight_type, 6, columns, rng)
    x = rng.standard_normal(columns).astype(np.float32)
    dense = quants.dequantize(weights, weight_type).reshape(6, columns).astype(np.float64) @ x
    assert np.allclose(matvec(np.frombuffer(weights, np.uint8), x), dense, rtol=0.05, atol=0.05 * np.abs(dense).max())


def exact_case(weight_type, rows, columns, rng):
    """Scales that are powers of two: every product and sum is an exact
    float, so the stencil's integer path must give the exact answer."""
    elements, size = quants.BLOCK[weight_type]
    count = rows * columns // elements
    blocks = np.frombuffer(quants.random_blocks(weight_type, count, rng), np.uint8).copy().reshape(count, size)
    half = lambda value: np.full((count, 1), value, np.float16).view(np.uint8)
    if weight_type in ("Q8_0", "Q4_0"):
        blocks[:, 0:2] = half(0.5)
    elif weight_type == "Q4_1":
        blocks[:, 0:2], blocks[:, 2:4] = half(0.25), half(-2.0)
    elif weight_type == "Q4_K":
        blocks[:, 0:2], blocks[:, 2:4] = half(0.125), half(0.0625)
    elif weight_type == "Q6_K":
        blocks[:, 208:210] = half(0.25)
    activation_type = quants.activation_type(weight_type)
    x = np.asarray(rng.integers(-127, 128, columns), np.float32)
    x[::elements] = 127                               # scale d_x = 1 exactly
    activations = quants.quantize_activations(x, activation_type)
    return blocks.tobytes(), activations


@pytest.mark.parametrize("weight_type,isa", X86_CASES)
def test_qdot_integer_path_exact(weight_type, isa):
    matvec = QuantizedMatvec(weight_type, isa)
    rng = np.random.default_rng(21)
    elements = quants.BLOCK[weight_type][0]
    for rows, blocks in [(1, 1), (3, 2), (4, 5)]:
        weights, activations = exact_case(weight_type, rows, blocks * elements, rng)
        out = matvec.run_quantized(weights, activations, rows, blocks * elements)
        assert np.array_equal(out, reference(weights, weight_type, activations, rows, blocks * elements))


@pytest.mark.parametrize("weight_type", ["Q8_0", "Q4_0"])
def test_qdot_neon_in_unicorn(weight_type):
    stencil = library.stencil_named(f"qdot_{weight_type.lower()}_neon")
    machine = Arm64Machine()
    rng = np.random.default_rng(22)
    for rows, blocks in [(1, 1), (2, 3), (5, 4)]:
        columns = 32 * blocks
        for make in (make_case, exact_case):
            machine.reset_arena()
            weights, activations = make(weight_type, rows, columns, rng)
            w, a = machine.put(weights), machine.put(activations)
            out = machine.put(np.zeros(rows, np.float32))
            machine.call(stencil, qdot_hole_values(weight_type, columns), w, a, out, rows)
            result = np.frombuffer(machine.get(out, 4 * rows), np.float32)
            expected = reference(weights, weight_type, activations, rows, columns)
            if make is exact_case:
                assert np.array_equal(result, expected)
            else:
                assert np.all(np.abs(result - expected) <= error_bound(weights, weight_type, activations, rows, columns))
