/* `jit` and `tensor` shell commands: JIT statistics, the self-test (every
 * op with a stencil run on tier 0 and on the JIT, results compared; the
 * other ops run once), a matmul / quantized matvec benchmark, and policy
 * knobs for tests. Output is line-oriented so QEMU tests can read it. */
#include "tensor/tensor.h"
#include "tensor/jit.h"
#include "tensor/quants.h"
#include "arch/arch.h"
#include "core/console.h"
#include "core/shell.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/zone.h"

/* ---- numbers as text (kprintf has no %f) ----------------------------------- */

/* "1.234e-05" / "0" / "inf" / "nan" */
static const char *sci(double v, char *buf, size_t size)
{
    if (v != v) { snprintf(buf, size, "nan"); return buf; }
    const char *sign = v < 0 ? "-" : "";
    if (v < 0) v = -v;
    if (v == 0) { snprintf(buf, size, "0"); return buf; }
    if (v > 1e300) { snprintf(buf, size, "%sinf", sign); return buf; }
    int e = 0;
    while (v >= 10) { v /= 10; e++; }
    while (v < 1) { v *= 10; e--; }
    long m = (long)(v * 100000 + 0.5);
    if (m >= 1000000) { m /= 10; e++; }
    snprintf(buf, size, "%s%ld.%05lde%s%02d", sign, m / 100000, m % 100000, e < 0 ? "-" : "+", e < 0 ? -e : e);
    return buf;
}

/* "12.345" with 3 decimals */
static const char *fixed3(double v, char *buf, size_t size)
{
    const char *sign = v < 0 ? "-" : "";
    if (v < 0) v = -v;
    unsigned long long m = (unsigned long long)(v * 1000 + 0.5);
    snprintf(buf, size, "%s%llu.%03llu", sign, m / 1000, m % 1000);
    return buf;
}

/* ---- deterministic data --------------------------------------------------------- */

static uint64_t rng_state;
static uint32_t rng(void)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(rng_state >> 33);
}
static float uniform(void) { return (float)rng() / 1073741824.0f - 1.0f; }   /* [-1, 1): rng() has 31 bits */

static struct tensor *random_f32(int ndim, const int64_t *shape)
{
    struct tensor *t = 0;
    if (tensor_new(&t, TENSOR_F32, ndim, shape))
        return 0;
    float *p = (float *)t->data;
    for (int64_t i = 0; i < tensor_numel(t); i++)
        p[i] = uniform();
    return t;
}

static void put_f16(uint8_t *p, float f) { uint16_t h = f32_to_f16(f); p[0] = (uint8_t)h; p[1] = (uint8_t)(h >> 8); }

/* Valid random blocks: random bits, modest finite scales. */
static struct tensor *random_weights(enum tensor_dtype t, int64_t rows, int64_t cols)
{
    int64_t shape[2] = { rows, cols };
    if (t == TENSOR_F32 || t == TENSOR_F16 || t == TENSOR_BF16 || !dtype_is_block(t) ||
        (t >= TENSOR_Q4_0 && t <= TENSOR_Q8_1)) {
        struct tensor *f = random_f32(2, shape), *q = 0;
        if (!f)
            return 0;
        int st = tensor_convert(&q, f, t);
        tensor_free(f);
        return st ? 0 : q;
    }
    struct tensor *q = 0;
    if (tensor_new(&q, t, 2, shape))
        return 0;
    const struct dtype_info *info = dtype_info(t);
    int64_t blocks = rows * cols / info->block_elements;
    for (int64_t b = 0; b < blocks; b++) {
        uint8_t *p = q->data + b * info->block_bytes;
        for (int i = 0; i < info->block_bytes; i++)
            p[i] = (uint8_t)rng();
        float scale = 0.001f + 0.01f * (float)(rng() % 1000) / 1000.0f;
        if (t == TENSOR_Q6_K) {
            put_f16(p + 208, scale);
        } else if (t == TENSOR_Q8_K) {
            uint32_t u = f32_bits(scale);
            memcpy(p, &u, 4);
            for (int g = 0; g < 16; g++) {
                int sum = 0;
                for (int i = 0; i < 16; i++) {
                    if ((int8_t)p[4 + 16 * g + i] == -128) p[4 + 16 * g + i] = 0x81;
                    sum += (int8_t)p[4 + 16 * g + i];
                }
                p[260 + 2 * g] = (uint8_t)sum;
                p[261 + 2 * g] = (uint8_t)((unsigned)sum >> 8);
            }
        } else {                        /* Q4_K, Q5_K */
            put_f16(p, scale);
            put_f16(p + 2, scale);
        }
    }
    return q;
}

/* ---- comparing ------------------------------------------------------------------- */

/* max |a - b| / max(max |b|, tiny), over f32 or i32 tensors of one shape */
static double relative_error(const struct tensor *a, const struct tensor *b)
{
    int64_t n = tensor_numel(a);
    double worst = 0, scale = 1e-30;
    for (int64_t i = 0; i < n; i++) {
        double x, y;
        if (a->dtype == TENSOR_I32) {
            x = ((const int32_t *)a->data)[i];
            y = ((const int32_t *)b->data)[i];
        } else {
            x = ((const float *)a->data)[i];
            y = ((const float *)b->data)[i];
        }
        double d = x - y;
        if (d < 0) d = -d;
        if (d != d) d = 1e300;
        if (d > worst) worst = d;
        if (y < 0) y = -y;
        if (y > scale) scale = y;
    }
    return worst / scale;
}

struct selftest {
    int ran, failed;
    bool verbose;
};

typedef int (*op_fn)(struct tensor **out, void *ctx);

/* sum of |x|: a checksum to compare machines (SSE2 vs AVX2) with */
static double magnitude(const struct tensor *t)
{
    double sum = 0;
    if (!t)
        return 0;
    for (int64_t i = 0; i < tensor_numel(t); i++) {
        double v = t->dtype == TENSOR_I32 ? (double)((const int32_t *)t->data)[i] : (double)((const float *)t->data)[i];
        sum += v < 0 ? -v : v;
    }
    return sum;
}

static double last_magnitude;

static void report(struct selftest *s, const char *name, const char *shape, enum jit_op op, int tier, double err,
                   double tolerance, int status)
{
    char e[32], m[32];
    bool ok = status == TENSOR_OK && err <= tolerance;
    s->ran++;
    if (!ok)
        s->failed++;
    if (status != TENSOR_OK)
        kprintf("  %-12s %-22s error: %s  FAIL\r\n", name, shape, tensor_error());
    else
        kprintf("  %-12s %-22s tier %d isa %-4s max_err %-12s sum|x| %-12s %s\r\n", name, shape, tier,
                tier == 0 ? "c" : jit_isa_name(jit_active_isa()), sci(err, e, sizeof e), sci(last_magnitude, m, sizeof m),
                ok ? "OK" : "FAIL");
    (void)op;
}

/* Runs `fn` on tier 0 and on the JIT (hot at once), compares. */
static void check(struct selftest *s, const char *name, const char *shape, enum jit_op op, double tolerance,
                  op_fn fn, void *ctx)
{
    struct jit_policy *p = jit_policy(), saved = *p;
    struct tensor *ref = 0, *got = 0;
    p->max_tier = 0;
    int st = fn(&ref, ctx);
    *p = saved;
    p->hot_calls = 1;
    p->measure = false;                 /* the default ISA, deterministically */
    if (!st)
        st = fn(&got, ctx);
    int tier = jit_last_tier(op);
    *p = saved;
    double err = st ? 0 : relative_error(got, ref);
    last_magnitude = magnitude(got);
    report(s, name, shape, op, tier, err, tolerance, st);
    tensor_free(ref);
    tensor_free(got);
}

struct binary_ctx { const struct tensor *a, *b; enum tensor_binary_op op; float scalar; enum tensor_activation act; };
static int run_binary(struct tensor **out, void *c) { struct binary_ctx *x = c; return tensor_binary(out, x->op, x->a, x->b); }
static int run_scale(struct tensor **out, void *c) { struct binary_ctx *x = c; return tensor_scale(out, x->a, x->scalar); }
static int run_act(struct tensor **out, void *c) { struct binary_ctx *x = c; return tensor_activate(out, x->a, x->act); }
static int run_matmul(struct tensor **out, void *c) { struct binary_ctx *x = c; return tensor_matmul(out, x->a, x->b); }

struct linear_ctx { const struct tensor *x, *w, *bias; enum tensor_activation act; };
static int run_linear(struct tensor **out, void *c)
{
    struct linear_ctx *l = c;
    return tensor_linear(out, l->x, l->w, l->bias, l->act);
}

/* Dequantize w, then an f32 linear on tier 0: the independent reference
 * for the integer paths (differs by the activations' 8-bit rounding). */
static double dequantized_error(const struct tensor *x, const struct tensor *w, const struct tensor *got)
{
    struct tensor *wf = 0, *ref = 0;
    double err = 1e300;
    struct jit_policy *p = jit_policy(), saved = *p;
    p->max_tier = 0;
    if (!tensor_convert(&wf, w, TENSOR_F32) && !tensor_linear(&ref, x, wf, 0, TENSOR_ACT_NONE))
        err = relative_error(got, ref);
    *p = saved;
    tensor_free(wf);
    tensor_free(ref);
    return err;
}

static void shape_name(char *buf, size_t size, int ndim, const int64_t *shape)
{
    int n = 0;
    for (int i = 0; i < ndim && (size_t)n < size; i++)
        n += snprintf(buf + n, size - (size_t)n, i ? "x%lld" : "%lld", (long long)shape[i]);
}

static void selftest_elementwise(struct selftest *s)
{
    static const int64_t shapes[][3] = { { 1, 1, 1 }, { 1, 7, 13 }, { 2, 37, 129 }, { 1, 64, 1000 }, { 3, 5, 4099 } };
    for (unsigned i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        char name[48];
        shape_name(name, sizeof name, 3, shapes[i]);
        struct tensor *a = random_f32(3, shapes[i]), *b = random_f32(3, shapes[i]);
        int64_t row = shapes[i][2];
        struct tensor *bias = random_f32(1, &row);
        if (!a || !b || !bias) {
            kputs("  out of memory\r\n");
            s->failed++;
        } else {
            struct binary_ctx c = { a, b, TENSOR_ADD, 0.37f, TENSOR_ACT_RELU };
            check(s, "add", name, JIT_OP_ADD, 0, run_binary, &c);
            c.op = TENSOR_MUL;
            check(s, "mul", name, JIT_OP_MUL, 0, run_binary, &c);
            c.op = TENSOR_SUB;
            check(s, "sub", name, JIT_OP_SUB, 0, run_binary, &c);
            c.b = bias;
            c.op = TENSOR_ADD;
            char bname[64];
            snprintf(bname, sizeof bname, "%s+%lld", name, (long long)row);
            check(s, "add(bcast)", bname, JIT_OP_ADD, 0, run_binary, &c);
            check(s, "scale", name, JIT_OP_SCALE, 0, run_scale, &c);
            check(s, "relu", name, JIT_OP_RELU, 0, run_act, &c);
        }
        tensor_free(a);
        tensor_free(b);
        tensor_free(bias);
    }
}

static void selftest_matmul(struct selftest *s)
{
    static const int64_t shapes[][4] = {   /* batch, M, K, N */
        { 1, 1, 1, 1 }, { 1, 6, 16, 16 }, { 1, 7, 13, 17 }, { 1, 67, 45, 131 }, { 2, 13, 29, 17 },
        { 1, 1, 300, 257 }, { 1, 130, 260, 70 },
    };
    for (unsigned i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        const int64_t *d = shapes[i];
        int64_t ash[3] = { d[0], d[1], d[2] }, bsh[3] = { d[0], d[2], d[3] };
        struct tensor *a = random_f32(3, ash), *b = random_f32(3, bsh);
        char name[48];
        snprintf(name, sizeof name, "%lldx%lldx%lldx%lld", (long long)d[0], (long long)d[1], (long long)d[2], (long long)d[3]);
        if (a && b) {
            struct binary_ctx c = { a, b, TENSOR_ADD, 0, 0 };
            check(s, "matmul", name, JIT_OP_MATMUL, 1e-5, run_matmul, &c);
        } else {
            s->failed++;
        }
        tensor_free(a);
        tensor_free(b);
    }
    /* a transposed view as B: strided packing */
    int64_t ash[2] = { 19, 33 }, wsh[2] = { 23, 33 };
    struct tensor *a = random_f32(2, ash), *w = random_f32(2, wsh), *wt = 0;
    if (a && w && !tensor_transpose(&wt, w, 0, 1)) {
        struct binary_ctx c = { a, wt, TENSOR_ADD, 0, 0 };
        check(s, "matmul(T)", "19x33 @ (23x33).T", JIT_OP_MATMUL, 1e-5, run_matmul, &c);
        int64_t n = 23;
        struct tensor *bias = random_f32(1, &n);
        struct linear_ctx l = { a, w, bias, TENSOR_ACT_GELU };
        check(s, "linear+gelu", "19x33 . 23x33 + b", JIT_OP_LINEAR, 1e-5, run_linear, &l);
        tensor_free(bias);
    }
    tensor_free(a);
    tensor_free(w);
    tensor_free(wt);
}

static void selftest_quantized(struct selftest *s)
{
    static const enum tensor_dtype types[] = { TENSOR_Q8_0, TENSOR_Q4_0, TENSOR_Q4_1, TENSOR_Q5_0, TENSOR_Q5_1,
                                               TENSOR_Q4_K, TENSOR_Q5_K, TENSOR_Q6_K };
    for (unsigned i = 0; i < sizeof types / sizeof types[0]; i++) {
        for (int m = 1; m <= 3; m += 2) {
            int64_t n = 37, k = 512;
            int64_t xs[2] = { m, k };
            struct tensor *x = random_f32(2, xs), *w = random_weights(types[i], n, k);
            char name[48];
            snprintf(name, sizeof name, "%dx%lld . %s %lldx%lld", m, (long long)k, dtype_name(types[i]), (long long)n, (long long)k);
            if (!x || !w) {
                kprintf("  linear       %-22s could not make data: %s  FAIL\r\n", name, tensor_error());
                s->failed++;
            } else {
                struct linear_ctx l = { x, w, 0, TENSOR_ACT_NONE };
                check(s, "linear", name, JIT_OP_LINEAR, 1e-4, run_linear, &l);
                /* against dequantized weights in f32: the activations' 8-bit rounding shows */
                struct tensor *got = 0;
                if (!tensor_linear(&got, x, w, 0, TENSOR_ACT_NONE)) {
                    int tier = jit_last_tier(JIT_OP_LINEAR);
                    double err = dequantized_error(x, w, got);
                    last_magnitude = magnitude(got);
                    report(s, "linear~f32", name, JIT_OP_LINEAR, tier, err, 0.05, TENSOR_OK);
                }
                tensor_free(got);
            }
            tensor_free(x);
            tensor_free(w);
        }
    }
}

/* The ops without a stencil: they run (tier 0 both times) and must agree. */
struct misc_ctx { const struct tensor *x, *w, *b, *pos, *ids, *table; int which; };
static int run_misc(struct tensor **out, void *c)
{
    struct misc_ctx *m = c;
    switch (m->which) {
    case 0: return tensor_softmax(out, m->x, -1);
    case 1: return tensor_rmsnorm(out, m->x, m->w, 1e-5f);
    case 2: return tensor_layernorm(out, m->x, m->w, m->b, 1e-5f);
    case 3: return tensor_rope(out, m->x, m->pos, 16, 10000.0f, TENSOR_ROPE_HALF);
    case 4: return tensor_activate(out, m->x, TENSOR_ACT_SILU);
    case 5: return tensor_activate(out, m->x, TENSOR_ACT_GELU);
    case 6: return tensor_reduce(out, TENSOR_MEAN, m->x, 1, false);
    case 7: return tensor_argmax(out, m->x, -1);
    case 8: return tensor_embedding(out, m->table, m->ids);
    default: return tensor_div(out, m->x, m->x);
    }
}

static void selftest_misc(struct selftest *s)
{
    int64_t xs[3] = { 5, 4, 32 }, d = 32, ts[2] = { 50, 64 }, five = 5;
    struct tensor *x = random_f32(3, xs), *w = random_f32(1, &d), *b = random_f32(1, &d);
    struct tensor *pos = 0, *ids = 0, *table = random_weights(TENSOR_Q8_0, 50, 64);
    (void)ts;
    tensor_new(&pos, TENSOR_I32, 1, &five);
    tensor_new(&ids, TENSOR_I32, 1, &five);
    if (!x || !w || !b || !pos || !ids || !table) {
        s->failed++;
    } else {
        for (int i = 0; i < 5; i++) {
            ((int32_t *)pos->data)[i] = i * 7;
            ((int32_t *)ids->data)[i] = (i * 13) % 50;
        }
        static const char *const names[] = { "softmax", "rmsnorm", "layernorm", "rope", "silu", "gelu", "mean",
                                             "argmax", "embedding", "div" };
        static const enum jit_op ops[] = { JIT_OP_SOFTMAX, JIT_OP_RMSNORM, JIT_OP_LAYERNORM, JIT_OP_ROPE, JIT_OP_SILU,
                                           JIT_OP_GELU, JIT_OP_REDUCE, JIT_OP_ARGMAX, JIT_OP_EMBEDDING, JIT_OP_DIV };
        static const double tolerance[] = { 1e-5, 1e-5, 1e-5, 1e-6, 1e-6, 1e-6, 0, 0, 0, 0 };
        for (int i = 0; i < 10; i++) {
            struct misc_ctx m = { x, w, b, pos, ids, table, i };
            check(s, names[i], i == 8 ? "Q8_0 50x64[5]" : "5x4x32", ops[i], tolerance[i], run_misc, &m);
        }
    }
    tensor_free(x); tensor_free(w); tensor_free(b); tensor_free(pos); tensor_free(ids); tensor_free(table);
}

/* The row stencils over odd sizes, and the fused epilogues (tier 3). */
struct rows_ctx { const struct tensor *x, *w, *b, *pos; int which, n_rot; };
static int run_rows(struct tensor **out, void *c)
{
    struct rows_ctx *r = c;
    switch (r->which) {
    case 0: return tensor_softmax(out, r->x, -1);
    case 1: return tensor_rmsnorm(out, r->x, r->w, 1e-5f);
    case 2: return tensor_rmsnorm(out, r->x, 0, 1e-6f);
    case 3: return tensor_layernorm(out, r->x, r->w, r->b, 1e-5f);
    case 4: return tensor_activate(out, r->x, TENSOR_ACT_SILU);
    case 5: return tensor_activate(out, r->x, TENSOR_ACT_GELU);
    case 6: return tensor_activate(out, r->x, TENSOR_ACT_GELU_ERF);
    case 7: return tensor_rope(out, r->x, r->pos, r->n_rot, 10000.0f, TENSOR_ROPE_INTERLEAVED);
    default: return tensor_rope(out, r->x, r->pos, r->n_rot, 10000.0f, TENSOR_ROPE_HALF);
    }
}

static void selftest_rows(struct selftest *s)
{
    static const int64_t shapes[][3] = { { 1, 5, 8 }, { 3, 7, 38 }, { 2, 3, 1027 }, { 4, 2, 64 } };
    static const char *const names[] = { "softmax", "rmsnorm", "rmsnorm(1)", "layernorm", "silu", "gelu", "gelu_erf",
                                         "rope(il)", "rope(half)" };
    static const enum jit_op ops[] = { JIT_OP_SOFTMAX, JIT_OP_RMSNORM, JIT_OP_RMSNORM, JIT_OP_LAYERNORM, JIT_OP_SILU,
                                       JIT_OP_GELU, JIT_OP_GELU, JIT_OP_ROPE, JIT_OP_ROPE };
    static const double tolerance[] = { 1e-5, 1e-5, 1e-5, 1e-5, 1e-6, 2e-6, 2e-6, 1e-6, 1e-6 };
    for (unsigned i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        char name[48];
        shape_name(name, sizeof name, 3, shapes[i]);
        int64_t d = shapes[i][2], t = shapes[i][0];
        struct tensor *x = random_f32(3, shapes[i]), *w = random_f32(1, &d), *b = random_f32(1, &d), *pos = 0;
        if (x) {                        /* wider values: the activations' tails */
            float *p = (float *)x->data;
            for (int64_t j = 0; j < tensor_numel(x); j++)
                p[j] *= 6.0f;
        }
        if (!tensor_new(&pos, TENSOR_I32, 1, &t))
            for (int64_t j = 0; j < t; j++)
                ((int32_t *)pos->data)[j] = (int32_t)(j * 37 + i);
        if (!x || !w || !b || !pos) {
            s->failed++;
        } else {
            for (int k = 0; k < 9; k++) {
                struct rows_ctx r = { x, w, b, pos, k, (int)(d % 2 ? d - 1 : d % 4 == 2 ? d - 2 : d) };
                check(s, names[k], name, ops[k], tolerance[k], run_rows, &r);
            }
        }
        tensor_free(x); tensor_free(w); tensor_free(b); tensor_free(pos);
    }
    /* linear + bias + activation: the fused epilogue stencils, f32 and Q4_0 weights */
    static const enum tensor_activation acts[] = { TENSOR_ACT_NONE, TENSOR_ACT_RELU, TENSOR_ACT_GELU,
                                                   TENSOR_ACT_GELU_ERF, TENSOR_ACT_SILU };
    static const char *const act_names[] = { "linear+b", "linear+relu", "linear+gelu", "linear+gelu_erf", "linear+silu" };
    int64_t xs[2] = { 5, 64 }, n = 37;
    struct tensor *x = random_f32(2, xs), *bias = random_f32(1, &n), *wf = 0, *wq = random_weights(TENSOR_Q4_0, 37, 64);
    int64_t ws[2] = { 37, 64 };
    wf = random_f32(2, ws);
    if (!x || !bias || !wf || !wq) {
        s->failed++;
    } else {
        for (int a = 0; a < 5; a++) {
            struct linear_ctx l = { x, wf, bias, acts[a] };
            check(s, act_names[a], "5x64 . f32 37x64", JIT_OP_LINEAR, 2e-6, run_linear, &l);
            l.w = wq;
            check(s, act_names[a], "5x64 . Q4_0 37x64", JIT_OP_LINEAR, 2e-6, run_linear, &l);
            l.bias = 0;
            static const char *const plain[] = { "", "linear~relu", "linear~gelu", "linear~gelu_erf", "linear~silu" };
            if (a)
                check(s, plain[a], "5x64 . Q4_0 37x64 no bias", JIT_OP_LINEAR, 2e-6, run_linear, &l);
        }
    }
    tensor_free(x); tensor_free(bias); tensor_free(wf); tensor_free(wq);
}

static void selftest_specialization(void)
{
    /* Fresh kernels of several shapes: the cost of one copy + patch + seal. */
    struct jit_stats before, after;
    jit_stats(&before);
    int64_t values[JIT_H_TOTAL] = {0};
    int made = 0;
    for (int i = 0; i < 16; i++) {
        values[JIT_H_COUNT_] = 100003 + i * 7919 + (int64_t)(rng() % 1000) * 16;
        if (jit_kernel(JIT_K_ADD, values))
            made++;
        values[JIT_H_K_BLOCKS] = 64; values[JIT_H_K_REST] = i % 4; values[JIT_H_M_TILES] = 36 + i;
        values[JIT_H_N_TILES] = 255; values[JIT_H_LDC_BYTES] = 4096 * 4; values[JIT_H_A_PANEL_BYTES] = 6144;
        values[JIT_H_B_PANEL_BYTES] = 16384 + (int64_t)(rng() % 100) * 64;
        if (jit_kernel(JIT_K_SGEMM, values))
            made++;
    }
    jit_stats(&after);
    uint64_t n = after.specializations - before.specializations;
    char t[32];
    if (n)
    {
        char t2[32];
        kprintf("specialization: %llu kernels, mean %s us per kernel (max %s us)\r\n", (unsigned long long)n,
                fixed3((double)(after.specialize_ns_total - before.specialize_ns_total) / (double)n / 1000.0, t, sizeof t),
                fixed3((double)after.specialize_ns_max / 1000.0, t2, sizeof t2));
    }
    else
        kprintf("specialization: none (no executable memory or no stencils here)\r\n");
    (void)made;
}

static void cmd_selftest(void)
{
    struct selftest s = {0};
    rng_state = 12345;
    struct zone_stats before;
    zone_stats(ZONE_TENSOR, &before);
    enum jit_isa isa = jit_isa();
    kprintf("jit selftest: isa %s (tier %d)\r\n", jit_isa_name(isa), isa == JIT_ISA_AVX2 ? 2 : isa == JIT_ISA_NONE ? 0 : 1);
    selftest_elementwise(&s);
    selftest_matmul(&s);
    selftest_quantized(&s);
    selftest_misc(&s);
    selftest_rows(&s);
    selftest_specialization();
    struct zone_stats after;
    zone_stats(ZONE_TENSOR, &after);
    if (after.allocations != before.allocations) {
        kprintf("TENSOR zone: %lld blocks leaked\r\n", (long long)(after.allocations - before.allocations));
        s.failed++;
    }
    kprintf("selftest: %d checks, %d failed, isa %s\r\n", s.ran, s.failed, jit_isa_name(jit_isa()));
}

static uint64_t time_op(int (*fn)(struct tensor **, void *), void *ctx, struct tensor **out, int reps)
{
    uint64_t best = ~0ull;
    for (int r = 0; r < reps; r++) {
        uint64_t t0 = arch_time_ns();
        if (fn(out, ctx))
            return 0;
        uint64_t t = arch_time_ns() - t0;
        if (t < best)
            best = t;
    }
    return best ? best : 1;
}

static const enum jit_isa all_isas[] = { JIT_ISA_SSE2, JIT_ISA_AVX2, JIT_ISA_NEON };

/* Best of `reps` runs of fn on tier 0 (isa NONE) or forced on one ISA, hot at once. */
static uint64_t time_on(enum jit_isa isa, op_fn fn, void *ctx, int reps)
{
    struct jit_policy *p = jit_policy(), saved = *p;
    struct tensor *out = 0;
    if (isa == JIT_ISA_NONE)
        p->max_tier = 0;
    else
        jit_force_isa(isa);
    p->hot_calls = 1;
    p->measure = false;
    fn(&out, ctx);                      /* specializes */
    tensor_free(out);
    out = 0;
    uint64_t t = time_op(fn, ctx, &out, reps);
    tensor_free(out);
    *p = saved;
    jit_auto_isa();
    return t;
}

/* One line: tier 0 and every ISA, as `unit` per second (amount / ns = G/s). */
static void bench_line(const char *what, double amount, const char *unit, op_fn fn, void *ctx, int reps)
{
    char a[32], b[32];
    uint64_t t0 = time_on(JIT_ISA_NONE, fn, ctx, reps);
    kprintf("bench %-28s c %s %s", what, fixed3(amount / (double)t0, a, sizeof a), unit);
    for (unsigned i = 0; i < sizeof all_isas / sizeof all_isas[0]; i++) {
        if (!jit_isa_supported(all_isas[i]))
            continue;
        uint64_t t = time_on(all_isas[i], fn, ctx, reps);
        kprintf(", %s %s %s (x%s)", jit_isa_name(all_isas[i]), fixed3(amount / (double)t, a, sizeof a), unit,
                fixed3((double)t0 / (double)t, b, sizeof b));
    }
    kputs("\r\n");
}

static void cmd_bench(int n)
{
    int64_t sh[2] = { n, n };
    rng_state = 99;
    struct tensor *a = random_f32(2, sh), *b = random_f32(2, sh);
    int64_t xs[2] = { 1, 2048 }, rows[2] = { 64, 4096 }, big = 1 << 18, rope_shape[3] = { 16, 8, 128 }, sixteen = 16;
    int64_t d4096 = 4096;
    struct tensor *x = random_f32(2, xs), *w = random_weights(TENSOR_Q4_0, 2048, 2048);
    struct tensor *r = random_f32(2, rows), *v = random_f32(1, &big), *rw = random_f32(1, &d4096), *rb = random_f32(1, &d4096);
    struct tensor *rx = random_f32(3, rope_shape), *pos = 0;
    tensor_new(&pos, TENSOR_I32, 1, &sixteen);
    if (!a || !b || !x || !w || !r || !v || !rw || !rb || !rx || !pos) {
        kprintf("bench: out of memory\r\n");
    } else {
        for (int i = 0; i < 16; i++)
            ((int32_t *)pos->data)[i] = 100 + i;
        char what[48];
        struct binary_ctx ctx = { a, b, TENSOR_ADD, 0, 0 };
        snprintf(what, sizeof what, "matmul %dx%dx%d", n, n, n);
        bench_line(what, 2.0 * n * n * n, "GFLOPS", run_matmul, &ctx, 3);
        struct linear_ctx l = { x, w, 0, TENSOR_ACT_NONE };
        bench_line("qmatvec Q4_0 2048x2048", 2.0 * 2048 * 2048, "GOPS", run_linear, &l, 3);
        double row_bytes = 2.0 * 4 * 64 * 4096, flat = 2.0 * 4 * (double)big;
        struct rows_ctx rc = { r, rw, rb, pos, 0, 128 };
        bench_line("softmax 64x4096", row_bytes, "GB/s", run_rows, &rc, 3);
        rc.which = 1;
        bench_line("rmsnorm 64x4096", row_bytes, "GB/s", run_rows, &rc, 3);
        rc.which = 3;
        bench_line("layernorm 64x4096", row_bytes, "GB/s", run_rows, &rc, 3);
        static const char *const acts[] = { "silu 262144", "gelu 262144", "gelu_erf 262144" };
        for (int k = 0; k < 3; k++) {
            struct rows_ctx ac = { v, 0, 0, 0, 4 + k, 0 };
            bench_line(acts[k], flat, "GB/s", run_rows, &ac, 3);
        }
        struct rows_ctx ro = { rx, 0, 0, pos, 7, 128 };
        bench_line("rope(il) 16x8x128", 2.0 * 4 * 16 * 8 * 128, "GB/s", run_rows, &ro, 3);
        ro.which = 8;
        bench_line("rope(half) 16x8x128", 2.0 * 4 * 16 * 8 * 128, "GB/s", run_rows, &ro, 3);
    }
    tensor_free(a); tensor_free(b); tensor_free(x); tensor_free(w); tensor_free(r); tensor_free(v);
    tensor_free(rw); tensor_free(rb); tensor_free(rx); tensor_free(pos);
}

/* `jit bench qdot`: the quantized matvecs alone, at SmolLM2-135M's
 * shapes (hidden 576, MLP 1536; the K types need columns in 256s). */
static void cmd_bench_qdot(void)
{
    static const enum tensor_dtype types[] = { TENSOR_Q8_0, TENSOR_Q4_0, TENSOR_Q4_1, TENSOR_Q4_K, TENSOR_Q6_K };
    static const int64_t shapes[][2] = { { 1536, 576 }, { 576, 1536 } };   /* rows (out), columns (in) */
    rng_state = 99;
    for (unsigned t = 0; t < sizeof types / sizeof types[0]; t++) {
        for (unsigned s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
            int64_t rows = shapes[s][0], cols = shapes[s][1], xs[2] = { 1, cols };
            if (cols % dtype_info(types[t])->block_elements)
                continue;
            struct tensor *x = random_f32(2, xs), *w = random_weights(types[t], rows, cols);
            if (!x || !w) {
                kprintf("bench: out of memory\r\n");
            } else {
                char what[48];
                snprintf(what, sizeof what, "qmatvec %s %lldx%lld", dtype_name(types[t]), (long long)rows,
                         (long long)cols);
                struct linear_ctx l = { x, w, 0, TENSOR_ACT_NONE };
                bench_line(what, 2.0 * (double)rows * (double)cols, "GOPS", run_linear, &l, 5);
            }
            tensor_free(x);
            tensor_free(w);
        }
    }
}

/* The measured policy on a few typical shapes: what it picks on this machine. */
static void cmd_calibrate(void)
{
    rng_state = 7;
    struct jit_policy *p = jit_policy(), saved = *p;
    jit_auto_isa();
    p->measure = true;
    p->hot_calls = 2;
    int64_t ms[2] = { 64, 64 }, xs[2] = { 1, 1024 }, rows[2] = { 16, 1024 }, flat = 16384, d = 1024;
    int64_t rope_shape[3] = { 4, 8, 64 }, four = 4;
    struct tensor *a = random_f32(2, ms), *b = random_f32(2, ms), *x = random_f32(2, xs);
    struct tensor *w4 = random_weights(TENSOR_Q4_0, 256, 1024), *wk = random_weights(TENSOR_Q4_K, 256, 1024);
    struct tensor *w6 = random_weights(TENSOR_Q6_K, 256, 1024);
    struct tensor *r = random_f32(2, rows), *v = random_f32(1, &flat), *rw = random_f32(1, &d), *rx = random_f32(3, rope_shape);
    struct tensor *pos = 0;
    tensor_new(&pos, TENSOR_I32, 1, &four);
    if (a && b && x && w4 && wk && w6 && r && v && rw && rx && pos) {
        for (int i = 0; i < 4; i++)
            ((int32_t *)pos->data)[i] = i;
        struct binary_ctx mm = { a, b, TENSOR_ADD, 0, 0 }, add = { v, v, TENSOR_ADD, 0, 0 };
        struct linear_ctx q4 = { x, w4, 0, TENSOR_ACT_NONE }, qk = { x, wk, 0, TENSOR_ACT_NONE }, q6 = { x, w6, 0, TENSOR_ACT_NONE };
        struct rows_ctx sm = { r, rw, 0, 0, 0, 0 }, rms = { r, rw, 0, 0, 1, 0 }, silu = { v, 0, 0, 0, 4, 0 };
        struct rows_ctx gelu = { v, 0, 0, 0, 5, 0 }, rope = { rx, 0, 0, pos, 7, 64 };
        struct { const char *name; enum jit_op op; op_fn fn; void *ctx; } items[] = {
            { "matmul 64x64x64", JIT_OP_MATMUL, run_matmul, &mm }, { "add 16384", JIT_OP_ADD, run_binary, &add },
            { "linear Q4_0 1x1024x256", JIT_OP_LINEAR, run_linear, &q4 }, { "linear Q4_K 1x1024x256", JIT_OP_LINEAR, run_linear, &qk },
            { "linear Q6_K 1x1024x256", JIT_OP_LINEAR, run_linear, &q6 }, { "softmax 16x1024", JIT_OP_SOFTMAX, run_rows, &sm },
            { "rmsnorm 16x1024", JIT_OP_RMSNORM, run_rows, &rms }, { "silu 16384", JIT_OP_SILU, run_rows, &silu },
            { "gelu 16384", JIT_OP_GELU, run_rows, &gelu }, { "rope 4x8x64", JIT_OP_ROPE, run_rows, &rope },
        };
        for (unsigned i = 0; i < sizeof items / sizeof items[0]; i++) {
            for (int rep = 0; rep < 8; rep++) {
                struct tensor *out = 0;
                items[i].fn(&out, items[i].ctx);
                tensor_free(out);
            }
            int tier = jit_last_tier(items[i].op);
            kprintf("calibrate %-24s -> tier %d %s\r\n", items[i].name, tier,
                    tier == 0 ? "c" : jit_isa_name(jit_active_isa()));
        }
    }
    *p = saved;
    tensor_free(a); tensor_free(b); tensor_free(x); tensor_free(w4); tensor_free(wk); tensor_free(w6);
    tensor_free(r); tensor_free(v); tensor_free(rw); tensor_free(rx); tensor_free(pos);
}

static int parse_int(const char *s, int fallback)
{
    if (!s || !*s)
        return fallback;
    int v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return fallback;
        v = v * 10 + (*s - '0');
    }
    return v;
}

static void cmd_jit(int argc, char **argv)
{
    const char *sub = argc > 1 ? argv[1] : "stats";
    if (strcmp(sub, "stats") == 0) {
        jit_print_stats();
    } else if (strcmp(sub, "selftest") == 0) {
        cmd_selftest();
    } else if (strcmp(sub, "bench") == 0 && argc > 2 && strcmp(argv[2], "qdot") == 0) {
        cmd_bench_qdot();
    } else if (strcmp(sub, "bench") == 0) {
        int n = parse_int(argc > 2 ? argv[2] : 0, 256);
        cmd_bench(n < 1 ? 1 : n > 2048 ? 2048 : n);
    } else if (strcmp(sub, "tier") == 0 && argc > 2) {
        int t = parse_int(argv[2], -1);
        if (t < 0 || t > 3) {
            kputs("usage: jit tier 0|1|2|3\r\n");
            return;
        }
        jit_policy()->max_tier = t;
        kprintf("max tier %d\r\n", t);
    } else if (strcmp(sub, "isa") == 0 && argc > 2 && strcmp(argv[2], "auto") == 0) {
        jit_auto_isa();
        kprintf("isa %s (all ISAs the CPU has are candidates)\r\n", jit_isa_name(jit_isa()));
    } else if (strcmp(sub, "isa") == 0 && argc > 2) {
        enum jit_isa isa = strcmp(argv[2], "avx2") == 0 ? JIT_ISA_AVX2 : strcmp(argv[2], "sse2") == 0 ? JIT_ISA_SSE2
                           : strcmp(argv[2], "neon") == 0 ? JIT_ISA_NEON : JIT_ISA_NONE;
        if (isa == JIT_ISA_NONE && strcmp(argv[2], "none") != 0)
            kputs("usage: jit isa sse2|avx2|neon|none|auto\r\n");
        else if (!jit_force_isa(isa))
            kprintf("this CPU cannot run %s stencils\r\n", argv[2]);
        else
            kprintf("isa %s\r\n", jit_isa_name(jit_isa()));
    } else if (strcmp(sub, "hot") == 0 && argc > 2) {
        int n = parse_int(argv[2], -1);
        if (n < 1) {
            kputs("usage: jit hot CALLS\r\n");
            return;
        }
        jit_policy()->hot_calls = (uint32_t)n;
        kprintf("hot after %d calls\r\n", n);
    } else if (strcmp(sub, "policy") == 0) {
        jit_print_policy();
    } else if (strcmp(sub, "calibrate") == 0) {
        cmd_calibrate();
    } else if (strcmp(sub, "measure") == 0 && argc > 2) {
        jit_policy()->measure = strcmp(argv[2], "on") == 0;
        jit_reset_policy();
        kprintf("measure %s\r\n", jit_policy()->measure ? "on" : "off");
    } else if (strcmp(sub, "flush") == 0) {
        jit_flush();
        jit_reset_stats();
        kputs("cache flushed, statistics reset\r\n");
    } else {
        kputs("usage: jit stats | selftest | bench [N|qdot] | calibrate | policy | tier 0-3 | isa sse2|avx2|neon|none|auto |\r\n"
              "       measure on|off | hot CALLS | flush\r\n");
    }
}

static void cmd_tensor(int argc, char **argv)
{
    const char *sub = argc > 1 ? argv[1] : "";
    if (strcmp(sub, "selftest") == 0) {
        cmd_selftest();
    } else if (strcmp(sub, "zones") == 0 || strcmp(sub, "mem") == 0) {
        for (int z = 0; z < ZONE_COUNT; z++) {
            struct zone_stats st;
            zone_stats((enum zone_id)z, &st);
            kprintf("  %-7s %8llu blocks %12llu bytes in use %12llu reserved %12llu peak %6llu failures\r\n", st.name,
                    (unsigned long long)st.allocations, (unsigned long long)st.bytes_in_use,
                    (unsigned long long)st.bytes_reserved, (unsigned long long)st.peak_reserved,
                    (unsigned long long)st.failures);
        }
    } else {
        kputs("usage: tensor selftest | zones\r\n");
    }
}

static const struct shell_command tensor_commands[] = {
    { "jit", "jit [stats|selftest|bench N|bench qdot|calibrate|policy|tier T|isa I|measure on|off|hot N|flush]",
      "tensor JIT: tiers, policy, cache, self-test", cmd_jit },
    { "tensor", "tensor selftest|zones", "tensor core self-test, memory zones", cmd_tensor },
    { 0, 0, 0, 0 },
};

void tensor_init(void)
{
    jit_init();
    shell_register(tensor_commands);
}
