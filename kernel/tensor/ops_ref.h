/* Tier 0: the portable C reference of every op, on rows ("lanes") given
 * as a pointer and an element stride. ops.c walks the tensors and calls
 * these (or the JIT's stencils, when an op is hot and has one). */
#pragma once
#include "tensor/tensor.h"

void ref_binary(enum tensor_binary_op op, int64_t n, const float *a, int64_t sa, const float *b, int64_t sb,
                float *o, int64_t so);
void ref_scale(int64_t n, const float *x, int64_t sx, float s, float *o, int64_t so);
float ref_activation(enum tensor_activation act, float x);
void ref_activate(enum tensor_activation act, int64_t n, const float *x, int64_t sx, float *o, int64_t so);
void ref_softmax(int64_t n, const float *x, int64_t sx, float *o, int64_t so);
void ref_rmsnorm(int64_t n, const float *x, int64_t sx, const float *w, int64_t sw, float eps, float *o, int64_t so);
void ref_layernorm(int64_t n, const float *x, int64_t sx, const float *w, int64_t sw, const float *b, int64_t sb,
                   float eps, float *o, int64_t so);
/* One head: d values at x (stride sx) -> o. */
void ref_rope(int64_t d, int n_rot, const float *x, int64_t sx, float *o, int64_t so, int32_t pos, float base,
              enum tensor_rope_mode mode);
/* The rope stencils' table for one position: interleaved: A[n_rot] =
 * (c0,c0,c1,c1,..), B[n_rot] = (-s0,s0,-s1,s1,..); half: cos[n_rot/2], sin[n_rot/2]. */
void rope_table(float *table, int n_rot, int32_t pos, float base, bool interleaved);
float ref_reduce(enum tensor_reduce_op op, int64_t n, const float *x, int64_t sx);
int64_t ref_argmax(int64_t n, const float *x, int64_t sx);
void ref_topk(int64_t n, const float *x, int64_t sx, int64_t k, float *values, int32_t *indices);
/* C (m x n, row stride ldc, unit column stride) = A (m x k) @ B (k x n),
 * element strides; accumulation in k order, in float. */
void ref_matmul(int64_t m, int64_t n, int64_t k, const float *a, int64_t a_rs, int64_t a_cs, const float *b,
                int64_t b_rs, int64_t b_cs, float *c, int64_t ldc);
/* The same with A and B IEEE halves (an f16 KV cache), read in place:
 * products exact in float, sums in float. */
void hgemm_ref(int64_t m, int64_t n, int64_t k, const uint16_t *a, int64_t a_rs, int64_t a_cs, const uint16_t *b,
               int64_t b_rs, int64_t b_cs, float *c, int64_t ldc);
