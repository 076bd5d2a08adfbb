/* Quantized matrix-vector (and matrix-matrix) products, as llama.cpp does
 * them: the f32 activations are quantized once to 8-bit blocks (Q8_0,
 * Q8_1 or Q8_K, whichever the weight type pairs with), then every block's
 * dot product is done in integers by the JIT's qdot stencils (tier 1/2) or
 * by quant_dot_row (tier 0); only the per-block scales are float.
 *
 * The four-row SSE2 and NEON stencils (Q8_0, Q4_0, Q4_1 weights) take each
 * activation block expanded (expand_row): its values already split into
 * int16 and its f16 scales already decoded, work they would otherwise redo
 * for every four weight rows (about a quarter of the SSE2 Q4_1 loop's
 * instructions).
 *
 * Weight rows are taken in chunks that fit in L2 and every activation row
 * is run over a chunk before the next, so the weights stream from memory
 * once per call, not once per activation row. */
#include "tensor/kernels.h"
#include "tensor/jit.h"
#include "tensor/quants.h"
#include "mm/zone.h"
#include "lib/string.h"

typedef void (*qdot_fn)(const void *weights, const void *activations, float *out, long rows);

static int qdot_kernel_for(enum tensor_dtype wt)
{
    switch (wt) {
    case TENSOR_Q8_0: return JIT_K_QDOT_Q8_0;
    case TENSOR_Q4_0: return JIT_K_QDOT_Q4_0;
    case TENSOR_Q4_1: return JIT_K_QDOT_Q4_1;
    case TENSOR_Q4_K: return JIT_K_QDOT_Q4_K;
    case TENSOR_Q6_K: return JIT_K_QDOT_Q6_K;
    default: return -1;
    }
}

/* Bytes of an expanded activation block for this stencil, 0 when it takes
 * the Q8 blocks as they are. The layout (toolchain/tensoros/jit/quants.py,
 * expand_activations, is its twin): the 32 values as int16 in four groups
 * of eight (elements 0,2..14 | 1,3..15 | 16,18..30 | 17,19..31), then for
 * SSE2 the f32 bits of d * 2^112 four times (and of s * 2^112, Q8_1), for
 * NEON d's signed 11-bit mantissa and exponent field - 2, then s's, int32. */
static size_t expanded_block_bytes(enum jit_isa isa, int kernel, int at)
{
    if (kernel != JIT_K_QDOT_Q8_0 && kernel != JIT_K_QDOT_Q4_0 && kernel != JIT_K_QDOT_Q4_1)
        return 0;
    if (isa == JIT_ISA_SSE2)
        return at == TENSOR_Q8_1 ? 96 : 80;
    return isa == JIT_ISA_NEON ? 80 : 0;
}

/* The f16 `h` times 2^112 as f32 bits, exactly as the SSE2 stencils used
 * to make it in general registers (an infinity/NaN keeps its payload). */
static uint32_t f16_times_2_112_bits(uint16_t h)
{
    uint32_t sign = (uint32_t)(h & 0x8000) << 16, magnitude = h & 0x7FFFu;
    if (magnitude >= 0x400)
        return sign | ((magnitude << 13) + (224u << 23));
    float sub = (float)magnitude * 0x1p88f;      /* m * 2^-24 * 2^112, exact */
    uint32_t bits;
    memcpy(&bits, &sub, 4);
    return sign | bits;
}

/* The f16 `h` as M * 2^(e - 25): M its signed mantissa, e its exponent
 * field (1 for a subnormal); out = {M, e - 2} as the NEON stencils take it. */
static void f16_parts(uint16_t h, int32_t out[2])
{
    int32_t e = (h >> 10) & 31, m = h & 0x3FF;
    if (e)
        m |= 0x400;
    else
        e = 1;
    out[0] = (h & 0x8000) ? -m : m;
    out[1] = e - 2;
}

/* One row of Q8_0/Q8_1 blocks -> `blocks` expanded blocks of `out` bytes. */
static void expand_row(enum jit_isa isa, int at, const uint8_t *src, uint8_t *dst, int64_t blocks, size_t out)
{
    size_t in = dtype_info((enum tensor_dtype)at)->block_bytes;
    int q1 = at == TENSOR_Q8_1;
    for (int64_t b = 0; b < blocks; b++, src += in, dst += out) {
        const int8_t *x = (const int8_t *)(src + (q1 ? 4 : 2));
        int16_t v[32];
        for (int j = 0; j < 8; j++) {
            v[j] = x[2 * j];
            v[8 + j] = x[2 * j + 1];
            v[16 + j] = x[16 + 2 * j];
            v[24 + j] = x[17 + 2 * j];
        }
        memcpy(dst, v, sizeof v);
        uint16_t d = (uint16_t)(src[0] | src[1] << 8), s = q1 ? (uint16_t)(src[2] | src[3] << 8) : 0;
        if (isa == JIT_ISA_SSE2) {
            uint32_t lanes[8];
            for (int i = 0; i < 4; i++) {
                lanes[i] = f16_times_2_112_bits(d);
                lanes[4 + i] = f16_times_2_112_bits(s);
            }
            memcpy(dst + 64, lanes, q1 ? 32 : 16);
        } else {
            int32_t parts[4] = {0, 0, 0, 0};
            f16_parts(d, parts);
            if (q1)
                f16_parts(s, parts + 2);
            memcpy(dst + 64, parts, sizeof parts);
        }
    }
}

int qmatvec(int64_t m, int64_t n, int64_t k, const void *x, enum tensor_dtype x_type, int64_t x_row_bytes,
            const void *w, enum tensor_dtype wt, int64_t w_row_bytes, float *out, int64_t ldo,
            const float *bias, enum tensor_activation act, bool use_jit)
{
    int at = quant_activation_type(wt);
    if (at < 0)
        return TENSOR_EDTYPE;
    size_t act_row = dtype_bytes((enum tensor_dtype)at, k);
    const uint8_t *acts = x;
    uint8_t *scratch = 0;
    size_t scratch_bytes = 0;
    if (x_type == TENSOR_F32) {
        scratch_bytes = act_row * (size_t)m;
        scratch = zone_alloc(ZONE_TENSOR, scratch_bytes ? scratch_bytes : 1);
        if (!scratch)
            return TENSOR_ENOMEM;
        for (int64_t i = 0; i < m; i++)
            quantize_row((enum tensor_dtype)at, (const float *)((const uint8_t *)x + i * x_row_bytes),
                         scratch + i * act_row, k);
        acts = scratch;
        x_row_bytes = (int64_t)act_row;
    }
    int kernel = qdot_kernel_for(wt);
    qdot_fn fn = 0;
    if (use_jit && kernel >= 0 && jit_available((enum jit_kernel)kernel) && k > 0 &&
        w_row_bytes < (1ll << 31) && k / dtype_info(wt)->block_elements < (1ll << 31)) {
        int64_t values[JIT_H_TOTAL] = {0};
        values[JIT_H_BLOCKS] = k / dtype_info(wt)->block_elements;
        values[JIT_H_ROW_BYTES] = w_row_bytes;
        fn = (qdot_fn)jit_kernel((enum jit_kernel)kernel, values);
    }
    /* Expanded once here for every four-row group of every chunk. */
    enum jit_isa isa = jit_active_isa();
    size_t expanded = fn ? expanded_block_bytes(isa, kernel, at) : 0;
    uint8_t *wide = 0;
    size_t wide_bytes = 0;
    if (expanded) {
        int64_t blocks = k / dtype_info(wt)->block_elements;
        wide_bytes = expanded * (size_t)blocks * (size_t)m;
        wide = zone_alloc(ZONE_TENSOR, wide_bytes ? wide_bytes : 1);
        if (!wide) {
            if (scratch)
                zone_free(ZONE_TENSOR, scratch, scratch_bytes ? scratch_bytes : 1);
            return TENSOR_ENOMEM;
        }
        for (int64_t i = 0; i < m; i++)
            expand_row(isa, at, acts + i * x_row_bytes, wide + (size_t)i * expanded * (size_t)blocks, blocks, expanded);
        acts = wide;
        x_row_bytes = (int64_t)(expanded * (size_t)blocks);
    }
    int64_t chunk = w_row_bytes > 0 ? (64 * 1024) / w_row_bytes : n;
    if (chunk < 4)
        chunk = 4;
    const uint8_t *wb = w;
    for (int64_t r0 = 0; r0 < n; r0 += chunk) {
        int64_t rows = n - r0 < chunk ? n - r0 : chunk;
        for (int64_t i = 0; i < m; i++) {
            const uint8_t *xa = acts + i * x_row_bytes;
            float *o = out + i * ldo + r0;
            if (fn) {
                fn(wb + r0 * w_row_bytes, xa, o, (long)rows);
                if (!epilogue_jit(o, ldo, 1, rows, bias ? bias + r0 : 0, act))
                    apply_epilogue(o, ldo, 1, rows, bias ? bias + r0 : 0, act);
            } else {
                for (int64_t r = 0; r < rows; r++)
                    o[r] = quant_dot_row(wt, wb + (r0 + r) * w_row_bytes, xa, k);
                apply_epilogue(o, ldo, 1, rows, bias ? bias + r0 : 0, act);
            }
        }
    }
    if (scratch)
        zone_free(ZONE_TENSOR, scratch, scratch_bytes ? scratch_bytes : 1);
    if (wide)
        zone_free(ZONE_TENSOR, wide, wide_bytes ? wide_bytes : 1);
    if (!fn)
        return 0;
    return (bias || act != TENSOR_ACT_NONE) ? 3 : jit_simd_tier();
}
