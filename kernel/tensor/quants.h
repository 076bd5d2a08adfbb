/* GGUF block formats: dequantization (bit-exact with the gguf package and
 * ggml: the same float32 operations in the same order, no fused
 * multiply-add), quantization of activations to Q8_0 / Q8_1 / Q8_K (as
 * ggml's reference quantizers), and the integer block dot products of the
 * portable tier.
 *
 *   type  elements bytes layout (little endian, f16 = IEEE half)
 *   Q4_0   32   18  d, qs[16]: x[i] = d*((qs[i]&15)-8), x[i+16] = d*((qs[i]>>4)-8)
 *   Q4_1   32   20  d, m, qs[16]: x = d*q + m
 *   Q5_0   32   22  d, qh:u32, qs[16]: q |= bit i of qh << 4; x = d*(q-16)
 *   Q5_1   32   24  d, m, qh:u32, qs[16]: x = d*q + m
 *   Q8_0   32   34  d, qs:i8[32]: x = q*d
 *   Q8_1   32   36  d, s (= d*sum(qs)), qs:i8[32]
 *   Q4_K  256  144  d, dmin, scales[12] (8 six-bit scales, 8 mins), qs[128]
 *   Q5_K  256  176  d, dmin, scales[12], qh[32], qs[128]
 *   Q6_K  256  210  ql[128], qh[64], scales:i8[16], d
 *   Q8_K  256  292  d:f32, qs:i8[256], bsums:i16[16]
 */
#pragma once
#include "tensor/dtype.h"

/* `n` elements (a multiple of the block size) of type `t` at `src` ->
 * float32. Plain types convert (f16, bf16, ints). False for a bad type or n. */
bool dequantize_row(enum tensor_dtype t, const void *src, float *dst, int64_t n);
/* float32 -> Q8_0, Q8_1, Q8_K, Q4_0, Q4_1, Q5_0, Q5_1 (ggml's reference
 * quantizers) or a plain type. False when `t` cannot be produced. */
bool quantize_row(enum tensor_dtype t, const float *src, void *dst, int64_t n);
bool quantize_supported(enum tensor_dtype t);

/* The activation type a weight type is dotted with (Q8_0, Q8_1 or Q8_K),
 * or -1 when the weight type has no integer dot. */
int quant_activation_type(enum tensor_dtype weight);
/* dot(weight row of `n` elements, activation row in its activation type),
 * in integers per block, scales in float (tier 0 of quantized matvec). */
float quant_dot_row(enum tensor_dtype weight, const void *w, const void *x, int64_t n);
