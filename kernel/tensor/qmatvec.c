/* Quantized matrix-vector (and matrix-matrix) products, as llama.cpp does
 * them: the f32 activations are quantized once to 8-bit blocks (Q8_0,
 * Q8_1 or Q8_K, whichever the weight type pairs with), then every block's
 * dot product is done in integers by the JIT's qdot stencils (tier 1/2) or
 * by quant_dot_row (tier 0); only the per-block scales are float.
 *
 * Weight rows are taken in chunks that fit in L2 and every activation row
 * is run over a chunk before the next, so the weights stream from memory
 * once per call, not once per activation row. */
#include "tensor/kernels.h"
#include "tensor/jit.h"
#include "tensor/quants.h"
#include "mm/zone.h"

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
    if (!fn)
        return 0;
    return (bias || act != TENSOR_ACT_NONE) ? 3 : jit_simd_tier();
}
