"""GGUF block formats in numpy: the reference the quantized stencils are
checked against, written from the format definitions (llama.cpp's ggml
block structs). Dequantization performs the same float32 operations in the
same order as the `gguf` package, so results are bit-identical.

Block layouts (little endian; f16 = IEEE half, "nibble i" = byte i & 15,
"high nibble i" = byte i >> 4):

    type   elements bytes  layout
    Q4_0   32   18   d:f16, qs[16]: x[i] = d*(nib(i)-8), x[i+16] = d*(hi(i)-8)
    Q4_1   32   20   d:f16, m:f16, qs[16]: x = d*q + m (same nibble order)
    Q5_0   32   22   d:f16, qh:u32, qs[16]: q = nibble | bit i of qh << 4, x = d*(q-16)
    Q5_1   32   24   d:f16, m:f16, qh:u32, qs[16]: x = d*q + m
    Q8_0   32   34   d:f16, qs:i8[32]: x = q*d
    Q8_1   32   36   d:f16, s:f16 (= d*sum(qs)), qs:i8[32]   (activations for Q4_1)
    Q4_K  256  144   d:f16, dmin:f16, scales[12] (8 six-bit scales + 8 mins),
                     qs[128]: chunk c (32 bytes) holds sub-block 2c in low
                     nibbles and 2c+1 in high ones; x = (d*sc)*q - (dmin*m)
    Q5_K  256  176   d, dmin, scales[12], qh[32], qs[128]: 5th bit of element
                     32j+l is bit j of qh[l]
    Q6_K  256  210   ql[128], qh[64], scales:i8[16], d:f16; x = (d*sc)*(q-32),
                     q 6 bits (see dequantize_q6_k), one scale per 16 elements
    Q8_K  256  292   d:f32, qs:i8[256], bsums:i16[16] (sum of each 16 qs)
"""

import numpy as np

QK = 32
QK_K = 256

BLOCK = {  # type: (elements per block, bytes per block)
    "Q4_0": (32, 18), "Q4_1": (32, 20), "Q5_0": (32, 22), "Q5_1": (32, 24),
    "Q8_0": (32, 34), "Q8_1": (32, 36),
    "Q4_K": (256, 144), "Q5_K": (256, 176), "Q6_K": (256, 210), "Q8_K": (256, 292),
}


def _blocks(data, qtype):
    elements, size = BLOCK[qtype]
    data = np.frombuffer(data, np.uint8) if isinstance(data, (bytes, bytearray)) else data.view(np.uint8)
    if data.size % size:
        raise ValueError(f"{qtype}: {data.size} bytes is not a whole number of {size}-byte blocks")
    return data.reshape(-1, size)


def _f16(columns):
    return np.ascontiguousarray(columns).view(np.float16).astype(np.float32)


def _nibbles(qs):
    """16 packed bytes per row -> 32 values: low nibbles first, then high."""
    return np.concatenate([qs & 0x0F, qs >> 4], axis=-1)


def _fifth_bits(qh_bytes):
    bits = np.ascontiguousarray(qh_bytes).view(np.uint32)
    return ((bits >> np.arange(32, dtype=np.uint32)) & 1).astype(np.uint8)


def k_scales_and_mins(scales):
    """Unpack Q4_K/Q5_K's 12 bytes into 8 six-bit scales and 8 six-bit mins.

    Bytes 0-3 hold scales 0-3 in their low 6 bits, bytes 4-7 mins 0-3;
    bytes 8-11 hold the low 4 bits of scales 4-7 (low nibble) and mins 4-7
    (high nibble), whose top 2 bits sit in the top bits of bytes 0-3 / 4-7.
    """
    low, high, extra = scales[:, 0:4], scales[:, 4:8], scales[:, 8:12]
    sc = np.concatenate([low & 63, (extra & 15) | ((low >> 6) << 4)], axis=-1)
    mins = np.concatenate([high & 63, (extra >> 4) | ((high >> 6) << 4)], axis=-1)
    return sc, mins


def dequantize(data, qtype):
    """Bytes of whole blocks -> float32 array of their elements."""
    blocks = _blocks(data, qtype)
    n = blocks.shape[0]
    if qtype == "Q4_0":
        d = _f16(blocks[:, 0:2])
        q = _nibbles(blocks[:, 2:18]).astype(np.int8) - np.int8(8)
        return (d * q.astype(np.float32)).reshape(-1)
    if qtype == "Q4_1":
        d, m = _f16(blocks[:, 0:2]), _f16(blocks[:, 2:4])
        q = _nibbles(blocks[:, 4:20]).astype(np.float32)
        return (d * q + m).reshape(-1)
    if qtype == "Q5_0":
        d = _f16(blocks[:, 0:2])
        q = (_nibbles(blocks[:, 6:22]) | (_fifth_bits(blocks[:, 2:6]) << 4)).astype(np.int8) - np.int8(16)
        return (d * q.astype(np.float32)).reshape(-1)
    if qtype == "Q5_1":
        d, m = _f16(blocks[:, 0:2]), _f16(blocks[:, 2:4])
        q = (_nibbles(blocks[:, 8:24]) | (_fifth_bits(blocks[:, 4:8]) << 4)).astype(np.float32)
        return (d * q + m).reshape(-1)
    if qtype == "Q8_0":
        d = _f16(blocks[:, 0:2])
        return (blocks[:, 2:34].view(np.int8).astype(np.float32) * d).reshape(-1)
    if qtype == "Q8_1":
        d = _f16(blocks[:, 0:2])
        return (blocks[:, 4:36].view(np.int8).astype(np.float32) * d).reshape(-1)
    if qtype in ("Q4_K", "Q5_K"):
        d, dmin = _f16(blocks[:, 0:2]), _f16(blocks[:, 2:4])
        sc, mins = k_scales_and_mins(blocks[:, 4:16])
        scale = (d * sc.astype(np.float32)).reshape(n, 8, 1)
        offset = (dmin * mins.astype(np.float32)).reshape(n, 8, 1)
        qs = blocks[:, 16:144] if qtype == "Q4_K" else blocks[:, 48:176]
        chunks = qs.reshape(n, 4, 32)
        q = np.stack([chunks & 15, chunks >> 4], axis=2).reshape(n, 8, 32)
        if qtype == "Q5_K":
            qh = blocks[:, 16:48].reshape(n, 1, 32)
            q = q | (((qh >> np.arange(8, dtype=np.uint8).reshape(1, 8, 1)) & 1) << 4)
        return (scale * q.astype(np.float32) - offset).reshape(-1)
    if qtype == "Q6_K":
        return (_q6_k_scales(blocks) * _q6_k_values(blocks).astype(np.float32)).reshape(-1)
    if qtype == "Q8_K":
        d = np.ascontiguousarray(blocks[:, 0:4]).view(np.float32)
        return (d * blocks[:, 4:260].view(np.int8).astype(np.float32)).reshape(-1)
    raise ValueError(f"unknown block type {qtype}")


def _q6_k_values(blocks):
    """The 256 signed 6-bit values (q - 32) of each Q6_K block, as int8,
    grouped (block, 16 groups, 16 elements).

    Each half of 128 elements takes 64 bytes of ql and 32 of qh: elements
    0-31 are ql[0:32] low nibbles, 32-63 ql[32:64] low, 64-95 ql[0:32] high,
    96-127 ql[32:64] high; their top two bits are qh[0:32] bits 0-1, 2-3,
    4-5, 6-7 respectively.
    """
    n = blocks.shape[0]
    ql = blocks[:, 0:128].reshape(n, 2, 2, 32)
    qh = blocks[:, 128:192].reshape(n, 2, 1, 32)
    low = np.concatenate([ql & 15, ql >> 4], axis=2)                    # (n, 2 halves, 4, 32)
    high = (qh >> np.array([0, 2, 4, 6], np.uint8).reshape(1, 1, 4, 1)) & 3
    q = (low | (high << 4)).astype(np.int8) - np.int8(32)
    return q.reshape(n, 16, 16)


def _q6_k_scales(blocks):
    d = _f16(blocks[:, 208:210])
    return (d * blocks[:, 192:208].view(np.int8).astype(np.float32)).reshape(-1, 16, 1)


def _round_half_away(x):
    # float64 so that |x| + 0.5 is exact: C's roundf, ties away from zero.
    x = x.astype(np.float64)
    return np.sign(x) * np.floor(np.abs(x) + 0.5)


def quantize_q8_0(x):
    """float32 (multiple of 32) -> Q8_0 bytes, as ggml's reference does it."""
    blocks = np.asarray(x, np.float32).reshape(-1, QK)
    d = np.abs(blocks).max(axis=1, keepdims=True) / np.float32(127)
    with np.errstate(divide="ignore"):
        inverse = np.where(d == 0, np.float32(0), np.float32(1) / d).astype(np.float32)
    q = _round_half_away(blocks * inverse).astype(np.int8)
    return np.concatenate([d.astype(np.float16).view(np.uint8), q.view(np.uint8)], axis=1).tobytes()


def quantize_q8_1(x):
    """float32 -> Q8_1 bytes: Q8_0 plus s = d * sum(q) for Q4_1's min term."""
    blocks = np.asarray(x, np.float32).reshape(-1, QK)
    d = np.abs(blocks).max(axis=1, keepdims=True) / np.float32(127)
    with np.errstate(divide="ignore"):
        inverse = np.where(d == 0, np.float32(0), np.float32(1) / d).astype(np.float32)
    q = _round_half_away(blocks * inverse).astype(np.int8)
    s = q.astype(np.int32).sum(axis=1, keepdims=True).astype(np.float32) * d
    return np.concatenate([d.astype(np.float16).view(np.uint8), s.astype(np.float16).view(np.uint8),
                           q.view(np.uint8)], axis=1).tobytes()


def quantize_q8_k(x):
    """float32 (multiple of 256) -> Q8_K bytes: scale -127/max of the
    largest-magnitude element, values rounded to nearest, bsums of 16."""
    blocks = np.asarray(x, np.float32).reshape(-1, QK_K)
    index = np.abs(blocks).argmax(axis=1)
    largest = blocks[np.arange(blocks.shape[0]), index].reshape(-1, 1)
    with np.errstate(divide="ignore"):
        inverse_scale = np.where(largest == 0, np.float32(0), np.float32(-127) / largest).astype(np.float32)
    q = np.minimum(np.rint(inverse_scale * blocks), 127).astype(np.int8)
    with np.errstate(divide="ignore"):
        d = np.where(largest == 0, np.float32(0), np.float32(1) / inverse_scale).astype(np.float32)
    bsums = q.reshape(-1, 16, 16).astype(np.int16).sum(axis=2, dtype=np.int16)
    return np.concatenate([d.view(np.uint8), q.view(np.uint8), bsums.view(np.uint8)], axis=1).tobytes()


def activation_type(weight_type):
    """Which activation block type a weight type is dotted with."""
    return {"Q8_0": "Q8_0", "Q4_0": "Q8_0", "Q5_0": "Q8_0", "Q4_1": "Q8_1", "Q5_1": "Q8_1",
            "Q4_K": "Q8_K", "Q5_K": "Q8_K", "Q6_K": "Q8_K"}[weight_type]


def quantize_activations(x, qtype):
    return {"Q8_0": quantize_q8_0, "Q8_1": quantize_q8_1, "Q8_K": quantize_q8_k}[qtype](x)


# The four-row SSE2 and NEON qdot stencils (Q8_0, Q4_0, Q4_1 weights) take
# each Q8_0/Q8_1 activation block expanded, once per matvec, into what they
# used to make of it for every group of four rows: the 32 int8 values as
# int16 in four groups of eight (elements 0,2,..,14 | 1,3,..,15 | 16,18,..,30
# | 17,19,..,31), then the scales: SSE2 the f32 bits of d * 2^112 four times
# (and of s * 2^112 four times for Q8_1), NEON d's signed 11-bit mantissa M
# and e' - 2 (e' its exponent field, 1 for a subnormal), then s's (zeros
# for Q8_0), as int32.
EXPANDED_BYTES = {("Q8_0", "sse2"): 80, ("Q8_1", "sse2"): 96, ("Q8_0", "neon"): 80, ("Q8_1", "neon"): 80}


def expands_activations(weight_type, isa):
    """Whether this qdot stencil takes expanded activations."""
    return weight_type in ("Q8_0", "Q4_0", "Q4_1") and isa in ("sse2", "neon")


def _f16_times_2_112_bits(h):
    """uint16 halves -> the uint32 bits of value * 2^112 (exact; an f16
    infinity/NaN keeps its payload, as the stencils' integer conversion)."""
    h = h.astype(np.uint32)
    sign, magnitude = (h & 0x8000) << 16, h & 0x7FFF
    normal = (magnitude << 13) + np.uint32(224 << 23)
    subnormal = (magnitude.astype(np.float32) * np.float32(2.0 ** 88)).view(np.uint32)
    return sign | np.where(magnitude >= 0x400, normal, subnormal).astype(np.uint32)


def _f16_parts(h):
    """uint16 halves -> (signed mantissa M, e') with value = M * 2^(e' - 25)."""
    h = h.astype(np.int64)
    exponent, mantissa = (h >> 10) & 31, h & 0x3FF
    mantissa = np.where(exponent > 0, mantissa | 0x400, mantissa)
    exponent = np.where(exponent > 0, exponent, 1)
    return np.where(h & 0x8000, -mantissa, mantissa), exponent


def expand_activations(data, qtype, isa):
    """Q8_0 / Q8_1 activation bytes -> the expanded blocks (see above)."""
    a = _blocks(data, qtype)
    values = a[:, -32:].view(np.int8).astype(np.int16)
    words = np.concatenate([values[:, 0:16:2], values[:, 1:16:2], values[:, 16:32:2], values[:, 17:32:2]], axis=1)
    d = np.ascontiguousarray(a[:, 0:2]).view(np.uint16).reshape(-1)
    s = np.ascontiguousarray(a[:, 2:4]).view(np.uint16).reshape(-1) if qtype == "Q8_1" else None
    if isa == "sse2":
        scales = [np.repeat(_f16_times_2_112_bits(d).reshape(-1, 1), 4, axis=1)]
        if s is not None:
            scales.append(np.repeat(_f16_times_2_112_bits(s).reshape(-1, 1), 4, axis=1))
    elif isa == "neon":
        parts = []
        for h in (d, s if s is not None else None):
            if h is None:
                parts += [np.zeros(len(d), np.int64)] * 2
            else:
                mantissa, exponent = _f16_parts(h)
                parts += [mantissa, exponent - 2]
        scales = [np.stack(parts, axis=1).astype(np.int32).view(np.uint32)]
    else:
        raise ValueError(f"no expanded activations for {isa}")
    out = np.concatenate([words.view(np.uint8)] + [x.astype(np.uint32).view(np.uint8) for x in scales], axis=1)
    assert out.shape[1] == EXPANDED_BYTES[qtype, isa]
    return out.tobytes()


def integer_block_dots(weights, weight_type, activations):
    """Exact reference for a quantized dot: per block, the integer parts and
    the scale factors, combined in float64. Returns the float64 dot."""
    activation_kind = activation_type(weight_type)
    if weight_type in ("Q4_K", "Q5_K", "Q6_K"):
        a = _blocks(activations, "Q8_K")
        d8 = np.ascontiguousarray(a[:, 0:4]).view(np.float32).astype(np.float64).reshape(-1)
        xq = a[:, 4:260].view(np.int8).astype(np.int64)
        w = _blocks(weights, weight_type)
        if weight_type == "Q6_K":
            q = _q6_k_values(w).astype(np.int64).reshape(-1, 16, 16)
            sc = w[:, 192:208].view(np.int8).astype(np.int64)
            dots = (q * xq.reshape(-1, 16, 16)).sum(axis=2)
            d = _f16(w[:, 208:210]).astype(np.float64).reshape(-1)
            return float(np.sum(d * d8 * (sc * dots).sum(axis=1)))
        n = w.shape[0]
        sc, mins = k_scales_and_mins(w[:, 4:16])
        qs = w[:, 16:144] if weight_type == "Q4_K" else w[:, 48:176]
        chunks = qs.reshape(n, 4, 32)
        q = np.stack([chunks & 15, chunks >> 4], axis=2).reshape(n, 8, 32).astype(np.int64)
        if weight_type == "Q5_K":
            qh = w[:, 16:48].reshape(n, 1, 32)
            q = q | ((((qh >> np.arange(8, dtype=np.uint8).reshape(1, 8, 1)) & 1) << 4).astype(np.int64))
        dots = (q * xq.reshape(n, 8, 32)).sum(axis=2)
        sums = xq.reshape(n, 8, 32).sum(axis=2)
        d, dmin = _f16(w[:, 0:2]).astype(np.float64).reshape(-1), _f16(w[:, 2:4]).astype(np.float64).reshape(-1)
        return float(np.sum(d * d8 * (sc.astype(np.int64) * dots).sum(axis=1)
                            - dmin * d8 * (mins.astype(np.int64) * sums).sum(axis=1)))
    a = _blocks(activations, activation_kind)
    d_x = _f16(a[:, 0:2]).astype(np.float64).reshape(-1)
    xq = a[:, -32:].view(np.int8).astype(np.int64)
    w = _blocks(weights, weight_type)
    if weight_type == "Q8_0":
        q = w[:, 2:34].view(np.int8).astype(np.int64)
        return float(np.sum(_f16(w[:, 0:2]).astype(np.float64).reshape(-1) * d_x * (q * xq).sum(axis=1)))
    if weight_type == "Q4_0":
        q = _nibbles(w[:, 2:18]).astype(np.int64) - 8
        return float(np.sum(_f16(w[:, 0:2]).astype(np.float64).reshape(-1) * d_x * (q * xq).sum(axis=1)))
    if weight_type == "Q4_1":
        q = _nibbles(w[:, 4:20]).astype(np.int64)
        s_x = _f16(a[:, 2:4]).astype(np.float64).reshape(-1)
        d, m = _f16(w[:, 0:2]).astype(np.float64).reshape(-1), _f16(w[:, 2:4]).astype(np.float64).reshape(-1)
        return float(np.sum(d * d_x * (q * xq).sum(axis=1) + m * s_x))
    raise ValueError(f"no quantized dot reference for {weight_type}")


def random_blocks(qtype, count, rng, scale=0.01):
    """Valid random blocks of any type: random quantized bits and finite,
    modest scale fields (random bytes alone would give NaN/inf scales)."""
    elements, size = BLOCK[qtype]
    blocks = rng.integers(0, 256, size=(count, size), dtype=np.uint8)

    def put_f16(column, values):
        blocks[:, column:column + 2] = values.astype(np.float16).reshape(-1, 1).view(np.uint8)

    magnitudes = (rng.random(count) * scale + scale / 10).astype(np.float32)
    if qtype in ("Q4_0", "Q5_0", "Q8_0"):
        put_f16(0, magnitudes)
    elif qtype in ("Q4_1", "Q5_1"):
        put_f16(0, magnitudes)
        put_f16(2, -magnitudes * 8)
    elif qtype in ("Q4_K", "Q5_K"):
        put_f16(0, magnitudes)
        put_f16(2, magnitudes)
    elif qtype == "Q6_K":
        put_f16(208, magnitudes)
    elif qtype == "Q8_K":
        blocks[:, 0:4] = magnitudes.reshape(-1, 1).view(np.uint8)
        blocks[:, 4:260] = rng.integers(-127, 128, size=(count, 256), dtype=np.int8).view(np.uint8)
        q = blocks[:, 4:260].view(np.int8).astype(np.int16).reshape(count, 16, 16)
        blocks[:, 260:292] = q.sum(axis=2, dtype=np.int16).view(np.uint8)
    if qtype in ("Q8_0",):
        q = rng.integers(-127, 128, size=(count, 32), dtype=np.int8)
        blocks[:, 2:34] = q.view(np.uint8)
    return blocks.tobytes()
