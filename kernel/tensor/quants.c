#include "tensor/quants.h"
#include "lib/string.h"

/* Bit-exactness with the reference needs d*q + m rounded twice, never fused. */
#pragma STDC FP_CONTRACT OFF

static inline float rd_f16(const uint8_t *p) { return f16_to_f32_inline((uint16_t)(p[0] | p[1] << 8)); }
static inline void wr_f16(uint8_t *p, float f) { uint16_t h = f32_to_f16(f); p[0] = (uint8_t)h; p[1] = (uint8_t)(h >> 8); }
static inline uint32_t rd_u32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static inline float rd_f32(const uint8_t *p) { return bits_f32(rd_u32(p)); }
static inline int16_t rd_i16(const uint8_t *p) { return (int16_t)(p[0] | p[1] << 8); }

/* Q4_K / Q5_K: the j-th six-bit scale and min from the 12 packed bytes. */
static inline void k_scale_min(const uint8_t *s, int j, int *sc, int *m)
{
    if (j < 4) {
        *sc = s[j] & 63;
        *m = s[j + 4] & 63;
    } else {
        *sc = (s[j + 4] & 15) | ((s[j - 4] >> 6) << 4);
        *m = (s[j + 4] >> 4) | ((s[j] >> 6) << 4);
    }
}

/* Q6_K: element e (0..255) as q - 32. */
static inline int q6_k_value(const uint8_t *b, int e)
{
    const uint8_t *ql = b, *qh = b + 128;
    int half = e / 128, r = e % 128, quarter = r / 32, l = r % 32;
    uint8_t low = ql[half * 64 + (quarter & 1) * 32 + l];
    low = quarter < 2 ? (low & 15) : (low >> 4);
    int high = (qh[half * 32 + l] >> (2 * quarter)) & 3;
    return (low | high << 4) - 32;
}

static void dequantize_block(enum tensor_dtype t, const uint8_t *b, float *y)
{
    switch (t) {
    case TENSOR_Q4_0: {
        float d = rd_f16(b);
        for (int i = 0; i < 16; i++) {
            y[i] = d * (float)((b[2 + i] & 15) - 8);
            y[i + 16] = d * (float)((b[2 + i] >> 4) - 8);
        }
        break;
    }
    case TENSOR_Q4_1: {
        float d = rd_f16(b), m = rd_f16(b + 2);
        for (int i = 0; i < 16; i++) {
            y[i] = d * (float)(b[4 + i] & 15) + m;
            y[i + 16] = d * (float)(b[4 + i] >> 4) + m;
        }
        break;
    }
    case TENSOR_Q5_0: {
        float d = rd_f16(b);
        uint32_t qh = rd_u32(b + 2);
        for (int i = 0; i < 16; i++) {
            int lo = (b[6 + i] & 15) | (int)((qh >> i) & 1) << 4;
            int hi = (b[6 + i] >> 4) | (int)((qh >> (i + 16)) & 1) << 4;
            y[i] = d * (float)(lo - 16);
            y[i + 16] = d * (float)(hi - 16);
        }
        break;
    }
    case TENSOR_Q5_1: {
        float d = rd_f16(b), m = rd_f16(b + 2);
        uint32_t qh = rd_u32(b + 4);
        for (int i = 0; i < 16; i++) {
            int lo = (b[8 + i] & 15) | (int)((qh >> i) & 1) << 4;
            int hi = (b[8 + i] >> 4) | (int)((qh >> (i + 16)) & 1) << 4;
            y[i] = d * (float)lo + m;
            y[i + 16] = d * (float)hi + m;
        }
        break;
    }
    case TENSOR_Q8_0: {
        float d = rd_f16(b);
        for (int i = 0; i < 32; i++)
            y[i] = (float)(int8_t)b[2 + i] * d;
        break;
    }
    case TENSOR_Q8_1: {
        float d = rd_f16(b);
        for (int i = 0; i < 32; i++)
            y[i] = (float)(int8_t)b[4 + i] * d;
        break;
    }
    case TENSOR_Q4_K:
    case TENSOR_Q5_K: {
        float d = rd_f16(b), dmin = rd_f16(b + 2);
        const uint8_t *qh = b + 16, *qs = t == TENSOR_Q4_K ? b + 16 : b + 48;
        for (int j = 0; j < 8; j++) {
            int sc, m;
            k_scale_min(b + 4, j, &sc, &m);
            float scale = d * (float)sc, offset = dmin * (float)m;
            const uint8_t *chunk = qs + (j / 2) * 32;
            for (int l = 0; l < 32; l++) {
                int q = (j & 1) ? chunk[l] >> 4 : chunk[l] & 15;
                if (t == TENSOR_Q5_K)
                    q |= ((qh[l] >> j) & 1) << 4;
                y[32 * j + l] = scale * (float)q - offset;
            }
        }
        break;
    }
    case TENSOR_Q6_K: {
        float d = rd_f16(b + 208);
        for (int g = 0; g < 16; g++) {
            float scale = d * (float)(int8_t)b[192 + g];
            for (int i = 0; i < 16; i++)
                y[16 * g + i] = scale * (float)q6_k_value(b, 16 * g + i);
        }
        break;
    }
    case TENSOR_Q8_K: {
        float d = rd_f32(b);
        for (int i = 0; i < 256; i++)
            y[i] = d * (float)(int8_t)b[4 + i];
        break;
    }
    default:
        break;
    }
}

bool dequantize_row(enum tensor_dtype t, const void *src, float *dst, int64_t n)
{
    const struct dtype_info *info = dtype_info(t);
    if (!info || n < 0 || n % info->block_elements)
        return false;
    const uint8_t *s = src;
    switch (t) {
    case TENSOR_F32: memmove(dst, src, (size_t)n * 4); return true;
    case TENSOR_F16: for (int64_t i = 0; i < n; i++) dst[i] = rd_f16(s + 2 * i); return true;
    case TENSOR_BF16: for (int64_t i = 0; i < n; i++) dst[i] = bf16_to_f32((uint16_t)(s[2 * i] | s[2 * i + 1] << 8)); return true;
    case TENSOR_I8: for (int64_t i = 0; i < n; i++) dst[i] = (float)(int8_t)s[i]; return true;
    case TENSOR_I16: for (int64_t i = 0; i < n; i++) dst[i] = (float)rd_i16(s + 2 * i); return true;
    case TENSOR_I32: for (int64_t i = 0; i < n; i++) dst[i] = (float)(int32_t)rd_u32(s + 4 * i); return true;
    default: break;
    }
    for (int64_t i = 0; i < n / info->block_elements; i++)
        dequantize_block(t, s + i * info->block_bytes, dst + i * info->block_elements);
    return true;
}

/* C's roundf, ties away from zero, computed exactly in double. */
static inline int round_away(float x)
{
    double a = __builtin_fabs((double)x) + 0.5;
    int i = (int)a;
    return x < 0 ? -i : i;
}

/* Round to nearest even, for |x| < 2^22 (ggml's nearest_int). */
static inline int round_even(float x)
{
    float v = x + 12582912.0f;      /* 1.5 * 2^23 */
    return (int)(f32_bits(v) & 0x007FFFFF) - 0x00400000;
}

static inline float absmax(const float *x, int n)
{
    float m = 0;
    for (int i = 0; i < n; i++) {
        float a = __builtin_fabsf(x[i]);
        if (a > m) m = a;
    }
    return m;
}

static void quantize_q8_block(const float *x, uint8_t *out, bool with_sum)
{
    float d = absmax(x, 32) / 127.0f;
    float id = d != 0 ? 1.0f / d : 0.0f;
    uint8_t *qs = out + (with_sum ? 4 : 2);
    int sum = 0;
    for (int i = 0; i < 32; i++) {
        int q = round_away(x[i] * id);
        qs[i] = (uint8_t)(int8_t)q;
        sum += q;
    }
    wr_f16(out, d);
    if (with_sum)
        wr_f16(out + 2, (float)sum * d);
}

static void quantize_q8_k_block(const float *x, uint8_t *out)
{
    float amax = 0, max = 0;
    for (int i = 0; i < 256; i++) {
        float a = __builtin_fabsf(x[i]);
        if (a > amax) { amax = a; max = x[i]; }
    }
    if (amax == 0) {
        memset(out, 0, 292);
        return;
    }
    float iscale = -127.0f / max;
    for (int i = 0; i < 256; i++) {
        int q = round_even(iscale * x[i]);
        out[4 + i] = (uint8_t)(int8_t)(q < 127 ? q : 127);
    }
    for (int g = 0; g < 16; g++) {
        int sum = 0;
        for (int i = 0; i < 16; i++)
            sum += (int8_t)out[4 + 16 * g + i];
        out[260 + 2 * g] = (uint8_t)sum;
        out[261 + 2 * g] = (uint8_t)((unsigned)sum >> 8);
    }
    float d = 1.0f / iscale;
    uint32_t u = f32_bits(d);
    for (int i = 0; i < 4; i++)
        out[i] = (uint8_t)(u >> (8 * i));
}

/* ggml's reference quantizers for the 32-element weight types. */
static void quantize_q4_q5_block(enum tensor_dtype t, const float *x, uint8_t *out)
{
    bool five = t == TENSOR_Q5_0 || t == TENSOR_Q5_1;
    bool with_min = t == TENSOR_Q4_1 || t == TENSOR_Q5_1;
    int levels = five ? 32 : 16;
    float d, id, m = 0;
    if (with_min) {
        float lo = x[0], hi = x[0];
        for (int i = 1; i < 32; i++) {
            if (x[i] < lo) lo = x[i];
            if (x[i] > hi) hi = x[i];
        }
        d = (hi - lo) / (float)(levels - 1);
        id = d != 0 ? 1.0f / d : 0.0f;
        m = lo;
    } else {
        float amax = 0, max = 0;
        for (int i = 0; i < 32; i++)
            if (__builtin_fabsf(x[i]) > amax) { amax = __builtin_fabsf(x[i]); max = x[i]; }
        d = max / (float)-(levels / 2);
        id = d != 0 ? 1.0f / d : 0.0f;
    }
    int q[32];
    for (int i = 0; i < 32; i++) {
        /* ggml: (int8_t)(x*id + 8.5f) for Q4_0, (x - min)*id + 0.5f with a min. */
        float v = with_min ? (x[i] - m) * id + 0.5f : x[i] * id + ((float)(levels / 2) + 0.5f);
        int qi = (int)v;
        q[i] = qi > levels - 1 ? levels - 1 : (qi < 0 ? 0 : qi);
    }
    wr_f16(out, d);
    int offset = 2;
    if (with_min) {
        wr_f16(out + 2, m);
        offset = 4;
    }
    if (five) {
        uint32_t qh = 0;
        for (int i = 0; i < 32; i++)
            qh |= (uint32_t)((q[i] >> 4) & 1) << i;
        for (int i = 0; i < 4; i++)
            out[offset + i] = (uint8_t)(qh >> (8 * i));
        offset += 4;
    }
    for (int i = 0; i < 16; i++)
        out[offset + i] = (uint8_t)((q[i] & 15) | (q[i + 16] & 15) << 4);
}

bool quantize_supported(enum tensor_dtype t)
{
    return (t >= TENSOR_F32 && t <= TENSOR_I32) || (t >= TENSOR_Q4_0 && t <= TENSOR_Q8_1) || t == TENSOR_Q8_K;
}

static int saturate(float v, int lo, int hi)
{
    if (!(v == v)) return 0;
    if (v <= (float)lo) return lo;
    if (v >= (float)hi) return hi;
    return round_away(v);
}

bool quantize_row(enum tensor_dtype t, const float *x, void *dst, int64_t n)
{
    const struct dtype_info *info = dtype_info(t);
    if (!info || !quantize_supported(t) || n < 0 || n % info->block_elements)
        return false;
    uint8_t *o = dst;
    switch (t) {
    case TENSOR_F32: memmove(dst, x, (size_t)n * 4); return true;
    case TENSOR_F16:
        if (((uintptr_t)o & 1) == 0) {          /* halves in place: four at a time */
            f32_to_f16_row(x, (uint16_t *)(void *)o, n);
            return true;
        }
        for (int64_t i = 0; i < n; i++) wr_f16(o + 2 * i, x[i]);
        return true;
    case TENSOR_BF16:
        for (int64_t i = 0; i < n; i++) {
            uint16_t h = f32_to_bf16(x[i]);
            o[2 * i] = (uint8_t)h; o[2 * i + 1] = (uint8_t)(h >> 8);
        }
        return true;
    case TENSOR_I8: for (int64_t i = 0; i < n; i++) o[i] = (uint8_t)(int8_t)saturate(x[i], -128, 127); return true;
    case TENSOR_I16:
        for (int64_t i = 0; i < n; i++) {
            int v = saturate(x[i], -32768, 32767);
            o[2 * i] = (uint8_t)v; o[2 * i + 1] = (uint8_t)((unsigned)v >> 8);
        }
        return true;
    case TENSOR_I32:
        for (int64_t i = 0; i < n; i++) {
            float v = x[i];
            int32_t r = !(v == v) ? 0 : v >= 2147483520.0f ? 2147483647 : v <= -2147483648.0f ? (int32_t)-2147483647 - 1
                        : (int32_t)(v < 0 ? -(double)(int64_t)(-(double)v + 0.5) : (double)(int64_t)((double)v + 0.5));
            memcpy(o + 4 * i, &r, 4);
        }
        return true;
    default: break;
    }
    for (int64_t b = 0; b < n / info->block_elements; b++) {
        const float *xb = x + b * info->block_elements;
        uint8_t *ob = o + b * info->block_bytes;
        if (t == TENSOR_Q8_0 || t == TENSOR_Q8_1)
            quantize_q8_block(xb, ob, t == TENSOR_Q8_1);
        else if (t == TENSOR_Q8_K)
            quantize_q8_k_block(xb, ob);
        else
            quantize_q4_q5_block(t, xb, ob);
    }
    return true;
}

int quant_activation_type(enum tensor_dtype w)
{
    switch (w) {
    case TENSOR_Q4_0: case TENSOR_Q5_0: case TENSOR_Q8_0: return TENSOR_Q8_0;
    case TENSOR_Q4_1: case TENSOR_Q5_1: return TENSOR_Q8_1;
    case TENSOR_Q4_K: case TENSOR_Q5_K: case TENSOR_Q6_K: case TENSOR_Q8_K: return TENSOR_Q8_K;
    default: return -1;
    }
}

/* The 32 integer weights of a 32-element block (without the -8/-16 offset
 * folded: signed values). */
static void small_block_ints(enum tensor_dtype t, const uint8_t *b, int *q)
{
    const uint8_t *qs;
    uint32_t qh = 0;
    int offset = 0;
    switch (t) {
    case TENSOR_Q8_0:
        for (int i = 0; i < 32; i++) q[i] = (int8_t)b[2 + i];
        return;
    case TENSOR_Q4_0: qs = b + 2; offset = 8; break;
    case TENSOR_Q4_1: qs = b + 4; break;
    case TENSOR_Q5_0: qs = b + 6; qh = rd_u32(b + 2); offset = 16; break;
    default: /* Q5_1 */ qs = b + 8; qh = rd_u32(b + 4); break;
    }
    for (int i = 0; i < 16; i++) {
        q[i] = ((qs[i] & 15) | (int)((qh >> i) & 1) << 4) - offset;
        q[i + 16] = ((qs[i] >> 4) | (int)((qh >> (i + 16)) & 1) << 4) - offset;
    }
}

float quant_dot_row(enum tensor_dtype t, const void *wv, const void *xv, int64_t n)
{
    const struct dtype_info *wi = dtype_info(t);
    const uint8_t *w = wv, *x = xv;
    float total = 0;
    if (t == TENSOR_Q4_K || t == TENSOR_Q5_K || t == TENSOR_Q6_K || t == TENSOR_Q8_K) {
        for (int64_t blk = 0; blk < n / 256; blk++, w += wi->block_bytes, x += 292) {
            float d8 = rd_f32(x);
            const int8_t *xq = (const int8_t *)(x + 4);
            if (t == TENSOR_Q8_K) {
                int32_t dot = 0;
                for (int i = 0; i < 256; i++) dot += (int8_t)w[4 + i] * xq[i];
                total += rd_f32(w) * d8 * (float)dot;
            } else if (t == TENSOR_Q6_K) {
                int32_t sum = 0;
                for (int g = 0; g < 16; g++) {
                    int32_t dot = 0;
                    for (int i = 0; i < 16; i++) dot += q6_k_value(w, 16 * g + i) * xq[16 * g + i];
                    sum += (int8_t)w[192 + g] * dot;
                }
                total += rd_f16(w + 208) * d8 * (float)sum;
            } else {
                const uint8_t *qh = w + 16, *qs = t == TENSOR_Q4_K ? w + 16 : w + 48;
                int32_t sum_q = 0, sum_m = 0;
                for (int j = 0; j < 8; j++) {
                    int sc, m;
                    k_scale_min(w + 4, j, &sc, &m);
                    const uint8_t *chunk = qs + (j / 2) * 32;
                    int32_t dot = 0;
                    for (int l = 0; l < 32; l++) {
                        int q = (j & 1) ? chunk[l] >> 4 : chunk[l] & 15;
                        if (t == TENSOR_Q5_K) q |= ((qh[l] >> j) & 1) << 4;
                        dot += q * xq[32 * j + l];
                    }
                    int32_t bsum = rd_i16(x + 260 + 4 * j) + rd_i16(x + 262 + 4 * j);
                    sum_q += sc * dot;
                    sum_m += m * bsum;
                }
                total += d8 * (rd_f16(w) * (float)sum_q - rd_f16(w + 2) * (float)sum_m);
            }
        }
        return total;
    }
    bool q8_1 = t == TENSOR_Q4_1 || t == TENSOR_Q5_1;
    int xs = q8_1 ? 36 : 34;
    for (int64_t blk = 0; blk < n / 32; blk++, w += wi->block_bytes, x += xs) {
        int q[32];
        small_block_ints(t, w, q);
        const int8_t *xq = (const int8_t *)(x + (q8_1 ? 4 : 2));
        int32_t dot = 0;
        for (int i = 0; i < 32; i++) dot += q[i] * xq[i];
        total += rd_f16(w) * rd_f16(x) * (float)dot;
        if (q8_1)
            total += rd_f16(w + 2) * rd_f16(x + 2);
    }
    return total;
}
