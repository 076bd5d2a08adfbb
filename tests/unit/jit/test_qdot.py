"""Quantized matvec stencils: x86 natively, NEON in unicorn, against the
integer reference (exact integer parts, float64 scale products)."""

from fractions import Fraction

import numpy as np
import pytest
from unicorn import arm64_const

from jit_markers import native_avx2, native_x86
from tensoros.jit import library, quants
from tensoros.jit.emulator import Arm64Machine
from tensoros.jit.qdot import QuantizedMatvec, qdot_hole_values

X86_CASES = [pytest.param(t, "avx2", marks=native_avx2) for t in ("Q8_0", "Q4_0", "Q4_1", "Q4_K", "Q6_K")]
X86_CASES += [pytest.param(t, "sse2", marks=native_x86) for t in ("Q8_0", "Q4_0", "Q4_1", "Q4_K", "Q6_K")]


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


NEON_TYPES = ["Q8_0", "Q4_0", "Q4_1"]
CALLEE_SAVED = [getattr(arm64_const, f"UC_ARM64_REG_X{n}") for n in range(19, 29)]


def _f16_fraction(raw):
    return Fraction(float(np.frombuffer(bytes(raw), np.float16)[0]))


def exact_f32(weights, weight_type, activations, rows, columns):
    """The exact dot products (rational arithmetic), rounded once to f32
    (nearest, ties to even): what the NEON kernels must return bit for bit."""
    elements, size = quants.BLOCK[weight_type]
    a_size = quants.BLOCK[quants.activation_type(weight_type)][1]
    w = np.frombuffer(weights, np.uint8).reshape(-1, size)
    a = np.frombuffer(activations, np.uint8).reshape(-1, a_size)
    xq = a[:, -32:].view(np.int8).astype(np.int64)
    if weight_type == "Q8_0":
        q = w[:, 2:34].view(np.int8).astype(np.int64)
    else:
        q = np.concatenate([w[:, -16:] & 15, w[:, -16:] >> 4], axis=1).astype(np.int64) - (8 if weight_type == "Q4_0" else 0)
    blocks = columns // elements
    out = []
    for r in range(rows):
        total = Fraction(0)
        for b in range(blocks):
            i = r * blocks + b
            total += _f16_fraction(w[i, 0:2]) * _f16_fraction(a[b, 0:2]) * int((q[i] * xq[b]).sum())
            if weight_type == "Q4_1":
                total += _f16_fraction(w[i, 2:4]) * _f16_fraction(a[b, 2:4])
        out.append(_round_f32(total))
    return np.array(out, np.float32)


def _round_f32(value):
    if value == 0:
        return np.float32(0)
    sign, value = (-1 if value < 0 else 1), abs(value)
    exponent = value.numerator.bit_length() - value.denominator.bit_length()
    if Fraction(2) ** exponent > value:
        exponent -= 1
    scaled = value / Fraction(2) ** (exponent - 23)            # in [2^23, 2^24)
    whole = scaled.numerator // scaled.denominator
    rest = scaled - whole
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and whole & 1):
        whole += 1
    return np.float32(sign * whole * 2.0 ** (exponent - 23))


def run_neon(weight_type, weights, activations, rows, columns, machine=None, at_end=False):
    """The NEON stencil in unicorn; checks that x19-x28 come back unchanged.
    at_end: the weights end where the mapped memory ends (a read past the
    last row faults)."""
    from tensoros.jit import emulator
    machine = machine or Arm64Machine()
    machine.reset_arena()
    stencil = library.stencil_named(f"qdot_{weight_type.lower()}_neon")
    if quants.expands_activations(weight_type, "neon"):        # as the kernel's driver does
        activations = quants.expand_activations(activations, quants.activation_type(weight_type), "neon")
    a = machine.put(activations)
    out = machine.put(np.zeros(rows, np.float32))
    if at_end:
        w = emulator.DATA_ADDRESS + machine.data_size - len(weights)
        machine.cpu.mem_write(w, bytes(weights))
    else:
        w = machine.put(weights)
    sentinels = [0x1111111111111111 * (n + 1) for n in range(len(CALLEE_SAVED))]
    for register, value in zip(CALLEE_SAVED, sentinels):
        machine.cpu.reg_write(register, value)
    machine.call(stencil, qdot_hole_values(weight_type, columns), w, a, out, rows)
    assert [machine.cpu.reg_read(register) for register in CALLEE_SAVED] == sentinels
    return np.frombuffer(machine.get(out, 4 * rows), np.float32)


@pytest.mark.parametrize("weight_type", NEON_TYPES)
def test_qdot_neon_in_unicorn_is_the_exact_dot_rounded(weight_type):
    machine = Arm64Machine()
    rng = np.random.default_rng(22)
    for rows, blocks in [(1, 1), (2, 3), (5, 4), (4, 1), (3, 7), (9, 2)]:
        columns = 32 * blocks
        for make in (make_case, exact_case):
            weights, activations = make(weight_type, rows, columns, rng)
            result = run_neon(weight_type, weights, activations, rows, columns, machine)
            assert np.array_equal(result.view(np.uint32), exact_f32(weights, weight_type, activations, rows, columns).view(np.uint32))
            assert np.all(np.abs(result - reference(weights, weight_type, activations, rows, columns))
                          <= error_bound(weights, weight_type, activations, rows, columns))


@pytest.mark.parametrize("weight_type", ["Q4_K", "Q6_K"])
def test_qdot_neon_k_quants_in_unicorn(weight_type):
    """K-quants (rows one at a time, one f32 rounding of the block's exact
    sum, then an fmadd with d8): within the f32 bound of the integer
    reference, and exact with power-of-two scales."""
    machine = Arm64Machine()
    rng = np.random.default_rng(28)
    for rows, blocks in [(1, 1), (2, 3), (5, 2)]:
        columns = 256 * blocks
        for make in (make_case, exact_case):
            weights, activations = make(weight_type, rows, columns, rng)
            result = run_neon(weight_type, weights, activations, rows, columns, machine)
            expected = reference(weights, weight_type, activations, rows, columns)
            if make is exact_case:
                assert np.array_equal(result, expected)
            else:
                assert np.all(np.abs(result - expected) <= error_bound(weights, weight_type, activations, rows, columns))


@pytest.mark.parametrize("weight_type", NEON_TYPES)
@pytest.mark.parametrize("on_weights", [True, False], ids=["weight_scales", "activation_scales"])
def test_qdot_neon_special_scales(weight_type, on_weights):
    machine = Arm64Machine()
    rng = np.random.default_rng(26)
    for value in SPECIAL_HALVES + [65504.0, -65504.0, 1023 * 2.0 ** -24]:
        for rows, blocks in [(1, 1), (3, 2), (6, 5)]:
            columns = 32 * blocks
            weights, activations = special_scale_case(weight_type, rows, columns, value, on_weights, rng)
            result = run_neon(weight_type, weights, activations, rows, columns, machine)
            expected = exact_f32(weights, weight_type, activations, rows, columns)
            assert np.array_equal(result.view(np.uint32), expected.view(np.uint32)), (value, rows, blocks)


@pytest.mark.parametrize("weight_type", NEON_TYPES)
@pytest.mark.parametrize("rows", [1, 2, 3])
def test_qdot_neon_reads_nothing_past_the_last_row(weight_type, rows):
    """Rows go four at a time: a short last group must not read rows that
    are not there (unicorn faults on a read past the mapped memory)."""
    rng = np.random.default_rng(27)
    weights, activations = make_case(weight_type, rows, 64, rng)
    result = run_neon(weight_type, weights, activations, rows, 64, at_end=True)
    assert np.array_equal(result, exact_f32(weights, weight_type, activations, rows, 64))


# f16 scales the SSE2 kernels convert with integer shifts (and in general
# registers for the activations): zero, negative zero, subnormal halves,
# the smallest normal one, large ones. Every scale of a case is the same
# value and the others powers of two, so the exact answer is a float.
SPECIAL_HALVES = [0.0, -0.0, 2.0 ** -24, 3 * 2.0 ** -24, 2.0 ** -20, 768 * 2.0 ** -24, 2.0 ** -14,
                  -(2.0 ** -14), 0.375, -1.5, 32768.0]
SCALE_CASES = [pytest.param(t, "sse2", marks=native_x86) for t in ("Q8_0", "Q4_0", "Q4_1")]


def _set_half(blocks, column, value):
    blocks[:, column:column + 2] = np.full((blocks.shape[0], 1), value, np.float16).view(np.uint8)


def special_scale_case(weight_type, rows, columns, value, on_weights, rng):
    elements, size = quants.BLOCK[weight_type]
    activation_type = quants.activation_type(weight_type)
    count = rows * columns // elements
    weights = np.frombuffer(quants.random_blocks(weight_type, count, rng), np.uint8).copy().reshape(count, size)
    a_elements, a_size = quants.BLOCK[activation_type]
    acts = np.zeros((columns // a_elements, a_size), np.uint8)
    acts[:, -32:] = rng.integers(-127, 128, (acts.shape[0], 32), dtype=np.int8).view(np.uint8)
    w_scale, x_scale = (value, 0.125) if on_weights else (0.5, value)
    _set_half(weights, 0, w_scale)
    _set_half(acts, 0, x_scale)
    if weight_type == "Q4_1":
        _set_half(weights, 2, w_scale if on_weights else -0.25)   # the min
        _set_half(acts, 2, 0.125 if on_weights else x_scale)      # s_x
    return weights.tobytes(), acts.tobytes()


@pytest.mark.parametrize("weight_type,isa", SCALE_CASES)
@pytest.mark.parametrize("on_weights", [True, False], ids=["weight_scales", "activation_scales"])
def test_qdot_special_scales_exact(weight_type, isa, on_weights):
    matvec = QuantizedMatvec(weight_type, isa)
    rng = np.random.default_rng(23)
    elements = quants.BLOCK[weight_type][0]
    for value in SPECIAL_HALVES:
        for rows, blocks in [(1, 1), (3, 2), (6, 5)]:
            columns = blocks * elements
            weights, activations = special_scale_case(weight_type, rows, columns, value, on_weights, rng)
            out = matvec.run_quantized(weights, activations, rows, columns)
            expected = reference(weights, weight_type, activations, rows, columns)
            assert np.array_equal(out, expected), (value, rows, blocks, out, expected)


@pytest.mark.parametrize("weight_type,isa", X86_CASES)
def test_qdot_same_bits_every_run(weight_type, isa):
    """Deterministic: the same inputs give the same bits, whatever the rows
    around them (a row's result must not depend on its group of four)."""
    matvec = QuantizedMatvec(weight_type, isa)
    rng = np.random.default_rng(24)
    elements = quants.BLOCK[weight_type][0]
    columns = 3 * elements
    weights, activations = make_case(weight_type, 11, columns, rng)
    row_bytes = qdot_hole_values(weight_type, columns)["row_bytes"]
    whole = matvec.run_quantized(weights, activations, 11, columns)
    assert np.array_equal(whole.view(np.uint32), matvec.run_quantized(weights, activations, 11, columns).view(np.uint32))
    for first in range(11):
        alone = matvec.run_quantized(np.frombuffer(weights[first * row_bytes:], np.uint8), activations, 1, columns)
        assert alone.view(np.uint32)[0] == whole.view(np.uint32)[first]


_GUARD_SCRIPT = r"""
import ctypes, mmap, sys
import numpy as np
from tensoros.jit import quants
from tensoros.jit.executable import _libc
from tensoros.jit.qdot import QuantizedMatvec, qdot_hole_values
page = mmap.PAGESIZE
region = mmap.mmap(-1, 4 * page)
base = ctypes.addressof(ctypes.c_char.from_buffer(region))
assert _libc.mprotect(base + 3 * page, page, 0) == 0      # PROT_NONE: the page after the weights faults
buffer = np.frombuffer(region, np.uint8)
rng = np.random.default_rng(25)
for weight_type in sys.argv[1:]:
    matvec = QuantizedMatvec(weight_type, "sse2")
    for rows in (1, 2, 3, 5):
        print(weight_type, rows, flush=True)
        elements = quants.BLOCK[weight_type][0]
        columns = 2 * elements
        weights = quants.random_blocks(weight_type, rows * 2, rng)
        acts = quants.quantize_activations(rng.standard_normal(columns).astype(np.float32),
                                           quants.activation_type(weight_type))
        w_at, a_at = 3 * page - len(weights), 2 * page - len(acts)
        region[w_at:w_at + len(weights)] = weights
        region[a_at:a_at + len(acts)] = acts
        out = matvec.run_quantized(buffer[w_at:3 * page], buffer[a_at:2 * page], rows, columns)
        row_bytes = qdot_hole_values(weight_type, columns)["row_bytes"]
        expected = [quants.integer_block_dots(weights[r * row_bytes:(r + 1) * row_bytes], weight_type, acts)
                    for r in range(rows)]
        assert np.allclose(out, expected, rtol=1e-5, atol=1e-6)
print("ok")
"""


@native_x86
def test_sse2_qdot_reads_nothing_past_the_last_row():
    """The SSE2 kernels take rows four at a time: a short last group must
    not read the rows that are not there. The weights end where an unmapped
    page starts (in a child process: a read past the end is a segfault
    there, and the last line it printed names the case)."""
    import subprocess
    import sys
    import tensoros
    from pathlib import Path
    env = {"PYTHONPATH": str(Path(tensoros.__file__).resolve().parents[1])}
    done = subprocess.run([sys.executable, "-c", _GUARD_SCRIPT, "Q8_0", "Q4_0", "Q4_1"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0 and done.stdout.strip().endswith("ok"), (done.stdout, done.stderr)


def extreme_case(weight_type, rows, blocks):
    """The largest block dots the four-row kernels' 16-bit sums must hold:
    every weight at an end of its range (nibble 15 or 0, int8 -128 or 127,
    a pattern per row) against activations of +-127 (Q8 activations never
    hold -128), scales 1 and -1: the exact answers are floats."""
    elements, size = quants.BLOCK[weight_type]
    w = np.zeros((rows, blocks, size), np.uint8)
    first = 4 if weight_type == "Q4_1" else 2
    patterns = {"Q4_1": (0xFF, 0x00, 0x0F, 0xF0), "Q4_0": (0x00, 0xFF, 0xF0, 0x0F), "Q8_0": (0x80, 0x7F, 0x80, 0x81)}
    for r in range(rows):
        w[r, :, first:] = patterns[weight_type][r % 4]
    w = w.reshape(-1, size)
    _set_half(w, 0, 1.0)
    if weight_type == "Q4_1":
        _set_half(w, 2, -1.0)
    x = np.full(blocks * elements, 127, np.float32)
    x[elements:2 * elements] = -127                  # a block of each sign
    return w.tobytes(), quants.quantize_activations(x, quants.activation_type(weight_type))


@pytest.mark.parametrize("weight_type,isa", [c for c in X86_CASES if c.values[0] in NEON_TYPES])
def test_qdot_extreme_values_exact(weight_type, isa):
    """No 16-bit partial sum of the SSE2 four-row kernels wraps."""
    matvec = QuantizedMatvec(weight_type, isa)
    for rows in (4, 5, 7):
        weights, activations = extreme_case(weight_type, rows, 3)
        out = matvec.run_quantized(weights, activations, rows, 96)
        assert np.array_equal(out, reference(weights, weight_type, activations, rows, 96)), (rows, out)


@pytest.mark.parametrize("weight_type", NEON_TYPES)
def test_qdot_neon_extreme_values_exact(weight_type):
    for rows in (4, 5):
        weights, activations = extreme_case(weight_type, rows, 3)
        result = run_neon(weight_type, weights, activations, rows, 96)
        assert np.array_equal(result, exact_f32(weights, weight_type, activations, rows, 96)), (rows, result)
