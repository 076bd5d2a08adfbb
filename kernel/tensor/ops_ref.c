#include "tensor/ops_ref.h"
#include "tensor/dtype.h"
#include "tensor/tmath.h"

void ref_binary(enum tensor_binary_op op, int64_t n, const float *a, int64_t sa, const float *b, int64_t sb,
                float *o, int64_t so)
{
    switch (op) {
    case TENSOR_ADD: for (int64_t i = 0; i < n; i++) o[i * so] = a[i * sa] + b[i * sb]; break;
    case TENSOR_SUB: for (int64_t i = 0; i < n; i++) o[i * so] = a[i * sa] - b[i * sb]; break;
    case TENSOR_MUL: for (int64_t i = 0; i < n; i++) o[i * so] = a[i * sa] * b[i * sb]; break;
    case TENSOR_DIV: for (int64_t i = 0; i < n; i++) o[i * so] = a[i * sa] / b[i * sb]; break;
    }
}

void ref_scale(int64_t n, const float *x, int64_t sx, float s, float *o, int64_t so)
{
    for (int64_t i = 0; i < n; i++)
        o[i * so] = x[i * sx] * s;
}

float ref_activation(enum tensor_activation act, float x)
{
    switch (act) {
    case TENSOR_ACT_RELU:
        return x > 0 ? x : 0.0f;
    case TENSOR_ACT_GELU: {             /* 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) */
        double v = x;
        return (float)(0.5 * v * (1 + tm_tanh(0.79788456080286535588 * (v + 0.044715 * v * v * v))));
    }
    case TENSOR_ACT_GELU_ERF: {
        double v = x;
        return (float)(0.5 * v * (1 + tm_erf(v * 0.70710678118654752440)));
    }
    case TENSOR_ACT_SILU: {
        double v = x;
        return (float)(v / (1 + tm_exp(-v)));
    }
    default:
        return x;
    }
}

void ref_activate(enum tensor_activation act, int64_t n, const float *x, int64_t sx, float *o, int64_t so)
{
    for (int64_t i = 0; i < n; i++)
        o[i * so] = ref_activation(act, x[i * sx]);
}

void ref_softmax(int64_t n, const float *x, int64_t sx, float *o, int64_t so)
{
    if (n <= 0)
        return;
    float max = x[0];
    for (int64_t i = 1; i < n; i++)
        if (x[i * sx] > max || max != max)
            max = x[i * sx];
    double sum = 0;
    for (int64_t i = 0; i < n; i++) {
        float e = (float)tm_exp((double)x[i * sx] - (double)max);
        o[i * so] = e;
        sum += e;
    }
    float inv = (float)(1.0 / sum);
    for (int64_t i = 0; i < n; i++)
        o[i * so] *= inv;
}

void ref_rmsnorm(int64_t n, const float *x, int64_t sx, const float *w, int64_t sw, float eps, float *o, int64_t so)
{
    double ss = 0;
    for (int64_t i = 0; i < n; i++)
        ss += (double)x[i * sx] * x[i * sx];
    float scale = (float)(1.0 / tm_sqrt(ss / (double)(n ? n : 1) + eps));
    for (int64_t i = 0; i < n; i++)
        o[i * so] = x[i * sx] * scale * (w ? w[i * sw] : 1.0f);
}

void ref_layernorm(int64_t n, const float *x, int64_t sx, const float *w, int64_t sw, const float *b, int64_t sb,
                   float eps, float *o, int64_t so)
{
    double mean = 0, var = 0;
    for (int64_t i = 0; i < n; i++)
        mean += x[i * sx];
    mean /= (double)(n ? n : 1);
    for (int64_t i = 0; i < n; i++) {
        double d = x[i * sx] - mean;
        var += d * d;
    }
    var /= (double)(n ? n : 1);
    double inv = 1.0 / tm_sqrt(var + eps);
    for (int64_t i = 0; i < n; i++) {
        float v = (float)((x[i * sx] - mean) * inv);
        if (w) v *= w[i * sw];
        if (b) v += b[i * sb];
        o[i * so] = v;
    }
}

void ref_rope(int64_t d, int n_rot, const float *x, int64_t sx, float *o, int64_t so, int32_t pos, float base,
              enum tensor_rope_mode mode)
{
    double log_base = tm_log((double)base);
    int half = n_rot / 2;
    for (int i = 0; i < half; i++) {
        double theta = (double)pos * tm_exp(-log_base * (2.0 * i) / (double)n_rot);
        double s, c;
        tm_sincos(theta, &s, &c);
        int64_t i0 = mode == TENSOR_ROPE_INTERLEAVED ? 2 * i : i;
        int64_t i1 = mode == TENSOR_ROPE_INTERLEAVED ? 2 * i + 1 : i + half;
        double x0 = x[i0 * sx], x1 = x[i1 * sx];
        o[i0 * so] = (float)(x0 * c - x1 * s);
        o[i1 * so] = (float)(x0 * s + x1 * c);
    }
    for (int64_t i = n_rot; i < d; i++)
        o[i * so] = x[i * sx];
}

void rope_table(float *table, int n_rot, int32_t pos, float base, bool interleaved)
{
    double log_base = tm_log((double)base);
    int half = n_rot / 2;
    for (int i = 0; i < half; i++) {
        double theta = (double)pos * tm_exp(-log_base * (2.0 * i) / (double)n_rot);
        double s, c;
        tm_sincos(theta, &s, &c);
        if (interleaved) {
            table[2 * i] = table[2 * i + 1] = (float)c;
            table[n_rot + 2 * i] = (float)-s;
            table[n_rot + 2 * i + 1] = (float)s;
        } else {
            table[i] = (float)c;
            table[half + i] = (float)s;
        }
    }
}

float ref_reduce(enum tensor_reduce_op op, int64_t n, const float *x, int64_t sx)
{
    if (op == TENSOR_MAX) {
        float m = n ? x[0] : -__builtin_inff();
        for (int64_t i = 1; i < n; i++)
            if (x[i * sx] > m || x[i * sx] != x[i * sx])
                m = x[i * sx];
        return m;
    }
    double sum = 0;
    for (int64_t i = 0; i < n; i++)
        sum += x[i * sx];
    if (op == TENSOR_MEAN)
        return n ? (float)(sum / (double)n) : __builtin_nanf("");
    return (float)sum;
}

int64_t ref_argmax(int64_t n, const float *x, int64_t sx)
{
    int64_t best = 0;
    for (int64_t i = 1; i < n; i++)
        if (x[i * sx] > x[best * sx])
            best = i;
    return best;
}

/* Selection into a min-heap of the k best; then sorted largest first. */
static bool better(float va, int32_t ia, float vb, int32_t ib)
{
    return va > vb || (va == vb && ia < ib);
}

static void sift_down(float *v, int32_t *ix, int64_t k, int64_t i)
{
    for (;;) {
        int64_t l = 2 * i + 1, r = l + 1, worst = i;
        if (l < k && better(v[worst], ix[worst], v[l], ix[l])) worst = l;
        if (r < k && better(v[worst], ix[worst], v[r], ix[r])) worst = r;
        if (worst == i) return;
        float tv = v[i]; v[i] = v[worst]; v[worst] = tv;
        int32_t ti = ix[i]; ix[i] = ix[worst]; ix[worst] = ti;
        i = worst;
    }
}

void ref_topk(int64_t n, const float *x, int64_t sx, int64_t k, float *values, int32_t *indices)
{
    for (int64_t i = 0; i < k; i++) {
        values[i] = x[i * sx];
        indices[i] = (int32_t)i;
    }
    for (int64_t i = k / 2 - 1; i >= 0; i--)
        sift_down(values, indices, k, i);
    for (int64_t i = k; i < n; i++) {
        float v = x[i * sx];
        if (better(v, (int32_t)i, values[0], indices[0])) {
            values[0] = v;
            indices[0] = (int32_t)i;
            sift_down(values, indices, k, 0);
        }
    }
    /* heap sort: repeatedly move the worst to the end */
    for (int64_t end = k - 1; end > 0; end--) {
        float tv = values[0]; values[0] = values[end]; values[end] = tv;
        int32_t ti = indices[0]; indices[0] = indices[end]; indices[end] = ti;
        sift_down(values, indices, end, 0);
    }
}

/* Four floats in a vector register (SSE2, NEON): the compiler does not
 * reorder float sums on its own, so the partial sums are written out. */
typedef float v4f __attribute__((vector_size(16)));

static inline v4f load4(const float *p)
{
    v4f v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}

typedef uint32_t v4u __attribute__((vector_size(16)));
typedef int32_t v4i __attribute__((vector_size(16)));
typedef uint16_t v4h __attribute__((vector_size(8)));

/* n halves (stride `step`) -> floats, four at a time with integer vector
 * ops and one float multiply (f16_to_f32_inline's steps, lane by lane, so
 * the same bits) instead of a scalar multiply and a dozen integer ops per
 * half. (Measured, decode's attention hardly changed: natively it waits
 * on the cache's memory, under TCG on the float multiply-adds.) */
static void halves_to_f32(float *dst, const uint16_t *src, int64_t step, int64_t n)
{
    int64_t i = 0;
    if (step == 1) {
        for (; i + 4 <= n; i += 4) {
            v4h h16;
            __builtin_memcpy(&h16, src + i, sizeof h16);
            v4u h = __builtin_convertvector(h16, v4u);
            v4u em = h & 0x7FFFu;
            v4u u = (v4u)((v4f)(em << 13) * 0x1p112f);
            v4u special = (v4u)((v4i)em > 0x7BFF);             /* inf / NaN: all ones */
            u = (u & ~special) | (((em << 13) | 0x7F800000u) & special);
            u |= (h & 0x8000u) << 16;
            __builtin_memcpy(dst + i, &u, sizeof u);
        }
    }
    for (; i < n; i++)
        dst[i] = f16_to_f32_inline(src[i * step]);
}

void hgemm_ref(int64_t m, int64_t n, int64_t k, const uint16_t *a, int64_t a_rs, int64_t a_cs, const uint16_t *b,
               int64_t b_rs, int64_t b_cs, float *c, int64_t ldc)
{
    enum { ROWS = 8, MAXK = 256 };
    float arows[ROWS][MAXK], bvec[MAXK];
    /* A few rows of A at a time (converted once), so each element of B is
     * converted once per group of rows: decode's query heads of one KV
     * head share the keys and values. */
    for (int64_t i0 = 0; i0 < m; i0 += ROWS) {
        int64_t rows = m - i0 < ROWS ? m - i0 : ROWS;
        if (b_rs == 1 && k <= MAXK) {
            /* B's columns are contiguous (attention's keys: a transposed
             * view of the cache): dot products in eight float lanes. */
            for (int64_t r = 0; r < rows; r++)
                halves_to_f32(arows[r], a + (i0 + r) * a_rs, a_cs, k);
            for (int64_t j = 0; j < n; j++) {
                halves_to_f32(bvec, b + j * b_cs, 1, k);
                for (int64_t r = 0; r < rows; r++) {
                    const float *ar = arows[r];
                    v4f s0 = {0, 0, 0, 0}, s1 = {0, 0, 0, 0};
                    int64_t p = 0;
                    for (; p + 8 <= k; p += 8) {
                        s0 += load4(ar + p) * load4(bvec + p);
                        s1 += load4(ar + p + 4) * load4(bvec + p + 4);
                    }
                    v4f sv = s0 + s1;
                    float sum = (sv[0] + sv[1]) + (sv[2] + sv[3]);
                    for (; p < k; p++)
                        sum += ar[p] * bvec[p];
                    c[(i0 + r) * ldc + j] = sum;
                }
            }
            continue;
        }
        /* Otherwise (attention's values: B's rows contiguous) each row of C
         * is a sum of B's rows scaled by A's elements, added in the order
         * of p. B is converted a tile of VC columns x PC rows at a time
         * (into arows' space) and each row of C adds the tile's rows with
         * its partial sums in registers, not stored and reloaded per p. */
        enum { VC = 64, PC = ROWS * MAXK / VC };
        float (*tile)[VC] = (float (*)[VC])arows;
        float *avals = bvec;                    /* the group's A over the tile's rows: ROWS x (PC <= MAXK / ROWS) */
        _Static_assert(PC * ROWS <= MAXK, "the A values fit bvec");
        for (int64_t j0 = 0; j0 < n; j0 += VC) {
            int64_t cols = n - j0 < VC ? n - j0 : VC;
            for (int64_t r = 0; r < rows; r++)
                for (int64_t j = 0; j < cols; j++)
                    c[(i0 + r) * ldc + j0 + j] = 0;
            for (int64_t p0 = 0; p0 < k; p0 += PC) {
                int64_t pn = k - p0 < PC ? k - p0 : PC;
                for (int64_t q = 0; q < pn; q++)
                    halves_to_f32(tile[q], b + (p0 + q) * b_rs + j0 * b_cs, b_cs, cols);
                for (int64_t r = 0; r < rows; r++)
                    halves_to_f32(avals + r * PC, a + (i0 + r) * a_rs + p0 * a_cs, a_cs, pn);
                for (int64_t r = 0; r < rows; r++) {
                    float *row = c + (i0 + r) * ldc + j0;
                    const float *av = avals + r * PC;
                    int64_t j = 0;
                    for (; j + 8 <= cols; j += 8) {
                        v4f s0 = load4(row + j), s1 = load4(row + j + 4);
                        for (int64_t q = 0; q < pn; q++) {
                            s0 += av[q] * load4(tile[q] + j);
                            s1 += av[q] * load4(tile[q] + j + 4);
                        }
                        __builtin_memcpy(row + j, &s0, sizeof s0);
                        __builtin_memcpy(row + j + 4, &s1, sizeof s1);
                    }
                    for (; j < cols; j++) {
                        float sum = row[j];
                        for (int64_t q = 0; q < pn; q++)
                            sum += av[q] * tile[q][j];
                        row[j] = sum;
                    }
                }
            }
        }
    }
}

void ref_matmul(int64_t m, int64_t n, int64_t k, const float *a, int64_t a_rs, int64_t a_cs, const float *b,
                int64_t b_rs, int64_t b_cs, float *c, int64_t ldc)
{
    if (b_rs == 1 && b_cs != 1 && a_cs == 1) {
        /* B's columns are contiguous (attention's keys, a transposed view
         * of the cache): dot products, eight partial sums so the compiler
         * can keep them in vector registers (one sum was a chain of
         * dependent adds, and the row form read B a column at a time). */
        for (int64_t i = 0; i < m; i++) {
            const float *ar = a + i * a_rs;
            for (int64_t j = 0; j < n; j++) {
                const float *bc = b + j * b_cs;
                float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
                int64_t p = 0;
                for (; p + 8 <= k; p += 8)
                    for (int l = 0; l < 8; l++)
                        acc[l] += ar[p + l] * bc[p + l];
                float sum = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
                for (; p < k; p++)
                    sum += ar[p] * bc[p];
                c[i * ldc + j] = sum;
            }
        }
        return;
    }
    for (int64_t i = 0; i < m; i++) {
        float *row = c + i * ldc;
        for (int64_t j = 0; j < n; j++)
            row[j] = 0;
        for (int64_t p = 0; p < k; p++) {
            float av = a[i * a_rs + p * a_cs];
            const float *bp = b + p * b_rs;
            if (b_cs == 1)
                for (int64_t j = 0; j < n; j++) row[j] += av * bp[j];
            else
                for (int64_t j = 0; j < n; j++) row[j] += av * bp[j * b_cs];
        }
    }
}
