"""Block formats: dequantization bit-exact with gguf.quants, quantization
round trips within each format's bound."""

import numpy as np
import pytest
from gguf import GGMLQuantizationType, quants as gguf_quants

from tensoros.jit import quants

GGUF_TYPES = ["Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q4_K", "Q5_K", "Q6_K"]


def same_bits(a, b):
    return a.shape == b.shape and np.array_equal(a.view(np.uint32), b.view(np.uint32))


@pytest.mark.parametrize("qtype", GGUF_TYPES)
def test_dequantize_bit_exact_with_gguf(qtype):
    rng = np.random.default_rng(10)
    for count, scale in [(1, 1.0), (7, 0.01), (300, 1e-4), (64, 5000.0)]:
        data = quants.random_blocks(qtype, count, rng, scale)
        ours = quants.dequantize(data, qtype)
        theirs = gguf_quants.dequantize(np.frombuffer(data, np.uint8).reshape(1, -1),
                                        getattr(GGMLQuantizationType, qtype)).reshape(-1)
        assert same_bits(ours, theirs)


@pytest.mark.parametrize("qtype", ["Q4_0", "Q4_1", "Q8_0"])
def test_dequantize_special_scales(qtype):
    """Zero, subnormal and negative f16 scales decode exactly too."""
    rng = np.random.default_rng(11)
    data = np.frombuffer(quants.random_blocks(qtype, 4, rng), np.uint8).copy().reshape(4, -1)
    data[:, 0:2] = np.array([0.0, 6e-8, -3.5, 65504.0], np.float16).view(np.uint8).reshape(4, 2)
    ours = quants.dequantize(data.tobytes(), qtype)
    theirs = gguf_quants.dequantize(data.reshape(1, -1), getattr(GGMLQuantizationType, qtype)).reshape(-1)
    assert same_bits(ours, theirs)


def test_q8_k_dequantize_matches_definition():
    # gguf.quants has no Q8_K class: check against the struct definition.
    rng = np.random.default_rng(12)
    data = quants.random_blocks("Q8_K", 5, rng)
    blocks = np.frombuffer(data, np.uint8).reshape(5, 292)
    d = blocks[:, 0:4].copy().view(np.float32)
    expected = (d * blocks[:, 4:260].view(np.int8).astype(np.float32)).reshape(-1)
    assert same_bits(quants.dequantize(data, "Q8_K"), expected)


def test_bad_lengths_are_rejected():
    with pytest.raises(ValueError, match="whole number"):
        quants.dequantize(b"\0" * 35, "Q8_0")


def test_q8_0_quantize_bit_exact_with_gguf():
    rng = np.random.default_rng(13)
    x = np.concatenate([rng.standard_normal(32 * 40), np.zeros(32), np.full(32, 2.5)]).astype(np.float32)
    x[5] = 0.0                       # a zero inside a non-zero block
    theirs = gguf_quants.quantize(x.reshape(1, -1), GGMLQuantizationType.Q8_0).tobytes()
    assert quants.quantize_q8_0(x) == theirs


# Per-element error of a quantize -> dequantize round trip: half a step
# (a whole step where the format clips the far end, Q4_0/Q5_0), in units of
# the block's span, plus the f16 rounding of the scale and min fields
# (relative 2^-11 of what they reconstruct).
ROUND_TRIP_BOUND = {"Q4_0": 1 / 8, "Q4_1": 0.5 / 15, "Q5_0": 1 / 16, "Q5_1": 0.5 / 31, "Q8_0": 0.5 / 127}


def round_trip_bound(blocks, step_fraction, symmetric):
    amax = np.abs(blocks).max(axis=1)
    span = amax if symmetric else np.ptp(blocks, axis=1)
    return step_fraction * span + 2.0 ** -10 * (span + amax) + 1e-7


@pytest.mark.parametrize("qtype", sorted(ROUND_TRIP_BOUND))
def test_gguf_weight_quantization_round_trip(qtype):
    rng = np.random.default_rng(14)
    x = (rng.standard_normal(32 * 64) * rng.random(1)[0] * 10).astype(np.float32)
    data = gguf_quants.quantize(x.reshape(1, -1), getattr(GGMLQuantizationType, qtype)).tobytes()
    y = quants.dequantize(data, qtype)
    blocks = x.reshape(-1, 32)
    error = np.abs(y - x).reshape(-1, 32).max(axis=1)
    assert np.all(error <= round_trip_bound(blocks, ROUND_TRIP_BOUND[qtype], qtype in ("Q4_0", "Q5_0", "Q8_0")))


@pytest.mark.parametrize("qtype", ["Q8_0", "Q8_1", "Q8_K"])
def test_activation_quantization_round_trip(qtype):
    rng = np.random.default_rng(15)
    elements = quants.BLOCK[qtype][0]
    x = (rng.standard_normal(elements * 12) * 3).astype(np.float32)
    x[:elements] = 0.0                               # an all-zero block
    data = quants.quantize_activations(x, qtype)
    assert len(data) == 12 * quants.BLOCK[qtype][1]
    y = quants.dequantize(data, qtype)
    error = np.abs(y - x).reshape(-1, elements).max(axis=1)
    # Q8_K keeps its scale in f32: no f16 term, but the bound covers both.
    assert np.all(error <= round_trip_bound(x.reshape(-1, elements), 0.5 / 127, True))
    assert np.all(y[:elements] == 0)
    blocks = np.frombuffer(data, np.uint8).reshape(12, -1)
    q = blocks[:, -32:].view(np.int8) if qtype != "Q8_K" else blocks[:, 4:260].view(np.int8)
    assert q.min() >= -127                            # the AVX2 sign trick relies on it
    if qtype == "Q8_1":
        d = blocks[:, 0:2].copy().view(np.float16).astype(np.float32).reshape(-1)
        s = blocks[:, 2:4].copy().view(np.float16).astype(np.float32).reshape(-1)
        sums = blocks[:, 4:36].view(np.int8).astype(np.int32).sum(axis=1)
        # ggml rounds s from the f32 scale, before that is rounded to f16.
        assert np.allclose(s, sums * d, rtol=2 ** -9, atol=1e-6)
    if qtype == "Q8_K":
        bsums = blocks[:, 260:292].copy().view(np.int16)
        assert np.array_equal(bsums, q.astype(np.int16).reshape(12, 16, 16).sum(axis=2))
