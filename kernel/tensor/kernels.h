/* The blocked drivers around the JIT's stencils (with their tier-0
 * fallbacks): SGEMM (sgemm.c) and quantized matrix-vector products
 * (qmatvec.c). Both return the tier that ran (0..3) or a negative status. */
#pragma once
#include "tensor/tensor.h"

/* C (m x n, row stride ldc elements, unit column stride) =
 * act(A (m x k) @ B (k x n) + bias), A and B with any element strides.
 * bias has n entries or is NULL. */
int sgemm(int64_t m, int64_t n, int64_t k, const float *a, int64_t a_rs, int64_t a_cs,
          const float *b, int64_t b_rs, int64_t b_cs, float *c, int64_t ldc,
          const float *bias, enum tensor_activation act, bool use_jit);

/* out (m x n, row stride ldo) = act(X @ W^T + bias): W is n rows of k
 * elements of `wt` (a block type with an integer dot), rows w_row_bytes
 * apart; X is m rows of f32 (x_row_bytes apart), or rows already quantized
 * to W's activation type when x_type says so. */
int qmatvec(int64_t m, int64_t n, int64_t k, const void *x, enum tensor_dtype x_type, int64_t x_row_bytes,
            const void *w, enum tensor_dtype wt, int64_t w_row_bytes, float *out, int64_t ldo,
            const float *bias, enum tensor_activation act, bool use_jit);

/* The epilogue of both: bias and activation over `rows` rows of `cols`. */
/* ... as the JIT's fused epilogue stencils (tier 3); false when there is none. */
bool epilogue_jit(float *c, int64_t ldc, int64_t rows, int64_t cols, const float *bias, enum tensor_activation act);
void apply_epilogue(float *c, int64_t ldc, int64_t rows, int64_t cols, const float *bias, enum tensor_activation act);
