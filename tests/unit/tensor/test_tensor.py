"""The tensor core and the JIT on the host, against numpy (and the gguf
package for the block formats): many shapes, odd sizes, views, broadcasting,
tier 0 and the JIT checked against each other."""

import ctypes
import math
import re

import numpy as np
import pytest
from gguf import GGMLQuantizationType as GQ
from gguf import quants as gq

from tensoros.jit import quants as tq
from tensorlib import (ACT_GELU, ACT_GELU_ERF, ACT_NONE, ACT_RELU, ACT_SILU, ADD, BLOCK, DIV, MAX, MEAN, MUL,
                       ROPE_HALF, ROPE_INTERLEAVED, SUB, SUM, P, TensorError, Tensors)


@pytest.fixture(scope="module")
def T(tensor_library):
    return Tensors(tensor_library)


rng = np.random.default_rng(1234)


def randn(*shape):
    return rng.standard_normal(shape).astype(np.float32)


# ---- dtypes and block formats --------------------------------------------------

def test_f16_conversion_matches_numpy(T):
    special = np.array([0.0, -0.0, 1.0, 65504, 65519.99, 65520, 1e9, -1e9, 6.1e-5, 5.96e-8, 2.98e-8, 2.99e-8,
                        1e-10, np.inf, -np.inf, 3.14159, 1 / 3], np.float32)
    values = np.concatenate([special, randn(5000) * 100, randn(2000) * 1e-5,
                             rng.integers(0, 2**32, 4000, dtype=np.uint64).astype(np.uint32).view(np.float32)])
    values = values[np.isfinite(values) | np.isinf(values)]
    x = T.wrap(values)
    h = T.numpy(T.call("convert", x, 1), free=True)
    with np.errstate(over="ignore"):
        assert np.array_equal(h.view(np.uint16), values.astype(np.float16).view(np.uint16))
    back = T.numpy(T.call("convert", T.wrap(h), 0), free=True)
    assert np.array_equal(back, h.astype(np.float32))


def test_f16_conversion_keeps_nans_quiet(T):
    bits = np.array([0x7FC00000, 0xFFC00001, 0x7F800001, 0x7FBFE000, 0xFF812345, 0x7F800000, 0x3F800000], np.uint32)
    h = T.numpy(T.call("convert", T.wrap(bits.view(np.float32)), 1), free=True).view(np.uint16)
    a = bits & 0x7FFFFFFF
    expected = np.where(a > 0x7F800000, 0x7E00 | ((a >> 13) & 0x3FF), 0) | ((bits >> 16) & 0x8000)
    assert list(h[:5]) == list(expected[:5].astype(np.uint16))
    assert list(h[5:]) == [0x7C00, 0x3C00]


def test_bf16_conversion_matches_gguf(T):
    values = np.concatenate([randn(3000) * 1000, np.array([0, -0.0, 1, np.inf, -np.inf], np.float32)])
    b = T.numpy(T.call("convert", T.wrap(values), 2), free=True)
    ref = gq.quantize(values, GQ.BF16)
    assert np.array_equal(b.view(np.uint8).reshape(-1), ref.view(np.uint8).reshape(-1))
    back = T.numpy(T.call("convert", T.wrap(b, "bf16"), 0), free=True)
    assert np.array_equal(back, gq.dequantize(ref, GQ.BF16).reshape(-1))


@pytest.mark.parametrize("qtype", ["Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q4_K", "Q5_K", "Q6_K"])
def test_dequantize_bit_exact_with_gguf(T, qtype):
    elements, size = BLOCK[qtype]
    blocks = tq.random_blocks(qtype, 24, rng)
    raw = np.frombuffer(blocks, np.uint8).reshape(3, 8 * size)
    w = T.wrap(raw, qtype)
    got = T.numpy(T.call("convert", w, 0), free=True)
    ref = gq.dequantize(raw, getattr(GQ, qtype))
    assert got.shape == (3, 8 * elements)
    assert np.array_equal(got.view(np.uint32), ref.astype(np.float32).view(np.uint32))


def test_dequantize_q8_k_and_q8_1(T):
    for qtype in ("Q8_K", "Q8_1"):
        elements, size = BLOCK[qtype]
        if qtype == "Q8_1":
            raw = np.frombuffer(tq.quantize_q8_1(randn(4 * elements)), np.uint8)
        else:
            raw = np.frombuffer(tq.random_blocks(qtype, 4, rng), np.uint8)
        got = T.numpy(T.call("convert", T.wrap(raw.reshape(1, -1), qtype), 0), free=True).reshape(-1)
        assert np.array_equal(got, tq.dequantize(raw.tobytes(), qtype))


@pytest.mark.parametrize("qtype,fn", [("Q8_0", tq.quantize_q8_0), ("Q8_1", tq.quantize_q8_1), ("Q8_K", tq.quantize_q8_k)])
def test_activation_quantization_bit_exact(T, qtype, fn):
    elements, _ = BLOCK[qtype]
    for scale in (1.0, 1e-3, 300.0):
        x = randn(2, 4 * elements) * scale
        x[0, :elements] = 0                      # an all-zero block
        x[1, 3] = 0.5 * scale                    # ties
        got = T.numpy(T.call("convert", T.wrap(x), list(BLOCK).index(qtype) + 6), free=True)
        assert got.tobytes() == fn(x.reshape(-1)), (qtype, scale)


@pytest.mark.parametrize("qtype", ["Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0"])
def test_weight_quantization_matches_gguf(T, qtype):
    x = randn(4, 256)
    got = T.numpy(T.call("convert", T.wrap(x), list(BLOCK).index(qtype) + 6), free=True)
    ref = gq.quantize(x, getattr(GQ, qtype))
    mismatch = np.mean(got != ref)
    # gguf rounds in float64 in places where ggml's C rounds in float32: allow rare last-bit ties
    assert mismatch < 0.002, mismatch


# ---- views ---------------------------------------------------------------------------

def test_views_share_memory_and_follow_numpy(T):
    a = np.arange(2 * 3 * 4 * 5, dtype=np.float32).reshape(2, 3, 4, 5)
    t = T.wrap(a)
    tr = T.call("transpose", t, 1, 3)
    assert np.array_equal(T.numpy(tr), a.transpose(0, 3, 2, 1))
    perm = (ctypes.c_int * 4)(3, 1, 0, 2)
    pm = T.call("permute", t, perm)
    assert np.array_equal(T.numpy(pm), a.transpose(3, 1, 0, 2))
    for dim, start, stop, step in [(0, 0, 2, 1), (1, -1, -4, -1), (2, 1, 100, 2), (3, 4, 0, -2), (3, 7, 9, 1), (2, -100, 2, 1)]:
        s = T.call("slice", t, dim, start, stop, step)
        index = [slice(None)] * 4
        index[dim] = slice(start, stop, step)
        assert np.array_equal(T.numpy(s), a[tuple(index)]), (dim, start, stop, step)
        T.free(s)
    shape = (ctypes.c_int64 * 3)(6, -1, 5)
    r = T.call("reshape", t, 3, shape)
    assert np.array_equal(T.numpy(r), a.reshape(6, -1, 5))
    assert r.contents.data == t.contents.data          # a view, not a copy
    # reshape of a transposed view that numpy could not view: refused with a clear message
    shape2 = (ctypes.c_int64 * 1)(120)
    with pytest.raises(TensorError) as e:
        T.call("reshape", tr, 1, shape2)
    assert "copy it first" in e.value.message
    # broadcast_to: stride 0, no copy
    row = T.wrap(np.arange(5, dtype=np.float32))
    bshape = (ctypes.c_int64 * 3)(2, 4, 5)
    b = T.call("broadcast_to", row, 3, bshape)
    assert np.array_equal(T.numpy(b), np.broadcast_to(np.arange(5, dtype=np.float32), (2, 4, 5)))
    assert b.contents.strides[0] == 0
    c = T.call("copy", tr)
    assert np.array_equal(T.numpy(c), a.transpose(0, 3, 2, 1))
    T.free(tr, pm, r, b, c, row, t)


def test_reshape_view_of_slices(T):
    a = randn(4, 6, 8)
    t = T.wrap(a)
    s = T.call("slice", t, 1, 0, 6, 2)                 # (4, 3, 8), strided
    shape = (ctypes.c_int64 * 4)(2, 2, 3, 8)
    r = T.call("reshape", s, 4, shape)
    assert np.array_equal(T.numpy(r), a[:, ::2].reshape(2, 2, 3, 8))
    T.free(r, s, t)


def test_errors_are_clear_and_change_nothing(T):
    a, b = T.wrap(randn(2, 3)), T.wrap(randn(4, 3))
    with pytest.raises(TensorError) as e:
        T.call("add", a, b)
    assert e.value.status == -1 and "(2,3) and (4,3) do not broadcast" in e.value.message
    with pytest.raises(TensorError) as e:
        T.call("matmul", a, b)
    assert "inner dimensions" in e.value.message
    i = T.wrap(np.arange(6, dtype=np.int32).reshape(2, 3))
    with pytest.raises(TensorError) as e:
        T.call("add", a, i)
    assert e.value.status == -2 and "i32" in e.value.message
    ids = T.wrap(np.array([0, 5], np.int32))
    with pytest.raises(TensorError) as e:
        T.call("embedding", b, ids)
    assert "id 5 out of range for 4 rows" in e.value.message
    # an output of the wrong shape is refused and left alone
    out = T.wrap(np.full((3, 3), 7, np.float32))
    with pytest.raises(TensorError):
        T.check(T.lib.tensor_add(ctypes.byref(out), a, a))
    assert np.all(T.numpy(out) == 7)


# ---- element-wise --------------------------------------------------------------------

SHAPES = [((1,), (1,)), ((7,), (7,)), ((13, 17), (17,)), ((3, 1, 5), (4, 1)), ((2, 3, 4, 5), (3, 1, 5)),
          ((1000,), ()), ((5, 4099), (5, 4099)), ((64, 65), (64, 1)), ((0, 3), (3,))]


@pytest.mark.parametrize("a_shape,b_shape", SHAPES)
def test_binary_ops_broadcast_like_numpy(T, a_shape, b_shape):
    a, b = randn(*a_shape), randn(*b_shape) + 3.0
    ta, tb = T.wrap(a), T.wrap(b)
    for op, ref in [(ADD, a + b), (SUB, a - b), (MUL, a * b), (DIV, a / b)]:
        r0, r1 = T.both(lambda: T.numpy(T.call("binary", op, ta, tb), free=True))
        assert np.array_equal(r0, ref), op
        assert np.array_equal(r1, ref), op


def test_elementwise_jit_runs_the_simd_tier(T):
    simd = 2 if T.lib.jit_isa() == 2 else 1
    a, b = randn(3, 1001), randn(3, 1001)
    ta, tb = T.wrap(a), T.wrap(b)
    T.jit()
    for name, call, ref in [("add", lambda: T.call("add", ta, tb), a + b), ("mul", lambda: T.call("mul", ta, tb), a * b),
                            ("scale", lambda: T.call("scale", ta, 0.3), a * np.float32(0.3)),
                            ("relu", lambda: T.call("relu", ta), np.maximum(a, 0))]:
        got = T.numpy(call(), free=True)
        assert np.array_equal(got, ref), name
        assert T.last_tier(name) == simd, name
    T.policy.hot_calls = 2


def test_hot_policy_moves_ops_up(T):
    T.jit(hot_calls=3)
    T.policy.eager_work = 1 << 40
    a = T.wrap(randn(123))
    tiers = []
    for _ in range(4):
        T.free(T.call("add", a, a))
        tiers.append(T.last_tier("add"))
    assert tiers[:2] == [0, 0] and tiers[2] > 0 and tiers[3] > 0
    T.policy.eager_work = 1 << 15
    T.policy.hot_calls = 2


def test_in_place_and_strided_outputs(T):
    a = randn(6, 8)
    ta = T.wrap(a.copy())
    out = ta
    T.check(T.lib.tensor_add(ctypes.byref(out), ta, ta))      # a += a
    assert np.array_equal(T.numpy(ta), a + a)
    big = np.zeros((6, 16), np.float32)
    tb = T.wrap(big)
    view = T.call("slice", tb, 1, 0, 16, 2)
    T.check(T.lib.tensor_scale(ctypes.byref(view), T.wrap(a), ctypes.c_float(2.0)))
    assert np.array_equal(T.numpy(tb)[:, ::2], a * 2)
    assert np.all(T.numpy(tb)[:, 1::2] == 0)


def test_activations(T):
    x = np.concatenate([randn(2000) * 4, np.array([0, -0.0, 30, -30, 1e-8], np.float32)])
    t = T.wrap(x)
    xd = x.astype(np.float64)
    erf = np.vectorize(math.erf)
    refs = {
        ACT_RELU: np.maximum(xd, 0),
        ACT_GELU: 0.5 * xd * (1 + np.tanh(math.sqrt(2 / math.pi) * (xd + 0.044715 * xd ** 3))),
        ACT_GELU_ERF: 0.5 * xd * (1 + erf(xd / math.sqrt(2))),
        ACT_SILU: xd / (1 + np.exp(-xd)),
    }
    for act, ref in refs.items():
        got = T.numpy(T.call("activate", t, act), free=True)
        np.testing.assert_allclose(got, ref.astype(np.float32), rtol=2e-6, atol=1e-7, err_msg=str(act))


# ---- along an axis -------------------------------------------------------------------

@pytest.mark.parametrize("shape,axis", [((7,), 0), ((3, 129), -1), ((4, 5, 6), 1), ((2, 3, 4), 0)])
def test_softmax_and_reductions(T, shape, axis):
    x = randn(*shape) * 5
    t = T.wrap(x)
    e = np.exp(x.astype(np.float64) - x.max(axis=axis, keepdims=True))
    np.testing.assert_allclose(T.numpy(T.call("softmax", t, axis), free=True), e / e.sum(axis=axis, keepdims=True),
                               rtol=1e-6, atol=1e-8)
    for op, ref in [(SUM, x.astype(np.float64).sum(axis=axis)), (MEAN, x.astype(np.float64).mean(axis=axis)),
                    (MAX, x.max(axis=axis))]:
        got = T.numpy(T.call("reduce", op, t, axis, False), free=True)
        np.testing.assert_allclose(got, ref, rtol=1e-6, atol=1e-5)
        kept = T.numpy(T.call("reduce", op, t, axis, True), free=True)
        assert kept.shape == np.expand_dims(ref, axis).shape
    assert np.array_equal(T.numpy(T.call("argmax", t, axis), free=True), x.argmax(axis=axis))


def test_topk(T):
    x = randn(5, 300)
    x[2, 10] = x[2, 20] = 99.0                      # a tie: the lower index first
    for k in (1, 7, 300):
        v, i = P(), P()
        T.check(T.lib.tensor_topk(ctypes.byref(v), ctypes.byref(i), T.wrap(x), k))
        order = np.argsort(-x, axis=-1, kind="stable")[:, :k]
        assert np.array_equal(T.numpy(i, free=True), order)
        assert np.array_equal(T.numpy(v, free=True), np.take_along_axis(x, order, -1))


@pytest.mark.parametrize("n", [1, 8, 33, 4096])
def test_norms(T, n):
    x, w, b = randn(3, n) * 3 + 1, randn(n), randn(n)
    xd = x.astype(np.float64)
    rms = xd / np.sqrt((xd ** 2).mean(-1, keepdims=True) + 1e-5) * w
    got = T.numpy(T.call("rmsnorm", T.wrap(x), T.wrap(w), 1e-5), free=True)
    np.testing.assert_allclose(got, rms, rtol=1e-5, atol=1e-5)
    mean, var = xd.mean(-1, keepdims=True), xd.var(-1, keepdims=True)
    ln = (xd - mean) / np.sqrt(var + 1e-5) * w + b
    got = T.numpy(T.call("layernorm", T.wrap(x), T.wrap(w), T.wrap(b), 1e-5), free=True)
    np.testing.assert_allclose(got, ln, rtol=1e-5, atol=1e-5)
    got = T.numpy(T.call("rmsnorm", T.wrap(x), None, 1e-5), free=True)
    np.testing.assert_allclose(got, xd / np.sqrt((xd ** 2).mean(-1, keepdims=True) + 1e-5), rtol=1e-5, atol=1e-5)


def rope_reference(x, positions, n_rot, base, mode):
    out = x.astype(np.float64).copy()
    half = n_rot // 2
    inv = base ** (-np.arange(half) * 2.0 / n_rot)
    for t, pos in enumerate(positions):
        angle = pos * inv
        c, s = np.cos(angle), np.sin(angle)
        if mode == ROPE_INTERLEAVED:
            i0, i1 = np.arange(half) * 2, np.arange(half) * 2 + 1
        else:
            i0, i1 = np.arange(half), np.arange(half) + half
        head = x[..., t, :, :].astype(np.float64)
        x0, x1 = head[..., i0], head[..., i1]
        rotated = out[..., t, :, :]
        rotated[..., i0] = x0 * c - x1 * s
        rotated[..., i1] = x0 * s + x1 * c
        out[..., t, :, :] = rotated
    return out


@pytest.mark.parametrize("mode", [ROPE_INTERLEAVED, ROPE_HALF])
@pytest.mark.parametrize("shape,n_rot", [((5, 3, 64), 64), ((2, 7, 2, 32), 16), ((1, 4, 6), 6)])
def test_rope(T, mode, shape, n_rot):
    x = randn(*shape)
    positions = np.array([0, 1, 17, 500, 4095, 8, 3][:shape[-3]], np.int32)
    got = T.numpy(T.call("rope", T.wrap(x), T.wrap(positions), n_rot, 10000.0, mode), free=True)
    np.testing.assert_allclose(got, rope_reference(x, positions, n_rot, 10000.0, mode), rtol=1e-5, atol=1e-5)


def test_rope_table_reuse_follows_its_arguments(T):
    """The JIT path keeps the last cos/sin table: a call at the same
    position with another base, n_rot or mode must not reuse it."""
    T.jit()
    x = randn(1, 3, 64)
    calls = [(7, 64, 10000.0, ROPE_INTERLEAVED), (7, 64, 500.0, ROPE_INTERLEAVED), (7, 32, 500.0, ROPE_INTERLEAVED),
             (7, 32, 500.0, ROPE_HALF), (8, 32, 500.0, ROPE_HALF), (7, 64, 10000.0, ROPE_INTERLEAVED)]
    for pos, n_rot, base, mode in calls * 2:
        positions = np.array([pos], np.int32)
        got = T.numpy(T.call("rope", T.wrap(x), T.wrap(positions), n_rot, ctypes.c_float(base), mode), free=True)
        np.testing.assert_allclose(got, rope_reference(x, positions, n_rot, base, mode), rtol=1e-5, atol=1e-5)
    assert T.last_tier("rope") > 0


@pytest.mark.parametrize("dtype", ["f32", "f16", "Q8_0", "Q4_K", "Q6_K"])
def test_embedding_gathers_rows_of_any_dtype(T, dtype):
    if dtype in BLOCK:
        elements, size = BLOCK[dtype]
        raw = np.frombuffer(tq.random_blocks(dtype, 40, rng), np.uint8).reshape(20, 2 * size)
        table = T.wrap(raw, dtype)
        dense = gq.dequantize(raw, getattr(GQ, dtype))
    else:
        dense = randn(20, 48).astype(dtype.replace("f", "float") if dtype != "f32" else np.float32)
        table = T.wrap(dense)
        dense = dense.astype(np.float32)
    ids = np.array([[3, 0, 19], [7, 7, 1]], np.int32)
    got = T.numpy(T.call("embedding", table, T.wrap(ids)), free=True)
    assert np.array_equal(got, dense[ids])


def test_concat_and_convert(T):
    parts = [randn(2, 3, 4), randn(2, 5, 4), randn(2, 1, 4)]
    arr = (P * 3)(*[T.wrap(p) for p in parts])
    got = T.numpy(T.call("concat", arr, 3, 1), free=True)
    assert np.array_equal(got, np.concatenate(parts, axis=1))
    ints = T.numpy(T.call("convert", T.wrap(np.array([1.5, -2.5, 300, -300, 2.4], np.float32)), 3), free=True)
    assert ints.tolist() == [2, -3, 127, -128, 2]
    back = T.numpy(T.call("convert", T.wrap(np.array([-7, 100], np.int16)), 0), free=True)
    assert back.tolist() == [-7.0, 100.0]


# ---- matmul and linear ------------------------------------------------------------------

MATMUL_SHAPES = [((1,), (1,)), ((5,), (5, 3)), ((4, 7), (7,)), ((1, 1), (1, 1)), ((6, 16), (16, 16)),
                 ((7, 13), (13, 17)), ((67, 45), (45, 131)), ((2, 13, 29), (29, 17)), ((3, 1, 5, 6), (2, 6, 9)),
                 ((1, 300), (300, 257)), ((130, 260), (260, 70)), ((217, 300), (300, 33)), ((5, 0), (0, 4))]


@pytest.mark.parametrize("a_shape,b_shape", MATMUL_SHAPES)
def test_matmul_like_numpy(T, a_shape, b_shape):
    a, b = randn(*a_shape), randn(*b_shape)
    ta, tb = T.wrap(a), T.wrap(b)
    ref = a.astype(np.float64) @ b.astype(np.float64)
    r0, r1 = T.both(lambda: T.numpy(T.call("matmul", ta, tb), free=True))
    k = a_shape[-1]
    tol = 4 * max(k, 1) * np.finfo(np.float32).eps * (np.abs(a).max(initial=0) * np.abs(b).max(initial=0) * max(k, 1) + 1e-30)
    assert r0.shape == ref.shape and r1.shape == ref.shape
    assert np.abs(r0 - ref).max(initial=0) <= tol
    assert np.abs(r1 - ref).max(initial=0) <= tol


def f16_values(shape):
    """Halves of every kind but NaN: normal, subnormal, signed zeros."""
    v = (randn(*shape) * 4).astype(np.float16)
    flat = v.reshape(-1)
    flat[::7] = (randn(len(flat[::7])) * 1e-6).astype(np.float16)      # subnormal halves
    flat[3::11] = -0.0
    return v


@pytest.mark.parametrize("rows,k,n", [(1, 64, 10), (3, 64, 37), (9, 100, 70), (2, 5, 3), (8, 33, 129)])
def test_f16_matmul_decode_paths(T, rows, k, n):
    """Few rows of f16 @ f16 (decode's attention, hgemm_ref): B as a
    transposed view with contiguous columns (the keys) and B with contiguous
    rows (the values), over tile edges; products of halves are exact, so
    the result is within f32 summation error of the float64 product."""
    a, bt = f16_values((rows, k)), f16_values((n, k))
    ref = a.astype(np.float64) @ bt.T.astype(np.float64)
    tol = 2 * k * np.finfo(np.float32).eps * (np.abs(a.astype(np.float64)) @ np.abs(bt.T.astype(np.float64))) + 1e-30
    keys = T.call("transpose", T.wrap(bt), 0, 1)                         # (k, n), columns contiguous
    got_keys = T.numpy(T.call("matmul", T.wrap(a), keys), free=True)
    got_values = T.numpy(T.call("matmul", T.wrap(a), T.wrap(np.ascontiguousarray(bt.T))), free=True)
    assert np.all(np.abs(got_keys - ref) <= tol)
    assert np.all(np.abs(got_values - ref) <= tol)


def test_f16_matmul_infinity(T):
    a = np.ones((1, 8), np.float16)
    b = np.ones((8, 9), np.float16)
    b[3, 2] = np.inf
    b[5, 4] = -np.inf
    got = T.numpy(T.call("matmul", T.wrap(a), T.wrap(b)), free=True)
    assert got[0, 2] == np.inf and got[0, 4] == -np.inf and got[0, 0] == 8.0
    got_t = T.numpy(T.call("matmul", T.wrap(a), T.call("transpose", T.wrap(np.ascontiguousarray(b.T)), 0, 1)), free=True)
    assert np.array_equal(got, got_t)


def test_matmul_on_views(T):
    a, w = randn(33, 50), randn(40, 50)
    ta, tw = T.wrap(a), T.wrap(w)
    wt = T.call("transpose", tw, 0, 1)                  # (50, 40), strided
    sl = T.call("slice", ta, 0, 1, 33, 3)               # every third row
    ref = a[1::3].astype(np.float64) @ w.T.astype(np.float64)
    r0, r1 = T.both(lambda: T.numpy(T.call("matmul", sl, wt), free=True))
    np.testing.assert_allclose(r0, ref, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(r1, ref, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("act", [ACT_NONE, ACT_RELU, ACT_GELU, ACT_SILU])
def test_linear_f32_with_fused_epilogue(T, act):
    x, w, b = randn(3, 5, 70), randn(37, 70), randn(37)
    y = x.astype(np.float64) @ w.T.astype(np.float64) + b
    ref = {ACT_NONE: y, ACT_RELU: np.maximum(y, 0), ACT_SILU: y / (1 + np.exp(-y)),
           ACT_GELU: 0.5 * y * (1 + np.tanh(math.sqrt(2 / math.pi) * (y + 0.044715 * y ** 3)))}[act]
    tx, tw, tb = T.wrap(x), T.wrap(w), T.wrap(b)
    r0, r1 = T.both(lambda: T.numpy(T.call("linear", tx, tw, tb, act), free=True))
    np.testing.assert_allclose(r0, ref, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(r1, ref, rtol=1e-4, atol=1e-4)
    assert T.last_tier("linear") == 3


@pytest.mark.parametrize("wtype", ["f16", "bf16"])
def test_linear_half_weights(T, wtype):
    x, w = randn(4, 64), randn(10, 64)
    if wtype == "f16":
        wq = w.astype(np.float16)
        tw, wd = T.wrap(wq), wq.astype(np.float64)
    else:
        raw = gq.quantize(w, GQ.BF16)
        tw, wd = T.wrap(raw.view(np.uint16).reshape(10, 64), "bf16"), gq.dequantize(raw, GQ.BF16).astype(np.float64)
    got = T.numpy(T.call("linear", T.wrap(x), tw, None, ACT_NONE), free=True)
    np.testing.assert_allclose(got, x.astype(np.float64) @ wd.T, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("wtype", ["Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q4_K", "Q5_K", "Q6_K"])
@pytest.mark.parametrize("m", [1, 4])
def test_quantized_linear_integer_dots(T, wtype, m):
    elements, size = BLOCK[wtype]
    n, k = 29, 2 * 256
    raw = np.frombuffer(tq.random_blocks(wtype, n * k // elements, rng), np.uint8).reshape(n, k // elements * size)
    x = randn(m, k)
    tw, tx = T.wrap(raw, wtype), T.wrap(x)
    r0, r1 = T.both(lambda: T.numpy(T.call("linear", tx, tw, None, ACT_NONE), free=True))
    # exact integer reference on the same 8-bit activations (quants.py, float64)
    if wtype in ("Q5_0", "Q5_1", "Q5_K"):
        exact = None
    else:
        act = tq.activation_type(wtype)
        exact = np.array([[tq.integer_block_dots(raw[j].tobytes(), wtype, tq.quantize_activations(x[i], act))
                           for j in range(n)] for i in range(m)])
    dense = gq.dequantize(raw, getattr(GQ, wtype)).astype(np.float64)
    approx = x.astype(np.float64) @ dense.T
    scale = np.abs(approx).max()
    for got in (r0, r1):
        if exact is not None:
            assert np.abs(got - exact).max() <= 1e-5 * np.abs(exact).max() + 1e-6
        assert np.abs(got - approx).max() <= 0.02 * scale      # 8-bit activation rounding
    np.testing.assert_allclose(r1, r0, rtol=1e-4, atol=1e-4 * scale)


def test_quantized_linear_with_q8_activations(T):
    n, k = 16, 256
    raw = np.frombuffer(tq.random_blocks("Q4_0", n * k // 32, rng), np.uint8).reshape(n, -1)
    x = randn(2, k)
    xq = np.frombuffer(tq.quantize_q8_0(x.reshape(-1)), np.uint8).reshape(2, -1)
    for hot in (False, True):
        if hot:
            T.jit()
        else:
            T.tier0()
        from_f32 = T.numpy(T.call("linear", T.wrap(x), T.wrap(raw, "Q4_0"), None, ACT_NONE), free=True)
        from_q8 = T.numpy(T.call("linear", T.wrap(xq, "Q8_0"), T.wrap(raw, "Q4_0"), None, ACT_NONE), free=True)
        assert np.array_equal(from_f32, from_q8)
    T.jit(hot_calls=2)


def test_sse2_and_avx2_tiers_agree(T):
    if T.lib.jit_isa() != 2:
        pytest.skip("this CPU has no AVX2")
    x, w = randn(9, 300), randn(300, 45)
    raw = np.frombuffer(tq.random_blocks("Q8_0", 45 * 320 // 32, rng), np.uint8).reshape(45, -1)
    xq = randn(3, 320)
    results = {}
    for isa in ("sse2", "avx2"):
        assert T.lib.jit_force_isa({"sse2": 1, "avx2": 2}[isa])
        T.jit()
        results[isa] = (T.numpy(T.call("matmul", T.wrap(x), T.wrap(w)), free=True),
                        T.numpy(T.call("linear", T.wrap(xq), T.wrap(raw, "Q8_0"), None, ACT_NONE), free=True),
                        T.numpy(T.call("add", T.wrap(x), T.wrap(x)), free=True))
        assert T.last_tier("matmul") == {"sse2": 1, "avx2": 2}[isa]
    T.policy.hot_calls = 2
    for a, b in zip(results["sse2"], results["avx2"]):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5)


def test_selftest_and_specialization_time(T, capfd):
    """The shell's `jit selftest` on the host; prints the specialization time."""
    assert T.lib.host_command(b"jit selftest") == 0
    out = capfd.readouterr().out
    assert "selftest:" in out and " 0 failed" in out, out
    line = [l for l in out.splitlines() if l.startswith("specialization:")][0]
    print("\n" + line)
    T.lib.host_command(b"jit bench 384")
    out = capfd.readouterr().out
    print(out)


def test_row_ops_run_their_stencils_and_match_tier0(T):
    simd = 2 if T.lib.jit_isa() == 2 else 1
    x = randn(3, 5, 37) * 4
    w, b = randn(37), randn(37)
    pos = T.wrap(np.array([0, 9, 1000], np.int32))
    cases = {
        "softmax": (lambda: T.call("softmax", T.wrap(x), -1), 1e-6),
        "rmsnorm": (lambda: T.call("rmsnorm", T.wrap(x), T.wrap(w), ctypes.c_float(1e-5)), 1e-6),
        "layernorm": (lambda: T.call("layernorm", T.wrap(x), T.wrap(w), T.wrap(b), ctypes.c_float(1e-5)), 1e-6),
        "silu": (lambda: T.call("activate", T.wrap(x), ACT_SILU), 1e-6),
        "gelu": (lambda: T.call("activate", T.wrap(x), ACT_GELU_ERF), 1e-6),
        "rope": (lambda: T.call("rope", T.wrap(x), pos, 36, ctypes.c_float(10000.0), ROPE_HALF), 1e-6),
    }
    for op, (fn, tolerance) in cases.items():
        ref, got = T.both(lambda: T.numpy(fn(), free=True))
        assert T.last_tier(op) == simd, op
        assert np.abs(got - ref).max() <= tolerance * np.abs(ref).max(), op


def test_measured_policy_times_the_tiers_and_keeps_one(T, capfd):
    """measure on: a hot shape is timed on tier 0 and each ISA, then stays
    on the fastest; `jit policy` lists the decision."""
    T.lib.jit_reset_policy()
    T.policy.max_tier, T.policy.hot_calls, T.policy.measure = 3, 2, True
    x = T.wrap(randn(4, 256))                 # below eager_work: cold calls first
    tiers = []
    for _ in range(8):
        T.free(T.call("softmax", x, -1))
        tiers.append(T.last_tier("softmax"))
    assert tiers[0] == 0                       # cold, timed
    assert set(tiers[1:5]) - {0} and len(set(tiers[6:])) == 1     # each ISA tried twice, then one kept
    T.lib.host_command(b"jit policy")
    out = capfd.readouterr().out
    assert re.search(r"softmax +shape [0-9a-f]+ calls +8 .* -> (c|sse2|avx2)", out), out
    print(out)
    T.jit(hot_calls=2)


@pytest.mark.parametrize("wtype", ["Q8_0", "Q4_0", "Q4_1", "Q4_K", "Q6_K"])
def test_sse2_quantized_linear_runs_its_stencil(T, wtype):
    """On the SSE2 tier (what QEMU's TCG runs) a linear layer with these
    weights runs its qdot stencil (tier 1), equal to the exact integer
    reference; 4 inputs x 37 rows (the four-row kernels end on a short
    group)."""
    if not T.lib.jit_isa_supported(1):
        pytest.skip("no SSE2 here")
    elements, size = BLOCK[wtype]
    n, k = 37, 9 * elements
    raw = np.frombuffer(tq.random_blocks(wtype, n * k // elements, rng), np.uint8).reshape(n, k // elements * size)
    x = randn(4, k)
    act = tq.activation_type(wtype)
    exact = np.array([[tq.integer_block_dots(raw[j].tobytes(), wtype, tq.quantize_activations(x[i], act))
                       for j in range(n)] for i in range(4)])
    try:
        assert T.lib.jit_force_isa(1)
        T.jit()
        got = T.numpy(T.call("linear", T.wrap(x), T.wrap(raw, wtype), None, ACT_NONE), free=True)
        assert T.last_tier("linear") == 1
    finally:
        T.lib.jit_auto_isa()
        T.jit(hot_calls=2)
    assert np.abs(got - exact).max() <= 1e-5 * np.abs(exact).max() + 1e-6


@pytest.mark.parametrize("wtype", ["Q8_0", "Q4_0", "Q4_1"])
def test_sse2_linear_expands_special_activation_scales(T, wtype):
    """Quantized input rows taken as they are, with special f16 scales
    (zero, -0, subnormal, the smallest normal, large): the driver's
    expansion of the activations for the four-row SSE2 stencils
    (qmatvec.c) gives the same bits as its Python twin run on the same
    stencil, which tests/unit/jit checks against the exact dot."""
    from tensoros.jit.qdot import QuantizedMatvec
    if not T.lib.jit_isa_supported(1):
        pytest.skip("no SSE2 here")
    halves = [0.0, -0.0, 2.0 ** -24, 3 * 2.0 ** -24, 768 * 2.0 ** -24, 2.0 ** -14, -(2.0 ** -14), 0.375, -1.5, 32768.0]
    act = tq.activation_type(wtype)
    elements, size = BLOCK[wtype]
    a_size = BLOCK[act][1]
    n, k = 13, len(halves) * elements
    raw = np.frombuffer(tq.random_blocks(wtype, n * k // elements, rng), np.uint8).reshape(n, k // elements * size)
    rows = []
    for shift in range(3):
        a = np.frombuffer(tq.quantize_activations(randn(k), act), np.uint8).copy().reshape(-1, a_size)
        a[:, 0:2] = np.roll(np.array(halves, np.float16), shift).reshape(-1, 1).view(np.uint8)
        if act == "Q8_1":
            a[:, 2:4] = np.roll(np.array(halves, np.float16), shift + 1).reshape(-1, 1).view(np.uint8)
        rows.append(a.reshape(-1))
    x = np.stack(rows)
    try:
        assert T.lib.jit_force_isa(1)
        T.jit()
        got = T.numpy(T.call("linear", T.wrap(x, act), T.wrap(raw, wtype), None, ACT_NONE), free=True)
        assert T.last_tier("linear") == 1
    finally:
        T.lib.jit_auto_isa()
        T.jit(hot_calls=2)
    matvec = QuantizedMatvec(wtype, "sse2")
    for i in range(len(rows)):
        expected = matvec.run_quantized(raw.reshape(-1), x[i], n, k)
        assert np.array_equal(got[i].view(np.uint32), expected.view(np.uint32)), i


def test_jit_isa_and_bench_qdot_commands(T, capfd):
    """`jit isa I` pins an ISA, an unknown name changes nothing, `jit isa
    auto` goes back to the best; `jit bench qdot` prints a line per type and
    shape with tier 0 and each ISA."""
    best = T.lib.jit_isa()
    try:
        T.lib.host_command(b"jit isa sse2")
        assert "isa sse2" in capfd.readouterr().out and T.lib.jit_isa() == 1
        T.lib.host_command(b"jit isa sse3")
        assert "usage: jit isa" in capfd.readouterr().out and T.lib.jit_isa() == 1
        T.lib.host_command(b"jit isa auto")
        assert "all ISAs the CPU has are candidates" in capfd.readouterr().out and T.lib.jit_isa() == best
        T.lib.host_command(b"jit bench qdot")
        out = capfd.readouterr().out
    finally:
        T.lib.jit_auto_isa()
        T.jit(hot_calls=2)
    lines = re.findall(r"^bench qmatvec (\S+) (\d+)x(\d+) +c [\d.]+ GOPS, sse2 [\d.]+ GOPS", out, re.M)
    assert sorted({t for t, _, _ in lines}) == ["Q4_0", "Q4_1", "Q4_K", "Q6_K", "Q8_0"], out
    assert len(lines) == 8, out
    print(out)
