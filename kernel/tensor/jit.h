/* The copy-and-patch JIT loader (the native half; the stencils come from
 * toolchain/tensoros/jit, linked in as build/<board>/gen/stencils.c).
 *
 * ISAs: every one the CPU has is loaded (x86_64: SSE2, and AVX2 when the
 * CPU and the OS state have avx2 + fma + f16c; ARM64: NEON). The default
 * ISA (jit_isa) is the best of them; `jit isa I` forces one.
 *
 * Tiers: 0 portable C (ops_ref.c); 1 SSE2 / NEON stencils; 2 AVX2+FMA
 * stencils; 3 fused: a linear layer whose bias/activation epilogue runs as
 * a stencil inside the blocked driver on the output while it is in cache
 * (the quantized dots never dequantize: they are fused already).
 *
 * Policy (jit_select), per (op, shape): calls run on tier 0 until the
 * shape has been seen `hot_calls` times, unless one call is big enough
 * (`eager_work` element operations) to go up at once. With `measure` on
 * (the default), a hot shape is then timed once on each ISA the CPU has
 * (arch_time_ns, specialization time left out) and its tier-0 time is
 * known from the cold calls (or measured once when the best stencil took
 * under `trial_ns`); the fastest is kept for that shape from then on. So
 * under an emulator where AVX2 is slower than SSE2 or C, the shape runs
 * where it is fast. With `measure` off, hot shapes take the default ISA
 * (tests: deterministic tiers). `max_tier` caps the candidates (0: all on
 * tier 0, how results are checked). Specialized code is cached by
 * (stencil, hole values); when the cache or the code memory is full, the
 * cache is flushed and refilled. */
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
    JIT_K_SILU, JIT_K_GELU, JIT_K_GELU_ERF, JIT_K_SOFTMAX, JIT_K_RMSNORM, JIT_K_LAYERNORM,
    JIT_K_ROPE_INTERLEAVED, JIT_K_ROPE_HALF,
    JIT_K_EPI_NONE, JIT_K_EPI_RELU, JIT_K_EPI_GELU, JIT_K_EPI_GELU_ERF, JIT_K_EPI_SILU,
    JIT_K_COUNT
};

/* Hole names the drivers fill (looked up by name in the library). */
enum jit_hole {
    JIT_H_K_BLOCKS, JIT_H_K_REST, JIT_H_M_TILES, JIT_H_N_TILES, JIT_H_LDC_BYTES, JIT_H_A_PANEL_BYTES,
    JIT_H_B_PANEL_BYTES, JIT_H_LDA_BYTES, JIT_H_LDB_BYTES, JIT_H_PANELS, JIT_H_KC, JIT_H_BLOCKS,
    JIT_H_ROW_BYTES, JIT_H_COUNT_, JIT_H_SCALE_BITS, JIT_H_EPS_BITS, JIT_H_ROT, JIT_H_TOTAL
};

struct jit_policy {
    int max_tier;               /* 0..3 */
    uint32_t hot_calls;         /* calls of one (op, shape) before it is specialized */
    uint64_t eager_work;        /* a call this big is specialized at once */
    bool measure;               /* time the candidates of a hot shape, keep the fastest */
    uint64_t trial_ns;          /* time tier 0 of an eager shape only when its best stencil is this fast */
};

void jit_init(void);
enum jit_isa jit_isa(void);
/* The ISA the op being run uses (what jit_select picked; jit_isa otherwise). */
enum jit_isa jit_active_isa(void);
bool jit_isa_supported(enum jit_isa isa);
const char *jit_isa_name(enum jit_isa isa);
/* The tier of the active ISA's stencils: 1 or 2, or 0 without a JIT. */
int jit_simd_tier(void);
/* Forces an ISA (tests; only one the CPU has; NONE: tier 0 only): it
 * becomes the default and the only candidate; flushes the cache and the
 * policy's measurements. */
bool jit_force_isa(enum jit_isa isa);
/* Back to every ISA the CPU has, the best as the default. */
void jit_auto_isa(void);
struct jit_policy *jit_policy(void);

bool jit_available(enum jit_kernel k);
/* The tile of the active ISA's SGEMM macro-kernel (MR x NR), from its name. */
void jit_sgemm_tile(int *mr, int *nr);
/* Whether `op` with this shape key should run its stencils now (and on
 * which ISA: jit_active_isa). The op then reports the tier that ran with
 * jit_ran, which also ends the policy's timing of the call. */
bool jit_select(enum jit_op op, uint64_t shape_key, uint64_t work);
/* Prints the measured policy's decisions (`jit policy`). */
void jit_print_policy(void);
/* Forgets every measurement and decision. */
void jit_reset_policy(void);
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
