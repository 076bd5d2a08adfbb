/* Element types of tensors: plain numbers and the GGUF block types.
 *
 * A block type stores `block_elements` values in `block_bytes` bytes
 * (layouts in quants.h). Q8_1 and Q8_K are activation types: the JIT
 * quantizes f32 activations to them before an integer dot product. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum tensor_dtype {
    TENSOR_F32, TENSOR_F16, TENSOR_BF16, TENSOR_I8, TENSOR_I16, TENSOR_I32,
    TENSOR_Q4_0, TENSOR_Q4_1, TENSOR_Q5_0, TENSOR_Q5_1, TENSOR_Q8_0, TENSOR_Q8_1,
    TENSOR_Q4_K, TENSOR_Q5_K, TENSOR_Q6_K, TENSOR_Q8_K,
    TENSOR_DTYPE_COUNT
};

struct dtype_info {
    const char *name;           /* "f32", "Q4_K", ... */
    uint16_t block_elements;    /* 1 for plain types */
    uint16_t block_bytes;       /* bytes of one element for plain types */
    int8_t gguf_type;           /* GGML type id in GGUF files, -1 if none */
};

const struct dtype_info *dtype_info(enum tensor_dtype t);
const char *dtype_name(enum tensor_dtype t);
static inline bool dtype_valid(int t) { return t >= 0 && t < TENSOR_DTYPE_COUNT; }
static inline bool dtype_is_block(enum tensor_dtype t) { return t >= TENSOR_Q4_0; }
/* Bytes of `elements` values (a whole number of blocks for block types:
 * returns 0 when `elements` is not). */
size_t dtype_bytes(enum tensor_dtype t, int64_t elements);
/* The dtype of a name ("f32", "q4_k", case-insensitive) or of a GGUF type
 * id; -1 when unknown. */
int dtype_from_name(const char *name);
int dtype_from_gguf(int gguf_type);

/* IEEE half and bfloat16 <-> float, round to nearest even (as numpy and
 * ggml do); NaN stays NaN, overflow becomes infinity. */
float f16_to_f32(uint16_t h);
uint16_t f32_to_f16(float f);
/* n floats -> halves (f32_to_f16 of each, the same bits), four at a time. */
void f32_to_f16_row(const float *x, uint16_t *out, int64_t n);
float bf16_to_f32(uint16_t h);
uint16_t f32_to_bf16(float f);

static inline uint32_t f32_bits(float f) { uint32_t u; __builtin_memcpy(&u, &f, 4); return u; }
static inline float bits_f32(uint32_t u) { float f; __builtin_memcpy(&f, &u, 4); return f; }

/* f16_to_f32 without branches, inlined where rows of halves are converted
 * (an f16 KV cache): the half's exponent and mantissa moved into a float's
 * place and scaled by 2^112 (exact for normals and subnormals alike), sign
 * put back; infinity and NaN keep an all-ones exponent. Same results. */
static inline float f16_to_f32_inline(uint16_t h)
{
    uint32_t em = h & 0x7FFFu;
    uint32_t u = f32_bits(bits_f32(em << 13) * 0x1p112f);
    if (em >= 0x7C00u)
        u = (em << 13) | 0x7F800000u;
    return bits_f32(u | (uint32_t)(h & 0x8000u) << 16);
}
