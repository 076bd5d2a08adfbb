#include "tensor/dtype.h"

static const struct dtype_info infos[TENSOR_DTYPE_COUNT] = {
    [TENSOR_F32] = { "f32", 1, 4, 0 },
    [TENSOR_F16] = { "f16", 1, 2, 1 },
    [TENSOR_BF16] = { "bf16", 1, 2, 30 },
    [TENSOR_I8] = { "i8", 1, 1, 24 },
    [TENSOR_I16] = { "i16", 1, 2, 25 },
    [TENSOR_I32] = { "i32", 1, 4, 26 },
    [TENSOR_Q4_0] = { "Q4_0", 32, 18, 2 },
    [TENSOR_Q4_1] = { "Q4_1", 32, 20, 3 },
    [TENSOR_Q5_0] = { "Q5_0", 32, 22, 6 },
    [TENSOR_Q5_1] = { "Q5_1", 32, 24, 7 },
    [TENSOR_Q8_0] = { "Q8_0", 32, 34, 8 },
    [TENSOR_Q8_1] = { "Q8_1", 32, 36, 9 },
    [TENSOR_Q4_K] = { "Q4_K", 256, 144, 12 },
    [TENSOR_Q5_K] = { "Q5_K", 256, 176, 13 },
    [TENSOR_Q6_K] = { "Q6_K", 256, 210, 14 },
    [TENSOR_Q8_K] = { "Q8_K", 256, 292, 15 },
};

const struct dtype_info *dtype_info(enum tensor_dtype t)
{
    return dtype_valid(t) ? &infos[t] : 0;
}

const char *dtype_name(enum tensor_dtype t)
{
    return dtype_valid(t) ? infos[t].name : "?";
}

size_t dtype_bytes(enum tensor_dtype t, int64_t elements)
{
    if (!dtype_valid(t) || elements < 0 || elements % infos[t].block_elements)
        return 0;
    return (size_t)(elements / infos[t].block_elements) * infos[t].block_bytes;
}

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

int dtype_from_name(const char *name)
{
    for (int t = 0; t < TENSOR_DTYPE_COUNT; t++) {
        const char *a = infos[t].name, *b = name;
        while (*a && lower(*a) == lower(*b))
            a++, b++;
        if (!*a && !*b)
            return t;
    }
    return -1;
}

int dtype_from_gguf(int gguf_type)
{
    for (int t = 0; t < TENSOR_DTYPE_COUNT; t++)
        if (infos[t].gguf_type == gguf_type)
            return t;
    return -1;
}

float f16_to_f32(uint16_t h)
{
    uint32_t sign = (uint32_t)(h & 0x8000) << 16;
    uint32_t exponent = (h >> 10) & 0x1F, mantissa = h & 0x3FF;
    if (exponent == 0x1F)                               /* inf, NaN */
        return bits_f32(sign | 0x7F800000 | (mantissa << 13));
    if (exponent == 0) {
        if (mantissa == 0)
            return bits_f32(sign);
        /* Subnormal: mantissa * 2^-24, exact in f32. */
        float v = (float)mantissa * bits_f32(0x33800000);   /* 2^-24 */
        return sign ? -v : v;
    }
    return bits_f32(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

uint16_t f32_to_f16(float f)
{
    uint32_t u = f32_bits(f);
    uint16_t sign = (uint16_t)((u >> 16) & 0x8000);
    uint32_t a = u & 0x7FFFFFFF;
    if (a > 0x7F800000)                                 /* NaN: keep it quiet and non-zero */
        return sign | 0x7E00 | (uint16_t)((a >> 13) & 0x3FF);
    if (a >= 0x477FF000)                                /* rounds to >= 65520: infinity */
        return sign | 0x7C00;
    if (a >= 0x38800000) {                              /* normal half */
        uint32_t rounded = a + 0xFFF + ((a >> 13) & 1); /* round to nearest even at bit 13 */
        return sign | (uint16_t)((rounded - 0x38000000) >> 13);
    }
    if (a < 0x33000000)                                 /* below half the smallest subnormal */
        return sign;
    /* Subnormal half: shift the full mantissa, round to nearest even. */
    uint32_t exponent = a >> 23, mantissa = (a & 0x7FFFFF) | 0x800000;
    uint32_t shift = 126 - exponent;                    /* 14..24 */
    uint32_t value = mantissa >> shift;
    uint32_t rest = mantissa & ((1u << shift) - 1), half = 1u << (shift - 1);
    if (rest > half || (rest == half && (value & 1)))
        value++;
    return sign | (uint16_t)value;
}

typedef uint32_t v4u __attribute__((vector_size(16)));
typedef int32_t v4i __attribute__((vector_size(16)));
typedef float v4f __attribute__((vector_size(16)));
typedef uint16_t v4h __attribute__((vector_size(8)));

/* f32_to_f16's cases lane by lane with integer vector ops (a function call
 * and a chain of branches per element was most of the f16 KV cache's
 * writes and the query/probability conversions). A subnormal half is
 * |x| + 0.5 rounded by the FPU (to nearest even, the ulp of 0.5 being
 * 2^-24, the subnormal step) minus 0.5's bits: what the scalar code's
 * shift and round give, up to 0x400 (the smallest normal) and down to 0. */
void f32_to_f16_row(const float *x, uint16_t *out, int64_t n)
{
    int64_t i = 0;
    for (; i + 4 <= n; i += 4) {
        v4u u;
        __builtin_memcpy(&u, x + i, sizeof u);
        v4u a = u & 0x7FFFFFFFu;
        v4i ai = (v4i)a;
        v4u normal = (a + 0xFFFu + ((a >> 13) & 1u) - 0x38000000u) >> 13;
        v4u sub = (v4u)((v4f)a + 0.5f) - 0x3F000000u;
        v4u is_normal = (v4u)(ai >= 0x38800000), is_inf = (v4u)(ai >= 0x477FF000), is_nan = (v4u)(ai > 0x7F800000);
        v4u r = (sub & ~is_normal) | (normal & is_normal);
        r = (r & ~is_inf) | (0x7C00u & is_inf);
        r = (r & ~is_nan) | ((0x7E00u | ((a >> 13) & 0x3FFu)) & is_nan);
        r |= (u >> 16) & 0x8000u;
        v4h h = __builtin_convertvector(r, v4h);
        __builtin_memcpy(out + i, &h, sizeof h);
    }
    for (; i < n; i++)
        out[i] = f32_to_f16(x[i]);
}

float bf16_to_f32(uint16_t h)
{
    return bits_f32((uint32_t)h << 16);
}

uint16_t f32_to_bf16(float f)
{
    uint32_t u = f32_bits(f);
    if ((u & 0x7FFFFFFF) > 0x7F800000)
        return (uint16_t)((u >> 16) | 0x40);            /* quiet NaN */
    return (uint16_t)((u + 0x7FFF + ((u >> 16) & 1)) >> 16);
}
