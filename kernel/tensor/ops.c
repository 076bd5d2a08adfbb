/* The ops: argument checks, shapes, output allocation, walking the
 * tensors' strides, and the choice between tier 0 (ops_ref.c) and the
 * JIT's stencils (jit.c, sgemm.c, qmatvec.c). */
#include "tensor/tensor.h"
#include "tensor/jit.h"
#include "tensor/kernels.h"
#include "tensor/ops_ref.h"
#include "tensor/quants.h"
#include "lib/string.h"
#include "mm/heap.h"
#include "mm/zone.h"

typedef void (*elementwise_fn)(const float *a, const float *b, float *out);
/* softmax (x, out), rmsnorm (x, w, out), layernorm (x, w, b, out), rope (x, table, out) */
typedef void (*row_fn)(const void *a, const void *b, const void *c, const void *d);

/* ---- helpers --------------------------------------------------------------- */

static int need_input(const char *op, const struct tensor *t, const char *what)
{
    if (!t)
        return tensor_fail(TENSOR_EINVAL, "%s: %s is missing", op, what);
    return TENSOR_OK;
}

static int need_f32(const char *op, const struct tensor *t, const char *what)
{
    int st = need_input(op, t, what);
    if (st)
        return st;
    if (t->dtype != TENSOR_F32)
        return tensor_fail(TENSOR_EDTYPE, "%s: %s is %s, the op takes f32 (convert it first)", op, what,
                           dtype_name(t->dtype));
    for (int i = 0; i < t->ndim; i++)
        if (t->strides[i] % 4)
            return tensor_fail(TENSOR_EINVAL, "%s: %s has a stride that is not a whole number of floats", op, what);
    return TENSOR_OK;
}

/* *out given: it must be dtype[shape]; NULL: allocate it. *made says which. */
static int prepare_out(const char *op, struct tensor **out, enum tensor_dtype dtype, int ndim, const int64_t *shape,
                       bool *made, bool need_contiguous)
{
    *made = false;
    if (!out)
        return tensor_fail(TENSOR_EINVAL, "%s: no place for the result", op);
    struct tensor *t = *out;
    if (!t) {
        int st = tensor_new(out, dtype, ndim, shape);
        if (st)
            return st;
        *made = true;
        return TENSOR_OK;
    }
    bool same = t->dtype == dtype && t->ndim == ndim;
    for (int i = 0; same && i < ndim; i++)
        same = t->shape[i] == shape[i];
    if (!same) {
        char have[96];
        struct tensor want = { .dtype = dtype, .ndim = ndim };
        for (int i = 0; i < ndim; i++)
            want.shape[i] = shape[i];
        char w[96];
        return tensor_fail(TENSOR_ESHAPE, "%s: the output is %s but the result is %s", op,
                           tensor_describe(t, have, sizeof have), tensor_describe(&want, w, sizeof w));
    }
    if (need_contiguous && !tensor_is_contiguous(t))
        return tensor_fail(TENSOR_EINVAL, "%s: the output must be contiguous", op);
    return TENSOR_OK;
}

static void drop_out(struct tensor **out, bool made)
{
    if (made) {
        tensor_free(*out);
        *out = 0;
    }
}

static int axis_of(const char *op, int axis, int ndim, int *out)
{
    if (axis < 0)
        axis += ndim;
    if (axis < 0 || axis >= ndim)
        return tensor_fail(TENSOR_ESHAPE, "%s: axis %d out of range for %d dimensions", op,
                           axis < 0 ? axis - ndim : axis, ndim);
    *out = axis;
    return TENSOR_OK;
}

/* Next index over every dimension but `skip` (row-major); false at the end. */
static bool next_index(int ndim, const int64_t *shape, int skip, int64_t *idx)
{
    for (int i = ndim - 1; i >= 0; i--) {
        if (i == skip)
            continue;
        if (++idx[i] < shape[i])
            return true;
        idx[i] = 0;
    }
    return false;
}

static uint8_t *at(const struct tensor *t, const int64_t *idx)
{
    uint8_t *p = t->data;
    for (int i = 0; i < t->ndim; i++)
        p += idx[i] * t->strides[i];
    return p;
}

static float *fat(const struct tensor *t, const int64_t *idx) { return (float *)at(t, idx); }

/* Strides of `t` as seen from a broadcast shape of `ndim` dims. */
static void broadcast_strides(const struct tensor *t, int ndim, const int64_t *shape, int64_t *strides)
{
    for (int i = 0; i < ndim; i++) {
        int j = t->ndim - ndim + i;
        strides[i] = (j >= 0 && t->shape[j] == shape[i]) ? t->strides[j] : 0;
    }
}

/* ---- element-wise ------------------------------------------------------------ */

/* Walks `count` operands (byte strides per dim over `shape`) with the
 * dimensions merged where every operand allows it; the merged last
 * dimension is the lane. */
struct walk {
    int ndim;
    int64_t shape[TENSOR_MAX_DIMS];
    int64_t strides[3][TENSOR_MAX_DIMS];
};

static void coalesce(struct walk *w, int count)
{
    int n = 0;
    for (int i = 0; i < w->ndim; i++) {
        if (w->shape[i] == 1 && w->ndim > 1)
            continue;
        if (n > 0) {
            bool merge = true;
            for (int k = 0; k < count; k++)
                merge &= w->strides[k][n - 1] == w->strides[k][i] * w->shape[i];
            if (merge) {
                w->shape[n - 1] *= w->shape[i];
                for (int k = 0; k < count; k++)
                    w->strides[k][n - 1] = w->strides[k][i];
                continue;
            }
        }
        w->shape[n] = w->shape[i];
        for (int k = 0; k < count; k++)
            w->strides[k][n] = w->strides[k][i];
        n++;
    }
    if (n == 0) {
        w->shape[0] = 1;
        for (int k = 0; k < count; k++)
            w->strides[k][0] = 4;
        n = 1;
    }
    w->ndim = n;
}

enum ew_kind { EW_BINARY, EW_SCALE, EW_ACTIVATE };

static int elementwise(const char *name, enum jit_op op, enum ew_kind kind, int subop, float scalar,
                       struct tensor **out, const struct tensor *a, const struct tensor *b)
{
    int st = need_f32(name, a, kind == EW_BINARY ? "the first operand" : "the input");
    if (!st && kind == EW_BINARY)
        st = need_f32(name, b, "the second operand");
    if (st)
        return st;
    int ndim = a->ndim;
    int64_t shape[TENSOR_MAX_DIMS];
    memcpy(shape, a->shape, sizeof shape);
    if (kind == EW_BINARY && (st = tensor_broadcast_shape(name, a, b, &ndim, shape)))
        return st;
    bool made;
    if ((st = prepare_out(name, out, TENSOR_F32, ndim, shape, &made, false)))
        return st;
    struct tensor *o = *out;
    struct walk w = { .ndim = ndim };
    memcpy(w.shape, shape, sizeof shape);
    memcpy(w.strides[0], o->strides, sizeof o->strides);
    broadcast_strides(a, ndim, shape, w.strides[1]);
    if (kind == EW_BINARY)
        broadcast_strides(b, ndim, shape, w.strides[2]);
    int operands = kind == EW_BINARY ? 3 : 2;
    int64_t total = tensor_numel(o);
    if (total == 0) {
        jit_ran(op, 0);
        return TENSOR_OK;
    }
    coalesce(&w, operands);
    int lane_dim = w.ndim - 1;
    int64_t lane = w.shape[lane_dim];

    /* A stencil for contiguous lanes: add, mul, scale, relu. */
    int kernel = -1;
    if (kind == EW_BINARY && subop == TENSOR_ADD) kernel = JIT_K_ADD;
    if (kind == EW_BINARY && subop == TENSOR_MUL) kernel = JIT_K_MUL;
    if (kind == EW_SCALE) kernel = JIT_K_SCALE;
    if (kind == EW_ACTIVATE && subop == TENSOR_ACT_RELU) kernel = JIT_K_RELU;
    if (kind == EW_ACTIVATE && subop == TENSOR_ACT_SILU) kernel = JIT_K_SILU;
    if (kind == EW_ACTIVATE && subop == TENSOR_ACT_GELU) kernel = JIT_K_GELU;
    if (kind == EW_ACTIVATE && subop == TENSOR_ACT_GELU_ERF) kernel = JIT_K_GELU_ERF;
    bool unit = true;
    for (int k = 0; k < operands; k++)
        unit &= w.strides[k][lane_dim] == 4;
    elementwise_fn fn = 0;
    if (kernel >= 0 && unit && lane < (1ll << 30) &&
        jit_select(op, hash_mix(hash_mix((uint64_t)lane, (uint64_t)(total / lane)), (uint64_t)kernel), (uint64_t)total) &&
        jit_available((enum jit_kernel)kernel)) {
        int64_t values[JIT_H_TOTAL] = {0};
        values[JIT_H_COUNT_] = lane;
        values[JIT_H_SCALE_BITS] = (int64_t)f32_bits(scalar);
        fn = (elementwise_fn)jit_kernel((enum jit_kernel)kernel, values);
    }
    int64_t idx[TENSOR_MAX_DIMS] = {0};
    do {
        uint8_t *po = o->data, *pa = a->data, *pb = b ? b->data : 0;
        for (int i = 0; i < w.ndim; i++) {
            po += idx[i] * w.strides[0][i];
            pa += idx[i] * w.strides[1][i];
            if (pb)
                pb += idx[i] * w.strides[2][i];
        }
        if (fn) {
            fn((const float *)pa, (const float *)(pb ? pb : pa), (float *)po);
            continue;
        }
        int64_t so = w.strides[0][lane_dim] / 4, sa = w.strides[1][lane_dim] / 4;
        if (kind == EW_BINARY)
            ref_binary((enum tensor_binary_op)subop, lane, (const float *)pa, sa, (const float *)pb,
                       w.strides[2][lane_dim] / 4, (float *)po, so);
        else if (kind == EW_SCALE)
            ref_scale(lane, (const float *)pa, sa, scalar, (float *)po, so);
        else
            ref_activate((enum tensor_activation)subop, lane, (const float *)pa, sa, (float *)po, so);
    } while (next_index(w.ndim, w.shape, lane_dim, idx));
    jit_ran(op, fn ? jit_simd_tier() : 0);
    (void)made;
    return TENSOR_OK;
}

static const enum jit_op binary_ops[] = { JIT_OP_ADD, JIT_OP_SUB, JIT_OP_MUL, JIT_OP_DIV };
static const char *const binary_names[] = { "add", "sub", "mul", "div" };

int tensor_binary(struct tensor **out, enum tensor_binary_op op, const struct tensor *a, const struct tensor *b)
{
    if ((unsigned)op > TENSOR_DIV)
        return tensor_fail(TENSOR_EINVAL, "binary: unknown op %d", (int)op);
    return elementwise(binary_names[op], binary_ops[op], EW_BINARY, op, 0, out, a, b);
}

int tensor_add(struct tensor **out, const struct tensor *a, const struct tensor *b) { return tensor_binary(out, TENSOR_ADD, a, b); }
int tensor_sub(struct tensor **out, const struct tensor *a, const struct tensor *b) { return tensor_binary(out, TENSOR_SUB, a, b); }
int tensor_mul(struct tensor **out, const struct tensor *a, const struct tensor *b) { return tensor_binary(out, TENSOR_MUL, a, b); }
int tensor_div(struct tensor **out, const struct tensor *a, const struct tensor *b) { return tensor_binary(out, TENSOR_DIV, a, b); }

int tensor_scale(struct tensor **out, const struct tensor *x, float s)
{
    return elementwise("scale", JIT_OP_SCALE, EW_SCALE, 0, s, out, x, 0);
}

int tensor_activate(struct tensor **out, const struct tensor *x, enum tensor_activation act)
{
    static const char *const names[] = { "identity", "relu", "gelu", "gelu", "silu" };
    static const enum jit_op ops[] = { JIT_OP_SCALE, JIT_OP_RELU, JIT_OP_GELU, JIT_OP_GELU, JIT_OP_SILU };
    if ((unsigned)act > TENSOR_ACT_SILU)
        return tensor_fail(TENSOR_EINVAL, "activate: unknown activation %d", (int)act);
    if (act == TENSOR_ACT_NONE)
        return tensor_scale(out, x, 1.0f);
    return elementwise(names[act], ops[act], EW_ACTIVATE, act, 0, out, x, 0);
}

int tensor_relu(struct tensor **out, const struct tensor *x) { return tensor_activate(out, x, TENSOR_ACT_RELU); }
int tensor_gelu(struct tensor **out, const struct tensor *x) { return tensor_activate(out, x, TENSOR_ACT_GELU); }
int tensor_silu(struct tensor **out, const struct tensor *x) { return tensor_activate(out, x, TENSOR_ACT_SILU); }

/* ---- along an axis ------------------------------------------------------------ */

int tensor_softmax(struct tensor **out, const struct tensor *x, int axis)
{
    int st = need_f32("softmax", x, "the input"), ax;
    if (st || (st = axis_of("softmax", axis, x->ndim, &ax)))
        return st;
    bool made;
    if ((st = prepare_out("softmax", out, TENSOR_F32, x->ndim, x->shape, &made, false)))
        return st;
    struct tensor *o = *out;
    int64_t n = x->shape[ax], total = tensor_numel(x);
    row_fn fn = 0;
    if (total && x->strides[ax] == 4 && o->strides[ax] == 4 && n < (1ll << 30) &&
        jit_select(JIT_OP_SOFTMAX, hash_mix((uint64_t)n, (uint64_t)(total / n)), (uint64_t)total * 8) &&
        jit_available(JIT_K_SOFTMAX)) {
        int64_t values[JIT_H_TOTAL] = {0};
        values[JIT_H_COUNT_] = n;
        fn = (row_fn)jit_kernel(JIT_K_SOFTMAX, values);
    }
    if (total) {
        int64_t idx[TENSOR_MAX_DIMS] = {0};
        do {
            if (fn)
                fn(fat(x, idx), fat(o, idx), 0, 0);
            else
                ref_softmax(n, fat(x, idx), x->strides[ax] / 4, fat(o, idx), o->strides[ax] / 4);
        } while (next_index(x->ndim, x->shape, ax, idx));
    }
    jit_ran(JIT_OP_SOFTMAX, fn ? jit_simd_tier() : 0);
    return TENSOR_OK;
}

static int check_vector(const char *op, const struct tensor *v, const char *what, int64_t n)
{
    if (!v)
        return TENSOR_OK;
    int st = need_f32(op, v, what);
    if (st)
        return st;
    if (v->ndim != 1 || v->shape[0] != n)
        return tensor_fail(TENSOR_ESHAPE, "%s: %s must have shape (%lld,)", op, what, (long long)n);
    return TENSOR_OK;
}

static int norm(const char *name, enum jit_op op, struct tensor **out, const struct tensor *x,
                const struct tensor *weight, const struct tensor *bias, float eps)
{
    int st = need_f32(name, x, "the input");
    if (st)
        return st;
    if (x->ndim < 1)
        return tensor_fail(TENSOR_ESHAPE, "%s: needs at least one dimension", name);
    int ax = x->ndim - 1;
    int64_t n = x->shape[ax];
    if ((st = check_vector(name, weight, "the weight", n)) || (st = check_vector(name, bias, "the bias", n)))
        return st;
    if (!(eps >= 0))
        return tensor_fail(TENSOR_EINVAL, "%s: eps must be >= 0", name);
    bool made;
    if ((st = prepare_out(name, out, TENSOR_F32, x->ndim, x->shape, &made, false)))
        return st;
    struct tensor *o = *out;
    const float *w = weight ? (const float *)weight->data : 0, *b = bias ? (const float *)bias->data : 0;
    int64_t sw = weight ? weight->strides[0] / 4 : 0, sb = bias ? bias->strides[0] / 4 : 0;
    int64_t total = tensor_numel(x);
    enum jit_kernel kernel = op == JIT_OP_RMSNORM ? JIT_K_RMSNORM : JIT_K_LAYERNORM;
    row_fn fn = 0;
    float *params = 0;                  /* contiguous weight and bias (ones / zeros when missing) */
    if (total && x->strides[ax] == 4 && o->strides[ax] == 4 && n < (1ll << 28) &&
        jit_select(op, hash_mix((uint64_t)n, (uint64_t)(total / n)), (uint64_t)total * 4) && jit_available(kernel) &&
        (params = kmalloc((size_t)n * 8 + 8))) {
        for (int64_t i = 0; i < n; i++) {
            params[i] = w ? w[i * sw] : 1.0f;
            params[n + i] = b ? b[i * sb] : 0.0f;
        }
        int64_t values[JIT_H_TOTAL] = {0};
        values[JIT_H_COUNT_] = n;
        values[JIT_H_EPS_BITS] = (int64_t)f32_bits(eps);
        fn = (row_fn)jit_kernel(kernel, values);
    }
    if (fn) {
        int64_t idx[TENSOR_MAX_DIMS] = {0};
        do {
            if (op == JIT_OP_RMSNORM)
                fn(fat(x, idx), params, fat(o, idx), 0);
            else
                fn(fat(x, idx), params, params + n, fat(o, idx));
        } while (next_index(x->ndim, x->shape, ax, idx));
    } else if (total) {
        int64_t idx[TENSOR_MAX_DIMS] = {0};
        do {
            if (op == JIT_OP_RMSNORM)
                ref_rmsnorm(n, fat(x, idx), x->strides[ax] / 4, w, sw, eps, fat(o, idx), o->strides[ax] / 4);
            else
                ref_layernorm(n, fat(x, idx), x->strides[ax] / 4, w, sw, b, sb, eps, fat(o, idx), o->strides[ax] / 4);
        } while (next_index(x->ndim, x->shape, ax, idx));
    }
    kfree(params);
    jit_ran(op, fn ? jit_simd_tier() : 0);
    return TENSOR_OK;
}

int tensor_rmsnorm(struct tensor **out, const struct tensor *x, const struct tensor *weight, float eps)
{
    return norm("rmsnorm", JIT_OP_RMSNORM, out, x, weight, 0, eps);
}

int tensor_layernorm(struct tensor **out, const struct tensor *x, const struct tensor *weight,
                     const struct tensor *bias, float eps)
{
    return norm("layernorm", JIT_OP_LAYERNORM, out, x, weight, bias, eps);
}

/* The last cos/sin table made, kept: a decoded token ropes its query and
 * key at one position in every layer (60 calls for SmolLM2), and each
 * table is n_rot/2 exp + sincos in double, dear under an emulator. */
static struct {
    float *table;
    int n_rot, capacity;
    int32_t pos;
    uint32_t base_bits;
    bool interleaved;
} rope_cache;

static const float *rope_table_cached(int n_rot, int32_t pos, float base, bool interleaved)
{
    uint32_t base_bits;
    memcpy(&base_bits, &base, 4);
    if (rope_cache.table && rope_cache.n_rot == n_rot && rope_cache.pos == pos && rope_cache.base_bits == base_bits &&
        rope_cache.interleaved == interleaved)
        return rope_cache.table;
    if (rope_cache.capacity < n_rot) {
        float *t = kmalloc((size_t)n_rot * 8 + 8);
        if (!t)
            return 0;
        kfree(rope_cache.table);
        rope_cache.table = t;
        rope_cache.capacity = n_rot;
    }
    rope_table(rope_cache.table, n_rot, pos, base, interleaved);
    rope_cache.n_rot = n_rot;
    rope_cache.pos = pos;
    rope_cache.base_bits = base_bits;
    rope_cache.interleaved = interleaved;
    return rope_cache.table;
}

int tensor_rope(struct tensor **out, const struct tensor *x, const struct tensor *positions, int n_rot, float base,
                enum tensor_rope_mode mode)
{
    int st = need_f32("rope", x, "the input");
    if (st || (st = need_input("rope", positions, "positions")))
        return st;
    if (x->ndim < 3)
        return tensor_fail(TENSOR_ESHAPE, "rope: the input must be (..., positions, heads, head size)");
    int t_dim = x->ndim - 3, d_dim = x->ndim - 1;
    int64_t T = x->shape[t_dim], D = x->shape[d_dim];
    if (positions->dtype != TENSOR_I32 || positions->ndim != 1 || positions->shape[0] != T)
        return tensor_fail(TENSOR_ESHAPE, "rope: positions must be i32 of shape (%lld,)", (long long)T);
    if (n_rot <= 0 || n_rot % 2 || n_rot > D)
        return tensor_fail(TENSOR_EINVAL, "rope: n_rot %d must be even, > 0 and <= the head size %lld", n_rot, (long long)D);
    if (!(base > 0))
        return tensor_fail(TENSOR_EINVAL, "rope: the base must be > 0");
    if (mode != TENSOR_ROPE_INTERLEAVED && mode != TENSOR_ROPE_HALF)
        return tensor_fail(TENSOR_EINVAL, "rope: unknown mode %d", (int)mode);
    bool made;
    if ((st = prepare_out("rope", out, TENSOR_F32, x->ndim, x->shape, &made, false)))
        return st;
    struct tensor *o = *out;
    int64_t total = tensor_numel(x);
    enum jit_kernel kernel = mode == TENSOR_ROPE_INTERLEAVED ? JIT_K_ROPE_INTERLEAVED : JIT_K_ROPE_HALF;
    row_fn fn = 0;
    const float *table = 0;
    int32_t pos0 = 0;
    if (total)
        memcpy(&pos0, positions->data, 4);
    if (total && x->strides[d_dim] == 4 && o->strides[d_dim] == 4 && n_rot < (1 << 24) &&
        jit_select(JIT_OP_ROPE, hash_mix(hash_mix((uint64_t)D, (uint64_t)(total / D)), (uint64_t)n_rot * 2 + mode),
                   (uint64_t)total * 4) &&
        jit_available(kernel) && (table = rope_table_cached(n_rot, pos0, base, mode == TENSOR_ROPE_INTERLEAVED))) {
        int64_t values[JIT_H_TOTAL] = {0};
        values[JIT_H_ROT] = n_rot;
        fn = (row_fn)jit_kernel(kernel, values);
    }
    if (fn) {
        /* cos/sin once per position (not per head), in the layout the stencil takes */
        int64_t idx[TENSOR_MAX_DIMS] = {0};
        int64_t table_for = -1;
        do {
            if (idx[t_dim] != table_for) {
                int32_t pos;
                memcpy(&pos, positions->data + idx[t_dim] * positions->strides[0], 4);
                table = rope_table_cached(n_rot, pos, base, mode == TENSOR_ROPE_INTERLEAVED);
                table_for = idx[t_dim];
            }
            float *xr = fat(x, idx), *orow = fat(o, idx);
            fn(xr, table, orow, 0);
            if (orow != xr)
                for (int64_t i = n_rot; i < D; i++)
                    orow[i] = xr[i];
        } while (next_index(x->ndim, x->shape, d_dim, idx));
    } else if (total) {
        int64_t idx[TENSOR_MAX_DIMS] = {0};
        do {
            int32_t pos;
            memcpy(&pos, positions->data + idx[t_dim] * positions->strides[0], 4);
            ref_rope(D, n_rot, fat(x, idx), x->strides[d_dim] / 4, fat(o, idx), o->strides[d_dim] / 4, pos, base, mode);
        } while (next_index(x->ndim, x->shape, d_dim, idx));
    }
    jit_ran(JIT_OP_ROPE, fn ? jit_simd_tier() : 0);
    return TENSOR_OK;
}

int tensor_embedding(struct tensor **out, const struct tensor *table, const struct tensor *ids)
{
    int st = need_input("embedding", table, "the table");
    if (st || (st = need_input("embedding", ids, "the ids")))
        return st;
    if (table->ndim != 2)
        return tensor_fail(TENSOR_ESHAPE, "embedding: the table must be (rows, size)");
    if (ids->dtype != TENSOR_I32)
        return tensor_fail(TENSOR_EDTYPE, "embedding: ids must be i32, not %s", dtype_name(ids->dtype));
    if (ids->ndim + 1 > TENSOR_MAX_DIMS)
        return tensor_fail(TENSOR_ESHAPE, "embedding: too many dimensions");
    int64_t V = table->shape[0], D = table->shape[1], n = tensor_numel(ids);
    int64_t idx[TENSOR_MAX_DIMS] = {0};
    if (n) {
        do {
            int32_t id;
            memcpy(&id, at(ids, idx), 4);
            if (id < 0 || id >= V)
                return tensor_fail(TENSOR_EINVAL, "embedding: id %d out of range for %lld rows", id, (long long)V);
        } while (next_index(ids->ndim, ids->shape, -1, idx));
    }
    int64_t shape[TENSOR_MAX_DIMS];
    memcpy(shape, ids->shape, sizeof(int64_t) * (size_t)ids->ndim);
    shape[ids->ndim] = D;
    bool made;
    if ((st = prepare_out("embedding", out, TENSOR_F32, ids->ndim + 1, shape, &made, true)))
        return st;
    float *o = (float *)(*out)->data;
    bool packed = dtype_is_block(table->dtype) || table->strides[1] == dtype_info(table->dtype)->block_bytes;
    memset(idx, 0, sizeof idx);
    if (n) {
        do {
            int32_t id;
            memcpy(&id, at(ids, idx), 4);
            const uint8_t *row = table->data + id * table->strides[0];
            if (packed) {
                dequantize_row(table->dtype, row, o, D);
            } else {
                for (int64_t j = 0; j < D; j++)
                    dequantize_row(table->dtype, row + j * table->strides[1], o + j, 1);
            }
            o += D;
        } while (next_index(ids->ndim, ids->shape, -1, idx));
    }
    jit_ran(JIT_OP_EMBEDDING, 0);
    return TENSOR_OK;
}

static int reduced_shape(const struct tensor *x, int ax, bool keep, int *ndim, int64_t *shape)
{
    int n = 0;
    for (int i = 0; i < x->ndim; i++) {
        if (i != ax)
            shape[n++] = x->shape[i];
        else if (keep)
            shape[n++] = 1;
    }
    *ndim = n;
    return TENSOR_OK;
}

/* Output index for an input index with `ax` removed (or kept as 0). */
static uint8_t *reduced_at(const struct tensor *o, const int64_t *idx, int ndim_in, int ax, bool keep)
{
    uint8_t *p = o->data;
    int j = 0;
    for (int i = 0; i < ndim_in; i++) {
        if (i == ax) {
            if (keep) j++;
            continue;
        }
        p += idx[i] * o->strides[j++];
    }
    return p;
}

int tensor_reduce(struct tensor **out, enum tensor_reduce_op op, const struct tensor *x, int axis, bool keepdims)
{
    static const char *const names[] = { "sum", "mean", "max" };
    if ((unsigned)op > TENSOR_MAX)
        return tensor_fail(TENSOR_EINVAL, "reduce: unknown op %d", (int)op);
    int st = need_f32(names[op], x, "the input"), ax;
    if (st || (st = axis_of(names[op], axis, x->ndim, &ax)))
        return st;
    if (op == TENSOR_MAX && x->shape[ax] == 0)
        return tensor_fail(TENSOR_ESHAPE, "max: zero-size axis %d has no maximum", ax);
    int ndim;
    int64_t shape[TENSOR_MAX_DIMS];
    reduced_shape(x, ax, keepdims, &ndim, shape);
    bool made;
    if ((st = prepare_out(names[op], out, TENSOR_F32, ndim, shape, &made, false)))
        return st;
    struct tensor *o = *out;
    if (tensor_numel(o)) {
        int64_t idx[TENSOR_MAX_DIMS] = {0};
        do {
            float v = ref_reduce(op, x->shape[ax], fat(x, idx), x->strides[ax] / 4);
            memcpy(reduced_at(o, idx, x->ndim, ax, keepdims), &v, 4);
        } while (next_index(x->ndim, x->shape, ax, idx));
    }
    jit_ran(JIT_OP_REDUCE, 0);
    return TENSOR_OK;
}

int tensor_argmax(struct tensor **out, const struct tensor *x, int axis)
{
    int st = need_f32("argmax", x, "the input"), ax;
    if (st || (st = axis_of("argmax", axis, x->ndim, &ax)))
        return st;
    if (x->shape[ax] == 0)
        return tensor_fail(TENSOR_ESHAPE, "argmax: zero-size axis %d", ax);
    int ndim;
    int64_t shape[TENSOR_MAX_DIMS];
    reduced_shape(x, ax, false, &ndim, shape);
    bool made;
    if ((st = prepare_out("argmax", out, TENSOR_I32, ndim, shape, &made, false)))
        return st;
    struct tensor *o = *out;
    if (tensor_numel(x)) {
        int64_t idx[TENSOR_MAX_DIMS] = {0};
        do {
            int32_t v = (int32_t)ref_argmax(x->shape[ax], fat(x, idx), x->strides[ax] / 4);
            memcpy(reduced_at(o, idx, x->ndim, ax, false), &v, 4);
        } while (next_index(x->ndim, x->shape, ax, idx));
    }
    jit_ran(JIT_OP_ARGMAX, 0);
    return TENSOR_OK;
}

int tensor_topk(struct tensor **values, struct tensor **indices, const struct tensor *x, int64_t k)
{
    int st = need_f32("topk", x, "the input");
    if (st)
        return st;
    if (x->ndim < 1)
        return tensor_fail(TENSOR_ESHAPE, "topk: needs at least one dimension");
    int ax = x->ndim - 1;
    if (k < 0 || k > x->shape[ax])
        return tensor_fail(TENSOR_EINVAL, "topk: k=%lld but the last axis has %lld", (long long)k, (long long)x->shape[ax]);
    int64_t shape[TENSOR_MAX_DIMS];
    memcpy(shape, x->shape, sizeof shape);
    shape[ax] = k;
    bool made_v, made_i;
    if ((st = prepare_out("topk", values, TENSOR_F32, x->ndim, shape, &made_v, true)))
        return st;
    if ((st = prepare_out("topk", indices, TENSOR_I32, x->ndim, shape, &made_i, true))) {
        drop_out(values, made_v);
        return st;
    }
    float *v = (float *)(*values)->data;
    int32_t *ix = (int32_t *)(*indices)->data;
    if (tensor_numel(x) && k) {
        int64_t idx[TENSOR_MAX_DIMS] = {0};
        do {
            ref_topk(x->shape[ax], fat(x, idx), x->strides[ax] / 4, k, v, ix);
            v += k;
            ix += k;
        } while (next_index(x->ndim, x->shape, ax, idx));
    }
    jit_ran(JIT_OP_TOPK, 0);
    return TENSOR_OK;
}

/* ---- copies --------------------------------------------------------------------- */

/* dst[...] = src[...] for two same-shape views (same dtype, or any plain
 * dtypes converted through f32). */
static void copy_convert(const struct tensor *dst, const struct tensor *src)
{
    if (tensor_numel(src) == 0)
        return;
    int last = src->ndim - 1;
    if (src->ndim == 0) {
        float v;
        dequantize_row(src->dtype, src->data, &v, 1);
        quantize_row(dst->dtype, &v, dst->data, 1);
        return;
    }
    int64_t n = src->shape[last];
    const struct dtype_info *si = dtype_info(src->dtype), *di = dtype_info(dst->dtype);
    bool src_packed = si->block_elements > 1 || src->strides[last] == si->block_bytes;
    bool dst_packed = di->block_elements > 1 || dst->strides[last] == di->block_bytes;
    float stack[256];
    float *row = n <= 256 ? stack : kmalloc((size_t)n * 4);
    int64_t idx[TENSOR_MAX_DIMS] = {0};
    do {
        const uint8_t *s = at(src, idx);
        uint8_t *d = at(dst, idx);
        if (src->dtype == dst->dtype && src_packed && dst_packed) {
            memmove(d, s, dtype_bytes(src->dtype, n));
            continue;
        }
        if (row) {
            if (src_packed)
                dequantize_row(src->dtype, s, row, n);
            else
                for (int64_t j = 0; j < n; j++)
                    dequantize_row(src->dtype, s + j * src->strides[last], row + j, 1);
            if (dst_packed)
                quantize_row(dst->dtype, row, d, n);
            else
                for (int64_t j = 0; j < n; j++)
                    quantize_row(dst->dtype, row + j, d + j * dst->strides[last], 1);
        } else {                        /* no memory for a row: element by element (plain dtypes) */
            for (int64_t j = 0; j < n; j++) {
                float v;
                dequantize_row(src->dtype, s + j * src->strides[last], &v, 1);
                quantize_row(dst->dtype, &v, d + j * dst->strides[last], 1);
            }
        }
    } while (next_index(src->ndim, src->shape, last, idx));
    if (row != stack)
        kfree(row);
}

int tensor_convert(struct tensor **out, const struct tensor *x, enum tensor_dtype dtype)
{
    int st = need_input("convert", x, "the input");
    if (st)
        return st;
    if (!dtype_valid(dtype))
        return tensor_fail(TENSOR_EDTYPE, "convert: unknown dtype %d", (int)dtype);
    if (x->dtype != dtype && !quantize_supported(dtype))
        return tensor_fail(TENSOR_EDTYPE, "convert: cannot quantize to %s here (only Q8_0, Q8_1, Q8_K, Q4_0, Q4_1, Q5_0, Q5_1)",
                           dtype_name(dtype));
    const struct dtype_info *di = dtype_info(dtype);
    if (di->block_elements > 1 && (x->ndim == 0 || x->shape[x->ndim - 1] % di->block_elements))
        return tensor_fail(TENSOR_ESHAPE, "convert: %s needs a last dimension that is a multiple of %u",
                           di->name, di->block_elements);
    if (dtype_is_block(x->dtype) && dtype_is_block(dtype) && x->dtype != dtype && x->shape[x->ndim - 1] > 4096 * 64)
        return tensor_fail(TENSOR_EINVAL, "convert: rows too long");
    bool made;
    if ((st = prepare_out("convert", out, dtype, x->ndim, x->shape, &made, false)))
        return st;
    copy_convert(*out, x);
    jit_ran(dtype_is_block(dtype) ? JIT_OP_QUANTIZE : JIT_OP_CONVERT, 0);
    return TENSOR_OK;
}

int tensor_concat(struct tensor **out, const struct tensor *const *parts, int count, int axis)
{
    if (count <= 0 || !parts || !parts[0])
        return tensor_fail(TENSOR_EINVAL, "concat: nothing to concatenate");
    const struct tensor *first = parts[0];
    int ax, st;
    if ((st = axis_of("concat", axis, first->ndim, &ax)))
        return st;
    int64_t shape[TENSOR_MAX_DIMS];
    memcpy(shape, first->shape, sizeof shape);
    shape[ax] = 0;
    for (int p = 0; p < count; p++) {
        const struct tensor *t = parts[p];
        if (!t)
            return tensor_fail(TENSOR_EINVAL, "concat: part %d is missing", p);
        if (t->dtype != first->dtype)
            return tensor_fail(TENSOR_EDTYPE, "concat: part %d is %s, part 0 is %s", p, dtype_name(t->dtype),
                               dtype_name(first->dtype));
        if (t->ndim != first->ndim)
            return tensor_fail(TENSOR_ESHAPE, "concat: part %d has %d dimensions, part 0 has %d", p, t->ndim, first->ndim);
        for (int i = 0; i < t->ndim; i++)
            if (i != ax && t->shape[i] != first->shape[i])
                return tensor_fail(TENSOR_ESHAPE, "concat: part %d differs from part 0 in dimension %d", p, i);
        shape[ax] += t->shape[ax];
    }
    if (dtype_is_block(first->dtype) && ax == first->ndim - 1)
        return tensor_fail(TENSOR_EDTYPE, "concat: %s rows cannot be joined along their packed last axis",
                           dtype_name(first->dtype));
    bool made;
    if ((st = prepare_out("concat", out, first->dtype, first->ndim, shape, &made, false)))
        return st;
    int64_t offset = 0;
    for (int p = 0; p < count; p++) {
        struct tensor view = **out;
        view.shape[ax] = parts[p]->shape[ax];
        view.data += offset * view.strides[ax];
        copy_convert(&view, parts[p]);
        offset += parts[p]->shape[ax];
    }
    jit_ran(JIT_OP_CONCAT, 0);
    return TENSOR_OK;
}

/* ---- matmul and linear ---------------------------------------------------------- */

#define HALF_SGEMM_ROWS 16

/* The float layout halves_to_floats gives a rows x cols matrix of element
 * strides (rs, cs): the order the halves lie in memory (a transposed view
 * stays transposed), packed. */
static void floats_layout(int64_t rows, int64_t cols, int64_t rs, int64_t cs, int64_t *frs, int64_t *fcs)
{
    bool by_columns = (cs < 0 ? -cs : cs) > (rs < 0 ? -rs : rs);
    *frs = by_columns ? 1 : cols;
    *fcs = by_columns ? rows : 1;
}

static void halves_to_floats(const uint16_t *src, int64_t rows, int64_t cols, int64_t rs, int64_t cs, float *dst,
                             int64_t *frs, int64_t *fcs)
{
    floats_layout(rows, cols, rs, cs, frs, fcs);
    if (*frs == 1) {
        for (int64_t j = 0; j < cols; j++)
            for (int64_t i = 0; i < rows; i++)
                dst[j * rows + i] = f16_to_f32_inline(src[i * rs + j * cs]);
    } else {
        for (int64_t i = 0; i < rows; i++)
            for (int64_t j = 0; j < cols; j++)
                dst[i * cols + j] = f16_to_f32_inline(src[i * rs + j * cs]);
    }
}

int tensor_matmul(struct tensor **out, const struct tensor *a_in, const struct tensor *b_in)
{
    /* f16 @ f16 (an f16 KV cache): each product of two halves is exact in
     * f32 and the sums are f32, as ggml's; tier 0 (hgemm_ref) reads the
     * halves where they are, so attention over the cache copies nothing. */
    bool half = a_in && b_in && a_in->dtype == TENSOR_F16 && b_in->dtype == TENSOR_F16;
    if (a_in && b_in && !half && (a_in->dtype == TENSOR_F16 || b_in->dtype == TENSOR_F16) &&
        (a_in->dtype == TENSOR_F32 || b_in->dtype == TENSOR_F32))
        return tensor_fail(TENSOR_EDTYPE, "matmul: %s @ %s: the operands are both f32 or both f16 (convert one)",
                           dtype_name(a_in->dtype), dtype_name(b_in->dtype));
    int st = half ? need_input("matmul", a_in, "the first operand") : need_f32("matmul", a_in, "the first operand");
    if (!st)
        st = half ? need_input("matmul", b_in, "the second operand") : need_f32("matmul", b_in, "the second operand");
    if (st) {
        if (b_in && dtype_is_block(b_in->dtype))
            return tensor_fail(TENSOR_EDTYPE, "matmul: %s weights go through linear (x @ w^T)", dtype_name(b_in->dtype));
        return st;
    }
    if (a_in->ndim == 0 || b_in->ndim == 0)
        return tensor_fail(TENSOR_ESHAPE, "matmul: operands need at least one dimension");
    /* numpy: 1-D a is (1, K), 1-D b is (K, 1); the added dims are dropped. */
    struct tensor a = *a_in, b = *b_in;
    bool drop_m = false, drop_n = false;
    if (a.ndim == 1) {
        a.ndim = 2; a.shape[1] = a.shape[0]; a.strides[1] = a.strides[0]; a.shape[0] = 1; a.strides[0] = 0;
        drop_m = true;
    }
    if (b.ndim == 1) {
        b.ndim = 2; b.shape[1] = 1; b.strides[1] = 0;
        drop_n = true;
    }
    int64_t M = a.shape[a.ndim - 2], K = a.shape[a.ndim - 1], N = b.shape[b.ndim - 1];
    if (b.shape[b.ndim - 2] != K) {
        char x[96], y[96];
        return tensor_fail(TENSOR_ESHAPE, "matmul: %s @ %s: inner dimensions %lld and %lld differ",
                           tensor_describe(a_in, x, sizeof x), tensor_describe(b_in, y, sizeof y), (long long)K,
                           (long long)b.shape[b.ndim - 2]);
    }
    /* batch dims broadcast */
    struct tensor ab = a, bb = b;
    ab.ndim -= 2;
    bb.ndim -= 2;
    int bnd;
    int64_t bshape[TENSOR_MAX_DIMS];
    if ((st = tensor_broadcast_shape("matmul", &ab, &bb, &bnd, bshape)))
        return st;
    if (bnd + 2 > TENSOR_MAX_DIMS)
        return tensor_fail(TENSOR_ESHAPE, "matmul: too many dimensions");
    int64_t a_bs[TENSOR_MAX_DIMS], b_bs[TENSOR_MAX_DIMS];
    broadcast_strides(&ab, bnd, bshape, a_bs);
    broadcast_strides(&bb, bnd, bshape, b_bs);
    int64_t oshape[TENSOR_MAX_DIMS];
    int ond = 0;
    for (int i = 0; i < bnd; i++)
        oshape[ond++] = bshape[i];
    if (!drop_m) oshape[ond++] = M;
    if (!drop_n) oshape[ond++] = N;
    bool made;
    if ((st = prepare_out("matmul", out, TENSOR_F32, ond, oshape, &made, true)))
        return st;
    float *c = (float *)(*out)->data;
    int64_t batches = 1;
    for (int i = 0; i < bnd; i++)
        batches *= bshape[i];
    uint64_t work = (uint64_t)M * (uint64_t)N * (uint64_t)K;
    /* Halves with many rows (a prompt's attention): converted to floats,
     * B once per distinct batch, and multiplied by sgemm (the JIT's
     * stencils); few rows (decode): hgemm_ref reads them in place. */
    bool half_sgemm = half && M >= HALF_SGEMM_ROWS;
    bool use_jit = (!half || half_sgemm) && jit_available(JIT_K_SGEMM) &&
                   jit_select(JIT_OP_MATMUL, hash_mix(hash_mix((uint64_t)M, (uint64_t)N), (uint64_t)K), work * (uint64_t)batches);
    float *a32 = 0, *b32 = 0;
    size_t a32_bytes = (size_t)(M * K) * 4, b32_bytes = (size_t)(K * N) * 4;
    if (half_sgemm) {
        a32 = zone_alloc(ZONE_TENSOR, a32_bytes ? a32_bytes : 4);
        b32 = zone_alloc(ZONE_TENSOR, b32_bytes ? b32_bytes : 4);
        if (!a32 || !b32) {
            zone_free(ZONE_TENSOR, a32, a32_bytes ? a32_bytes : 4);
            zone_free(ZONE_TENSOR, b32, b32_bytes ? b32_bytes : 4);
            drop_out(out, made);
            return tensor_fail(TENSOR_ENOMEM, "matmul: out of memory for f16 conversion buffers");
        }
    }
    const uint8_t *b32_of = 0;          /* which batch of B b32 holds */
    int tier = 0;
    /* One row per batch with the innermost batch dim broadcast over B
     * (decode's query heads sharing their KV head): those batches are rows
     * of one product, so the halves of B are converted once for all. */
    int64_t M_run = M, a_rs_run = a.strides[a.ndim - 2];
    if (half && M == 1 && bnd > 0 && b_bs[bnd - 1] == 0 && bshape[bnd - 1] > 1) {
        M_run = bshape[bnd - 1];
        a_rs_run = a_bs[bnd - 1];
        batches /= M_run;
        bnd--;
    }
    int64_t idx[TENSOR_MAX_DIMS] = {0};
    for (int64_t bi = 0; bi < batches; bi++) {
        const uint8_t *pa = a.data, *pb = b.data;
        for (int i = 0; i < bnd; i++) {
            pa += idx[i] * a_bs[i];
            pb += idx[i] * b_bs[i];
        }
        int r = 0;
        if (half_sgemm) {
            int64_t ars, acs, brs, bcs;
            halves_to_floats((const uint16_t *)pa, M, K, a.strides[a.ndim - 2] / 2, a.strides[a.ndim - 1] / 2, a32,
                             &ars, &acs);
            if (pb != b32_of)
                halves_to_floats((const uint16_t *)pb, K, N, b.strides[b.ndim - 2] / 2, b.strides[b.ndim - 1] / 2,
                                 b32, &brs, &bcs);
            else
                floats_layout(K, N, b.strides[b.ndim - 2] / 2, b.strides[b.ndim - 1] / 2, &brs, &bcs);
            b32_of = pb;
            r = sgemm(M, N, K, a32, ars, acs, b32, brs, bcs, c + bi * M * N, N, 0, TENSOR_ACT_NONE, use_jit);
        } else if (half)
            hgemm_ref(M_run, N, K, (const uint16_t *)pa, a_rs_run / 2, a.strides[a.ndim - 1] / 2,
                      (const uint16_t *)pb, b.strides[b.ndim - 2] / 2, b.strides[b.ndim - 1] / 2,
                      c + bi * M_run * N, N);
        else
            r = sgemm(M, N, K, (const float *)pa, a.strides[a.ndim - 2] / 4, a.strides[a.ndim - 1] / 4,
                      (const float *)pb, b.strides[b.ndim - 2] / 4, b.strides[b.ndim - 1] / 4, c + bi * M * N, N,
                      0, TENSOR_ACT_NONE, use_jit);
        if (r < 0) {
            if (half_sgemm) {
                zone_free(ZONE_TENSOR, a32, a32_bytes ? a32_bytes : 4);
                zone_free(ZONE_TENSOR, b32, b32_bytes ? b32_bytes : 4);
            }
            drop_out(out, made);
            return tensor_fail(r, "matmul: out of memory for packing buffers");
        }
        tier = r;
        for (int i = bnd - 1; i >= 0; i--) {
            if (++idx[i] < bshape[i])
                break;
            idx[i] = 0;
        }
    }
    if (half_sgemm) {
        zone_free(ZONE_TENSOR, a32, a32_bytes ? a32_bytes : 4);
        zone_free(ZONE_TENSOR, b32, b32_bytes ? b32_bytes : 4);
    }
    jit_ran(JIT_OP_MATMUL, tier);
    return TENSOR_OK;
}

int tensor_linear(struct tensor **out, const struct tensor *x, const struct tensor *w, const struct tensor *bias,
                  enum tensor_activation act)
{
    int st = need_input("linear", x, "the input");
    if (st || (st = need_input("linear", w, "the weight")))
        return st;
    if (w->ndim != 2)
        return tensor_fail(TENSOR_ESHAPE, "linear: the weight must be (out features, in features)");
    if (x->ndim < 1)
        return tensor_fail(TENSOR_ESHAPE, "linear: the input needs at least one dimension");
    if ((unsigned)act > TENSOR_ACT_SILU)
        return tensor_fail(TENSOR_EINVAL, "linear: unknown activation %d", (int)act);
    int64_t N = w->shape[0], K = w->shape[1];
    if (x->shape[x->ndim - 1] != K) {
        char a[96], b[96];
        return tensor_fail(TENSOR_ESHAPE, "linear: input %s does not fit weight %s (%lld in features)",
                           tensor_describe(x, a, sizeof a), tensor_describe(w, b, sizeof b), (long long)K);
    }
    if ((st = check_vector("linear", bias, "the bias", N)))
        return st;
    int at = quant_activation_type(w->dtype);
    bool block_weights = dtype_is_block(w->dtype);
    if (block_weights && at < 0)
        return tensor_fail(TENSOR_EDTYPE, "linear: %s weights have no dot product", dtype_name(w->dtype));
    if (x->dtype != TENSOR_F32 && !(block_weights && (int)x->dtype == at))
        return tensor_fail(TENSOR_EDTYPE, "linear: the input is %s; it takes f32%s%s", dtype_name(x->dtype),
                           block_weights ? " or " : "", block_weights ? dtype_name((enum tensor_dtype)at) : "");
    if (x->dtype == TENSOR_F32 && (st = need_f32("linear", x, "the input")))
        return st;
    int64_t shape[TENSOR_MAX_DIMS];
    memcpy(shape, x->shape, sizeof shape);
    shape[x->ndim - 1] = N;
    bool made;
    if ((st = prepare_out("linear", out, TENSOR_F32, x->ndim, shape, &made, true)))
        return st;
    /* x as M contiguous rows (a copy only for a strided view). */
    struct tensor *xc = 0;
    const struct tensor *xr = x;
    if (!tensor_is_contiguous(x)) {
        if ((st = tensor_copy(&xc, x))) {
            drop_out(out, made);
            return st;
        }
        xr = xc;
    }
    int64_t M = K ? tensor_numel(x) / K : tensor_numel(*out) / (N ? N : 1);
    float *o = (float *)(*out)->data;
    const float *bp = bias ? (const float *)bias->data : 0;
    float *bias_copy = 0;
    if (bias && bias->strides[0] != 4) {
        bias_copy = kmalloc((size_t)N * 4 + 4);
        if (!bias_copy) {
            tensor_free(xc);
            drop_out(out, made);
            return tensor_fail(TENSOR_ENOMEM, "linear: out of memory");
        }
        for (int64_t j = 0; j < N; j++)
            bias_copy[j] = *(const float *)(bias->data + j * bias->strides[0]);
        bp = bias_copy;
    }
    uint64_t work = (uint64_t)M * (uint64_t)N * (uint64_t)K;
    uint64_t key = hash_mix(hash_mix(hash_mix((uint64_t)M, (uint64_t)N), (uint64_t)K), (uint64_t)w->dtype);
    int tier = 0;
    if (block_weights) {
        bool use_jit = jit_select(JIT_OP_LINEAR, key, work);
        tier = qmatvec(M, N, K, xr->data, xr->dtype, (int64_t)dtype_bytes(xr->dtype, K), w->data, w->dtype,
                       w->strides[0], o, N, bp, act, use_jit);
    } else if (w->dtype == TENSOR_F32) {
        bool use_jit = jit_available(JIT_K_SGEMM) && jit_select(JIT_OP_LINEAR, key, work);
        tier = sgemm(M, N, K, (const float *)xr->data, K, 1, (const float *)w->data, w->strides[1] / 4,
                     w->strides[0] / 4, o, N, bp, act, use_jit);
    } else {
        /* f16, bf16, integer weights: each row converted once, dotted with every input row. */
        float *row = kmalloc((size_t)K * 4 + 4);
        if (!row) {
            tier = TENSOR_ENOMEM;
        } else {
            const float *xf = (const float *)xr->data;
            bool packed = w->strides[1] == dtype_info(w->dtype)->block_bytes;
            for (int64_t j = 0; j < N; j++) {
                const uint8_t *wr = w->data + j * w->strides[0];
                if (packed)
                    dequantize_row(w->dtype, wr, row, K);
                else
                    for (int64_t p = 0; p < K; p++)
                        dequantize_row(w->dtype, wr + p * w->strides[1], row + p, 1);
                for (int64_t i = 0; i < M; i++) {
                    float acc = 0;
                    for (int64_t p = 0; p < K; p++)
                        acc += xf[i * K + p] * row[p];
                    o[i * N + j] = acc;
                }
            }
            apply_epilogue(o, N, M, N, bp, act);
            kfree(row);
        }
    }
    kfree(bias_copy);
    tensor_free(xc);
    if (tier < 0) {
        drop_out(out, made);
        return tensor_fail(tier, "linear: out of memory");
    }
    jit_ran(JIT_OP_LINEAR, tier);
    return TENSOR_OK;
}
