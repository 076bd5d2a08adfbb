/* The copy-and-patch JIT loader (the native half; the stencils come from
 * toolchain/tensoros/jit, linked in as build/<board>/gen/stencils.c).
 *
 * ISA: picked once from the CPU: AVX2 when the CPU (and the OS state) has
 * avx2 + fma + f16c, else SSE2 on x86_64; NEON on ARM64.
 *
 * Tiers: 0 portable C (ops_ref.c); 1 SSE2 / NEON stencils; 2 AVX2+FMA
 * stencils; 3 fused: a linear layer whose bias/activation epilogue runs
 * inside the blocked driver on the stencil's output while it is in cache,
 * or whose block-type weights are dotted without being dequantized.
 *
 * Policy (jit_select): an op with a stencil runs on tier 0 until its
 * (op, shape) has been called `hot_calls` times, unless one call is big
 * enough (`eager_work` element operations) that specializing at once is
 * cheaper than one tier-0 run; then it moves to the best tier, capped by
 * `max_tier`. Ops without a stencil always run on tier 0. Specialized code
 * is cached by (stencil, hole values); when the cache or the code memory is
 * full, the cache is flushed and refilled. max_tier 0 (shell: `jit tier 0`)
 * runs everything on the reference path, which is how results are checked. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

enum jit_isa { JIT_ISA_NONE = 0, JIT_ISA_SSE2 = 1, JIT_ISA_AVX2 = 2, JIT_ISA_NEON = 3 };

enum jit_op {
    JIT_OP_ADD, JIT_OP_SUB, JIT_OP_MUL, JIT_OP_DIV, JIT_OP_SCALE, JIT_OP_RELU, JIT_OP_GELU, JIT_OP_SILU,
    JIT_OP_SOFTMAX, JIT_OP_RMSNORM, JIT_OP_LAYERNORM, JIT_OP_ROPE, JIT_OP_EMBEDDING, JIT_OP_ARGMAX,
    JIT_OP_TOPK, JIT_OP_REDUCE, JIT_OP_CONCAT, JIT_OP_CONVERT, JIT_OP_MATMUL, JIT_OP_LINEAR,
    JIT_OP_QUANTIZE, JIT_OP_COUNT
};

/* Stencil families; jit_init finds the one for the chosen ISA by name. */
enum jit_kernel {
    JIT_K_SGEMM, JIT_K_PACK_A, JIT_K_PACK_B,
    JIT_K_QDOT_Q8_0, JIT_K_QDOT_Q4_0, JIT_K_QDOT_Q4_1, JIT_K_QDOT_Q4_K, JIT_K_QDOT_Q6_K,
    JIT_K_ADD, JIT_K_MUL, JIT_K_SCALE, JIT_K_RELU,
    JIT_K_COUNT
};

/* Hole names the drivers fill (looked up by name in the library). */
enum jit_hole {
    JIT_H_K_BLOCKS, JIT_H_K_REST, JIT_H_M_TILES, JIT_H_N_TILES, JIT_H_LDC_BYTES, JIT_H_A_PANEL_BYTES,
    JIT_H_B_PANEL_BYTES, JIT_H_LDA_BYTES, JIT_H_LDB_BYTES, JIT_H_PANELS, JIT_H_KC, JIT_H_BLOCKS,
    JIT_H_ROW_BYTES, JIT_H_COUNT_, JIT_H_SCALE_BITS, JIT_H_TOTAL
};

struct jit_policy {
    int max_tier;               /* 0..3 */
    uint32_t hot_calls;         /* calls of one (op, shape) before it is specialized */
    uint64_t eager_work;        /* a call this big is specialized at once */
};

void jit_init(void);
enum jit_isa jit_isa(void);
const char *jit_isa_name(enum jit_isa isa);
/* The tier the chosen ISA's stencils are: 1 or 2, or 0 without a JIT. */
int jit_simd_tier(void);
/* Forces an ISA (tests; only one the CPU has): flushes the cache. */
bool jit_force_isa(enum jit_isa isa);
struct jit_policy *jit_policy(void);

bool jit_available(enum jit_kernel k);
/* The tile of the SGEMM macro-kernel (MR x NR), from its name. */
void jit_sgemm_tile(int *mr, int *nr);
/* Whether `op` with this shape key should run its stencils now. */
bool jit_select(enum jit_op op, uint64_t shape_key, uint64_t work);
/* Specialized code for kernel `k` with these hole values, from the cache
 * or made now; NULL when the kernel or executable memory is missing. */
void *jit_kernel(enum jit_kernel k, const int64_t values[JIT_H_TOTAL]);
/* Records that `op` ran on `tier`. */
void jit_ran(enum jit_op op, int tier);
int jit_last_tier(enum jit_op op);
const char *jit_op_name(enum jit_op op);
void jit_flush(void);

struct jit_op_stats {
    uint64_t calls, tier_calls[4];
    int last_tier;
};
struct jit_stats {
    uint64_t specializations, cache_hits, cache_misses, flushes, code_bytes, cached_kernels;
    uint64_t specialize_ns_total, specialize_ns_max, specialize_ns_last;
    uint32_t stencils_in_library, library_bytes;
};
void jit_stats(struct jit_stats *out);
const struct jit_op_stats *jit_op_stats(enum jit_op op);
void jit_reset_stats(void);
/* Prints `jit stats` to the console. */
void jit_print_stats(void);
uint64_t hash_mix(uint64_t h, uint64_t v);
