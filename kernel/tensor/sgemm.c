/* SGEMM: Goto/BLIS blocking and packing around the JIT's macro-kernel
 * stencils (the C twin of toolchain/tensoros/jit/sgemm.py).
 *
 * For nc columns (pack a kc x nc block of B into NR-wide panels), for kc
 * depth, for mc rows (pack an mc x kc block of A into MR-high panels), call
 * the macro-kernel specialized for (kc, mc/MR, nc/NR, ldc). The kernel
 * writes whole MR x NR tiles, so unless C's rows are whole tiles the
 * driver works in a padded scratch C and copies the result out; the
 * epilogue (bias, activation) runs per jc block while it is in cache. */
#include "tensor/kernels.h"
#include "tensor/jit.h"
#include "tensor/ops_ref.h"
#include "lib/string.h"
#include "mm/zone.h"

typedef void (*macro_fn)(const float *a_packed, const float *b_packed, float *c, long overwrite);
typedef void (*pack_fn)(const float *src, float *packed);

void apply_epilogue(float *c, int64_t ldc, int64_t rows, int64_t cols, const float *bias, enum tensor_activation act)
{
    if (!bias && act == TENSOR_ACT_NONE)
        return;
    for (int64_t i = 0; i < rows; i++) {
        float *row = c + i * ldc;
        if (bias)
            for (int64_t j = 0; j < cols; j++)
                row[j] += bias[j];
        if (act == TENSOR_ACT_RELU)
            for (int64_t j = 0; j < cols; j++)
                row[j] = row[j] > 0 ? row[j] : 0.0f;
        else if (act != TENSOR_ACT_NONE)
            for (int64_t j = 0; j < cols; j++)
                row[j] = ref_activation(act, row[j]);
    }
}

typedef void (*epilogue_fn)(float *c, const float *bias, long rows);
typedef void (*activation_fn)(const float *a, const float *b, float *out);

bool epilogue_jit(float *c, int64_t ldc, int64_t rows, int64_t cols, const float *bias, enum tensor_activation act)
{
    if ((!bias && act == TENSOR_ACT_NONE) || rows <= 0 || cols <= 0 || cols >= (1ll << 30) || ldc * 4 >= (1ll << 31))
        return !bias && act == TENSOR_ACT_NONE;
    int64_t values[JIT_H_TOTAL] = {0};
    values[JIT_H_COUNT_] = cols;
    values[JIT_H_LDC_BYTES] = ldc * 4;
    if (bias) {
        static const enum jit_kernel kernels[] = { JIT_K_EPI_NONE, JIT_K_EPI_RELU, JIT_K_EPI_GELU, JIT_K_EPI_GELU_ERF,
                                                   JIT_K_EPI_SILU };
        epilogue_fn fn = (unsigned)act <= TENSOR_ACT_SILU && jit_available(kernels[act]) ?
                         (epilogue_fn)jit_kernel(kernels[act], values) : 0;
        if (!fn)
            return false;
        fn(c, bias, (long)rows);
        return true;
    }
    static const enum jit_kernel unary[] = { JIT_K_COUNT, JIT_K_RELU, JIT_K_GELU, JIT_K_GELU_ERF, JIT_K_SILU };
    activation_fn fn = (unsigned)act <= TENSOR_ACT_SILU && unary[act] != JIT_K_COUNT && jit_available(unary[act]) ?
                       (activation_fn)jit_kernel(unary[act], values) : 0;
    if (!fn)
        return false;
    for (int64_t i = 0; i < rows; i++)
        fn(c + i * ldc, c + i * ldc, c + i * ldc);
    return true;
}

static void fused_epilogue(float *c, int64_t ldc, int64_t rows, int64_t cols, const float *bias, enum tensor_activation act)
{
    if (!epilogue_jit(c, ldc, rows, cols, bias, act))
        apply_epilogue(c, ldc, rows, cols, bias, act);
}

/* rows x kc of A (valid rows first, zero padding after) into panels of MR. */
static void pack_a(const float *a, int64_t rs, int64_t cs, int64_t rows, int64_t kc, int mr, int64_t panels, float *dst)
{
    for (int64_t p = 0; p < panels; p++) {
        for (int64_t k = 0; k < kc; k++) {
            for (int r = 0; r < mr; r++) {
                int64_t row = p * mr + r;
                *dst++ = row < rows ? a[row * rs + k * cs] : 0.0f;
            }
        }
    }
}

static void pack_b(const float *b, int64_t rs, int64_t cs, int64_t cols, int64_t kc, int nr, int64_t panels, float *dst)
{
    for (int64_t p = 0; p < panels; p++) {
        for (int64_t k = 0; k < kc; k++) {
            const float *src = b + k * rs;
            for (int j = 0; j < nr; j++) {
                int64_t col = p * nr + j;
                *dst++ = col < cols ? src[col * cs] : 0.0f;
            }
        }
    }
}

static int sgemm_reference(int64_t m, int64_t n, int64_t k, const float *a, int64_t a_rs, int64_t a_cs,
                           const float *b, int64_t b_rs, int64_t b_cs, float *c, int64_t ldc,
                           const float *bias, enum tensor_activation act)
{
    ref_matmul(m, n, k, a, a_rs, a_cs, b, b_rs, b_cs, c, ldc);
    apply_epilogue(c, ldc, m, n, bias, act);
    return 0;
}

int sgemm(int64_t m, int64_t n, int64_t k, const float *a, int64_t a_rs, int64_t a_cs,
          const float *b, int64_t b_rs, int64_t b_cs, float *c, int64_t ldc,
          const float *bias, enum tensor_activation act, bool use_jit)
{
    int mr, nr;
    jit_sgemm_tile(&mr, &nr);
    if (!use_jit || !jit_available(JIT_K_SGEMM) || m == 0 || n == 0 || k == 0 || mr == 0)
        return sgemm_reference(m, n, k, a, a_rs, a_cs, b, b_rs, b_cs, c, ldc, bias, act);

    /* Cache blocking for a 32-48 KiB L1d and a 0.5-1 MiB L2. */
    int64_t mc = 216 - 216 % mr, kc_max = 256, nc = 4080 - 4080 % nr;
    if (jit_active_isa() != JIT_ISA_AVX2) {
        mc = 120 - 120 % mr;
        nc = 2048 - 2048 % nr;
    }
    int64_t m_pad = (m + mr - 1) / mr * mr, n_pad = (n + nr - 1) / nr * nr;
    if (nc > n_pad)
        nc = n_pad;
    if (mc > m_pad)
        mc = m_pad;
    int64_t kc_top = k < kc_max ? k : kc_max;
    bool direct = m_pad == m && n_pad == n && ldc * 4 < (1ll << 31);
    int64_t ldw = direct ? ldc : n_pad;
    size_t a_bytes = (size_t)(mc * kc_top * 4), b_bytes = (size_t)(kc_top * nc * 4);
    size_t c_bytes = direct ? 0 : (size_t)(m_pad * n_pad * 4);
    float *a_packed = zone_alloc(ZONE_TENSOR, a_bytes);
    float *b_packed = zone_alloc(ZONE_TENSOR, b_bytes);
    float *cw = direct ? c : zone_alloc(ZONE_TENSOR, c_bytes);
    if (!a_packed || !b_packed || !cw || ldw * 4 >= (1ll << 31)) {
        zone_free(ZONE_TENSOR, a_packed, a_bytes);
        zone_free(ZONE_TENSOR, b_packed, b_bytes);
        if (!direct)
            zone_free(ZONE_TENSOR, cw, c_bytes);
        return TENSOR_ENOMEM;
    }
    int64_t values[JIT_H_TOTAL] = {0};
    bool failed = false;
    for (int64_t jc = 0; jc < n_pad && !failed; jc += nc) {
        int64_t ncb = n_pad - jc < nc ? n_pad - jc : nc;
        for (int64_t pc = 0; pc < k && !failed; pc += kc_max) {
            int64_t kcb = k - pc < kc_max ? k - pc : kc_max;
            int64_t b_panels = ncb / nr;
            int64_t valid_cols = n - jc < ncb ? n - jc : ncb;
            const float *bsrc = b + pc * b_rs + jc * b_cs;
            int64_t full_b = (b_cs == 1 && b_rs * 4 < (1ll << 31)) ? valid_cols / nr : 0;
            pack_fn pb = 0;
            if (full_b) {
                values[JIT_H_LDB_BYTES] = b_rs * 4;
                values[JIT_H_PANELS] = full_b;
                values[JIT_H_KC] = kcb;
                pb = (pack_fn)jit_kernel(JIT_K_PACK_B, values);
            }
            if (pb)
                pb(bsrc, b_packed);
            else
                full_b = 0;
            pack_b(bsrc + full_b * nr * b_cs, b_rs, b_cs, valid_cols - full_b * nr, kcb, nr, b_panels - full_b,
                   b_packed + full_b * kcb * nr);
            for (int64_t ic = 0; ic < m_pad; ic += mc) {
                int64_t mcb = m_pad - ic < mc ? m_pad - ic : mc;
                int64_t a_panels = mcb / mr;
                int64_t valid_rows = m - ic < mcb ? m - ic : mcb;
                const float *asrc = a + ic * a_rs + pc * a_cs;
                int64_t full_a = (a_cs == 1 && a_rs * 4 < (1ll << 31)) ? valid_rows / mr : 0;
                pack_fn pa = 0;
                if (full_a) {
                    values[JIT_H_LDA_BYTES] = a_rs * 4;
                    values[JIT_H_PANELS] = full_a;
                    values[JIT_H_K_BLOCKS] = kcb / 4;
                    values[JIT_H_K_REST] = kcb % 4;
                    pa = (pack_fn)jit_kernel(JIT_K_PACK_A, values);
                }
                if (pa)
                    pa(asrc, a_packed);
                else
                    full_a = 0;
                pack_a(asrc + full_a * mr * a_rs, a_rs, a_cs, valid_rows - full_a * mr, kcb, mr, a_panels - full_a,
                       a_packed + full_a * kcb * mr);
                values[JIT_H_K_BLOCKS] = kcb / 4;
                values[JIT_H_K_REST] = kcb % 4;
                values[JIT_H_M_TILES] = a_panels;
                values[JIT_H_N_TILES] = b_panels;
                values[JIT_H_LDC_BYTES] = ldw * 4;
                values[JIT_H_A_PANEL_BYTES] = kcb * mr * 4;
                values[JIT_H_B_PANEL_BYTES] = kcb * nr * 4;
                macro_fn macro = (macro_fn)jit_kernel(JIT_K_SGEMM, values);
                if (!macro) {
                    failed = true;
                    break;
                }
                macro(a_packed, b_packed, cw + ic * ldw + jc, pc == 0);
            }
        }
        if (!failed && direct)
            fused_epilogue(c + jc, ldc, m, ncb, bias ? bias + jc : 0, act);
    }
    if (!failed && !direct) {
        for (int64_t i = 0; i < m; i++)
            memcpy(c + i * ldc, cw + i * ldw, (size_t)n * 4);
        fused_epilogue(c, ldc, m, n, bias, act);
    }
    zone_free(ZONE_TENSOR, a_packed, a_bytes);
    zone_free(ZONE_TENSOR, b_packed, b_bytes);
    if (!direct)
        zone_free(ZONE_TENSOR, cw, c_bytes);
    if (failed)                         /* no executable memory after all */
        return sgemm_reference(m, n, k, a, a_rs, a_cs, b, b_rs, b_cs, c, ldc, bias, act);
    return (bias || act != TENSOR_ACT_NONE) ? 3 : jit_simd_tier();
}
