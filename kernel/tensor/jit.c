/* The copy-and-patch JIT loader: see jit.h for the tiers and the policy,
 * toolchain/tensoros/jit/README.md for the stencil library format. */
#include "tensor/jit.h"
#include "arch/arch.h"
#include "core/console.h"
#include "lib/string.h"
#include "stencils.h"

/* Executable memory comes from the board (arch_code_alloc/seal/free: x86_64
 * paging.c, arm64 mmu.c, hosted code_memory.c); a board that has none
 * returns NULL and the JIT stays on tier 0. */

static const char *const hole_names[JIT_H_TOTAL] = {
    "k_blocks", "k_rest", "m_tiles", "n_tiles", "ldc_bytes", "a_panel_bytes", "b_panel_bytes",
    "lda_bytes", "ldb_bytes", "panels", "kc", "blocks", "row_bytes", "count", "scale_bits", "eps_bits", "rot",
};

static const char *const op_names[JIT_OP_COUNT] = {
    "add", "sub", "mul", "div", "scale", "relu", "gelu", "silu", "softmax", "rmsnorm", "layernorm",
    "rope", "embedding", "argmax", "topk", "reduce", "concat", "convert", "matmul", "linear", "quantize",
};

#define MAX_LIBRARY_HOLES 64
#define CACHE_SLOTS 256
#define CACHE_LIMIT 192                 /* flush beyond this many kernels */
#define SELECT_SLOTS 1024
#define SELECT_WAYS 4                   /* a shape may sit in any of 4 slots (its set) */
#define ISA_SLOTS 4                     /* indexed by enum jit_isa; slot 0 is tier 0 (C) in timings */
#define UNTRIED (~0ull)
#define SKIPPED (~0ull - 1)

struct cache_entry {
    bool used;
    uint16_t record;
    int64_t values[JIT_H_TOTAL];
    void *code;
    uint32_t code_size;
    uint64_t hits;
};

struct select_entry {
    uint8_t op;
    bool used;
    int8_t chosen;                      /* -1 undecided, else 0 (C) or an enum jit_isa */
    uint64_t key;
    uint32_t calls;
    uint32_t last_use;                  /* jit.select_clock when last selected: LRU within a set */
    uint64_t ns[ISA_SLOTS];             /* best time per candidate: UNTRIED, SKIPPED or ns */
    uint8_t samples[ISA_SLOTS];         /* timed runs per candidate (the best of TRIALS is kept) */
};
#define TRIALS 2

static struct {
    bool ready;
    enum jit_isa isa;                   /* the default (best, or forced) */
    enum jit_isa active;                /* what the current op runs on */
    bool forced;
    const struct tjit_header *header;
    const struct tjit_stencil_record *records;
    const struct tjit_hole_record *holes;
    int stencil[ISA_SLOTS][JIT_K_COUNT];        /* record index, -1 if none */
    uint32_t hole_mask[ISA_SLOTS][JIT_K_COUNT]; /* which of our holes a stencil uses */
    int8_t library_hole[MAX_LIBRARY_HOLES];   /* library hole name -> enum jit_hole, -1 */
    uint32_t library_holes;
    int mr[ISA_SLOTS], nr[ISA_SLOTS];
    struct jit_policy policy;
    struct {
        bool on;
        uint8_t op, candidate;
        uint16_t slot;
        uint64_t key, start, specialize_ns;
    } pending;
    struct cache_entry cache[CACHE_SLOTS];
    uint32_t cached;
    struct select_entry select[SELECT_SLOTS];
    uint32_t select_clock;
    struct jit_op_stats ops[JIT_OP_COUNT];
    struct jit_stats stats;
} jit;

const char *jit_isa_name(enum jit_isa isa)
{
    switch (isa) {
    case JIT_ISA_SSE2: return "sse2";
    case JIT_ISA_AVX2: return "avx2";
    case JIT_ISA_NEON: return "neon";
    default: return "none";
    }
}

const char *jit_op_name(enum jit_op op) { return (unsigned)op < JIT_OP_COUNT ? op_names[op] : "?"; }

uint64_t hash_mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    h *= 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 31);
}

static const char *record_name(int index)
{
    return (const char *)jit.header + jit.header->string_table + jit.records[index].name;
}

static bool starts_with(const char *s, const char *prefix)
{
    while (*prefix)
        if (*s++ != *prefix++)
            return false;
    return true;
}

/* The stencil for family `k` and the chosen ISA: "<family>_<isa>" exactly,
 * or "<family>_<isa>_<tile>" for tiled families. */
static int find_stencil(enum jit_isa which, enum jit_kernel k)
{
    static const char *const families[JIT_K_COUNT] = {
        "sgemm", "pack_a", "pack_b", "qdot_q8_0", "qdot_q4_0", "qdot_q4_1", "qdot_q4_k", "qdot_q6_k",
        "add", "mul", "scale", "relu", "silu", "gelu", "gelu_erf", "softmax", "rmsnorm", "layernorm",
        "rope_interleaved", "rope_half", "epilogue_none", "epilogue_relu", "epilogue_gelu", "epilogue_gelu_erf",
        "epilogue_silu",
    };
    char want[48];
    size_t n = strlen(families[k]);
    const char *isa = jit_isa_name(which);
    memcpy(want, families[k], n);
    want[n++] = '_';
    memcpy(want + n, isa, strlen(isa) + 1);
    size_t wn = strlen(want);
    for (uint32_t i = 0; i < jit.header->stencil_count; i++) {
        if (jit.records[i].isa != (uint8_t)which)
            continue;
        const char *name = record_name((int)i);
        if (strcmp(name, want) == 0 || (starts_with(name, want) && name[wn] == '_'))
            return (int)i;
    }
    return -1;
}

static unsigned parse_uint(const char **s)
{
    unsigned v = 0;
    while (**s >= '0' && **s <= '9')
        v = v * 10 + (unsigned)(*(*s)++ - '0');
    return v;
}

static bool cpu_supports_uncached(enum jit_isa isa);

/* Asked on every op (candidates()), and CPUID is slow (a VM exit under a
 * hypervisor: it was half of a hosted model's decode time), so each answer
 * is computed once: the CPU does not change under us. */
static bool cpu_supports(enum jit_isa isa)
{
    static int8_t known[ISA_SLOTS];     /* 0 not asked yet, 1 yes, -1 no */
    if ((unsigned)isa >= ISA_SLOTS)
        return cpu_supports_uncached(isa);
    if (!known[isa])
        known[isa] = cpu_supports_uncached(isa) ? 1 : -1;
    return known[isa] > 0;
}

static bool cpu_supports_uncached(enum jit_isa isa)
{
#if defined(__x86_64__)
    if (isa == JIT_ISA_SSE2)
        return arch_cpu_has("sse2");
    if (isa == JIT_ISA_AVX2)
        return arch_cpu_has("avx2") && arch_cpu_has("fma") && arch_cpu_has("f16c") && arch_cpu_has("osxsave");
#elif defined(__aarch64__)
    if (isa == JIT_ISA_NEON)
        return true;                    /* Advanced SIMD is part of ARMv8-A */
#endif
    return false;
}

static void select_stencils_for(enum jit_isa which)
{
    int *stencil = jit.stencil[which];
    for (int k = 0; k < JIT_K_COUNT; k++) {
        stencil[k] = cpu_supports(which) ? find_stencil(which, (enum jit_kernel)k) : -1;
        jit.hole_mask[which][k] = 0;
        if (stencil[k] < 0)
            continue;
        const struct tjit_stencil_record *r = &jit.records[stencil[k]];
        for (uint32_t h = 0; h < r->hole_count; h++) {
            int ours = jit.library_hole[jit.holes[r->first_hole + h].name];
            if (ours < 0) {             /* a hole nobody here knows how to fill: unusable */
                stencil[k] = -1;
                break;
            }
            jit.hole_mask[which][k] |= 1u << ours;
        }
    }
    jit.mr[which] = jit.nr[which] = 0;
    if (stencil[JIT_K_SGEMM] >= 0) {
        const char *name = record_name(stencil[JIT_K_SGEMM]);
        const char *p = name + strlen(name);
        while (p > name && p[-1] != '_')
            p--;
        jit.mr[which] = (int)parse_uint(&p);
        if (*p == 'x') {
            p++;
            jit.nr[which] = (int)parse_uint(&p);
        }
        if (jit.mr[which] <= 0 || jit.nr[which] <= 0 || jit.mr[which] > 16 || jit.nr[which] > 64)
            stencil[JIT_K_SGEMM] = -1;
    }
    /* Packing stencils only help when they match the macro-kernel's tile. */
    for (int k = JIT_K_PACK_A; k <= JIT_K_PACK_B; k++) {
        if (stencil[k] < 0)
            continue;
        const char *name = record_name(stencil[k]);
        const char *p = name + strlen(name);
        while (p > name && p[-1] != '_')
            p--;
        int size = (int)parse_uint(&p);
        if (size != (k == JIT_K_PACK_A ? jit.mr[which] : jit.nr[which]))
            stencil[k] = -1;
    }
}

static void select_stencils(void)
{
    for (int i = 1; i < ISA_SLOTS; i++)
        select_stencils_for((enum jit_isa)i);
}

void jit_init(void)
{
    if (jit.ready)
        return;
    jit.ready = true;
    jit.policy = (struct jit_policy){ .max_tier = 3, .hot_calls = 2, .eager_work = 1u << 15, .measure = true,
                                      .trial_ns = 5000000 };
    for (int i = 0; i < ISA_SLOTS; i++)
        for (int k = 0; k < JIT_K_COUNT; k++)
            jit.stencil[i][k] = -1;
    const struct tjit_header *h = (const struct tjit_header *)tjit_library;
    if (tjit_library_size < sizeof *h || h->magic != TJIT_MAGIC || h->version != TJIT_VERSION ||
        h->total_size != tjit_library_size || h->hole_name_count > MAX_LIBRARY_HOLES) {
        kprintf("jit: the stencil library is damaged or of another version; tier 0 only\r\n");
        return;
    }
    jit.header = h;
    jit.records = (const struct tjit_stencil_record *)(tjit_library + h->stencil_table);
    jit.holes = (const struct tjit_hole_record *)(tjit_library + h->hole_table);
    jit.library_holes = h->hole_name_count;
    const uint32_t *name_offsets = (const uint32_t *)(tjit_library + h->hole_name_table);
    for (uint32_t i = 0; i < h->hole_name_count; i++) {
        const char *name = (const char *)tjit_library + h->string_table + name_offsets[i];
        jit.library_hole[i] = -1;
        for (int j = 0; j < JIT_H_TOTAL; j++)
            if (strcmp(name, hole_names[j]) == 0)
                jit.library_hole[i] = (int8_t)j;
    }
    jit.stats.stencils_in_library = h->stencil_count;
    jit.stats.library_bytes = h->total_size;
#if defined(__x86_64__)
    jit.isa = cpu_supports(JIT_ISA_AVX2) ? JIT_ISA_AVX2 : cpu_supports(JIT_ISA_SSE2) ? JIT_ISA_SSE2 : JIT_ISA_NONE;
#elif defined(__aarch64__)
    jit.isa = JIT_ISA_NEON;
#endif
    jit.active = jit.isa;
    select_stencils();
}

enum jit_isa jit_isa(void) { jit_init(); return jit.isa; }
enum jit_isa jit_active_isa(void) { jit_init(); return jit.active; }
bool jit_isa_supported(enum jit_isa isa) { jit_init(); return isa != JIT_ISA_NONE && cpu_supports(isa); }

static int isa_tier(enum jit_isa isa) { return isa == JIT_ISA_AVX2 ? 2 : isa == JIT_ISA_NONE ? 0 : 1; }

int jit_simd_tier(void)
{
    jit_init();
    return isa_tier(jit.active);
}

struct jit_policy *jit_policy(void) { jit_init(); return &jit.policy; }

void jit_reset_policy(void)
{
    memset(jit.select, 0, sizeof jit.select);
    jit.pending.on = false;
}

bool jit_force_isa(enum jit_isa isa)
{
    jit_init();
    if (!jit.header || (isa != JIT_ISA_NONE && !cpu_supports(isa)))
        return false;
    jit_flush();
    jit.isa = jit.active = isa;
    jit.forced = true;
    jit_reset_policy();
    return true;
}

void jit_auto_isa(void)
{
    jit_init();
    jit_flush();
#if defined(__x86_64__)
    jit.isa = cpu_supports(JIT_ISA_AVX2) ? JIT_ISA_AVX2 : cpu_supports(JIT_ISA_SSE2) ? JIT_ISA_SSE2 : JIT_ISA_NONE;
#elif defined(__aarch64__)
    jit.isa = JIT_ISA_NEON;
#endif
    jit.active = jit.isa;
    jit.forced = false;
    jit_reset_policy();
}

bool jit_available(enum jit_kernel k)
{
    jit_init();
    return (unsigned)k < JIT_K_COUNT && jit.active != JIT_ISA_NONE && jit.stencil[jit.active][k] >= 0 &&
           jit.policy.max_tier >= isa_tier(jit.active);
}

void jit_sgemm_tile(int *mr, int *nr)
{
    jit_init();
    *mr = jit.mr[jit.active];
    *nr = jit.nr[jit.active];
}

/* The ISAs a hot shape may run on, best first, within max_tier. */
static int candidates(enum jit_isa *out)
{
    int n = 0;
    if (jit.forced) {
        if (jit.isa != JIT_ISA_NONE && isa_tier(jit.isa) <= jit.policy.max_tier)
            out[n++] = jit.isa;
        return n;
    }
    static const enum jit_isa order[] = { JIT_ISA_AVX2, JIT_ISA_SSE2, JIT_ISA_NEON };
    for (unsigned i = 0; i < sizeof order / sizeof order[0]; i++)
        if (cpu_supports(order[i]) && isa_tier(order[i]) <= jit.policy.max_tier)
            out[n++] = order[i];
    return n;
}

static void decide(struct select_entry *e, const enum jit_isa *cand, int n)
{
    int best = 0;
    uint64_t best_ns = e->ns[0] < SKIPPED ? e->ns[0] : SKIPPED;
    for (int i = 0; i < n; i++)
        if (e->ns[cand[i]] < best_ns) {
            best_ns = e->ns[cand[i]];
            best = cand[i];
        }
    e->chosen = (int8_t)best;
}

static void start_timing(struct select_entry *e, int candidate)
{
    jit.pending.on = true;
    jit.pending.op = e->op;
    jit.pending.key = e->key;
    jit.pending.slot = (uint16_t)(e - jit.select);
    jit.pending.candidate = (uint8_t)candidate;
    jit.pending.specialize_ns = jit.stats.specialize_ns_total;
    jit.pending.start = arch_time_ns();
}

bool jit_select(enum jit_op op, uint64_t shape_key, uint64_t work)
{
    jit_init();
    jit.pending.on = false;
    jit.active = jit.isa;
    enum jit_isa cand[ISA_SLOTS];
    int n = jit.header && jit.policy.max_tier > 0 ? candidates(cand) : 0;
    if (n == 0) {
        jit.active = JIT_ISA_NONE;
        return false;
    }
    uint64_t key = hash_mix(hash_mix(0x5EED, op), shape_key);
    /* Set-associative with LRU replacement: a model's decode step makes a
     * few one-off shapes per token (attention over a growing context); in
     * a direct-mapped table they evicted the hot linear shapes, which then
     * ran their cold and timed tier-0 calls again (a 34 ms tier-0 run of
     * the 49152-row output projection, every few tokens). */
    struct select_entry *set = &jit.select[(key % (SELECT_SLOTS / SELECT_WAYS)) * SELECT_WAYS], *e = 0;
    for (int w = 0; w < SELECT_WAYS && !e; w++)
        if (set[w].used && set[w].key == key && set[w].op == op)
            e = &set[w];
    if (!e) {
        e = &set[0];
        for (int w = 0; w < SELECT_WAYS; w++) {
            if (!set[w].used) {
                e = &set[w];
                break;
            }
            if (set[w].last_use < e->last_use)
                e = &set[w];
        }
        *e = (struct select_entry){ .op = (uint8_t)op, .used = true, .key = key, .chosen = -1 };
        for (int i = 0; i < ISA_SLOTS; i++)
            e->ns[i] = UNTRIED;
    }
    e->last_use = ++jit.select_clock;
    if (e->calls < 0xFFFFFFFFu)
        e->calls++;
    bool hot = e->calls >= jit.policy.hot_calls || work >= jit.policy.eager_work;
    if (!jit.policy.measure) {
        jit.active = cand[0];
        for (int i = 0; i < n; i++)
            if (cand[i] == jit.isa)
                jit.active = jit.isa;
        return hot;
    }
    if (e->chosen >= 0) {
        jit.active = (enum jit_isa)e->chosen;
        return e->chosen != 0;
    }
    if (!hot) {                         /* cold: tier 0, timed */
        start_timing(e, 0);
        return false;
    }
    for (int i = 0; i < n; i++)
        if (e->ns[cand[i]] != SKIPPED && e->samples[cand[i]] < TRIALS) {
            jit.active = cand[i];
            start_timing(e, cand[i]);
            return true;
        }
    if (e->ns[0] == UNTRIED || (e->ns[0] != SKIPPED && e->samples[0] < TRIALS)) {
        /* an eager shape: tier 0 too, if that is cheap enough */
        uint64_t best = SKIPPED;
        for (int i = 0; i < n; i++)
            if (e->ns[cand[i]] < best)
                best = e->ns[cand[i]];
        if (best <= jit.policy.trial_ns) {
            start_timing(e, 0);
            return false;
        }
        e->ns[0] = SKIPPED;
    }
    decide(e, cand, n);
    jit.active = (enum jit_isa)e->chosen;
    return e->chosen != 0;
}

void jit_flush(void)
{
    for (int i = 0; i < CACHE_SLOTS; i++) {
        struct cache_entry *e = &jit.cache[i];
        if (e->used && e->code)
            arch_code_free(e->code, e->code_size);
        e->used = false;
        e->code = 0;
    }
    if (jit.cached)
        jit.stats.flushes++;
    jit.cached = 0;
    jit.stats.code_bytes = 0;
    jit.stats.cached_kernels = 0;
}

static void *specialize(int record, const int64_t *values, uint32_t *size_out)
{
    const struct tjit_stencil_record *r = &jit.records[record];
    uint64_t start = arch_time_ns();
    uint8_t *code = arch_code_alloc(r->code_size);
    if (!code && jit.cached) {
        jit_flush();
        code = arch_code_alloc(r->code_size);
    }
    if (!code)
        return 0;
    memcpy(code, tjit_library + r->code_offset, r->code_size);
    int64_t library_values[MAX_LIBRARY_HOLES];
    for (uint32_t i = 0; i < jit.library_holes; i++)
        library_values[i] = jit.library_hole[i] >= 0 ? values[jit.library_hole[i]] : 0;
    tjit_patch(code, jit.holes + r->first_hole, r->hole_count, library_values);
    if (!arch_code_seal(code, r->code_size)) {
        arch_code_free(code, r->code_size);
        return 0;
    }
    uint64_t ns = arch_time_ns() - start;
    jit.stats.specializations++;
    jit.stats.specialize_ns_total += ns;
    jit.stats.specialize_ns_last = ns;
    if (ns > jit.stats.specialize_ns_max)
        jit.stats.specialize_ns_max = ns;
    *size_out = r->code_size;
    return code;
}

void *jit_kernel(enum jit_kernel k, const int64_t values_in[JIT_H_TOTAL])
{
    if (!jit_available(k))
        return 0;
    int64_t values[JIT_H_TOTAL];
    int record = jit.stencil[jit.active][k];
    uint32_t mask = jit.hole_mask[jit.active][k];
    uint64_t h = hash_mix(0xC0DE, (uint64_t)record);
    for (int i = 0; i < JIT_H_TOTAL; i++) {
        values[i] = (mask >> i) & 1 ? values_in[i] : 0;
        h = hash_mix(h, (uint64_t)values[i]);
    }
    uint32_t slot = (uint32_t)(h % CACHE_SLOTS);
    for (uint32_t probe = 0; probe < CACHE_SLOTS; probe++, slot = (slot + 1) % CACHE_SLOTS) {
        struct cache_entry *e = &jit.cache[slot];
        if (!e->used)
            break;
        if (e->record == record && memcmp(e->values, values, sizeof values) == 0) {
            e->hits++;
            jit.stats.cache_hits++;
            return e->code;
        }
    }
    jit.stats.cache_misses++;
    if (jit.cached >= CACHE_LIMIT)
        jit_flush();
    uint32_t size = 0;
    void *code = specialize(record, values, &size);
    if (!code)
        return 0;
    slot = (uint32_t)(h % CACHE_SLOTS);
    while (jit.cache[slot].used)
        slot = (slot + 1) % CACHE_SLOTS;
    struct cache_entry *e = &jit.cache[slot];
    e->used = true;
    e->record = (uint16_t)record;
    memcpy(e->values, values, sizeof values);
    e->code = code;
    e->code_size = size;
    e->hits = 0;
    jit.cached++;
    jit.stats.cached_kernels = jit.cached;
    jit.stats.code_bytes += size;
    return code;
}

void jit_ran(enum jit_op op, int tier)
{
    if ((unsigned)op >= JIT_OP_COUNT || tier < 0 || tier > 3)
        return;
    if (jit.pending.on && jit.pending.op == op) {
        jit.pending.on = false;
        uint64_t ns = arch_time_ns() - jit.pending.start;
        uint64_t spent = jit.stats.specialize_ns_total - jit.pending.specialize_ns;
        ns = ns > spent ? ns - spent : 1;
        struct select_entry *e = &jit.select[jit.pending.slot];
        if (e->used && e->key == jit.pending.key) {
            int c = jit.pending.candidate;
            if (c != 0 && tier == 0) {
                e->ns[c] = SKIPPED;     /* no stencil for it on that ISA */
            } else {
                int slot = tier == 0 ? 0 : c;
                e->ns[slot] = ns < e->ns[slot] ? ns : e->ns[slot];
                if (e->samples[slot] < 255)
                    e->samples[slot]++;
            }
            enum jit_isa cand[ISA_SLOTS];
            int n = candidates(cand), tried = 0;
            for (int i = 0; i < n; i++)
                tried += e->ns[cand[i]] == SKIPPED || e->samples[cand[i]] >= TRIALS;
            if (tried == n && (e->ns[0] == SKIPPED || e->samples[0] >= TRIALS))
                decide(e, cand, n);
        }
    }
    jit.ops[op].calls++;
    jit.ops[op].tier_calls[tier]++;
    jit.ops[op].last_tier = tier;
}

int jit_last_tier(enum jit_op op) { return (unsigned)op < JIT_OP_COUNT ? jit.ops[op].last_tier : 0; }

void jit_stats(struct jit_stats *out)
{
    jit_init();
    *out = jit.stats;
}

const struct jit_op_stats *jit_op_stats(enum jit_op op)
{
    return (unsigned)op < JIT_OP_COUNT ? &jit.ops[op] : 0;
}

void jit_reset_stats(void)
{
    memset(jit.ops, 0, sizeof jit.ops);
    uint64_t cached = jit.stats.cached_kernels, bytes = jit.stats.code_bytes;
    uint32_t count = jit.stats.stencils_in_library, lib = jit.stats.library_bytes;
    memset(&jit.stats, 0, sizeof jit.stats);
    jit.stats.cached_kernels = cached;
    jit.stats.code_bytes = bytes;
    jit.stats.stencils_in_library = count;
    jit.stats.library_bytes = lib;
}

static void print_us(uint64_t ns)
{
    kprintf("%llu.%03llu us", (unsigned long long)(ns / 1000), (unsigned long long)(ns % 1000));
}

void jit_print_stats(void)
{
    jit_init();
    struct jit_stats *s = &jit.stats;
    kprintf("isa: %s (tier %d), max tier %d, hot after %u calls or %llu element ops\r\n",
            jit_isa_name(jit.isa), jit_simd_tier(), jit.policy.max_tier, jit.policy.hot_calls,
            (unsigned long long)jit.policy.eager_work);
    kprintf("policy: %s\r\n", jit.policy.measure ? "measured (each hot shape timed on tier 0 and every ISA, fastest kept)"
                                                : "fixed (hot shapes take the default ISA)");
    kprintf("library: %u stencils, %u bytes\r\n", s->stencils_in_library, s->library_bytes);
    for (int i = 1; i < ISA_SLOTS; i++) {
        if (!cpu_supports((enum jit_isa)i))
            continue;
        kprintf("usable %s:", jit_isa_name((enum jit_isa)i));
        for (int k = 0; k < JIT_K_COUNT; k++)
            if (jit.stencil[i][k] >= 0)
                kprintf(" %s", record_name(jit.stencil[i][k]));
        kputs("\r\n");
    }
    kprintf("cache: %llu kernels, %llu bytes of code, %llu hits, %llu misses, %llu flushes\r\n",
            (unsigned long long)s->cached_kernels, (unsigned long long)s->code_bytes,
            (unsigned long long)s->cache_hits, (unsigned long long)s->cache_misses, (unsigned long long)s->flushes);
    kprintf("specializations: %llu, ", (unsigned long long)s->specializations);
    if (s->specializations) {
        kputs("mean ");
        print_us(s->specialize_ns_total / s->specializations);
        kputs(", max ");
        print_us(s->specialize_ns_max);
    }
    kputs("\r\n");
    kprintf("%-10s %10s %10s %10s %10s %10s %5s\r\n", "op", "calls", "tier 0", "tier 1", "tier 2", "tier 3", "last");
    for (int op = 0; op < JIT_OP_COUNT; op++) {
        const struct jit_op_stats *o = &jit.ops[op];
        if (!o->calls)
            continue;
        kprintf("%-10s %10llu %10llu %10llu %10llu %10llu %5d\r\n", op_names[op], (unsigned long long)o->calls,
                (unsigned long long)o->tier_calls[0], (unsigned long long)o->tier_calls[1],
                (unsigned long long)o->tier_calls[2], (unsigned long long)o->tier_calls[3], o->last_tier);
    }
}

static void print_ns(uint64_t ns)
{
    if (ns == UNTRIED)
        kputs("       -");
    else if (ns == SKIPPED)
        kputs("    skip");
    else
        kprintf("%8llu", (unsigned long long)((ns + 500) / 1000));
}

void jit_print_policy(void)
{
    jit_init();
    kprintf("policy: %s, hot after %u calls or %llu element ops; times in us (tier 0, sse2, avx2, neon)\r\n",
            jit.policy.measure ? "measured" : "fixed", jit.policy.hot_calls, (unsigned long long)jit.policy.eager_work);
    int counts[JIT_OP_COUNT][ISA_SLOTS] = {{0}};
    for (int i = 0; i < SELECT_SLOTS; i++) {
        struct select_entry *e = &jit.select[i];
        if (!e->used || e->op >= JIT_OP_COUNT)
            continue;
        kprintf("  %-10s shape %016llx calls %6u ", op_names[e->op], (unsigned long long)e->key, e->calls);
        for (int c = 0; c < ISA_SLOTS; c++)
            print_ns(e->ns[c]);
        kprintf("  -> %s\r\n", e->chosen < 0 ? "undecided" : e->chosen == 0 ? "c" : jit_isa_name((enum jit_isa)e->chosen));
        if (e->chosen >= 0)
            counts[e->op][e->chosen]++;
    }
    for (int op = 0; op < JIT_OP_COUNT; op++) {
        int total = counts[op][0] + counts[op][1] + counts[op][2] + counts[op][3];
        if (total)
            kprintf("chosen %-10s c %d sse2 %d avx2 %d neon %d\r\n", op_names[op], counts[op][0], counts[op][1],
                    counts[op][2], counts[op][3]);
    }
}
