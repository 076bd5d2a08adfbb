"""The `tensor` module API (runtime/tensor/API.md) as the numpy
implementation gives it: what the models rely on, and the errors."""

import math
import sys
from pathlib import Path

import numpy as np
import pytest

import tensor

ROOT = Path(__file__).resolve().parents[3]


def test_making_and_attributes():
    z = tensor.zeros((2, 3))
    assert z.shape == (2, 3) and z.dtype == "f32" and z.ndim == 2 and z.size == 6 and len(z) == 2
    assert z.strides == (12, 4) and z.nbytes == 24 and z.is_contiguous()
    assert tensor.ones(3).tolist() == [1.0, 1.0, 1.0]
    assert tensor.full((2,), 2.5, "f16").tolist() == [2.5, 2.5]
    assert tensor.arange(4).dtype == "i32" and tensor.arange(4).tolist() == [0, 1, 2, 3]
    assert tensor.arange(0.0, 1.0, 0.25).tolist() == [0.0, 0.25, 0.5, 0.75]
    assert tensor.arange(5, 0, -2).tolist() == [5, 3, 1]
    t = tensor.from_list([[1, 2], [3, 4]])
    assert t.shape == (2, 2) and t.tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert tensor.from_list([1, 2, 3, 4, 5, 6], shape=(2, 3)).tolist()[1] == [4.0, 5.0, 6.0]
    assert tensor.from_list([7], dtype="i32").item() == 7
    assert tensor.from_bytes(np.array([1.5, -2], np.float32).tobytes(), "f32").tolist() == [1.5, -2.0]
    assert tensor.dtype_from_gguf(3) == "Q4_1" and tensor.block_size("q4_k") == (256, 144)
    assert tensor.nbytes("Q8_0", (4, 64)) == 4 * 2 * 34


def test_rand_is_splitmix64():
    def reference(seed, n):
        out, mask = [], (1 << 64) - 1
        for i in range(n):
            z = (seed + (i + 1) * 0x9E3779B97F4A7C15) & mask
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
            z ^= z >> 31
            out.append((z >> 40) / 16777216.0)
        return out
    r = tensor.rand((3, 5), seed=42)
    assert r.shape == (3, 5)
    assert [v for row in r.tolist() for v in row] == reference(42, 15)
    assert tensor.rand(4, seed=1).tolist() == tensor.rand(4, seed=1).tolist()
    assert tensor.rand(4, seed=1).tolist() != tensor.rand(4, seed=2).tolist()


def test_errors_are_clear_python_exceptions():
    a, b = tensor.zeros((2, 3)), tensor.zeros((4, 3))
    with pytest.raises(ValueError, match=r"add: shapes \(2, 3\) and \(4, 3\) do not broadcast"):
        a + b
    with pytest.raises(ValueError, match="inner dimensions 3 and 4 differ"):
        a @ tensor.zeros((4, 2))
    with pytest.raises(TypeError, match="softmax: the input is i32, the op takes f32"):
        tensor.softmax(tensor.arange(3))
    with pytest.raises(TypeError, match="unknown dtype"):
        tensor.zeros(3, "f64")
    with pytest.raises(ValueError, match="ragged"):
        tensor.from_list([[1, 2], [3]])
    with pytest.raises(ValueError, match="do not fill shape"):
        tensor.from_list([1, 2, 3], shape=(2, 2))
    with pytest.raises(IndexError):
        a[2]
    with pytest.raises(ValueError, match="the output is"):
        tensor.add(a, a, out=tensor.zeros((3, 2)))
    with pytest.raises(ValueError, match="not a view"):
        a.T.reshape(6)
    with pytest.raises(ValueError, match="bytes given"):
        tensor.wrap(bytes(10), "f32", (3,))
    with pytest.raises(ValueError, match="multiple of 32"):
        tensor.zeros((2, 30), "Q8_0")
    w = tensor.convert(tensor.rand((4, 64), seed=1), "Q8_0")
    with pytest.raises(TypeError, match="go through linear"):
        tensor.zeros((1, 64)) @ w
    with pytest.raises(ValueError, match="whole blocks"):
        w[:, 0:16]
    with pytest.raises(ValueError, match="out of range"):
        tensor.embedding(w, tensor.from_list([4], dtype="i32"))


def test_printing_like_numpy():
    t = tensor.from_list([[1, 2], [3, 4.5]])
    assert str(t) == str(np.array([[1, 2], [3, 4.5]], np.float32))
    assert repr(t) == "tensor([[1. , 2. ],\n        [3. , 4.5]])"
    assert repr(tensor.arange(3)) == "tensor([0, 1, 2], dtype=i32)"
    assert "Q8_0" in repr(tensor.zeros((1, 32), "Q8_0"))


def test_views_share_storage_and_slice_assignment():
    t = tensor.zeros((2, 3, 4))
    v = t.permute(1, 0, 2)
    assert v.shape == (3, 2, 4) and not v.is_contiguous()
    v[1, 0, :] = tensor.from_list([1, 2, 3, 4])
    assert t[0, 1].tolist() == [1.0, 2.0, 3.0, 4.0]
    t[1, :, 2] = 7.0
    assert t[1, 2, 2] == 7.0 and t[0, 2, 2] == 0.0
    assert t[..., ::-1][0, 1].tolist() == [4.0, 3.0, 2.0, 1.0]
    assert t.transpose(0, 2).shape == (4, 3, 2) and t.T.shape == (4, 3, 2)
    assert t.reshape(6, -1).shape == (6, 4)
    # A KV cache in f16: writes convert.
    cache = tensor.zeros((2, 8, 4), "f16")
    cache[:, 3:5, :] = tensor.from_list([[[0.1] * 4] * 2] * 2)
    assert abs(cache[1, 4, 0] - 0.1) < 1e-3 and cache[1, 5, 0] == 0.0
    # Weights in place: writes through a writable buffer are seen.
    buf = bytearray(16)
    w = tensor.wrap(buf, "f32", (2, 2))
    w[1, 1] = 3.0
    assert np.frombuffer(buf, np.float32)[3] == 3.0
    assert tensor.copy_into(tensor.zeros(2), tensor.from_list([1, 2])).tolist() == [1.0, 2.0]


def test_elementwise_and_reductions():
    a = tensor.from_list([[1, -2, 3], [4, 5, -6]])
    assert (a * 2 + 1).tolist() == [[3, -3, 7], [9, 11, -11]]
    assert (1 - a)[0].tolist() == [0, 3, -2]
    assert (a / tensor.from_list([1, 2, 3])).tolist()[1] == [4.0, 2.5, -2.0]
    assert (-a)[0, 0] == -1.0
    assert tensor.relu(a).tolist()[0] == [1, 0, 3]
    assert tensor.sum(a, 1).tolist() == [2.0, 3.0] and abs(tensor.mean(a).item() - 5 / 6) < 1e-7 and tensor.mean(a).shape == ()
    assert tensor.max(a, 0, keepdims=True).shape == (1, 3)
    assert int(tensor.argmax(a, 1)[1]) == 1
    values, ids = tensor.topk(tensor.from_list([3, 1, 3, 2]), 3)
    assert values.tolist() == [3, 3, 2] and ids.tolist() == [0, 2, 3]
    assert tensor.concat([a, a], 0).shape == (4, 3)
    x = np.linspace(-4, 4, 9).astype(np.float32)
    t = tensor.from_list(x.tolist())
    assert np.allclose(tensor.silu(t).numpy(), x / (1 + np.exp(-x)), rtol=1e-6)
    assert np.allclose(tensor.gelu_erf(t).numpy(), [0.5 * v * (1 + math.erf(v / math.sqrt(2))) for v in x], atol=1e-6)
    s = tensor.softmax(t)
    assert abs(tensor.sum(s).item() - 1) < 1e-6


def test_norms_and_rope_layouts():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 8)).astype(np.float32)
    w = rng.standard_normal(8).astype(np.float32)
    t, tw = tensor.from_list(x.tolist()), tensor.from_list(w.tolist())
    ref = x / np.sqrt((x.astype(np.float64) ** 2).mean(1, keepdims=True) + 1e-5) * w
    assert np.allclose(tensor.rmsnorm(t, tw, 1e-5).numpy(), ref, rtol=1e-5)
    ln = (x - x.mean(1, keepdims=True)) / np.sqrt(x.var(1, keepdims=True) + 1e-12)
    assert np.allclose(tensor.layernorm(t, None, None, 1e-12).numpy(), ln, atol=1e-5)
    # rope: (T, H, D) with positions; interleaved pairs (2i, 2i+1), half pairs (i, i + D/2).
    q = rng.standard_normal((2, 1, 4)).astype(np.float32)
    pos = tensor.from_list([0, 5], dtype="i32")
    base = 100.0
    theta = [5 * base ** (-2 * i / 4) for i in range(2)]
    inter = tensor.rope(tensor.from_list(q.tolist()), pos, 4, base, "interleaved").numpy()
    half = tensor.rope(tensor.from_list(q.tolist()), pos, 4, base, "half").numpy()
    assert np.allclose(inter[0], q[0]) and np.allclose(half[0], q[0])
    v = q[1, 0]
    want_inter = [v[0] * math.cos(theta[0]) - v[1] * math.sin(theta[0]), v[0] * math.sin(theta[0]) + v[1] * math.cos(theta[0]),
                  v[2] * math.cos(theta[1]) - v[3] * math.sin(theta[1]), v[2] * math.sin(theta[1]) + v[3] * math.cos(theta[1])]
    want_half = [v[0] * math.cos(theta[0]) - v[2] * math.sin(theta[0]), v[1] * math.cos(theta[1]) - v[3] * math.sin(theta[1]),
                 v[0] * math.sin(theta[0]) + v[2] * math.cos(theta[0]), v[1] * math.sin(theta[1]) + v[3] * math.cos(theta[1])]
    assert np.allclose(inter[1, 0], want_inter, atol=1e-6)
    assert np.allclose(half[1, 0], want_half, atol=1e-6)
    with pytest.raises(ValueError, match="positions must be i32"):
        tensor.rope(tensor.from_list(q.tolist()), tensor.from_list([0, 1]), 4)


def test_block_types_dequantize_like_gguf_and_quantize_like_ggml():
    from gguf import GGMLQuantizationType, quants
    x = np.random.default_rng(1).standard_normal((4, 64)).astype(np.float32)
    for name in ("Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1"):
        q = tensor.convert(tensor.from_list(x.tolist()), name)
        assert q.dtype == name and q.shape == (4, 64)
        raw = np.frombuffer(q.tobytes(), np.uint8).reshape(4, -1)
        if name in ("Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1"):
            assert raw.tobytes() == quants.quantize(x, GGMLQuantizationType[name]).tobytes(), name
        deq = quants.dequantize(raw, GGMLQuantizationType[name])
        assert np.array_equal(q.numpy(), deq)
        assert np.array_equal(tensor.embedding(q, tensor.from_list([2, 0], dtype="i32")).numpy(), deq[[2, 0]])
        assert np.array_equal(q[1:3].numpy(), deq[1:3])
        assert np.array_equal(q[:, 32:64].numpy(), deq[:, 32:64])


def test_quantized_linear_is_the_integer_block_dot():
    """x @ w.T on block weights = quantize x to Q8 blocks, integer dots per
    block (toolchain/tensoros/jit/quants.py's exact reference)."""
    sys.path.insert(0, str(ROOT / "toolchain"))
    from tensoros.jit import quants as jq
    saved = tensor.ACTIVATION_ROUNDING
    tensor.ACTIVATION_ROUNDING = "ref"          # the reference quantizers, as jq and the C core
    try:
        _integer_block_dots(jq)
    finally:
        tensor.ACTIVATION_ROUNDING = saved


def _integer_block_dots(jq):
    rng = np.random.default_rng(2)
    x = rng.standard_normal((3, 256)).astype(np.float32)
    for name in ("Q8_0", "Q4_0", "Q4_1", "Q4_K", "Q6_K"):
        count = 5 * 256 // jq.BLOCK[name][0]
        wbytes = jq.random_blocks(name, count, rng)
        w = tensor.wrap(wbytes, name, (5, 256))
        got = (tensor.from_list(x.tolist()) @ w.T).numpy()
        row = len(wbytes) // 5
        for i in range(3):
            acts = jq.quantize_activations(x[i], jq.activation_type(name))
            for j in range(5):
                want = jq.integer_block_dots(wbytes[j * row:(j + 1) * row], name, acts)
                assert abs(got[i, j] - want) <= 1e-5 * (abs(want) + 1), (name, i, j)
        # and close to the float product with the dequantized weights
        exact = x @ w.numpy().T
        assert np.abs(got - exact).max() < 0.05 * np.abs(exact).max() + 1e-3
    # f32 / f16 weights through linear, with bias and a fused activation
    wf = rng.standard_normal((4, 256)).astype(np.float32)
    b = rng.standard_normal(4).astype(np.float32)
    got = tensor.linear(tensor.from_list(x.tolist()), tensor.from_list(wf.tolist(), dtype="f16"),
                        tensor.from_list(b.tolist()), "relu").numpy()
    assert np.allclose(got, np.maximum(x @ wf.astype(np.float16).astype(np.float32).T + b, 0), rtol=1e-4, atol=1e-4)


def test_matmul_batches_broadcast_over_strided_views():
    rng = np.random.default_rng(3)
    q = rng.standard_normal((2, 3, 5, 4)).astype(np.float32)
    k = rng.standard_normal((2, 7, 4)).astype(np.float32)
    tk = tensor.from_list(k.tolist()).transpose(1, 2).reshape(2, 1, 4, 7)
    got = tensor.matmul(tensor.from_list(q.tolist()), tk).numpy()
    assert np.allclose(got, q @ k.transpose(0, 2, 1)[:, None], rtol=1e-5)


# ---- ggml's numerics (what llama.cpp computes on x86 AVX2+FMA), against scalar references ----

F32 = np.float32


def _fma32(a, b, c):
    """a*b + c rounded once to float32 (a*b of two floats is exact in double)."""
    return F32(float(a) * float(b) + float(c))


def _hsum8(lanes):
    r = [F32(lanes[i + 4] + lanes[i]) for i in range(4)]
    return F32(F32(r[0] + r[2]) + F32(r[1] + r[3]))


def _ggml_q8(xblock, with_sum):
    """quantize_row_q8_0/q8_1 (AVX2) of one block of 32 floats."""
    amax = F32(max(abs(float(v)) for v in xblock))
    d = F32(amax / F32(127))
    inv = F32(F32(127) / amax) if amax != 0 else F32(0)
    q = [int(np.rint(F32(F32(v) * inv))) for v in xblock]
    s = float(np.float16(F32(F32(sum(q)) * d))) if with_sum else None
    return q, float(np.float16(d)), s


def _ggml_vec_dot(wrow, x, dtype):
    """ggml_vec_dot_{q4_0,q8_0}_q8_0 / q4_1_q8_1 (AVX2) of one weight row (raw
    blocks) and one f32 row, element by element."""
    size = tensor.block_size(dtype)[1]
    acc, summs = [F32(0)] * 8, F32(0)
    for b in range(len(x) // 32):
        blk = wrow[b * size:(b + 1) * size]
        dw = float(np.frombuffer(blk[0:2], np.float16)[0])
        if dtype == "Q8_0":
            qw = list(np.frombuffer(blk[2:34], np.int8))
        else:
            nib = [int(v) for v in blk[-16:]]
            qw = [v & 15 for v in nib] + [v >> 4 for v in nib]
            if dtype == "Q4_0":
                qw = [v - 8 for v in qw]
        qx, dx, sx = _ggml_q8(x[b * 32:(b + 1) * 32], dtype == "Q4_1")
        dd = F32(F32(dw) * F32(dx))
        for lane in range(8):
            isum = sum(int(qw[i]) * qx[i] for i in range(4 * lane, 4 * lane + 4))
            acc[lane] = _fma32(dd, F32(isum), acc[lane])
        if dtype == "Q4_1":
            summs = _fma32(float(np.frombuffer(blk[2:4], np.float16)[0]), sx, summs)
    return F32(_hsum8(acc) + summs)


def test_block_linear_adds_like_ggml_avx2():
    """The default ("ggml") linear on block weights: ggml's SIMD quantizer and
    its order of float operations, equal to a scalar transcription."""
    rng = np.random.default_rng(7)
    x = (rng.standard_normal((2, 96)) * 3).astype(np.float32)
    x[1, 40] = 0.0
    for name in ("Q4_1", "Q8_0", "Q4_0"):
        w = tensor.convert(tensor.from_list((rng.standard_normal((5, 96)) * 0.1).astype(np.float32).tolist()), name)
        raw = np.frombuffer(w.tobytes(), np.uint8).reshape(5, -1)
        got = (tensor.from_list(x.tolist()) @ w.T).numpy()
        want = [[_ggml_vec_dot(raw[j], x[i], name) for j in range(5)] for i in range(2)]
        assert got.tolist() == want, name
        # the other summation orders give other last bits, not other values
        saved = tensor.ACTIVATION_ROUNDING
        tensor.ACTIVATION_ROUNDING = "simd"
        try:
            assert np.allclose((tensor.from_list(x.tolist()) @ w.T).numpy(), got, rtol=1e-5, atol=1e-5)
        finally:
            tensor.ACTIVATION_ROUNDING = saved


def _vec_dot_f16(a, b):
    """ggml_vec_dot_f16 (AVX2): 4 accumulators x 8 lanes, steps of 32 (zero padded)."""
    k = -len(a) % 32
    a, b = list(a) + [0.0] * k, list(b) + [0.0] * k
    acc = [[F32(0)] * 8 for _ in range(4)]
    for i in range(len(a)):
        j, lane = (i // 8) % 4, i % 8
        acc[j][lane] = F32(acc[j][lane] + F32(F32(a[i]) * F32(b[i])))
    s = [F32(F32(acc[0][n] + acc[2][n]) + F32(acc[1][n] + acc[3][n])) for n in range(8)]
    t = [F32(s[n] + s[n + 4]) for n in range(4)]
    return F32(F32(t[0] + t[1]) + F32(t[2] + t[3]))


def _tinyblas_f16(a, b):
    """llamafile's tinyBLAS f16 dot (AVX2): one accumulator of 8 lanes, hsum."""
    acc = [F32(0)] * 8
    for i in range(len(a)):
        acc[i % 8] = F32(acc[i % 8] + F32(F32(a[i]) * F32(b[i])))
    return _hsum8(acc)


def test_f16_matmul_sums_like_ggml():
    """f16 @ f16 (the f16 KV cache): exact products, f32 sums in ggml's order —
    vec_dot_f16 for one row (a decoded token), tinyBLAS for more (a prompt)."""
    rng = np.random.default_rng(8)
    for M in (1, 3):
        a = (rng.standard_normal((2, M, 40)) * 4).astype(np.float16)
        b = (rng.standard_normal((1, 40, 5)) * 4).astype(np.float16)
        ta = tensor.from_list(a.astype(np.float32).tolist(), dtype="f16")
        tb = tensor.from_list(b.astype(np.float32).tolist(), dtype="f16")
        got = tensor.matmul(ta, tb)
        assert got.dtype == "f32" and got.shape == (2, M, 5)
        dot = _vec_dot_f16 if M == 1 else _tinyblas_f16
        want = [[[dot(a[h, m], b[0, :, n]) for n in range(5)] for m in range(M)] for h in range(2)]
        assert got.numpy().tolist() == np.array(want, np.float32).tolist()
        assert np.allclose(got.numpy(), a.astype(np.float64) @ b.astype(np.float64), rtol=1e-3, atol=1e-3)
    # a strided view of a cache (keys transposed) and 1-D operands
    cache = tensor.from_list((rng.standard_normal((6, 8)) * 2).astype(np.float32).tolist(), dtype="f16")
    q = tensor.convert(tensor.from_list(rng.standard_normal(8).astype(np.float32).tolist()), "f16")
    got = tensor.matmul(q, cache[0:5, :].transpose(0, 1))
    want = [_vec_dot_f16(q.numpy(), cache.numpy()[n]) for n in range(5)]
    assert got.shape == (5,) and got.numpy().tolist() == np.array(want, np.float32).tolist()
    with pytest.raises(TypeError, match="both f32 or both f16"):
        tensor.matmul(q, tensor.zeros((8, 2)))


def test_expf_softmax_and_silu_are_ggmls():
    x = np.concatenate([np.linspace(-100, 88, 4001), [-1e30, -np.inf, 0.0, -0.0, 1e-30]]).astype(np.float32)
    e = numpy_tensor_expf(x)
    exact = np.exp(x.astype(np.float64))
    finite = exact > 1e-37
    ulp = np.abs(e[finite] - exact[finite]) / np.spacing(exact[finite].astype(np.float32))
    assert ulp.max() <= 2.0                     # "maximum error 1.45358 plus 0.5 ulps"
    assert e[-5] == 0 and e[-4] == 0 and e[-3] == 1 and e[-2] == 1 and e[-1] == 1
    # softmax: expf(x - max) per element; runs of 8 summed pairwise in float, the runs in double
    row = (np.random.default_rng(9).standard_normal(21) * 5).astype(np.float32)
    row[[3, 17]] = -1e30                        # masked, as the causal mask
    ex = numpy_tensor_expf((row - row.max()).astype(np.float32))
    padded = list(ex) + [F32(0)] * 3
    total = 0.0
    for r in range(0, 24, 8):
        total += float(_hsum8(padded[r:r + 8]))
    want = (ex * F32(1.0 / total)).astype(np.float32)
    got = tensor.softmax(tensor.from_list(row.tolist())).numpy()
    assert got.tolist() == want.tolist() and got[3] == 0 and abs(float(got.sum()) - 1) < 1e-6
    assert tensor.softmax(tensor.from_list([row.tolist()] * 2), axis=1).numpy()[1].tolist() == want.tolist()
    # silu: x / (1 + expf(-x)) in float32
    v = np.linspace(-20, 20, 81).astype(np.float32)
    want = (v / (F32(1) + numpy_tensor_expf(-v))).astype(np.float32)
    assert tensor.silu(tensor.from_list(v.tolist())).numpy().tolist() == want.tolist()


def numpy_tensor_expf(x):
    """ggml_v_expf through the implementation's own kernel (checked above against exp)."""
    return tensor._ggml_expf(np.asarray(x, np.float32))
