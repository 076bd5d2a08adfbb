"""The `tensor` module of TensorOS Python (runtime/tensor/API.md), implemented
over numpy for host tests and development. TEST-ONLY: runtime code imports
`tensor`; on the VM that is the native module over kernel/tensor, on CPython
the tests install this file under that name (`install()`).

Its numerics are those of llama.cpp's CPU backend (ggml) on x86-64 with
AVX2+FMA, bit for bit where the models need it, so that a model written
against this API computes exactly what llama.cpp computes on the same
file (tests/unit/nn_models/test_llama.py checks SmolLM2's logits for
equality, step by step):

* compute ops take f32 (other dtypes raise TypeError: convert first);
  `matmul` also takes two f16 operands (an f16 KV cache);
* `linear` with a 32-element block type (Q4_0, Q4_1, Q5_0, Q5_1, Q8_0)
  quantizes the activations as ggml's SIMD quantizer (x * 127/amax, ties to
  even) to Q8_0 / Q8_1, takes each block's integer dot in 8 lanes of 4
  products, accumulates d_w*d_x * lane in 8 float lanes with fused
  multiply-adds block after block, sums the lanes pairwise and, for Q4_1 /
  Q5_1, adds the FMA chain of m * s (ggml_vec_dot_q4_1_q8_1 and friends).
  `ACTIVATION_ROUNDING` selects other numerics for experiments (below);
  the K types always use float dots of the quantized values;
* `matmul` of f16 operands: the products (exact in f32) are accumulated in
  f32 in ggml's order: one row on the left (a matrix-vector product) as
  ggml_vec_dot_f16 (4 x 8 lanes over steps of 32), more rows as llamafile's
  tinyBLAS (8 lanes); f32 matmul is numpy's;
* rmsnorm: f32 squares summed in double, mean and 1/sqrt in f32; softmax:
  ggml's vectorised expf, per-8 float sums added in double, times the f32
  reciprocal; silu: x / (1 + expf(-x)) with the same expf; rope: f32
  angles by repeated multiplication by powf(base, -2/n_rot), the C
  library's cosf/sinf, rotation with fused multiply-adds;
* GGUF block types dequantize bit-exactly through `gguf.quants`.

Errors: shape mistakes raise ValueError, dtype mistakes TypeError, a bad
index IndexError, each with a message naming the op ("add: shapes (2, 3)
and (4, 3) do not broadcast").
"""

import builtins
import math
import os
import sys

import numpy as np
from gguf import GGMLQuantizationType
from gguf import quants as gguf_quants

# ---------------------------------------------------------------------------
# dtypes

PLAIN = {"f32": np.float32, "f16": np.float16, "bf16": np.uint16, "i8": np.int8, "i16": np.int16, "i32": np.int32}
BLOCK = {"Q4_0": (32, 18), "Q4_1": (32, 20), "Q5_0": (32, 22), "Q5_1": (32, 24), "Q8_0": (32, 34),
         "Q8_1": (32, 36), "Q4_K": (256, 144), "Q5_K": (256, 176), "Q6_K": (256, 210), "Q8_K": (256, 292)}
DTYPES = ("f32", "f16", "bf16", "i8", "i16", "i32", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q8_1",
          "Q4_K", "Q5_K", "Q6_K", "Q8_K")
GGUF_TYPE = {"f32": 0, "f16": 1, "Q4_0": 2, "Q4_1": 3, "Q5_0": 6, "Q5_1": 7, "Q8_0": 8, "Q8_1": 9,
             "Q4_K": 12, "Q5_K": 13, "Q6_K": 14, "Q8_K": 15, "i8": 24, "i16": 25, "i32": 26, "bf16": 30}
QUANTIZABLE = ("Q8_0", "Q8_1", "Q8_K", "Q4_0", "Q4_1", "Q5_0", "Q5_1")
ACTIVATION_TYPE = {"Q4_0": "Q8_0", "Q5_0": "Q8_0", "Q8_0": "Q8_0", "Q4_1": "Q8_1", "Q5_1": "Q8_1",
                   "Q4_K": "Q8_K", "Q5_K": "Q8_K", "Q6_K": "Q8_K", "Q8_K": "Q8_K"}
ACTIVATIONS = ("none", "relu", "gelu", "gelu_erf", "silu")
_LOWER = {name.lower(): name for name in DTYPES}


def _dtype(name, op="tensor"):
    if isinstance(name, str) and name.lower() in _LOWER:
        return _LOWER[name.lower()]
    raise TypeError(f"{op}: unknown dtype {name!r} (one of {', '.join(DTYPES)})")


def dtype_from_gguf(type_id):
    """The dtype name of a GGML type id, or None."""
    for name, tid in GGUF_TYPE.items():
        if tid == type_id:
            return name
    return None


def block_size(dtype):
    """(elements, bytes) of one block; (1, element bytes) for plain types."""
    dtype = _dtype(dtype, "block_size")
    if dtype in BLOCK:
        return BLOCK[dtype]
    return 1, np.dtype(PLAIN[dtype]).itemsize


def nbytes(dtype, shape):
    """Bytes of a contiguous tensor (ValueError if a block row is not whole)."""
    dtype = _dtype(dtype, "nbytes")
    shape = _shape(shape, "nbytes")
    elements, size = block_size(dtype)
    n = _prod(shape)
    if elements > 1 and (not shape or shape[-1] % elements):
        raise ValueError(f"nbytes: {dtype} needs a last dimension that is a multiple of {elements}")
    return n // elements * size


def _prod(shape):
    n = 1
    for s in shape:
        n *= s
    return n


def _shape(shape, op):
    if isinstance(shape, int):
        shape = (shape,)
    try:
        shape = tuple(shape)
    except TypeError:
        raise TypeError(f"{op}: a shape is an int or a tuple of ints, not {type(shape).__name__}") from None
    for s in shape:
        if not isinstance(s, (int, np.integer)) or isinstance(s, bool):
            raise TypeError(f"{op}: shape {shape} has a non-integer entry")
        if s < 0 and s != -1:
            raise ValueError(f"{op}: negative dimension in shape {shape}")
    if len(shape) > 8:
        raise ValueError(f"{op}: {len(shape)} dimensions, at most 8")
    return tuple(int(s) for s in shape)


def _describe(t):
    return f"{t.dtype}[{','.join(str(s) for s in t.shape)}]"


# ---------------------------------------------------------------------------
# bf16 and block codecs


def _bf16_to_f32(bits):
    return (bits.astype(np.uint32) << 16).view(np.float32)


def _f32_to_bf16(x):
    x = np.asarray(x, np.float32, order="C")
    u = x.view(np.uint32).astype(np.uint64)
    rounded = ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype(np.uint16)
    nan = np.isnan(x)
    if nan.any():
        rounded = np.where(nan, ((u >> 16) | 0x40).astype(np.uint16), rounded)
    return rounded


def _f16(raw):
    return np.ascontiguousarray(raw).view(np.float16).astype(np.float32)


def _round_half_away(x):
    x = x.astype(np.float64)
    return np.sign(x) * np.floor(np.abs(x) + 0.5)


# How `linear` computes with block-type weights:
#   "ggml" ggml's SIMD quantizer and its AVX2 integer-dot accumulation order (the default: what
#          llama.cpp runs on x86, bit for bit for the 32-element block types; see the module doc)
#   "simd" the same quantizer, float dot products of the quantized values (another summation order)
#   "ref"  ggml's reference quantizers, as kernel/tensor/quants.c (x * (1/d), ties away from zero)
#   "none" no quantization: exact f32 dot products with the dequantized weights
ACTIVATION_ROUNDING = "ggml"


def _quantize_q8(blocks, with_sum, rounding="ref"):
    """(n, 32) float32 -> (q int8 (n, 32), d f16-as-f32 (n,), s f16-as-f32 (n,) or None,
    raw bytes (n, 34|36)) as ggml's reference quantize_row_q8_0/q8_1."""
    amax = np.abs(blocks).max(axis=1)
    d = (amax / np.float32(127)).astype(np.float32)
    if rounding in ("simd", "ggml"):
        with np.errstate(divide="ignore"):
            inv = np.where(amax == 0, np.float32(0), np.float32(127) / amax).astype(np.float32)
        q = np.rint(blocks * inv[:, None]).astype(np.int8)
    else:
        with np.errstate(divide="ignore"):
            inv = np.where(d == 0, np.float32(0), np.float32(1) / d).astype(np.float32)
        q = _round_half_away(blocks * inv[:, None]).astype(np.int8)
    d16 = d.astype(np.float16)
    parts = [d16.reshape(-1, 1).view(np.uint8)]
    s16 = None
    if with_sum:
        s16 = (q.astype(np.int32).sum(axis=1).astype(np.float32) * d).astype(np.float16)
        parts.append(s16.reshape(-1, 1).view(np.uint8))
    parts.append(q.view(np.uint8))
    raw = np.concatenate(parts, axis=1)
    return q, d16.astype(np.float32), (None if s16 is None else s16.astype(np.float32)), raw


def _quantize_q8_k(blocks):
    index = np.abs(blocks).argmax(axis=1)
    largest = blocks[np.arange(blocks.shape[0]), index]
    with np.errstate(divide="ignore"):
        iscale = np.where(largest == 0, np.float32(0), np.float32(-127) / largest).astype(np.float32)
    q = np.minimum(np.rint(iscale[:, None] * blocks), 127).astype(np.int8)
    with np.errstate(divide="ignore"):
        d = np.where(largest == 0, np.float32(0), np.float32(1) / iscale).astype(np.float32)
    bsums = q.reshape(-1, 16, 16).astype(np.int16).sum(axis=2, dtype=np.int16)
    raw = np.concatenate([d.reshape(-1, 1).view(np.uint8), q.view(np.uint8), bsums.view(np.uint8)], axis=1)
    return q, d, raw


def _quantize_q4_q5(dtype, blocks):
    """ggml's reference quantizers for Q4_0, Q4_1, Q5_0, Q5_1 (what the C core does)."""
    five = dtype in ("Q5_0", "Q5_1")
    with_min = dtype in ("Q4_1", "Q5_1")
    levels = 32 if five else 16
    n = blocks.shape[0]
    if with_min:
        lo, hi = blocks.min(axis=1), blocks.max(axis=1)
        d = ((hi - lo) / np.float32(levels - 1)).astype(np.float32)
        with np.errstate(divide="ignore"):
            inv = np.where(d == 0, np.float32(0), np.float32(1) / d).astype(np.float32)
        v = (blocks - lo[:, None]) * inv[:, None] + np.float32(0.5)
    else:
        index = np.abs(blocks).argmax(axis=1)
        mx = blocks[np.arange(n), index]
        d = (mx / np.float32(-(levels // 2))).astype(np.float32)
        with np.errstate(divide="ignore"):
            inv = np.where(d == 0, np.float32(0), np.float32(1) / d).astype(np.float32)
        v = blocks * inv[:, None] + np.float32(levels // 2 + 0.5)
    q = np.clip(np.trunc(v.astype(np.float32)), 0, levels - 1).astype(np.uint8)
    parts = [d.astype(np.float16).reshape(-1, 1).view(np.uint8)]
    if with_min:
        parts.append(lo.astype(np.float16).reshape(-1, 1).view(np.uint8))
    if five:
        bits = ((q >> 4) & 1).astype(np.uint32) << np.arange(32, dtype=np.uint32)
        parts.append(bits.sum(axis=1, dtype=np.uint32).reshape(-1, 1).view(np.uint8))
    parts.append((q[:, :16] & 15) | ((q[:, 16:] & 15) << 4))
    return np.concatenate(parts, axis=1)


def _quantize_rows(dtype, x):
    """float32 (..., K) -> raw uint8 (..., K/elements * bytes)."""
    elements, size = BLOCK[dtype]
    lead = x.shape[:-1]
    blocks = np.ascontiguousarray(x, np.float32).reshape(-1, elements)
    if dtype in ("Q8_0", "Q8_1"):
        raw = _quantize_q8(blocks, dtype == "Q8_1")[3]
    elif dtype == "Q8_K":
        raw = _quantize_q8_k(blocks)[2]
    else:
        raw = _quantize_q4_q5(dtype, blocks)
    return raw.reshape(lead + (x.shape[-1] // elements * size,))


def _dequantize_raw(dtype, raw):
    """raw uint8 (..., nblocks, bytes) -> float32 (..., nblocks*elements)."""
    elements, size = BLOCK[dtype]
    lead = raw.shape[:-2]
    flat = np.ascontiguousarray(raw).reshape(-1, size)
    if dtype == "Q8_K":
        d = flat[:, 0:4].copy().view(np.float32)
        out = d * flat[:, 4:260].view(np.int8).astype(np.float32)
    elif dtype == "Q8_1":
        out = flat[:, 4:36].view(np.int8).astype(np.float32) * _f16(flat[:, 0:2])
    else:
        rows = np.ascontiguousarray(raw).reshape(-1, raw.shape[-2] * size) if raw.ndim >= 2 else flat
        out = gguf_quants.dequantize(rows, GGMLQuantizationType[dtype]).reshape(-1, elements)
    return out.reshape(lead + (raw.shape[-2] * elements,)).astype(np.float32, copy=False)


# ---------------------------------------------------------------------------
# ggml's float kernels (llama.cpp's CPU backend, x86-64 AVX2+FMA), element for element

_F32, _F64, _U32 = np.float32, np.float64, np.uint32


def _fma(a, b, c):
    """float32 a*b + c with one rounding, as the FMA instruction: the product of two
    floats is exact in double, so this is exact unless the double sum itself rounds
    onto the midpoint between two floats (never met in practice)."""
    with np.errstate(invalid="ignore", over="ignore"):
        return (np.asarray(a, _F64) * np.asarray(b, _F64) + np.asarray(c, _F64)).astype(_F32)


_EXP_SHIFT = _F32(float.fromhex("0x1.8p23"))
_EXP_LOG2E = _F32(float.fromhex("0x1.715476p+0"))
_EXP_LN2_HI = _F32(float.fromhex("0x1.62e4p-1"))
_EXP_LN2_LO = _F32(float.fromhex("0x1.7f7d1cp-20"))
_EXP_POLY = tuple(_F32(float.fromhex(h)) for h in ("0x1.0e4020p-7", "0x1.573e2ep-5", "0x1.555e66p-3",
                                                   "0x1.fffdb6p-2", "0x1.ffffecp-1"))


def _ggml_expf(x):
    """ggml_v_expf (AVX2): e^x for float32 x within 1.5 ulp; what ggml's softmax and
    SiLU use. Beyond |n| > 126 it scales in two steps, beyond 192 it saturates."""
    x = np.asarray(x, _F32)
    p5, p4, p3, p2, p1 = _EXP_POLY
    with np.errstate(invalid="ignore", over="ignore", under="ignore"):
        z = _fma(x, _EXP_LOG2E, _EXP_SHIFT)
        n = (z - _EXP_SHIFT).astype(_F32)
        b = _fma(-n, _EXP_LN2_LO, _fma(-n, _EXP_LN2_HI, x))
        e = (z.view(_U32) << _U32(23)).astype(_U32)
        k = (e + _U32(0x3F800000)).astype(_U32).view(_F32)
        u = (b * b).astype(_F32)
        j = _fma(_fma(_fma(p5, b, p4), u, _fma(p3, b, p2)), u, (p1 * b).astype(_F32))
        r = _fma(k, j, k)
        big = np.abs(n) > _F32(126)
        if big.any():
            g = np.where(n <= 0, _U32(0x82000000), _U32(0)).astype(_U32)
            s1 = (g + _U32(0x7F000000)).astype(_U32).view(_F32)
            s2 = (e - g).astype(_U32).view(_F32)
            scaled = (_fma(s2, j, s2) * s1).astype(_F32)
            r = np.where(np.abs(n) > _F32(192), (s1 * s1).astype(_F32), np.where(big, scaled, r))
    return np.asarray(r, _F32)


def _ggml_silu(a):
    """ggml_v_silu: x / (1 + expf(-x)) in float32."""
    a = np.asarray(a, _F32)
    with np.errstate(over="ignore", invalid="ignore"):
        return (a / (_F32(1) + _ggml_expf((_F32(0) - a).astype(_F32)))).astype(_F32)


def _pairwise_lanes(acc):
    """hsum_float_8: 8 float lanes (last axis) summed as (l0+l4 + l2+l6) + (l1+l5 + l3+l7)."""
    r = (acc[..., 4:8] + acc[..., 0:4]).astype(_F32)
    return ((r[..., 0] + r[..., 2]).astype(_F32) + (r[..., 1] + r[..., 3]).astype(_F32)).astype(_F32)


_LIBM = None


def _libm():
    """The C library's cosf/sinf/powf (what ggml calls), or None off glibc-like systems."""
    global _LIBM
    if _LIBM is None:
        import ctypes
        import ctypes.util
        try:
            lib = ctypes.CDLL(ctypes.util.find_library("m") or "libm.so.6")
            for name in ("cosf", "sinf"):
                getattr(lib, name).restype = ctypes.c_float
                getattr(lib, name).argtypes = [ctypes.c_float]
            lib.powf.restype = ctypes.c_float
            lib.powf.argtypes = [ctypes.c_float, ctypes.c_float]
            _LIBM = lib
        except (OSError, AttributeError):
            _LIBM = False
    return _LIBM or None


_ROPE_ROWS = {}


def _rope_row(position, n_rot, base):
    """(cos, sin) float32 (n_rot/2,) of one position as ggml_rope_cache_init: theta starts
    at the position and is multiplied by theta_scale = powf(base, -2/n_rot) in float32
    for each pair; cosf/sinf of the C library."""
    key = (position, n_rot, base)
    row = _ROPE_ROWS.get(key)
    if row is None:
        lib = _libm()
        exponent = _F32(-2.0) / _F32(n_rot)
        theta_scale = _F32(lib.powf(base, exponent) if lib else np.power(_F64(base), _F64(exponent)))
        theta = _F32(position)
        cos, sin = np.empty(n_rot // 2, _F32), np.empty(n_rot // 2, _F32)
        for i in range(n_rot // 2):
            if lib:
                cos[i], sin[i] = lib.cosf(theta), lib.sinf(theta)
            else:
                cos[i], sin[i] = np.cos(_F64(theta)), np.sin(_F64(theta))
            theta = _F32(theta * theta_scale)
        row = _ROPE_ROWS[key] = (cos, sin)
        if len(_ROPE_ROWS) > 65536:
            _ROPE_ROWS.clear()
    return row


def _dot_f16_ggml(x, y):
    """x (..., M, K) @ y (..., K, N), both holding f16 values (as float32), in ggml's
    order. Products of halves are exact in float32, so only the order of the float32
    additions matters: M == 1 as ggml_vec_dot_f16 (element k into accumulator k//8 % 4,
    lane k % 8, steps of 32; then acc0+acc2, acc1+acc3, their sum, lanes i+4 onto i,
    (0+1) + (2+3)), M > 1 as tinyBLAS (lane k % 8, one accumulator, hsum_float_8).
    A K that is not a whole number of steps is padded with zeros, as llama.cpp's
    padded KV cache is."""
    M, K = x.shape[-2], x.shape[-1]
    step = 32 if M == 1 else 8
    lead = np.broadcast_shapes(x.shape[:-2], y.shape[:-2])
    x = np.broadcast_to(x, lead + x.shape[-2:])
    yt = np.broadcast_to(np.swapaxes(y, -1, -2), lead + (y.shape[-1], K))
    N = yt.shape[-2]
    out = np.empty(lead + (M, N), _F32)
    pad = -K % step
    # rows of M at a time so that the products stay within a few million floats
    rows = builtins.max(1, 4_000_000 // builtins.max(1, _prod(lead) * N * (K + pad)))
    for m0 in range(0, M, rows):
        xs = x[..., m0:m0 + rows, :]
        prod = (xs[..., :, None, :] * yt[..., None, :, :]).astype(_F32)          # (..., m, N, K)
        if pad:
            prod = np.concatenate([prod, np.zeros(prod.shape[:-1] + (pad,), _F32)], axis=-1)
        if M == 1:
            prod = prod.reshape(prod.shape[:-1] + ((K + pad) // 32, 4, 8))
            acc = prod[..., 0, :, :].copy()
            for i in range(1, prod.shape[-3]):
                acc += prod[..., i, :, :]
            a = (acc[..., 0, :] + acc[..., 2, :]) + (acc[..., 1, :] + acc[..., 3, :])
            t = a[..., 0:4] + a[..., 4:8]
            out[..., m0:m0 + rows, :] = (t[..., 0] + t[..., 1]) + (t[..., 2] + t[..., 3])
        else:
            prod = prod.reshape(prod.shape[:-1] + ((K + pad) // 8, 8))
            acc = prod[..., 0, :].copy()
            for i in range(1, prod.shape[-2]):
                acc += prod[..., i, :]
            out[..., m0:m0 + rows, :] = _pairwise_lanes(acc)
    return out


# ---------------------------------------------------------------------------
# the Tensor


class Tensor:
    """A descriptor over numpy storage. Plain dtypes: `_a` is a numpy view
    with the element dtype (bf16 as uint16 bits). Block types: `_a` is a
    uint8 view (..., blocks, block bytes) and `_shape` the logical shape."""

    __slots__ = ("_a", "dtype", "_shape", "_cache", "__weakref__")

    def __init__(self, array, dtype, shape=None):
        self._a = array
        self.dtype = dtype
        if shape is None:
            shape = array.shape
        self._shape = tuple(int(s) for s in shape)
        self._cache = None

    # -- attributes -------------------------------------------------------
    @property
    def shape(self):
        return self._shape

    @property
    def ndim(self):
        return len(self._shape)

    @property
    def size(self):
        return _prod(self._shape)

    def numel(self):
        return self.size

    @property
    def strides(self):
        if self.dtype in BLOCK:
            return tuple(self._a.strides[:-1])
        return tuple(self._a.strides)

    @property
    def nbytes(self):
        return nbytes(self.dtype, self._shape)

    def is_contiguous(self):
        return bool(self._a.flags["C_CONTIGUOUS"])

    def __len__(self):
        if not self._shape:
            raise TypeError("len() of a 0-d tensor")
        return self._shape[0]

    # -- conversion to Python ------------------------------------------------
    def _f32(self, op="tensor"):
        """float32 numpy values (a copy for non-f32 dtypes)."""
        if self.dtype == "f32":
            return self._a
        if self.dtype == "bf16":
            return _bf16_to_f32(self._a)
        if self.dtype in BLOCK:
            return _dequantize_raw(self.dtype, self._a)
        return self._a.astype(np.float32)

    def tolist(self):
        if self.dtype in BLOCK or self.dtype in ("f16", "bf16"):
            return self._f32().astype(np.float64).tolist()
        return self._a.tolist()

    def item(self):
        if self.size != 1:
            raise ValueError(f"item: the tensor has {self.size} elements, not 1")
        v = self.tolist()
        while isinstance(v, list):
            v = v[0]
        return v

    def __float__(self):
        return float(self.item())

    def __int__(self):
        return int(self.item())

    def __index__(self):
        if self.dtype not in ("i8", "i16", "i32"):
            raise TypeError(f"only integer tensors can be used as an index, not {self.dtype}")
        return int(self.item())

    def __bool__(self):
        if self.size != 1:
            raise ValueError(f"the truth value of a tensor with {self.size} elements is ambiguous")
        return bool(self.item())

    def tobytes(self):
        return np.ascontiguousarray(self._a).tobytes()

    def numpy(self):
        """Test helper (not in the API): float32 values as a numpy array copy."""
        return np.array(self._f32(), dtype=np.float32)

    def __iter__(self):
        if not self._shape:
            raise TypeError("iteration over a 0-d tensor")
        for i in range(self._shape[0]):
            yield self[i]

    def __repr__(self):
        if self.dtype in BLOCK:
            return f"tensor(<{self.dtype} blocks>, shape={self._shape}, dtype={self.dtype})"
        values = self._f32() if self.dtype == "bf16" else self._a
        body = np.array2string(np.asarray(values), separator=", ", prefix="tensor(")
        if self.dtype == "f32":
            return f"tensor({body})"
        return f"tensor({body}, dtype={self.dtype})"

    def __str__(self):
        if self.dtype in BLOCK:
            return repr(self)
        values = self._f32() if self.dtype == "bf16" else self._a
        return np.array2string(np.asarray(values))

    # -- views ------------------------------------------------------------------
    def _view(self, array, shape=None):
        return Tensor(array, self.dtype, shape if shape is not None else (array.shape if self.dtype not in BLOCK else None))

    def reshape(self, *shape):
        if len(shape) == 1 and not isinstance(shape[0], int):
            shape = shape[0]
        shape = _shape(shape, "reshape")
        n = self.size
        if shape.count(-1) > 1:
            raise ValueError("reshape: only one dimension can be -1")
        if -1 in shape:
            known = _prod(s for s in shape if s != -1)
            if known == 0 or n % known:
                raise ValueError(f"reshape: cannot infer -1 for {n} elements into {shape}")
            shape = tuple(n // known if s == -1 else s for s in shape)
        if _prod(shape) != n:
            raise ValueError(f"reshape: {_describe(self)} has {n} elements, shape {shape} has {_prod(shape)}")
        if self.dtype in BLOCK:
            elements, size = BLOCK[self.dtype]
            if not shape or shape[-1] != self._shape[-1]:
                if not shape or shape[-1] % elements:
                    raise ValueError(f"reshape: {self.dtype} rows must stay whole blocks of {elements}")
                if not self.is_contiguous():
                    raise ValueError(f"reshape: {_describe(self)} is not contiguous: copy first")
            raw_shape = shape[:-1] + (shape[-1] // elements, size)
            v = self._a.view()
            try:
                v.shape = raw_shape
            except AttributeError:
                raise ValueError(f"reshape: {_describe(self)} to {shape} is not a view: copy first") from None
            return Tensor(v, self.dtype, shape)
        v = self._a.view()
        try:
            v.shape = shape
        except AttributeError:
            raise ValueError(f"reshape: {_describe(self)} to {shape} is not a view: copy first") from None
        return Tensor(v, self.dtype)

    def _axis(self, axis, op, ndim=None):
        ndim = self.ndim if ndim is None else ndim
        if not isinstance(axis, int):
            raise TypeError(f"{op}: axis must be an int")
        a = axis + ndim if axis < 0 else axis
        if a < 0 or a >= ndim:
            raise ValueError(f"{op}: axis {axis} out of range for {ndim} dimensions")
        return a

    def transpose(self, dim0=-2, dim1=-1):
        d0, d1 = self._axis(dim0, "transpose"), self._axis(dim1, "transpose")
        order = list(range(self.ndim))
        order[d0], order[d1] = order[d1], order[d0]
        return self.permute(order)

    def permute(self, *order):
        if len(order) == 1 and not isinstance(order[0], int):
            order = order[0]
        order = [self._axis(o, "permute") for o in order]
        if sorted(order) != list(range(self.ndim)):
            raise ValueError(f"permute: {tuple(order)} is not an order of {self.ndim} dimensions")
        if self.dtype in BLOCK:
            if self.ndim and order[-1] != self.ndim - 1:
                raise ValueError(f"permute: the last dimension of {self.dtype} stays last (packed blocks)")
            raw = self._a.transpose(order[:-1] + [self.ndim - 1, self.ndim])
            return Tensor(raw, self.dtype, tuple(self._shape[o] for o in order))
        return Tensor(self._a.transpose(order), self.dtype)

    @property
    def T(self):
        """Reversed dimensions (numpy's .T). For a 2-D block-type tensor: a
        lazy transpose that only `x @ w.T` (-> linear) and `.T` accept."""
        if self.dtype in BLOCK:
            if self.ndim != 2:
                raise ValueError(f"T: a {self.dtype} tensor transposes only as a 2-D weight (x @ w.T)")
            return TransposedWeight(self)
        return self.permute(list(range(self.ndim))[::-1])

    def broadcast_to(self, shape):
        shape = _shape(shape, "broadcast_to")
        if self.dtype in BLOCK:
            raise TypeError(f"broadcast_to: not for block type {self.dtype}")
        try:
            return Tensor(np.broadcast_to(self._a, shape), self.dtype)
        except ValueError:
            raise ValueError(f"broadcast_to: {_describe(self)} does not broadcast to {shape}") from None

    def _index(self, key):
        """numpy view for ints/slices/Ellipsis; returns (raw view, logical shape, all_ints)."""
        if not isinstance(key, tuple):
            key = (key,)
        if builtins.sum(1 for k in key if k is Ellipsis) > 1:
            raise IndexError("an index can only have a single ellipsis")
        n_real = builtins.sum(1 for k in key if k is not Ellipsis)
        if n_real > self.ndim:
            raise IndexError(f"too many indices for a {self.ndim}-d tensor")
        full = []
        for k in key:
            if k is Ellipsis:
                full.extend([slice(None)] * (self.ndim - n_real))
            else:
                full.append(k)
        full.extend([slice(None)] * (self.ndim - len(full)))
        all_ints = True
        norm = []
        shape = []
        for d, k in enumerate(full):
            size = self._shape[d]
            if isinstance(k, (int, np.integer)) and not isinstance(k, bool) or isinstance(k, Tensor):
                k = int(k) if not isinstance(k, Tensor) else k.__index__()
                if k < -size or k >= size:
                    raise IndexError(f"index {k} is out of range for dimension {d} of size {size}")
                norm.append(k + size if k < 0 else k)
            elif isinstance(k, slice):
                all_ints = False
                start, stop, step = k.indices(size)
                if step == 0:
                    raise ValueError("slice step cannot be zero")
                shape.append(len(range(start, stop, step)))
                norm.append(slice(start, None if stop < 0 else stop, step))
            else:
                raise TypeError(f"tensor indices are ints, slices or ..., not {type(k).__name__}")
        if self.dtype in BLOCK:
            elements, _ = BLOCK[self.dtype]
            last = norm[-1]
            if isinstance(last, int):
                raise TypeError(f"{self.dtype}: single elements of a block type cannot be taken: convert first")
            if last.step != 1 or last.start % elements or (shape[-1] % elements):
                raise ValueError(f"slice: {self.dtype} rows can only be cut at whole blocks of {elements} (step 1)")
            raw = self._a[tuple(norm[:-1]) + (slice(last.start // elements, last.start // elements + shape[-1] // elements),)]
            return raw, tuple(shape), False
        return self._a[tuple(norm)], tuple(shape), all_ints

    def __getitem__(self, key):
        raw, shape, all_ints = self._index(key)
        if all_ints:
            if self.dtype == "bf16":
                return float(_bf16_to_f32(np.array([raw]))[0])
            return raw.item()
        return Tensor(raw, self.dtype, shape)

    def __setitem__(self, key, value):
        raw, shape, all_ints = self._index(key)
        if all_ints:
            if not isinstance(value, (int, float, np.number)):
                raise TypeError("setting one element takes a number")
            src = np.array([value], np.float32)
            if self.dtype == "bf16":
                src = _f32_to_bf16(src)
            elif self.dtype in ("i8", "i16", "i32"):
                src = _round_half_away(src)
            self._a[key if isinstance(key, tuple) else (key,)] = src[0] if self.dtype != "f32" else np.float32(value)
            return
        copy_into(Tensor(raw, self.dtype, shape), value)

    def contiguous(self):
        """self when contiguous, else a contiguous copy (tensor_copy)."""
        return self if self.is_contiguous() else self.copy()

    def copy(self):
        return Tensor(np.array(self._a, order="C"), self.dtype, self._shape)

    def astype(self, dtype):
        return convert(self, dtype)

    # -- operators --------------------------------------------------------------
    def __add__(self, other):
        return add(self, other)

    def __radd__(self, other):
        return add(other, self)

    def __sub__(self, other):
        return sub(self, other)

    def __rsub__(self, other):
        return sub(other, self)

    def __mul__(self, other):
        return mul(self, other)

    def __rmul__(self, other):
        return mul(other, self)

    def __truediv__(self, other):
        return div(self, other)

    def __rtruediv__(self, other):
        return div(other, self)

    def __neg__(self):
        return scale(self, -1.0)

    def __pos__(self):
        return self

    def __matmul__(self, other):
        return matmul(self, other)

    def __rmatmul__(self, other):
        return matmul(other, self)

    __hash__ = object.__hash__


class TransposedWeight:
    """`w.T` of a 2-D block-type weight: only `x @ w.T` (tensor_linear) and
    `.T` (back to w) are defined."""

    __slots__ = ("weight",)

    def __init__(self, weight):
        self.weight = weight

    @property
    def T(self):
        return self.weight

    @property
    def shape(self):
        return self.weight.shape[::-1]

    @property
    def dtype(self):
        return self.weight.dtype

    def __rmatmul__(self, x):
        return linear(x, self.weight)

    def __repr__(self):
        return f"{self.weight!r}.T"


# ---------------------------------------------------------------------------
# making tensors


def _new(shape, dtype, op):
    dtype = _dtype(dtype, op)
    shape = _shape(shape, op)
    if -1 in shape:
        raise ValueError(f"{op}: -1 is not a dimension")
    if dtype in BLOCK:
        elements, size = BLOCK[dtype]
        if not shape or shape[-1] % elements:
            raise ValueError(f"{op}: {dtype} needs a last dimension that is a multiple of {elements}")
        return Tensor(np.zeros(shape[:-1] + (shape[-1] // elements, size), np.uint8), dtype, shape)
    return Tensor(np.zeros(shape, PLAIN[dtype]), dtype)


def empty(shape, dtype="f32"):
    return _new(shape, dtype, "empty")


def zeros(shape, dtype="f32"):
    return _new(shape, dtype, "zeros")


def full(shape, value, dtype="f32"):
    t = _new(shape, dtype, "full")
    t[...] = float(value)
    return t


def ones(shape, dtype="f32"):
    return full(shape, 1.0, dtype)


def arange(start, stop=None, step=1, dtype=None):
    if stop is None:
        start, stop = 0, start
    for v in (start, stop, step):
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            raise TypeError("arange: start, stop and step are numbers")
    if step == 0:
        raise ValueError("arange: step cannot be zero")
    if dtype is None:
        dtype = "i32" if all(isinstance(v, int) for v in (start, stop, step)) else "f32"
    dtype = _dtype(dtype, "arange")
    n = builtins.max(0, math.ceil((stop - start) / step))
    values = start + np.arange(n, dtype=np.float64) * step
    t = _new((n,), dtype, "arange")
    copy_into(t, Tensor(values.astype(np.float32), "f32"))
    if dtype == "i32":
        t._a[...] = (start + np.arange(n, dtype=np.int64) * step).astype(np.int32)
    return t


def _splitmix_uniform(count, seed):
    golden = np.uint64(0x9E3779B97F4A7C15)
    with np.errstate(over="ignore"):
        z = np.uint64(seed & 0xFFFFFFFFFFFFFFFF) + (np.arange(1, count + 1, dtype=np.uint64) * golden)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(40)).astype(np.float32) * np.float32(1.0 / 16777216.0)


def rand(shape, seed=None):
    """Uniform [0, 1) f32 from SplitMix64 (API.md gives the exact sequence)."""
    shape = _shape(shape, "rand")
    if seed is None:
        seed = int.from_bytes(os.urandom(8), "little")
    if not isinstance(seed, int):
        raise TypeError("rand: seed must be an int")
    return Tensor(_splitmix_uniform(_prod(shape), seed).reshape(shape), "f32")


def _flatten(values, op):
    """Nested lists/tuples -> (flat list, shape)."""
    if isinstance(values, (int, float)) and not isinstance(values, bool):
        return [values], ()
    if isinstance(values, bool):
        return [int(values)], ()
    if not isinstance(values, (list, tuple)):
        raise TypeError(f"{op}: values are numbers or (nested) lists of numbers, not {type(values).__name__}")
    if not values:
        return [], (0,)
    flats, shapes = [], []
    for v in values:
        f, s = _flatten(v, op)
        flats.extend(f)
        shapes.append(s)
    if any(s != shapes[0] for s in shapes):
        raise ValueError(f"{op}: the nested lists are ragged (rows of different lengths)")
    return flats, (len(values),) + shapes[0]


def from_list(values, shape=None, dtype="f32"):
    dtype = _dtype(dtype, "from_list")
    flat, found = _flatten(values, "from_list")
    if shape is None:
        shape = found
    else:
        shape = _shape(shape, "from_list")
        if -1 in shape:
            known = _prod(s for s in shape if s != -1)
            shape = tuple(len(flat) // known if s == -1 else s for s in shape)
        if _prod(shape) != len(flat):
            raise ValueError(f"from_list: {len(flat)} values do not fill shape {shape}")
    src = Tensor(np.array(flat, np.float64).astype(np.float32).reshape(shape), "f32")
    if dtype in ("i8", "i16", "i32"):
        t = _new(shape, dtype, "from_list")
        info = np.iinfo(PLAIN[dtype])
        ints = np.array(flat, np.int64).reshape(shape) if all(isinstance(v, int) for v in flat) else \
            _round_half_away(np.array(flat, np.float64)).reshape(shape)
        if ints.size and (ints.min() < info.min or ints.max() > info.max):
            raise ValueError(f"from_list: a value does not fit in {dtype}")
        t._a[...] = ints.astype(PLAIN[dtype])
        return t
    return convert(src, dtype)


def _buffer(data, op):
    if isinstance(data, np.ndarray):
        return data.reshape(-1).view(np.uint8)
    try:
        return np.frombuffer(data, np.uint8)
    except TypeError:
        raise TypeError(f"{op}: needs a bytes-like buffer, not {type(data).__name__}") from None


def wrap(buffer, dtype, shape=None, offset=0):
    """A tensor over `buffer` (bytes, bytearray, memoryview, mmap) without a
    copy: weights in place. Writes go through for a writable buffer."""
    dtype = _dtype(dtype, "wrap")
    raw = _buffer(buffer, "wrap")
    if not isinstance(offset, int) or offset < 0 or offset > raw.size:
        raise ValueError(f"wrap: offset {offset} outside the {raw.size}-byte buffer")
    raw = raw[offset:]
    elements, size = block_size(dtype)
    if shape is None:
        if dtype in BLOCK:
            raise ValueError("wrap: a block type needs a shape")
        shape = (raw.size // size,)
    shape = _shape(shape, "wrap")
    need = nbytes(dtype, shape)
    if raw.size < need:
        raise ValueError(f"wrap: {raw.size} bytes given, {dtype}{list(shape)} needs {need}")
    raw = raw[:need]
    if dtype in BLOCK:
        return Tensor(raw.reshape(shape[:-1] + (shape[-1] // elements, size)), dtype, shape)
    if offset % size:
        raw = raw.copy()   # numpy needs alignment only for speed; keep it simple
    return Tensor(raw.view(PLAIN[dtype]).reshape(shape), dtype)


def from_bytes(data, dtype, shape=None):
    """A tensor holding a copy of `data`."""
    t = wrap(bytes(data) if not isinstance(data, np.ndarray) else data.tobytes(), dtype, shape)
    return t.copy()


# ---------------------------------------------------------------------------
# ops (each maps to one tensor.h call; see API.md)


def _as_tensor(v, op):
    if isinstance(v, Tensor):
        return v
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return Tensor(np.array(v, np.float32), "f32")
    raise TypeError(f"{op}: expected a tensor or a number, not {type(v).__name__}")


def _need_f32(op, t, what="the input"):
    if not isinstance(t, Tensor):
        raise TypeError(f"{op}: {what} must be a tensor, not {type(t).__name__}")
    if t.dtype != "f32":
        raise TypeError(f"{op}: {what} is {t.dtype}, the op takes f32 (convert it first)")
    return t._a


def _put(op, out, result, dtype="f32", contiguous=False):
    """Write `result` (numpy) into `out` (a Tensor) or make a new tensor."""
    if out is None:
        return Tensor(np.asarray(result, dtype=PLAIN[dtype], order="C"), dtype)
    if not isinstance(out, Tensor):
        raise TypeError(f"{op}: out must be a tensor")
    if out.dtype != dtype or out.shape != tuple(result.shape):
        raise ValueError(f"{op}: the output is {_describe(out)} but the result is "
                         f"{dtype}[{','.join(str(s) for s in result.shape)}]")
    if contiguous and not out.is_contiguous():
        raise ValueError(f"{op}: the output must be contiguous")
    out._a[...] = result
    return out


def _broadcast(op, a, b):
    try:
        return np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise ValueError(f"{op}: shapes {a.shape} and {b.shape} do not broadcast") from None


def _binary(op, fn, a, b, out):
    a, b = _as_tensor(a, op), _as_tensor(b, op)
    x, y = _need_f32(op, a, "the first operand"), _need_f32(op, b, "the second operand")
    _broadcast(op, a, b)
    return _put(op, out, fn(x, y).astype(np.float32))


def add(a, b, out=None):
    return _binary("add", np.add, a, b, out)


def sub(a, b, out=None):
    return _binary("sub", np.subtract, a, b, out)


def mul(a, b, out=None):
    return _binary("mul", np.multiply, a, b, out)


def div(a, b, out=None):
    with np.errstate(divide="ignore", invalid="ignore"):
        return _binary("div", np.divide, a, b, out)


def scale(x, s, out=None):
    a = _need_f32("scale", x)
    return _put("scale", out, a * np.float32(s))


def _act(name, a):
    v = a.astype(np.float64)
    if name == "none":
        return a
    if name == "relu":
        return np.maximum(a, np.float32(0)).astype(np.float32)
    if name == "silu":
        return _ggml_silu(a)
    if name == "gelu":
        return (0.5 * v * (1 + np.tanh(0.79788456080286535588 * (v + 0.044715 * v * v * v)))).astype(np.float32)
    if name == "gelu_erf":
        erf = np.vectorize(math.erf, otypes=[np.float64])     # no scipy in the test set-up
        return (0.5 * v * (1 + erf(v * 0.70710678118654752440))).astype(np.float32)
    raise ValueError(f"unknown activation {name!r} (one of {', '.join(ACTIVATIONS)})")


def relu(x, out=None):
    return _put("relu", out, _act("relu", _need_f32("relu", x)))


def gelu(x, out=None):
    """tanh approximation (TENSOR_ACT_GELU)."""
    return _put("gelu", out, _act("gelu", _need_f32("gelu", x)))


def gelu_erf(x, out=None):
    """exact GELU with erf (TENSOR_ACT_GELU_ERF), what BERT uses."""
    return _put("gelu_erf", out, _act("gelu_erf", _need_f32("gelu_erf", x)))


def silu(x, out=None):
    return _put("silu", out, _act("silu", _need_f32("silu", x)))


def softmax(x, axis=-1, out=None):
    """ggml's soft_max: e = expf(x - max) (ggml_v_expf), the sum of each run of 8
    (pairwise, a short last run padded with zeros) added up in double, e times the
    float32 reciprocal of the sum."""
    a = _need_f32("softmax", x)
    ax = x._axis(axis, "softmax")
    v = np.moveaxis(a, ax, -1)
    with np.errstate(invalid="ignore"):
        e = _ggml_expf((v - v.max(axis=-1, keepdims=True)).astype(np.float32))
    n = e.shape[-1]
    runs = np.concatenate([e, np.zeros(e.shape[:-1] + (-n % 8,), np.float32)], axis=-1)
    runs = _pairwise_lanes(runs.reshape(runs.shape[:-1] + (runs.shape[-1] // 8, 8)))
    total = np.cumsum(runs.astype(np.float64), axis=-1)[..., -1:] if n else np.zeros(e.shape[:-1] + (1,))
    with np.errstate(divide="ignore"):
        r = (e * (1.0 / total).astype(np.float32)).astype(np.float32)
    return _put("softmax", out, np.moveaxis(r, -1, ax))


def _check_vector(op, v, what, n):
    if v is None:
        return None
    a = _need_f32(op, v, what)
    if v.ndim != 1 or v.shape[0] != n:
        raise ValueError(f"{op}: {what} must be f32[{n}], not {_describe(v)}")
    return a


def rmsnorm(x, weight=None, eps=1e-5, out=None):
    a = _need_f32("rmsnorm", x)
    if x.ndim < 1:
        raise ValueError("rmsnorm: the input needs at least one dimension")
    w = _check_vector("rmsnorm", weight, "the weight", x.shape[-1])
    # ggml_compute_forward_rms_norm_f32: float squares summed in order in double,
    # mean and 1/sqrt(mean + eps) in float, x * scale; then ggml_mul by the weight.
    squares = (a * a).astype(np.float32).astype(np.float64)
    total = np.cumsum(squares, axis=-1)[..., -1:] if x.shape[-1] else np.zeros(x.shape[:-1] + (1,))
    mean = (total / builtins.max(1, x.shape[-1])).astype(np.float32)
    sc = (np.float32(1) / np.sqrt((mean + np.float32(eps)).astype(np.float32))).astype(np.float32)
    r = (a * sc).astype(np.float32)
    if w is not None:
        r = (r * w).astype(np.float32)
    return _put("rmsnorm", out, r)


def layernorm(x, weight=None, bias=None, eps=1e-5, out=None):
    a = _need_f32("layernorm", x)
    if x.ndim < 1:
        raise ValueError("layernorm: the input needs at least one dimension")
    w = _check_vector("layernorm", weight, "the weight", x.shape[-1])
    b = _check_vector("layernorm", bias, "the bias", x.shape[-1])
    v = a.astype(np.float64)
    mean = v.mean(axis=-1, keepdims=True)
    var = ((v - mean) ** 2).mean(axis=-1, keepdims=True)
    r = ((v - mean) / np.sqrt(var + np.float32(eps))).astype(np.float32)
    if w is not None:
        r = r * w
    if b is not None:
        r = r + b
    return _put("layernorm", out, r)


ROPE_MODES = ("interleaved", "half")


def rope(x, positions, n_rot=None, base=10000.0, mode="interleaved", out=None):
    """x (..., T, H, D) f32, positions i32 (T,). mode "interleaved": pairs
    (2i, 2i+1) (llama.cpp's NORM, llama-arch GGUFs); "half": pairs (i, i + n_rot/2)
    (NEOX, HF checkpoints)."""
    a = _need_f32("rope", x)
    if x.ndim < 3:
        raise ValueError("rope: the input must be (..., positions, heads, head size)")
    T, D = x.shape[-3], x.shape[-1]
    if not isinstance(positions, Tensor) or positions.dtype != "i32" or positions.shape != (T,):
        raise ValueError(f"rope: positions must be i32 of shape ({T},)")
    n_rot = D if n_rot is None else n_rot
    if not isinstance(n_rot, int) or n_rot <= 0 or n_rot % 2 or n_rot > D:
        raise ValueError(f"rope: n_rot {n_rot} must be even, > 0 and <= the head size {D}")
    if not base > 0:
        raise ValueError("rope: the base must be > 0")
    if mode not in ROPE_MODES:
        raise ValueError(f"rope: unknown mode {mode!r} (interleaved or half)")
    half = n_rot // 2
    # ggml's rope: float32 angles and the C library's cosf/sinf (_rope_row), then
    # x0*c - x1*s and x0*s + x1*c each as one fused multiply-add (what the compiler
    # makes of ggml's rotate_pairs).
    base = float(np.float32(base))
    rows = [_rope_row(int(p), n_rot, base) for p in positions._a.reshape(-1)]
    c = np.array([r[0] for r in rows], np.float32).reshape(T, 1, half)
    s = np.array([r[1] for r in rows], np.float32).reshape(T, 1, half)
    r = a.copy()
    if mode == "interleaved":
        x0, x1 = a[..., 0:n_rot:2], a[..., 1:n_rot:2]
        lo, hi = (slice(0, n_rot, 2), slice(1, n_rot, 2))
    else:
        x0, x1 = a[..., 0:half], a[..., half:n_rot]
        lo, hi = (slice(0, half), slice(half, n_rot))
    r[..., lo] = _fma(x0, c, -(x1 * s).astype(np.float32))
    r[..., hi] = _fma(x0, s, (x1 * c).astype(np.float32))
    return _put("rope", out, r)


def embedding(table, ids, out=None):
    """Rows of table (V, D), any dtype (block types too), picked by i32 ids -> f32."""
    if not isinstance(table, Tensor) or table.ndim != 2:
        raise ValueError("embedding: the table must be (rows, size)")
    if not isinstance(ids, Tensor) or ids.dtype != "i32":
        raise TypeError(f"embedding: ids must be i32, not {getattr(ids, 'dtype', type(ids).__name__)}")
    V, D = table.shape
    idx = ids._a.astype(np.int64)
    if idx.size and (idx.min() < 0 or idx.max() >= V):
        bad = idx[(idx < 0) | (idx >= V)].reshape(-1)[0]
        raise ValueError(f"embedding: id {bad} out of range for {V} rows")
    rows = Tensor(table._a[idx.reshape(-1)], table.dtype,
                  (idx.size, D))._f32() if table.dtype in BLOCK else Tensor(table._a[idx.reshape(-1)], table.dtype)._f32()
    return _put("embedding", out, np.asarray(rows, np.float32).reshape(ids.shape + (D,)), contiguous=True)


def argmax(x, axis=-1):
    a = _need_f32("argmax", x)
    ax = x._axis(axis, "argmax")
    if x.shape[ax] == 0:
        raise ValueError(f"argmax: zero-size axis {ax}")
    return Tensor(np.asarray(np.argmax(a, axis=ax)).astype(np.int32), "i32")


def topk(x, k):
    """(values f32, indices i32): the k largest along the last axis, largest
    first; ties: the lower index first."""
    a = _need_f32("topk", x)
    if x.ndim < 1:
        raise ValueError("topk: needs at least one dimension")
    n = x.shape[-1]
    if not isinstance(k, int) or k < 0 or k > n:
        raise ValueError(f"topk: k={k} but the last axis has {n}")
    order = np.argsort(-a, axis=-1, kind="stable")[..., :k]
    return Tensor(np.take_along_axis(a, order, axis=-1).copy(), "f32"), Tensor(order.astype(np.int32), "i32")


def _reduce(op, fn, x, axis, keepdims, out):
    a = _need_f32(op, x)
    if axis is None:
        v = fn(a.astype(np.float64).reshape(-1))
        r = np.asarray(v, np.float32)
        return _put(op, out, r)
    ax = x._axis(axis, op)
    if op == "max" and x.shape[ax] == 0:
        raise ValueError(f"max: zero-size axis {ax} has no maximum")
    r = fn(a.astype(np.float64), axis=ax, keepdims=keepdims)
    return _put(op, out, np.asarray(r).astype(np.float32))


def sum(x, axis=None, keepdims=False, out=None):  # noqa: A001 (the API's name)
    return _reduce("sum", np.sum, x, axis, keepdims, out)


def mean(x, axis=None, keepdims=False, out=None):
    return _reduce("mean", np.mean, x, axis, keepdims, out)


def max(x, axis=None, keepdims=False, out=None):  # noqa: A001
    return _reduce("max", np.max, x, axis, keepdims, out)


def concat(parts, axis=0, out=None):
    parts = list(parts)
    if not parts:
        raise ValueError("concat: nothing to concatenate")
    first = parts[0]
    ax = first._axis(axis, "concat")
    for i, p in enumerate(parts):
        if p.dtype != first.dtype:
            raise TypeError(f"concat: part {i} is {p.dtype}, part 0 is {first.dtype}")
        if p.ndim != first.ndim:
            raise ValueError(f"concat: part {i} has {p.ndim} dimensions, part 0 has {first.ndim}")
        for d in range(p.ndim):
            if d != ax and p.shape[d] != first.shape[d]:
                raise ValueError(f"concat: part {i} differs from part 0 in dimension {d}")
    if first.dtype in BLOCK:
        if ax == first.ndim - 1:
            raise TypeError(f"concat: {first.dtype} rows cannot be joined along their packed last axis")
        raw = np.concatenate([p._a for p in parts], axis=ax)
        shape = list(first.shape)
        shape[ax] = raw.shape[ax]
        r = Tensor(raw, first.dtype, tuple(shape))
        if out is not None:
            copy_into(out, r)
            return out
        return r
    r = np.concatenate([p._a for p in parts], axis=ax)
    return _put("concat", out, r, dtype=first.dtype)


def _convert_array(src, dtype):
    """Tensor -> numpy storage of `dtype` (raw blocks for block types)."""
    if src.dtype == dtype:
        return src._a
    values = src._f32()
    if dtype == "f32":
        return values
    if dtype == "f16":
        return values.astype(np.float16)
    if dtype == "bf16":
        return _f32_to_bf16(values).reshape(values.shape)
    if dtype in ("i8", "i16", "i32"):
        info = np.iinfo(PLAIN[dtype])
        v = np.nan_to_num(values.astype(np.float64), nan=0.0)
        return np.clip(_round_half_away(v), info.min, info.max).astype(PLAIN[dtype])
    if dtype not in QUANTIZABLE:
        raise TypeError(f"convert: cannot quantize to {dtype} here (only {', '.join(QUANTIZABLE)})")
    elements, size = BLOCK[dtype]
    if src.ndim == 0 or src.shape[-1] % elements:
        raise ValueError(f"convert: {dtype} needs a last dimension that is a multiple of {elements}")
    raw = _quantize_rows(dtype, values)
    return raw.reshape(src.shape[:-1] + (src.shape[-1] // elements, size))


def convert(x, dtype, out=None):
    """Any dtype to any dtype through f32 (tensor_convert)."""
    if not isinstance(x, Tensor):
        raise TypeError("convert: the input must be a tensor")
    dtype = _dtype(dtype, "convert")
    if dtype in BLOCK and dtype != x.dtype and dtype not in QUANTIZABLE:
        raise TypeError(f"convert: cannot quantize to {dtype} here (only {', '.join(QUANTIZABLE)})")
    if dtype in BLOCK and (x.ndim == 0 or x.shape[-1] % BLOCK[dtype][0]):
        raise ValueError(f"convert: {dtype} needs a last dimension that is a multiple of {BLOCK[dtype][0]}")
    if out is not None:
        if not isinstance(out, Tensor):
            raise TypeError("convert: out must be a tensor")
        if out.dtype != dtype or out.shape != x.shape:
            raise ValueError(f"convert: the output is {_describe(out)} but the result is "
                             f"{dtype}[{','.join(str(s) for s in x.shape)}]")
        out._a[...] = _convert_array(x, dtype)
        return out
    arr = np.asarray(_convert_array(x, dtype), order="C")
    if arr is x._a:
        arr = arr.copy()
    return Tensor(arr, dtype, x.shape)


def copy_into(dst, src):
    """dst[...] = src: same shape (a number fills), any dtypes (converted
    through f32). dst may be any view: a KV cache slice."""
    if not isinstance(dst, Tensor):
        raise TypeError("copy_into: the destination must be a tensor")
    if isinstance(src, (int, float)) and not isinstance(src, bool):
        src = Tensor(np.broadcast_to(np.array(src, np.float32), dst.shape), "f32")
    if not isinstance(src, Tensor):
        raise TypeError(f"copy_into: the source must be a tensor or a number, not {type(src).__name__}")
    if src.shape != dst.shape:
        raise ValueError(f"copy_into: the destination is {_describe(dst)} but the source is {_describe(src)}")
    convert(src, dst.dtype, out=dst)
    return dst


# ---------------------------------------------------------------------------
# matmul and linear


def matmul(a, b, out=None):
    """numpy's matmul rules; f32 @ f32, or f16 @ f16 (an f16 KV cache) accumulated in
    f32 in ggml's order (_dot_f16_ggml); the result is f32."""
    if isinstance(b, TransposedWeight):
        return linear(a, b.weight, out=out)
    if isinstance(b, Tensor) and b.dtype in BLOCK:
        raise TypeError(f"matmul: {b.dtype} weights go through linear (x @ w.T)")
    half = isinstance(a, Tensor) and isinstance(b, Tensor) and a.dtype == "f16" and b.dtype == "f16"
    if half:
        x, y = a._a.astype(np.float32), b._a.astype(np.float32)
    elif isinstance(a, Tensor) and isinstance(b, Tensor) and "f16" in (a.dtype, b.dtype):
        raise TypeError(f"matmul: {a.dtype} @ {b.dtype}: the operands are both f32 or both f16 (convert one)")
    else:
        x = _need_f32("matmul", a, "the first operand")
        y = _need_f32("matmul", b, "the second operand")
    if a.ndim == 0 or b.ndim == 0:
        raise ValueError("matmul: operands need at least one dimension")
    k_a = a.shape[-1]
    k_b = b.shape[-2] if b.ndim >= 2 else b.shape[0]
    if k_a != k_b:
        raise ValueError(f"matmul: {_describe(a)} @ {_describe(b)}: inner dimensions {k_a} and {k_b} differ")
    try:
        np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    except ValueError:
        raise ValueError(f"matmul: batch dimensions of {_describe(a)} and {_describe(b)} do not broadcast") from None
    if half:
        x2 = x.reshape(1, -1) if a.ndim == 1 else x
        y2 = y.reshape(-1, 1) if b.ndim == 1 else y
        r = _dot_f16_ggml(x2, y2)
        if a.ndim == 1:
            r = r[..., 0, :]
        if b.ndim == 1:
            r = r[..., 0]
    else:
        r = np.matmul(x, y)
    return _put("matmul", out, r.astype(np.float32, copy=False), contiguous=True)


_GGML_DOT_TYPES = ("Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0")


class _QuantizedWeight:
    """Cached forms of a block-type weight, made on first use:
    `scaled` (N, K) float32 = the exact d*q part of each element and `mins`
    (N, K/32) = m of each block (Q4_1/Q5_1), for the float-dot modes;
    `lanes` (K/4, 4, N) float32 = the integer q of each element grouped by
    ggml's 8 lanes of 4 per block, `d` and `m` (K/32, N), for "ggml"."""

    def __init__(self, w):
        self.dtype = w.dtype
        self.raw = np.ascontiguousarray(w._a)
        self.N = w.shape[0]
        self._float = self._lanes = None

    def _ints(self):
        """(d (n, 1), m (n, 1) or None, q (n, 32) integers as the dot sees them) per block."""
        dtype = self.dtype
        flat = self.raw.reshape(-1, BLOCK[dtype][1])
        d = _f16(flat[:, 0:2])
        m = _f16(flat[:, 2:4]) if dtype in ("Q4_1", "Q5_1") else None
        if dtype == "Q8_0":
            return d, None, flat[:, 2:34].view(np.int8).astype(np.int16)
        qs = flat[:, -16:]
        q = np.concatenate([qs & 15, qs >> 4], axis=1).astype(np.int16)
        if dtype in ("Q5_0", "Q5_1"):
            qh = np.ascontiguousarray(flat[:, -20:-16]).view(np.uint32)
            q |= (((qh >> np.arange(32, dtype=np.uint32)) & 1) << 4).astype(np.int16)
        if dtype == "Q4_0":
            q -= 8
        elif dtype == "Q5_0":
            q -= 16
        return d, m, q

    @property
    def scaled(self):
        if self._float is None:
            N = self.N
            if self.dtype in ("Q4_1", "Q5_1"):
                d, m, q = self._ints()
                self._float = ((d * q.astype(np.float32)).reshape(N, -1), m.reshape(N, -1))
            else:
                self._float = (_dequantize_raw(self.dtype, self.raw).reshape(N, -1), None)
        return self._float[0]

    @property
    def mins(self):
        self.scaled
        return self._float[1]

    def ggml(self):
        """(lanes, d, m) for ggml's integer-dot order."""
        if self._lanes is None:
            d, m, q = self._ints()
            N = self.N
            lanes = np.ascontiguousarray(q.astype(np.float32).reshape(N, -1, 4).transpose(1, 2, 0))
            self._lanes = (lanes, np.ascontiguousarray(d.reshape(N, -1).T),
                           None if m is None else np.ascontiguousarray(m.reshape(N, -1).T))
        return self._lanes


def _ggml_block_linear(rows, qw):
    """rows (M, K) f32 @ a 32-element block weight (N, K) -> (M, N) as ggml's AVX2
    ggml_vec_dot_{q4_0,q5_0,q8_0}_q8_0 / {q4_1,q5_1}_q8_1 on the SIMD-quantized rows."""
    lanes, dw, mw = qw.ggml()                     # (K/4, 4, N), (K/32, N), (K/32, N)
    M, K = rows.shape
    nb, N = K // 32, qw.N
    q, dx, sx, _ = _quantize_q8(rows.reshape(-1, 32), mw is not None, "ggml")
    q = np.ascontiguousarray(q.reshape(M, nb * 8, 4).transpose(1, 0, 2)).astype(np.float32)   # (K/4, M, 4)
    dx = dx.reshape(M, nb).T[:, :, None]                                                    # (K/32, M, 1)
    sx = None if mw is None else sx.reshape(M, nb).T[:, :, None]                            # (K/32, M, 1)
    chains = 8 if mw is None else 9          # the 8 lane accumulators, and summs (Q4_1/Q5_1) as a 9th
    out = np.empty((M, N), np.float32)
    step = builtins.max(64, 2_000_000 // (nb * chains * M))
    for n0 in range(0, N, step):
        n1 = builtins.min(N, n0 + step)
        prods = np.empty((nb, chains, M, n1 - n0), np.float64)
        # each block's 8 int32 lanes (sums of 4 products, exact in float32), times d_w * d_x (exact in double)
        lane_sums = np.matmul(q, lanes[:, :, n0:n1]).reshape(nb, 8, M, n1 - n0)
        dd = (dw[:, None, n0:n1] * dx).astype(np.float32)
        np.multiply(lane_sums, dd[:, None], out=prods[:, 0:8], dtype=np.float64)
        if mw is not None:
            np.multiply(mw[:, None, n0:n1], sx, out=prods[:, 8], dtype=np.float64)             # m_w * s_x
        acc = prods[0].astype(np.float32)
        for b in range(1, nb):                                                              # acc = fma(.., .., acc)
            np.add(prods[b], acc, out=acc, casting="same_kind")
        r = (acc[4:8] + acc[0:4]).astype(np.float32)                                        # hsum_float_8
        out[:, n0:n1] = (r[0] + r[2]) + (r[1] + r[3])
        if mw is not None:
            out[:, n0:n1] += acc[8]                                                         # + summs
    return out


def _quantized_weight(w):
    cache = w._cache
    if cache is None:
        cache = w._cache = _QuantizedWeight(w)
    return cache


def quantize_activations(x, weight_dtype):
    """f32 (M, K) -> (values the integer dot sees as f32 (M, K), block sums
    s (M, K/32) for Q8_1 or None): the quantizer ACTIVATION_ROUNDING names
    ("ggml" is "simd" here)."""
    at = ACTIVATION_TYPE[weight_dtype]
    M, K = x.shape
    if at == "Q8_K" and ACTIVATION_ROUNDING != "none":
        q, d, _ = _quantize_q8_k(x.reshape(-1, 256))
        return (q.astype(np.float32) * d[:, None]).reshape(M, K), None
    if ACTIVATION_ROUNDING == "none":
        return x, (x.reshape(M, K // 32, 32).sum(axis=2, dtype=np.float64).astype(np.float32) if at == "Q8_1" else None)
    q, d, s, _ = _quantize_q8(x.reshape(-1, 32), at == "Q8_1", ACTIVATION_ROUNDING)
    values = (q.astype(np.float32) * d[:, None]).reshape(M, K)
    return values, (None if s is None else s.reshape(M, K // 32))


def linear(x, w, bias=None, activation="none", out=None):
    """act(x @ w^T + bias): x (..., K) f32, w (N, K) any dtype (block types:
    8-bit quantized activations and integer dots, as llama.cpp), bias (N) f32."""
    if not isinstance(w, Tensor) or w.ndim != 2:
        raise ValueError("linear: the weight must be (out features, in features)")
    if not isinstance(x, Tensor) or x.ndim < 1:
        raise ValueError("linear: the input needs at least one dimension")
    if activation not in ACTIVATIONS:
        raise ValueError(f"linear: unknown activation {activation!r} (one of {', '.join(ACTIVATIONS)})")
    N, K = w.shape
    if x.shape[-1] != K:
        raise ValueError(f"linear: input {_describe(x)} does not fit weight {_describe(w)} ({K} in features)")
    b = _check_vector("linear", bias, "the bias", N)
    if w.dtype in BLOCK and w.dtype not in ACTIVATION_TYPE:
        raise TypeError(f"linear: {w.dtype} weights have no dot product")
    a = _need_f32("linear", x)
    rows = np.ascontiguousarray(a).reshape(-1, K)
    if w.dtype in _GGML_DOT_TYPES and ACTIVATION_ROUNDING == "ggml":
        r = _ggml_block_linear(rows, _quantized_weight(w))
    elif w.dtype in BLOCK:
        qw = _quantized_weight(w)
        values, sums = quantize_activations(rows, w.dtype)
        r = (qw.scaled @ values.T).T
        if sums is not None:
            r += (qw.mins @ sums.T).T
    else:
        r = (w._f32() @ rows.T).T
    r = r.astype(np.float32, copy=False)
    if b is not None:
        r = r + b
    r = _act(activation, r)
    return _put("linear", out, r.reshape(x.shape[:-1] + (N,)), contiguous=True)



def profile(on=None):
    """The native module's per-op timing (where a decoded token's time goes
    on the VM). Host numpy timings would say nothing about the VM, so this
    checks the argument as the native one and counts nothing: {}."""
    if on is not None and not isinstance(on, bool):
        raise TypeError("profile: on must be True, False or None")
    return {}

# ---------------------------------------------------------------------------


def install(name="tensor"):
    """Make `import tensor` give this module (host tests). Also limits
    OpenBLAS to one thread: matrix-vector products are ten times faster
    on these machines without the thread hand-off."""
    try:
        from threadpoolctl import threadpool_limits
        threadpool_limits(1)
    except ImportError:
        pass
    sys.modules[name] = sys.modules[__name__]
    return sys.modules[__name__]
