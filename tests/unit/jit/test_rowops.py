"""Row stencils (activations, softmax, RMSNorm, LayerNorm, RoPE, the fused
bias+activation epilogue) and the vectorized exp: x86 natively (W then RX
mapping), NEON in unicorn, against float64 numpy over many lengths with odd
tails and unaligned pointers, with the error bounds of rowops.py."""

import ctypes
import math
import struct

import numpy as np
import pytest

from jit_markers import native_avx2, native_x86
from tensoros.jit import library, rowops
from tensoros.jit.emulator import Arm64Machine
from tensoros.jit.executable import ExecutableCode
from tensoros.jit.stencil import assemble

ISAS = [pytest.param("avx2", marks=native_avx2), pytest.param("sse2", marks=native_x86), "neon"]
COUNTS = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 100, 1027]
GUARD = 7.0
erf = np.frompyfunc(math.erf, 1, 1)


def bits(value):
    return struct.unpack("<I", struct.pack("<f", value))[0]


def run(isa, stencil, values, arguments, outputs):
    """Calls the stencil with `arguments` (numpy float32 arrays, ints or
    None); returns copies of the arrays at the indices in `outputs`. Arrays
    start one float into their buffer (unaligned) with guard floats around
    them, which must stay untouched."""
    padded = []
    for a in arguments:
        if isinstance(a, np.ndarray):
            buffer = np.full(a.size + 9, GUARD, np.float32)
            buffer[1:a.size + 1] = a.reshape(-1)
            padded.append(buffer)
        else:
            padded.append(a)
    if isa == "neon":
        machine = Arm64Machine()
        addresses = [machine.put(p) + 4 if isinstance(p, np.ndarray) else (p or 0) for p in padded]
        machine.call(stencil, values, *addresses)
        results = {i: np.frombuffer(machine.get(addresses[i] - 4, padded[i].nbytes), np.float32).copy() for i in outputs}
    else:
        code = ExecutableCode(stencil, values)
        function = code.function(None, *[ctypes.c_void_p] * len(padded))
        function(*[p[1:].ctypes.data if isinstance(p, np.ndarray) else p for p in padded])
        code.close()
        results = {i: padded[i] for i in outputs}
    out = []
    for i in outputs:
        buffer = results[i]
        size = arguments[i].size
        assert buffer[0] == GUARD and np.all(buffer[size + 1:] == GUARD), "wrote outside its array"
        out.append(buffer[1:size + 1].reshape(arguments[i].shape))
    return out


def reference_activation(act, x):
    x = x.astype(np.float64)
    if act == "silu":
        return x / (1 + np.exp(-x))
    if act == "gelu":
        return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))
    if act == "gelu_erf":
        return 0.5 * x * (1 + erf(x / math.sqrt(2)).astype(np.float64))
    if act == "relu":
        return np.maximum(x, 0)
    return x


def activation_bound(x, ref):
    """The stated bound of the activations: 4e-7 |x| + 2e-7 |y| (exp's
    1e-7 relative error propagated; A&S erf's 1.5e-7 absolute for gelu_erf)."""
    return 4e-7 * np.abs(x.astype(np.float64)) + 2e-7 * np.abs(ref) + 1e-37


@pytest.mark.parametrize("isa", ISAS)
def test_vectorized_exp_relative_error(isa):
    """Max relative error of exp over its whole range [-87, 88]: < 1.5e-7."""
    x = np.concatenate([np.linspace(-87, 88, 120001), np.linspace(-1, 1, 20001),
                        np.array([0.0, -0.0, 1e-30, -1e-30, 88.0, -87.0])]).astype(np.float32)
    stencil = assemble(rowops.exp_stencil(isa))
    (out,) = run(isa, stencil, {"count": x.size}, [x, None, np.zeros_like(x)], [2])
    ref = np.exp(x.astype(np.float64))
    worst = np.max(np.abs(out - ref) / ref)
    print(f"{isa}: exp max relative error {worst:.3g}")
    assert worst < 1.5e-7
    # outside the range: clamped, finite, and tiny / huge
    (out,) = run(isa, stencil, {"count": 4}, [np.array([-100, -1000, 100, 1000], np.float32), None,
                                              np.zeros(4, np.float32)], [2])
    assert np.all(out[:2] < 2e-38) and np.all(out[:2] >= 0) and np.all(np.isfinite(out[2:])) and np.all(out[2:] > 1e38)


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("act", rowops.ACTIVATIONS)
def test_activations(isa, act):
    stencil = library.stencil_named(f"{act}_{isa}")
    rng = np.random.default_rng(40)
    for count in COUNTS:
        x = (rng.standard_normal(count) * 4).astype(np.float32)
        (out,) = run(isa, stencil, {"count": count}, [x, None, np.zeros_like(x)], [2])
        ref = reference_activation(act, x)
        assert np.all(np.abs(out - ref) <= activation_bound(x, ref)), (count, np.max(np.abs(out - ref)))
    x = np.linspace(-30, 30, 4001).astype(np.float32)
    (out,) = run(isa, stencil, {"count": x.size}, [x, None, np.zeros_like(x)], [2])
    ref = reference_activation(act, x)
    assert np.all(np.abs(out - ref) <= activation_bound(x, ref))


@pytest.mark.parametrize("isa", ISAS)
def test_softmax(isa):
    stencil = library.stencil_named(f"softmax_{isa}")
    rng = np.random.default_rng(41)
    for count in COUNTS + [4099]:
        for scale in (1, 30):
            x = (rng.standard_normal(count) * scale).astype(np.float32)
            (out,) = run(isa, stencil, {"count": count}, [x, np.zeros_like(x)], [1])
            xd = x.astype(np.float64)
            ref = np.exp(xd - xd.max())
            ref /= ref.sum()
            # exp (1.5e-7) + x - max rounding (|x - max| 2^-24) + the float sum (count 2^-24 / lanes)
            bound = (3e-7 + np.abs(xd - xd.max()) * 6e-8 + count * 6e-8 / 4) * ref + 2e-38   # exp clamps at -87: 1.6e-38
            assert np.all(np.abs(out - ref) <= bound), (count, scale)
            assert abs(out.astype(np.float64).sum() - 1) < 1e-5


def norm_bound(count, ref):
    return (1e-6 + count * 3e-8) * np.abs(ref).max() + 1e-30


@pytest.mark.parametrize("isa", ISAS)
def test_rmsnorm_and_layernorm(isa):
    rms = library.stencil_named(f"rmsnorm_{isa}")
    layer = library.stencil_named(f"layernorm_{isa}")
    rng = np.random.default_rng(42)
    eps = np.float32(1e-5)
    for count in COUNTS + [4099]:
        x = (rng.standard_normal(count) * 3 + 1).astype(np.float32)
        w = rng.standard_normal(count).astype(np.float32)
        b = rng.standard_normal(count).astype(np.float32)
        values = {"count": count, "eps_bits": bits(eps)}
        (out,) = run(isa, rms, values, [x, w, np.zeros_like(x)], [2])
        xd = x.astype(np.float64)
        ref = xd / np.sqrt(np.mean(xd * xd) + float(eps)) * w
        assert np.all(np.abs(out - ref) <= norm_bound(count, ref)), count
        (out,) = run(isa, layer, values, [x, w, b, np.zeros_like(x)], [3])
        ref = (xd - xd.mean()) / np.sqrt(np.var(xd) + float(eps)) * w + b
        assert np.all(np.abs(out - ref) <= norm_bound(count, ref)), count


def rope_table(mode, rot, position, base=10000.0):
    i = np.arange(rot // 2)
    theta = position * base ** (-2.0 * i / rot)
    c, s = np.cos(theta).astype(np.float32), np.sin(theta).astype(np.float32)
    if mode == "interleaved":
        a = np.repeat(c, 2)
        b = np.stack([-s, s], axis=1).reshape(-1)
        return np.concatenate([a, b]), c, s
    return np.concatenate([c, s]), c, s


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("mode", ["interleaved", "half"])
def test_rope(isa, mode):
    stencil = library.stencil_named(f"rope_{mode}_{isa}")
    rng = np.random.default_rng(43)
    for rot in (2, 4, 6, 8, 10, 14, 16, 18, 30, 32, 34, 64, 66, 128):
        for position in (0, 1, 7, 1000):
            x = rng.standard_normal(rot).astype(np.float32)
            table, c, s = rope_table(mode, rot, position)
            (out,) = run(isa, stencil, {"rot": rot}, [x, table, np.zeros_like(x)], [2])
            xd, cd, sd = x.astype(np.float64), c.astype(np.float64), s.astype(np.float64)
            ref = np.empty(rot)
            if mode == "interleaved":
                ref[0::2] = xd[0::2] * cd - xd[1::2] * sd
                ref[1::2] = xd[0::2] * sd + xd[1::2] * cd
            else:
                h = rot // 2
                ref[:h] = xd[:h] * cd - xd[h:] * sd
                ref[h:] = xd[:h] * sd + xd[h:] * cd
            # two products and a sum of floats: 3 roundings of |x| magnitude
            assert np.all(np.abs(out - ref) <= 2e-7 * (np.abs(xd).max() + 1e-30)), (rot, position)


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("act", rowops.EPILOGUES)
def test_fused_epilogue(isa, act):
    stencil = library.stencil_named(f"epilogue_{act}_{isa}")
    rng = np.random.default_rng(44)
    for rows, count, pad in [(0, 5, 0), (1, 1, 0), (3, 7, 1), (5, 16, 0), (6, 33, 3), (2, 100, 4)]:
        c = (rng.standard_normal((rows, count + pad)) * 3).astype(np.float32)
        bias = rng.standard_normal(count).astype(np.float32)
        values = {"count": count, "ldc_bytes": 4 * (count + pad)}
        (out,) = run(isa, stencil, values, [c, bias, rows], [0])
        z = (c[:, :count] + bias).astype(np.float32)
        ref = reference_activation(act, z)
        assert np.all(np.abs(out[:, :count] - ref) <= activation_bound(z, ref)), (rows, count)
        assert np.array_equal(out[:, count:], c[:, count:])       # the padding is not touched
