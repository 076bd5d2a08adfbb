/* The native `tensor` module: a thin wrapper over the C tensor core
 * (kernel/tensor/tensor.h). The Python API is runtime/tensor/API.md; the
 * numpy implementation tests/support/numpy_tensor.py behaves the same.
 *
 * A Tensor object is a GC heap object pointing at a `struct tensor`
 * (kmalloc'd descriptor over a storage whose bytes are in the TENSOR zone,
 * or borrowed from a Python buffer for tensor.wrap). `owner` holds that
 * buffer object so the collector keeps it alive as long as any view of it.
 *
 * Freeing: the collector has no per-object finalizers and its sweep does not
 * visit objects, so this module keeps a registry (kmalloc'd, not a root) of
 * its live Tensor objects and gc.c calls a hook after marking, before the
 * sweep (gc_set_finalize_hook): every registered object that is not marked
 * is dead, and its descriptor (and the storage, when the last view goes) is
 * freed with tensor_free. The cost is one mark-bit test per live tensor per
 * collection. */
#include "vm/interp.h"
#include "vm/gc.h"
#include "arch/arch.h"
#include "lib/format.h"
#include "lib/math.h"
#include "lib/string.h"
#include "mm/heap.h"
#include "tensor/tensor.h"

extern bool type_init_dict(type_t *t);

typedef struct {
    obj_t base;
    struct tensor *t;
    value_t owner;          /* the buffer a wrapped tensor borrows, or VALUE_NULL */
    bool transposed;        /* w.T of a 2-D block-type weight: only x @ w.T and .T */
    bool pinned;            /* owner is a bytearray whose exports we hold */
} tensor_obj_t;

static type_t type_tensor;
static type_t type_tensor_iterator;

static inline bool is_tensor(value_t v) { return is_obj(v) && as_obj(v)->type == &type_tensor; }
static inline struct tensor *T(value_t v) { return ((tensor_obj_t *)v)->t; }

/* ---- the registry of live tensor objects and the finalize hook ---- */
static tensor_obj_t **live;
static size_t live_count, live_cap;

/* Bytes of fresh results (owned storage) made since the last collection.
 * The GC heap sees only the small Tensor objects, so without this the
 * activations of a long prompt (~4 MiB per layer for 120 tokens of
 * SmolLM2) piled up until the TENSOR zone filled RAM. A collection starts
 * once they pass max(FRESH_MIN, what was live after the last one): memory
 * stays within about twice the live tensors, and a collection (a few ms)
 * comes at most once per FRESH_MIN of results. */
#define FRESH_MIN ((uint64_t)16 << 20)
static uint64_t fresh_bytes, fresh_limit = FRESH_MIN;

/* Tensor objects (views included) made since the last collection. Each
 * holds a kmalloc'd descriptor (192 bytes with its heap header) that the
 * GC heap does not see (it sees a 32-byte object): over 64 decoded tokens
 * of SmolLM2 (then ~600 views a token) dead descriptors took the kernel
 * heap from 3.6 to 10.8 MiB before the GC heap asked for a collection.
 * Collecting after VIEWS_MAX of them bounds that to 0.75 MiB; SmolLM2 now
 * makes ~340 views a decoded token, so a collection (~1.7 ms with its
 * tokenizer's 12 MiB live) comes every dozen tokens, ~1% of decode time. */
#define VIEWS_MAX 4096u
static uint32_t views_made;

static void tensor_finalize(void)
{
    size_t j = 0;
    for (size_t i = 0; i < live_count; i++) {
        tensor_obj_t *o = live[i];
        if (gc_is_marked(o)) {
            live[j++] = o;
            continue;
        }
        tensor_free(o->t);
        o->t = 0;
        /* The owner may be dying too, but nothing is swept yet. */
        if (o->pinned && ((bytearray_obj_t *)o->owner)->exports > 0)
            ((bytearray_obj_t *)o->owner)->exports--;
    }
    live_count = j;
    /* what the survivors own (shared storage counted once per view: an
     * over-estimate that only makes the next collection later) */
    uint64_t live_bytes = 0;
    for (size_t i = 0; i < live_count; i++) {
        struct tensor_storage *st = live[i]->t ? live[i]->t->storage : 0;
        if (st && st->owned && st->refs == 1)
            live_bytes += st->bytes;
    }
    fresh_bytes = 0;
    fresh_limit = live_bytes > FRESH_MIN ? live_bytes : FRESH_MIN;
    views_made = 0;
}

static bool registry_add(tensor_obj_t *o)
{
    if (live_count == live_cap) {
        size_t cap = live_cap ? live_cap * 2 : 256;
        tensor_obj_t **n = krealloc(live, cap * sizeof *n);
        if (!n)
            return false;
        live = n;
        live_cap = cap;
    }
    live[live_count++] = o;
    return true;
}

/* Wraps a struct tensor (taken over: freed on failure). */
static value_t wrap_tensor(struct tensor *t, value_t owner)
{
    tensor_obj_t *o = gc_alloc(sizeof *o, 0);
    if (!o) {
        tensor_free(t);
        return VALUE_NULL;
    }
    if (!registry_add(o)) {
        tensor_free(t);
        return vm_raise_memory_error();
    }
    o->base.type = &type_tensor;
    o->t = t;
    o->owner = owner;
    struct tensor_storage *st = t->storage;
    if (st && st->owned && st->refs == 1) {         /* a fresh result, not a view */
        fresh_bytes += st->bytes;
        if (fresh_bytes > fresh_limit) {
            gc_collect();                           /* `o` is on this C stack: a root */
            return obj_value(o);
        }
    }
    if (++views_made > VIEWS_MAX)
        gc_collect();
    return obj_value(o);
}

/* A view of `src` (keeps src's owner alive). */
static value_t view_of(value_t src, struct tensor *t) { return wrap_tensor(t, ((tensor_obj_t *)src)->owner); }

static value_t fail(int st)
{
    const type_t *type = &type_ValueError;
    if (st == TENSOR_EDTYPE)
        type = &type_TypeError;
    else if (st == TENSOR_ENOMEM)
        type = &type_MemoryError;
    return vm_raise_type(type, "%s", tensor_error());
}

/* Runs a core call; when the TENSOR zone is full, collects garbage (dead
 * tensors give their storage back in the finalize hook) and tries once more.
 * A failed call allocated nothing and wrote nothing, so the retry is safe. */
#define CALL(expr) __extension__({ int st_ = (expr); if (st_ == TENSOR_ENOMEM) { gc_collect(); st_ = (expr); } st_; })

/* ---- small helpers ---- */
/* "(2, 3)" as Python prints a tuple */
static void shape_text(strbuf_t *b, int ndim, const int64_t *shape)
{
    strbuf_add_char(b, '(');
    for (int i = 0; i < ndim; i++)
        strbuf_printf(b, i ? ", %lld" : "%lld", (long long)shape[i]);
    strbuf_add_cstr(b, ndim == 1 ? ",)" : ")");
}

/* "f32[2,3]" as numpy_tensor's _describe */
static const char *describe(const struct tensor *t, char *buf, size_t size)
{
    size_t n = (size_t)snprintf(buf, size, "%s[", dtype_name(t->dtype));
    for (int i = 0; i < t->ndim && n < size; i++)
        n += (size_t)snprintf(buf + n, size - n, i ? ",%lld" : "%lld", (long long)t->shape[i]);
    if (n < size)
        snprintf(buf + n, size - n, "]");
    return buf;
}

static value_t shape_tuple(int ndim, const int64_t *shape)
{
    value_t t = tuple_new((size_t)ndim);
    if (!t)
        return VALUE_NULL;
    for (int i = 0; i < ndim; i++)
        as_tuple(t)->items[i] = int_from_i64(shape[i]);
    return t;
}

static bool is_plain_int(value_t v) { return is_int(v) && type_of(v) != &type_bool; }
static bool is_number(value_t v) { return (is_int(v) && type_of(v) != &type_bool) || is_float(v); }

static int parse_dtype(value_t v, const char *op)
{
    int d = is_str(v) ? dtype_from_name(str_data(v)) : -1;
    if (d < 0) {
        strbuf_t b;
        strbuf_init(&b);
        for (int i = 0; i < TENSOR_DTYPE_COUNT; i++)
            strbuf_printf(&b, i ? ", %s" : "%s", dtype_name(i));
        strbuf_add_char(&b, 0);
        value_t r = vm_repr(v);
        vm_raise_type(&type_TypeError, "%s: unknown dtype %s (one of %s)", op, r ? str_data(r) : "?", b.data);
        strbuf_free(&b);
        return -1;
    }
    return d;
}

/* An int or a tuple/list of ints; -1 allowed when allow_infer. Returns ndim or -1. */
static int parse_shape(value_t v, const char *op, int64_t *shape, bool allow_infer)
{
    value_t *items, one = v;
    size_t n;
    if (is_plain_int(v)) {
        items = &one;
        n = 1;
    } else if (!seq_items(v, &items, &n)) {
        value_t tup = tuple_from_iterable(v);      /* tuple(shape), as numpy_tensor */
        if (tup)
            return parse_shape(tup, op, shape, allow_infer);
        vm_take_exception();
        vm_raise_type(&type_TypeError, "%s: a shape is an int or a tuple of ints, not %s", op, type_name_of(v));
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (!is_plain_int(items[i])) {
            value_t r = vm_repr(tuple_from_array(items, n));
            vm_raise_type(&type_TypeError, "%s: shape %s has a non-integer entry", op, r ? str_data(r) : "?");
            return -1;
        }
    }
    if (n > TENSOR_MAX_DIMS) {
        vm_raise_type(&type_ValueError, "%s: %zu dimensions, at most 8", op, n);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        int64_t s;
        if (!int_as_i64(items[i], &s))
            return -1;
        if (s < 0 && !(s == -1 && allow_infer)) {
            value_t r = vm_repr(tuple_from_array(items, n));
            vm_raise_type(&type_ValueError, "%s: negative dimension in shape %s", op, r ? str_data(r) : "?");
            return -1;
        }
        shape[i] = s;
    }
    return (int)n;
}

static struct tensor *need_tensor(value_t v, const char *op, const char *what)
{
    if (!is_tensor(v) || ((tensor_obj_t *)v)->transposed) {
        vm_raise_type(&type_TypeError, "%s: %s must be a tensor, not %s", op, what, type_name_of(v));
        return 0;
    }
    return T(v);
}

static struct tensor *need_f32(value_t v, const char *op, const char *what)
{
    struct tensor *t = need_tensor(v, op, what);
    if (t && t->dtype != TENSOR_F32) {
        vm_raise_type(&type_TypeError, "%s: %s is %s, the op takes f32 (convert it first)", op, what, dtype_name(t->dtype));
        return 0;
    }
    return t;
}

/* 0-d f32 tensor of a number */
static struct tensor *scalar_tensor(double d)
{
    struct tensor *t;
    if (tensor_new(&t, TENSOR_F32, 0, 0)) {
        fail(TENSOR_ENOMEM);
        return 0;
    }
    *(float *)t->data = (float)d;
    return t;
}

/* The tensor of an operand (a tensor or a number: *tmp gets the 0-d tensor to free). */
static struct tensor *operand(value_t v, const char *op, const char *what, struct tensor **tmp)
{
    *tmp = 0;
    if (is_tensor(v))
        return need_f32(v, op, what);
    if (is_number(v)) {
        double d;
        if (!vm_as_double(v, &d))
            return 0;
        return *tmp = scalar_tensor(d);
    }
    vm_raise_type(&type_TypeError, "%s: expected a tensor or a number, not %s", op, type_name_of(v));
    return 0;
}

/* out= : NULL (allocate) or the tensor to write */
static bool get_out(value_t v, const char *op, struct tensor **out)
{
    *out = 0;
    if (!v || v == VALUE_NONE)
        return true;
    if (!is_tensor(v) || ((tensor_obj_t *)v)->transposed) {
        vm_raise_type(&type_TypeError, "%s: out must be a tensor", op);
        return false;
    }
    *out = T(v);
    return true;
}

/* The result of an op: the out object, or a new tensor object. */
static value_t result(int st, struct tensor *r, value_t out)
{
    if (st)
        return fail(st);
    if (out && out != VALUE_NONE)
        return out;
    return wrap_tensor(r, VALUE_NULL);
}

static bool get_float(value_t v, double dflt, double *out)
{
    if (!v || v == VALUE_NONE) {
        *out = dflt;
        return true;
    }
    return vm_as_double(v, out);
}

static bool get_int(value_t v, const char *op, const char *what, int64_t *out)
{
    if (!is_plain_int(v)) {
        vm_raise_type(&type_TypeError, "%s: %s must be an int", op, what);
        return false;
    }
    return int_as_i64(v, out);
}

static bool get_axis(value_t v, const char *op, int ndim, int dflt, int *out)
{
    int64_t a;
    if (!v) {
        a = dflt;
    } else if (!get_int(v, op, "axis", &a)) {
        return false;
    }
    int64_t b = a < 0 ? a + ndim : a;
    if (b < 0 || b >= ndim) {
        vm_raise_type(&type_ValueError, "%s: axis %lld out of range for %d dimensions", op, (long long)a, ndim);
        return false;
    }
    *out = (int)b;
    return true;
}

/* ---- reading values ---- */
static int64_t read_int(const struct tensor *t, const void *p)
{
    switch (t->dtype) {
    case TENSOR_I8: return *(const int8_t *)p;
    case TENSOR_I16: { int16_t v; memcpy(&v, p, 2); return v; }
    case TENSOR_I32: { int32_t v; memcpy(&v, p, 4); return v; }
    default: return 0;
    }
}

static bool is_int_dtype(enum tensor_dtype d) { return d == TENSOR_I8 || d == TENSOR_I16 || d == TENSOR_I32; }

static value_t element_value(const struct tensor *t, const int64_t *index)
{
    if (is_int_dtype(t->dtype))
        return int_from_i64(read_int(t, tensor_at(t, index)));
    return float_new((double)tensor_get_f32(t, index));
}

/* A contiguous f32 copy of any tensor (block types dequantized). */
static struct tensor *as_f32(const struct tensor *t)
{
    struct tensor *r = 0;
    int st = CALL(tensor_convert(&r, t, TENSOR_F32));
    if (st) {
        fail(st);
        return 0;
    }
    if (!tensor_is_contiguous(r)) {
        struct tensor *c;
        st = tensor_copy(&c, r);
        tensor_free(r);
        if (st) {
            fail(st);
            return 0;
        }
        r = c;
    }
    return r;
}

/* ---- numpy's printing ---- */
enum elem_kind { KIND_F32, KIND_F16, KIND_INT };

struct printer {
    const struct tensor *t;     /* the tensor printed */
    const float *f;             /* contiguous f32 values (float kinds) */
    int64_t strides[TENSOR_MAX_DIMS];   /* element strides into f / for ints */
    enum elem_kind kind;
    bool summarize;
    /* float format */
    bool exp_format;
    int precision, pad_left, pad_right, exp_size;
    /* int format */
    int int_width;
    /* first pass statistics */
    bool any;
    double max_abs, min_abs;    /* over non-zero finite */
    bool have_nonzero;
    int fin_count, nonfin_count;
    bool neg_inf;
    int64_t imax, imin;
};

static float round_kind(enum elem_kind k, double v)
{
    if (k == KIND_F16)
        return f16_to_f32(f32_to_f16((float)v));
    return (float)v;
}

/* Shortest decimal digits that read back as the same value of the kind. */
static size_t shortest_digits(double x, enum elem_kind k, char *out, int *decpt)
{
    char buf[48];
    for (int n = 1; n <= 17; n++) {
        size_t len = float_digits(x, 2, n, out, 32, decpt);
        int m = snprintf(buf, sizeof buf, "0.%.*se%d", (int)len, out, *decpt);
        double back;
        if (!float_parse(buf, (size_t)m, &back))
            break;
        if (round_kind(k, back) == (float)x)
            return len;
    }
    return float_digits(x, 0, 0, out, 32, decpt);
}

/* numpy's dragon4_positional(unique, precision 8 fractional digits, trim '.') */
static void positional_parts(double x, enum elem_kind k, char *ip, char *fp)
{
    char d[40];
    int decpt = 0;
    size_t n = 0;
    char *q = ip;
    if (math_signbit(x))
        *q++ = '-';
    x = math_fabs(x);
    if (x != 0) {
        n = shortest_digits(x, k, d, &decpt);
        if ((int)n - decpt > 8)
            n = float_digits(x, 3, 8, d, 40, &decpt);
    }
    if (n == 0 || decpt <= 0) {
        *q++ = '0';
    } else {
        for (int i = 0; i < decpt; i++)
            *q++ = i < (int)n ? d[i] : '0';
    }
    *q = 0;
    q = fp;
    if (n) {
        for (int i = decpt < 0 ? decpt : 0; i < 0; i++)
            *q++ = '0';
        for (int i = decpt > 0 ? decpt : 0; i < (int)n; i++)
            *q++ = d[i];
    }
    *q = 0;
}

/* dragon4_scientific(unique, precision p): mantissa digits and exponent */
static void scientific_parts(double x, enum elem_kind k, int precision, char *ip, char *fp, int *exp)
{
    char d[40];
    int decpt = 1;
    size_t n = 0;
    char *q = ip;
    if (math_signbit(x))
        *q++ = '-';
    x = math_fabs(x);
    if (x != 0) {
        n = shortest_digits(x, k, d, &decpt);
        if ((int)n - 1 > precision)
            n = float_digits(x, 2, precision + 1, d, 40, &decpt);
    }
    *q++ = n ? d[0] : '0';
    *q = 0;
    q = fp;
    for (size_t i = 1; i < n; i++)
        *q++ = d[i];
    *q = 0;
    *exp = n ? decpt - 1 : 0;
}

static int exp_len(int e)
{
    int a = e < 0 ? -e : e, len = 1;
    while (a >= 10) {
        a /= 10;
        len++;
    }
    return len < 2 ? 2 : len;
}

static void print_float(struct printer *p, double x, strbuf_t *b)
{
    char ip[48], fp[48];
    if (math_isnan(x) || math_isinf(x)) {
        const char *s = math_isnan(x) ? "nan" : x < 0 ? "-inf" : "inf";
        int width = p->pad_left + p->pad_right + 1 - (int)strlen(s);
        for (int i = 0; i < width; i++)
            strbuf_add_char(b, ' ');
        strbuf_add_cstr(b, s);
        return;
    }
    if (p->exp_format) {
        int e;
        scientific_parts(x, p->kind, p->precision, ip, fp, &e);
        for (int i = (int)strlen(ip); i < p->pad_left; i++)
            strbuf_add_char(b, ' ');
        strbuf_add_cstr(b, ip);
        strbuf_add_char(b, '.');
        strbuf_add_cstr(b, fp);
        for (int i = (int)strlen(fp); i < p->precision; i++)
            strbuf_add_char(b, '0');
        strbuf_printf(b, "e%c", e < 0 ? '-' : '+');
        char eb[16];
        int el = snprintf(eb, sizeof eb, "%d", e < 0 ? -e : e);
        for (int i = el; i < p->exp_size; i++)
            strbuf_add_char(b, '0');
        strbuf_add_cstr(b, eb);
        return;
    }
    positional_parts(x, p->kind, ip, fp);
    for (int i = (int)strlen(ip); i < p->pad_left; i++)
        strbuf_add_char(b, ' ');
    strbuf_add_cstr(b, ip);
    strbuf_add_char(b, '.');
    strbuf_add_cstr(b, fp);
    for (int i = (int)strlen(fp); i < p->pad_right; i++)
        strbuf_add_char(b, ' ');
}

static double elem_double(struct printer *p, const int64_t *index)
{
    int64_t off = 0;
    for (int i = 0; i < p->t->ndim; i++)
        off += index[i] * p->strides[i];
    return (double)p->f[off];
}

static int64_t elem_int(struct printer *p, const int64_t *index)
{
    return read_int(p->t, tensor_at(p->t, index));
}

/* Pass 1 (b == NULL): statistics over the printed elements. */
static void visit_stats(struct printer *p, const int64_t *index)
{
    if (p->kind == KIND_INT) {
        int64_t v = elem_int(p, index);
        if (!p->any || v > p->imax) p->imax = v;
        if (!p->any || v < p->imin) p->imin = v;
        p->any = true;
        return;
    }
    double x = elem_double(p, index);
    p->any = true;
    if (math_isnan(x) || math_isinf(x)) {
        p->nonfin_count++;
        if (math_isinf(x) && x < 0)
            p->neg_inf = true;
        return;
    }
    p->fin_count++;
    double a = math_fabs(x);
    if (a != 0) {
        if (!p->have_nonzero || a > p->max_abs) p->max_abs = a;
        if (!p->have_nonzero || a < p->min_abs) p->min_abs = a;
        p->have_nonzero = true;
    }
}

static void visit_widths(struct printer *p, const int64_t *index)
{
    if (p->kind == KIND_INT)
        return;
    double x = elem_double(p, index);
    if (math_isnan(x) || math_isinf(x))
        return;
    char ip[48], fp[48];
    int l;
    if (p->exp_format) {
        int e;
        scientific_parts(x, p->kind, 8, ip, fp, &e);
        if ((l = (int)strlen(fp)) > p->precision) p->precision = l;
        if ((l = exp_len(e)) > p->exp_size) p->exp_size = l;
    } else {
        positional_parts(x, p->kind, ip, fp);
        if ((l = (int)strlen(fp)) > p->pad_right) p->pad_right = l;
    }
    if ((l = (int)strlen(ip)) > p->pad_left) p->pad_left = l;
}

static void format_elem(struct printer *p, const int64_t *index, strbuf_t *b)
{
    if (p->kind == KIND_INT) {
        char buf[32];
        int n = snprintf(buf, sizeof buf, "%lld", (long long)elem_int(p, index));
        for (int i = n; i < p->int_width; i++)
            strbuf_add_char(b, ' ');
        strbuf_add_cstr(b, buf);
    } else {
        print_float(p, elem_double(p, index), b);
    }
}

/* Walks the elements numpy would print (edge items when summarizing). */
static void walk(struct printer *p, int64_t *index, int axis, void (*fn)(struct printer *, const int64_t *))
{
    if (axis == p->t->ndim) {
        fn(p, index);
        return;
    }
    int64_t n = p->t->shape[axis];
    bool summary = p->summarize && n > 6;
    for (int64_t i = 0; i < n; i++) {
        if (summary && i == 3)
            i = n - 3;
        index[axis] = i;
        walk(p, index, axis + 1, fn);
    }
}

static void extend_line(strbuf_t *s, strbuf_t *line, const char *word, size_t wlen, int width, int prefix_len)
{
    bool wrap = (int)(line->len + wlen) > width;
    if ((int)line->len <= prefix_len)
        wrap = false;
    if (wrap) {
        size_t l = line->len;
        while (l && line->data[l - 1] == ' ')
            l--;
        strbuf_add(s, line->data, l);
        strbuf_add_char(s, '\n');
        line->len = 0;
        for (int i = 0; i < prefix_len; i++)
            strbuf_add_char(line, ' ');
    }
    strbuf_add(line, word, wlen);
}

/* numpy's _formatArray */
static void recurse(struct printer *p, int64_t *index, int axis, int hang, int width, const char *sep, strbuf_t *out)
{
    int nd = p->t->ndim;
    int axes_left = nd - axis;
    if (axes_left == 0) {
        format_elem(p, index, out);
        return;
    }
    int next_width = width - 1;
    int64_t n = p->t->shape[axis];
    bool summary = p->summarize && n > 6;
    int64_t lead = summary ? 3 : 0, trail = summary ? 3 : n;
    strbuf_t s;
    strbuf_init(&s);
    size_t seplen = strlen(sep);
    size_t sep_rstrip = seplen;
    while (sep_rstrip && sep[sep_rstrip - 1] == ' ')
        sep_rstrip--;
    if (axes_left == 1) {
        int elem_width = width - (int)(sep_rstrip > 1 ? sep_rstrip : 1);
        strbuf_t line;
        strbuf_init(&line);
        for (int i = 0; i < hang; i++)
            strbuf_add_char(&line, ' ');
        strbuf_t w;
        for (int64_t i = 0; i < lead; i++) {
            index[axis] = i;
            strbuf_init(&w);
            recurse(p, index, axis + 1, hang + 1, next_width, sep, &w);
            extend_line(&s, &line, w.data ? w.data : "", w.len, elem_width, hang);
            strbuf_free(&w);
            strbuf_add(&line, sep, seplen);
        }
        if (summary) {
            extend_line(&s, &line, "...", 3, elem_width, hang);
            strbuf_add(&line, sep, seplen);
        }
        for (int64_t i = trail; i >= 1; i--) {
            index[axis] = n - i;
            strbuf_init(&w);
            recurse(p, index, axis + 1, hang + 1, next_width, sep, &w);
            extend_line(&s, &line, w.data ? w.data : "", w.len, elem_width, hang);
            strbuf_free(&w);
            if (i > 1)
                strbuf_add(&line, sep, seplen);
        }
        strbuf_add(&s, line.data, line.len);
        strbuf_free(&line);
    } else {
        for (int64_t i = 0; i < lead + (summary ? 1 : 0) + trail; i++) {
            bool is_summary = summary && i == lead;
            for (int k = 0; k < hang; k++)
                strbuf_add_char(&s, ' ');
            if (is_summary) {
                strbuf_add_cstr(&s, "...");
            } else {
                index[axis] = i < lead ? i : n - (lead + (summary ? 1 : 0) + trail - i);
                recurse(p, index, axis + 1, hang + 1, next_width, sep, &s);
            }
            if (i + 1 < lead + (summary ? 1 : 0) + trail) {
                strbuf_add(&s, sep, sep_rstrip);
                for (int k = 0; k < axes_left - 1; k++)
                    strbuf_add_char(&s, '\n');
            }
        }
    }
    strbuf_add_char(out, '[');
    if (s.len > (size_t)hang)
        strbuf_add(out, s.data + hang, s.len - (size_t)hang);
    strbuf_add_char(out, ']');
    strbuf_free(&s);
}

/* np.array2string(values, separator=sep, prefix=prefix) */
static bool array_text(const struct tensor *t, const char *sep, int prefix_len, strbuf_t *out)
{
    if (tensor_numel(t) == 0) {
        strbuf_add_cstr(out, "[]");
        return true;
    }
    struct printer p;
    memset(&p, 0, sizeof p);
    p.t = t;
    struct tensor *f = 0;
    if (is_int_dtype(t->dtype)) {
        p.kind = KIND_INT;
    } else {
        p.kind = t->dtype == TENSOR_F16 ? KIND_F16 : KIND_F32;
        f = as_f32(t);
        if (!f)
            return false;
        p.f = (const float *)f->data;
        int64_t s = 1;
        for (int i = t->ndim - 1; i >= 0; i--) {
            p.strides[i] = s;
            s *= t->shape[i];
        }
    }
    p.summarize = tensor_numel(t) > 1000;
    int64_t index[TENSOR_MAX_DIMS] = {0};
    walk(&p, index, 0, visit_stats);
    if (p.kind == KIND_INT) {
        char a[32], c[32];
        int la = snprintf(a, sizeof a, "%lld", (long long)p.imax);
        int lc = snprintf(c, sizeof c, "%lld", (long long)p.imin);
        p.int_width = la > lc ? la : lc;
    } else {
        if (p.have_nonzero) {
            float mx = round_kind(p.kind, p.max_abs), mn = round_kind(p.kind, p.min_abs);
            double cutoff = p.kind == KIND_F16 ? 1e3 : 1e6;
            float ratio = round_kind(p.kind, (double)mx / (double)mn);
            if (mx >= cutoff || mn < round_kind(p.kind, 0.0001) || ratio > 1000.0f)
                p.exp_format = true;
        }
        if (p.fin_count == 0) {
            p.pad_left = p.pad_right = 0;
            p.exp_format = false;
        } else {
            walk(&p, index, 0, visit_widths);
            if (p.exp_format)
                p.pad_right = p.exp_size + 2 + p.precision;
        }
        if (p.nonfin_count) {
            int offset = p.pad_right + 1;
            int need = 3 - offset, need_inf = 3 + (p.neg_inf ? 1 : 0) - offset;
            if (need > p.pad_left) p.pad_left = need;
            if (need_inf > p.pad_left) p.pad_left = need_inf;
        }
    }
    recurse(&p, index, 0, prefix_len + 1, 75, sep, out);
    tensor_free(f);
    return true;
}

static value_t tensor_text(value_t self, bool repr)
{
    tensor_obj_t *o = (tensor_obj_t *)self;
    struct tensor *t = o->t;
    strbuf_t b;
    strbuf_init(&b);
    if (dtype_is_block(t->dtype)) {
        strbuf_printf(&b, "tensor(<%s blocks>, shape=", dtype_name(t->dtype));
        shape_text(&b, t->ndim, t->shape);
        strbuf_printf(&b, ", dtype=%s)", dtype_name(t->dtype));
        if (o->transposed)
            strbuf_add_cstr(&b, ".T");
        return strbuf_finish(&b);
    }
    if (repr)
        strbuf_add_cstr(&b, "tensor(");
    if (!array_text(t, repr ? ", " : " ", repr ? 7 : 0, &b)) {
        strbuf_free(&b);
        return VALUE_NULL;
    }
    if (repr) {
        if (t->dtype != TENSOR_F32)
            strbuf_printf(&b, ", dtype=%s", dtype_name(t->dtype));
        strbuf_add_char(&b, ')');
    }
    return strbuf_finish(&b);
}

static value_t tensor_repr(value_t self) { return tensor_text(self, true); }
static value_t tensor_str(value_t self) { return tensor_text(self, false); }

/* ---- tolist / item ---- */
static value_t tolist_rec(const struct tensor *t, const float *f, int64_t *index, int axis, int64_t *flat)
{
    if (axis == t->ndim) {
        if (f)
            return float_new((double)f[(*flat)++]);
        return int_from_i64(read_int(t, tensor_at(t, index)));
    }
    value_t l = list_new((size_t)t->shape[axis]);
    if (!l)
        return VALUE_NULL;
    for (int64_t i = 0; i < t->shape[axis]; i++) {
        index[axis] = i;
        value_t v = tolist_rec(t, f, index, axis + 1, flat);
        if (!v)
            return VALUE_NULL;
        as_list(l)->items[i] = v;
    }
    return l;
}

static value_t do_tolist(const struct tensor *t)
{
    int64_t index[TENSOR_MAX_DIMS] = {0}, flat = 0;
    if (is_int_dtype(t->dtype))
        return tolist_rec(t, 0, index, 0, &flat);
    struct tensor *f = as_f32(t);
    if (!f)
        return VALUE_NULL;
    value_t r = tolist_rec(t, (const float *)f->data, index, 0, &flat);
    tensor_free(f);
    return r;
}

#define SELF(name, lo, hi)                              \
    if (!arg_check(name, nargs, kwnames, lo, hi))       \
        return VALUE_NULL;                              \
    tensor_obj_t *self = (tensor_obj_t *)args[0];       \
    struct tensor *t = self->t;                         \
    (void)t;

static value_t m_tolist(const value_t *args, size_t nargs, value_t kwnames)
{
    SELF("tolist", 1, 1);
    return do_tolist(t);
}

static value_t do_item(const struct tensor *t)
{
    int64_t n = tensor_numel(t);
    if (n != 1)
        return vm_raise_type(&type_ValueError, "item: the tensor has %lld elements, not 1", (long long)n);
    int64_t index[TENSOR_MAX_DIMS] = {0};
    if (dtype_is_block(t->dtype)) {
        struct tensor *f = as_f32(t);
        if (!f)
            return VALUE_NULL;
        value_t r = float_new(*(float *)f->data);
        tensor_free(f);
        return r;
    }
    return element_value(t, index);
}

static value_t m_item(const value_t *args, size_t nargs, value_t kwnames)
{
    SELF("item", 1, 1);
    return do_item(t);
}

static value_t m_float(const value_t *args, size_t nargs, value_t kwnames)
{
    SELF("__float__", 1, 1);
    value_t v = do_item(t);
    if (!v || is_float(v))
        return v;
    return float_new((double)read_int(t, t->data));
}

static value_t m_int(const value_t *args, size_t nargs, value_t kwnames)
{
    SELF("__int__", 1, 1);
    value_t v = do_item(t);
    if (!v || !is_float(v))
        return v;
    double d = float_value(v);
    if (math_isnan(d) || math_isinf(d))
        return vm_raise_type(&type_ValueError, "cannot convert float %s to integer", math_isnan(d) ? "NaN" : "infinity");
    return int_from_double(d);
}

static value_t m_index(const value_t *args, size_t nargs, value_t kwnames)
{
    SELF("__index__", 1, 1);
    if (!is_int_dtype(t->dtype))
        return vm_raise_type(&type_TypeError, "only integer tensors can be used as an index, not %s", dtype_name(t->dtype));
    return do_item(t);
}

static value_t m_tobytes(const value_t *args, size_t nargs, value_t kwnames)
{
    SELF("tobytes", 1, 1);
    if (tensor_is_contiguous(t))
        return bytes_new(t->data, dtype_bytes(t->dtype, tensor_numel(t)));
    struct tensor *c;
    int st = tensor_copy(&c, t);
    if (st)
        return fail(st);
    value_t r = bytes_new(c->data, dtype_bytes(c->dtype, tensor_numel(c)));
    tensor_free(c);
    return r;
}

static value_t m_numel(const value_t *args, size_t nargs, value_t kwnames)
{
    SELF("numel", 1, 1);
    return int_from_i64(tensor_numel(t));
}

static value_t m_is_contiguous(const value_t *args, size_t nargs, value_t kwnames)
{
    SELF("is_contiguous", 1, 1);
    return bool_value(tensor_is_contiguous(t));
}

/* ---- views ---- */
/* reshape(*shape) / permute(*order): one sequence or several ints */
static int varargs_shape(const value_t *args, size_t nargs, const char *op, int64_t *shape, bool infer)
{
    if (nargs == 2 && !is_plain_int(args[1]))
        return parse_shape(args[1], op, shape, infer);
    value_t tup = tuple_from_array(args + 1, nargs - 1);
    if (!tup)
        return -1;
    return parse_shape(tup, op, shape, infer);
}

static value_t m_reshape(const value_t *args, size_t nargs, value_t kwnames)
{
    SELF("reshape", 1, 9);
    int64_t shape[TENSOR_MAX_DIMS];
    int nd = varargs_shape(args, nargs, "reshape", shape, true);
    if (nd < 0)
        return VALUE_NULL;
    int64_t n = tensor_numel(t), known = 1;
    int infer = 0;
    for (int i = 0; i < nd; i++) {
        if (shape[i] == -1)
            infer++;
        else
            known *= shape[i];
    }
    strbuf_t b;
    char d[128];
    if (infer > 1)
        return vm_raise_type(&type_ValueError, "reshape: only one dimension can be -1");
    if (infer && (known == 0 || n % known)) {
        strbuf_init(&b);
        shape_text(&b, nd, shape);
        strbuf_add_char(&b, 0);
        vm_raise_type(&type_ValueError, "reshape: cannot infer -1 for %lld elements into %s", (long long)n, b.data);
        strbuf_free(&b);
        return VALUE_NULL;
    }
    if (!infer && known != n) {
        strbuf_init(&b);
        shape_text(&b, nd, shape);
        strbuf_add_char(&b, 0);
        vm_raise_type(&type_ValueError, "reshape: %s has %lld elements, shape %s has %lld", describe(t, d, sizeof d),
                      (long long)n, b.data, (long long)known);
        strbuf_free(&b);
        return VALUE_NULL;
    }
    struct tensor *r;
    int st = tensor_reshape(&r, t, nd, shape);
    if (st)
        return fail(st);
    return view_of(args[0], r);
}

static value_t m_permute(const value_t *args, size_t nargs, value_t kwnames)
{
    SELF("permute", 1, 9);
    int64_t order64[TENSOR_MAX_DIMS];
    int nd = varargs_shape(args, nargs, "permute", order64, true);
    if (nd < 0)
        return VALUE_NULL;
    int order[TENSOR_MAX_DIMS];
    bool seen[TENSOR_MAX_DIMS] = {0};
    bool ok = nd == t->ndim;
    for (int i = 0; i < nd; i++) {
        int64_t a = order64[i] < 0 ? order64[i] + t->ndim : order64[i];
        if (a < 0 || a >= t->ndim)
            return vm_raise_type(&type_ValueError, "permute: axis %lld out of range for %d dimensions",
                                 (long long)order64[i], t->ndim);
        if (seen[a])
            ok = false;
        seen[a] = true;
        order[i] = (int)a;
    }
    if (!ok) {
        strbuf_t b;
        strbuf_init(&b);
        int64_t o[TENSOR_MAX_DIMS];
        for (int i = 0; i < nd; i++)
            o[i] = order[i];
        shape_text(&b, nd, o);
        strbuf_add_char(&b, 0);
        vm_raise_type(&type_ValueError, "permute: %s is not an order of %d dimensions", b.data, t->ndim);
        strbuf_free(&b);
        return VALUE_NULL;
    }
    struct tensor *r;
    int st = tensor_permute(&r, t, order);
    if (st)
        return fail(st);
    return view_of(args[0], r);
}

static value_t m_transpose(const value_t *args, size_t nargs, value_t kwnames)
{
    static const char *const names[] = {"self", "dim0", "dim1"};
    value_t v[3];
    if (!arg_parse("transpose", args, nargs, kwnames, 3, names, v, 1))
        return VALUE_NULL;
    struct tensor *t = T(args[0]);
    int a, b;
    if (!get_axis(v[1], "transpose", t->ndim, -2, &a) || !get_axis(v[2], "transpose", t->ndim, -1, &b))
        return VALUE_NULL;
    int order[TENSOR_MAX_DIMS];
    for (int i = 0; i < t->ndim; i++)
        order[i] = i;
    order[a] = b;
    order[b] = a;
    struct tensor *r;
    int st = tensor_permute(&r, t, order);
    if (st)
        return fail(st);
    return view_of(args[0], r);
}

static value_t m_broadcast_to(const value_t *args, size_t nargs, value_t kwnames)
{
    SELF("broadcast_to", 2, 2);
    int64_t shape[TENSOR_MAX_DIMS];
    int nd = parse_shape(args[1], "broadcast_to", shape, false);
    if (nd < 0)
        return VALUE_NULL;
    if (dtype_is_block(t->dtype))
        return vm_raise_type(&type_TypeError, "broadcast_to: not for block type %s", dtype_name(t->dtype));
    struct tensor *r;
    int st = tensor_broadcast_to(&r, t, nd, shape);
    if (st) {
        char d[128];
        strbuf_t b;
        strbuf_init(&b);
        shape_text(&b, nd, shape);
        strbuf_add_char(&b, 0);
        vm_raise_type(&type_ValueError, "broadcast_to: %s does not broadcast to %s", describe(t, d, sizeof d), b.data);
        strbuf_free(&b);
        return VALUE_NULL;
    }
    return view_of(args[0], r);
}

static value_t m_copy(const value_t *args, size_t nargs, value_t kwnames)
{
    SELF("copy", 1, 1);
    struct tensor *r;
    int st = CALL(tensor_copy(&r, t));
    return st ? fail(st) : wrap_tensor(r, VALUE_NULL);
}

static value_t m_contiguous(const value_t *args, size_t nargs, value_t kwnames)
{
    SELF("contiguous", 1, 1);
    if (tensor_is_contiguous(t))
        return args[0];
    return m_copy(args, nargs, kwnames);
}

static value_t convert_to(value_t x, value_t dtype_v, value_t out, const char *op);

static value_t m_astype(const value_t *args, size_t nargs, value_t kwnames)
{
    SELF("astype", 2, 2);
    return convert_to(args[0], args[1], VALUE_NULL, "convert");
}

/* ---- indexing ---- */
/* Applies key to t: a view in *r, *all_ints when every dim got an int. */
static bool index_view(const struct tensor *t, value_t key, struct tensor **r, bool *all_ints)
{
    value_t one = key, *items;
    size_t nk;
    if (is_obj(key) && as_obj(key)->type == &type_tuple) {
        items = as_tuple(key)->items;
        nk = as_tuple(key)->len;
    } else {
        items = &one;
        nk = 1;
    }
    int ell = 0;
    for (size_t i = 0; i < nk; i++)
        ell += items[i] == VALUE_ELLIPSIS;
    if (ell > 1) {
        vm_raise_type(&type_IndexError, "an index can only have a single ellipsis");
        return false;
    }
    int nreal = (int)nk - ell;
    if (nreal > t->ndim) {
        vm_raise_type(&type_IndexError, "too many indices for a %d-d tensor", t->ndim);
        return false;
    }
    /* per dim: kind 0 slice-all, 1 int, 2 slice */
    int kind[TENSOR_MAX_DIMS];
    int64_t start[TENSOR_MAX_DIMS], stop[TENSOR_MAX_DIMS], step[TENSOR_MAX_DIMS], count[TENSOR_MAX_DIMS];
    int d = 0;
    for (size_t i = 0; i < nk; i++) {
        value_t k = items[i];
        if (k == VALUE_ELLIPSIS) {
            for (int j = 0; j < t->ndim - nreal; j++) {
                kind[d] = 2;
                start[d] = 0;
                stop[d] = step[d] = 1;
                count[d] = t->shape[d];
                stop[d] = t->shape[d];
                d++;
            }
            continue;
        }
        int64_t size = t->shape[d];
        if (is_plain_int(k) || is_tensor(k)) {
            int64_t v;
            if (is_tensor(k)) {
                if (!is_int_dtype(T(k)->dtype) || tensor_numel(T(k)) != 1) {
                    vm_raise_type(&type_TypeError, "only integer tensors can be used as an index, not %s",
                                  dtype_name(T(k)->dtype));
                    return false;
                }
                v = read_int(T(k), T(k)->data);
            } else if (!int_as_i64(k, &v)) {
                return false;
            }
            if (v < -size || v >= size) {
                vm_raise_type(&type_IndexError, "index %lld is out of range for dimension %d of size %lld",
                              (long long)v, d, (long long)size);
                return false;
            }
            kind[d] = 1;
            start[d] = v < 0 ? v + size : v;
            stop[d] = start[d] + 1;
            step[d] = 1;
            count[d] = 1;
        } else if (is_obj(k) && as_obj(k)->type == &type_slice) {
            intptr_t a, b, c;
            size_t cnt;
            if (!slice_indices(k, (size_t)size, &a, &b, &c, &cnt))
                return false;
            kind[d] = 2;
            start[d] = a;
            stop[d] = b;
            step[d] = c;
            count[d] = (int64_t)cnt;
        } else {
            vm_raise_type(&type_TypeError, "tensor indices are ints, slices or ..., not %s", type_name_of(k));
            return false;
        }
        d++;
    }
    for (; d < t->ndim; d++) {
        kind[d] = 2;
        start[d] = 0;
        stop[d] = t->shape[d];
        step[d] = 1;
        count[d] = t->shape[d];
    }
    *all_ints = t->ndim > 0;
    for (int i = 0; i < t->ndim; i++)
        if (kind[i] != 1)
            *all_ints = false;
    if (t->ndim == 0)
        *all_ints = false;
    if (dtype_is_block(t->dtype) && t->ndim) {
        int last = t->ndim - 1;
        unsigned be = dtype_info(t->dtype)->block_elements;
        if (kind[last] == 1) {
            vm_raise_type(&type_TypeError, "%s: single elements of a block type cannot be taken: convert first",
                          dtype_name(t->dtype));
            return false;
        }
        if (step[last] != 1 || start[last] % be || count[last] % be) {
            vm_raise_type(&type_ValueError, "slice: %s rows can only be cut at whole blocks of %u (step 1)",
                          dtype_name(t->dtype), be);
            return false;
        }
    }
    /* one descriptor, then slice dim by dim */
    struct tensor *cur;
    int st = tensor_reshape(&cur, t, t->ndim, t->shape);
    if (st) {
        fail(st);
        return false;
    }
    for (int i = 0; i < t->ndim; i++) {
        if (start[i] == 0 && step[i] == 1 && count[i] == t->shape[i])
            continue;
        int64_t b = stop[i];
        if (b < 0)
            b = -(t->shape[i] + 1);        /* tensor_slice adds the size back: -1, before the start */
        struct tensor *n;
        st = tensor_slice(&n, cur, i, start[i], b, step[i]);
        tensor_free(cur);
        if (st) {
            fail(st);
            return false;
        }
        cur = n;
    }
    /* drop int-indexed dims */
    bool drop = false;
    for (int i = 0; i < t->ndim; i++)
        drop |= kind[i] == 1;
    if (drop && !*all_ints) {
        struct tensor v = *cur;
        int nd = 0;
        for (int i = 0; i < t->ndim; i++) {
            if (kind[i] == 1)
                continue;
            v.shape[nd] = cur->shape[i];
            v.strides[nd] = cur->strides[i];
            nd++;
        }
        v.ndim = nd;
        /* A descriptor copy sharing cur's storage (the strides are a valid view). */
        struct tensor *n;
        st = tensor_reshape(&n, cur, cur->ndim, cur->shape);
        if (st) {
            tensor_free(cur);
            fail(st);
            return false;
        }
        n->ndim = v.ndim;
        memcpy(n->shape, v.shape, sizeof v.shape);
        memcpy(n->strides, v.strides, sizeof v.strides);
        tensor_free(cur);
        cur = n;
    }
    *r = cur;
    return true;
}

static value_t tensor_getitem(value_t self, value_t key)
{
    tensor_obj_t *o = (tensor_obj_t *)self;
    if (o->transposed)
        return vm_raise_type(&type_TypeError, "a transposed block weight only works in x @ w.T");
    struct tensor *r;
    bool all_ints;
    if (!index_view(o->t, key, &r, &all_ints))
        return VALUE_NULL;
    if (all_ints) {
        int64_t index[TENSOR_MAX_DIMS] = {0};
        value_t v = element_value(r, index);
        tensor_free(r);
        return v;
    }
    return view_of(self, r);
}

static int copy_into_tensor(struct tensor *dst, value_t src, const char *op)
{
    struct tensor *s, *tmp = 0;
    char a[128], b[128];
    if (is_tensor(src) && !((tensor_obj_t *)src)->transposed) {
        s = T(src);
        if (s->ndim != dst->ndim || memcmp(s->shape, dst->shape, sizeof(int64_t) * (size_t)dst->ndim)) {
            vm_raise_type(&type_ValueError, "%s: the destination is %s but the source is %s", op,
                          describe(dst, a, sizeof a), describe(s, b, sizeof b));
            return -1;
        }
    } else if (is_number(src)) {
        double d;
        if (!vm_as_double(src, &d))
            return -1;
        struct tensor *z = scalar_tensor(d);
        if (!z)
            return -1;
        int st = tensor_broadcast_to(&tmp, z, dst->ndim, dst->shape);
        tensor_free(z);
        if (st) {
            fail(st);
            return -1;
        }
        s = tmp;
    } else {
        vm_raise_type(&type_TypeError, "%s: the source must be a tensor or a number, not %s", op, type_name_of(src));
        return -1;
    }
    struct tensor *out = dst;
    int st = tensor_convert(&out, s, dst->dtype);
    tensor_free(tmp);
    if (st) {
        fail(st);
        return -1;
    }
    return 0;
}

static int tensor_setitem(value_t self, value_t key, value_t v)
{
    tensor_obj_t *o = (tensor_obj_t *)self;
    if (!v) {
        vm_raise_type(&type_TypeError, "tensor elements cannot be deleted");
        return -1;
    }
    if (o->transposed) {
        vm_raise_type(&type_TypeError, "a transposed block weight only works in x @ w.T");
        return -1;
    }
    struct tensor *r;
    bool all_ints;
    if (!index_view(o->t, key, &r, &all_ints))
        return -1;
    int st = 0;
    if (all_ints) {
        if (!is_number(v)) {
            tensor_free(r);
            vm_raise_type(&type_TypeError, "setting one element takes a number");
            return -1;
        }
        double d;
        if (!vm_as_double(v, &d)) {
            tensor_free(r);
            return -1;
        }
        int64_t index[TENSOR_MAX_DIMS] = {0};
        tensor_set_f32(r, index, (float)d);
    } else {
        st = copy_into_tensor(r, v, "copy_into");
    }
    tensor_free(r);
    return st;
}

/* ---- attributes ---- */
static value_t tensor_getattr(value_t self, value_t name)
{
    tensor_obj_t *o = (tensor_obj_t *)self;
    struct tensor *t = o->t;
    const char *s = str_data(name);
    if (o->transposed) {
        if (!strcmp(s, "shape")) {
            int64_t sh[2] = {t->shape[1], t->shape[0]};
            return shape_tuple(2, sh);
        }
        if (!strcmp(s, "dtype"))
            return str_new_cstr(dtype_name(t->dtype));
        if (!strcmp(s, "T")) {
            struct tensor *r;
            int st = tensor_reshape(&r, t, t->ndim, t->shape);
            return st ? fail(st) : view_of(self, r);
        }
        return VALUE_MISSING;
    }
    if (!strcmp(s, "shape"))
        return shape_tuple(t->ndim, t->shape);
    if (!strcmp(s, "dtype"))
        return str_new_cstr(dtype_name(t->dtype));
    if (!strcmp(s, "ndim"))
        return small_int(t->ndim);
    if (!strcmp(s, "size"))
        return int_from_i64(tensor_numel(t));
    if (!strcmp(s, "nbytes"))
        return int_from_u64(dtype_bytes(t->dtype, tensor_numel(t)));
    if (!strcmp(s, "strides"))
        return shape_tuple(t->ndim, t->strides);
    if (!strcmp(s, "T")) {
        struct tensor *r;
        int st;
        if (dtype_is_block(t->dtype)) {
            if (t->ndim != 2)
                return vm_raise_type(&type_ValueError, "T: a %s tensor transposes only as a 2-D weight (x @ w.T)",
                                     dtype_name(t->dtype));
            st = tensor_reshape(&r, t, t->ndim, t->shape);
            if (st)
                return fail(st);
            value_t v = view_of(self, r);
            if (v)
                ((tensor_obj_t *)v)->transposed = true;
            return v;
        }
        int order[TENSOR_MAX_DIMS];
        for (int i = 0; i < t->ndim; i++)
            order[i] = t->ndim - 1 - i;
        st = tensor_permute(&r, t, order);
        return st ? fail(st) : view_of(self, r);
    }
    return VALUE_MISSING;
}

static bool tensor_len(value_t self, size_t *out)
{
    struct tensor *t = T(self);
    if (t->ndim == 0) {
        vm_raise_type(&type_TypeError, "len() of a 0-d tensor");
        return false;
    }
    *out = (size_t)t->shape[0];
    return true;
}

static int tensor_truth(value_t self)
{
    struct tensor *t = T(self);
    int64_t n = tensor_numel(t);
    if (n != 1) {
        vm_raise_type(&type_ValueError, "the truth value of a tensor with %lld elements is ambiguous", (long long)n);
        return -1;
    }
    value_t v = do_item(t);
    return v ? vm_truth(v) : -1;
}

static value_t tensor_iter(value_t self)
{
    if (T(self)->ndim == 0)
        return vm_raise_type(&type_TypeError, "iteration over a 0-d tensor");
    return seq_iterator_new(&type_tensor_iterator, self);
}

static value_t tensor_iterator_next(value_t it_v)
{
    seq_iterator_obj_t *it = (seq_iterator_obj_t *)it_v;
    struct tensor *t = T(it->seq);
    if ((int64_t)it->index >= t->shape[0])
        return VALUE_STOP;
    return tensor_getitem(it->seq, small_int((intptr_t)it->index++));
}

static value_t identity(value_t self) { return self; }

/* ---- operators ---- */
static value_t binary(enum tensor_binary_op op, value_t a, value_t b, value_t out_v)
{
    static const char *const names[] = {"add", "sub", "mul", "div"};
    const char *name = names[op];
    struct tensor *ta, *tb, *fa, *fb, *out;
    ta = operand(a, name, "the first operand", &fa);
    if (!ta)
        return VALUE_NULL;
    tb = operand(b, name, "the second operand", &fb);
    if (!tb) {
        tensor_free(fa);
        return VALUE_NULL;
    }
    int nd;
    int64_t shape[TENSOR_MAX_DIMS];
    int st = TENSOR_OK;
    if (tensor_broadcast_shape(name, ta, tb, &nd, shape)) {
        strbuf_t s;
        strbuf_init(&s);
        shape_text(&s, ta->ndim, ta->shape);
        strbuf_add_cstr(&s, " and ");
        shape_text(&s, tb->ndim, tb->shape);
        strbuf_add_char(&s, 0);
        vm_raise_type(&type_ValueError, "%s: shapes %s do not broadcast", name, s.data);
        strbuf_free(&s);
        tensor_free(fa);
        tensor_free(fb);
        return VALUE_NULL;
    }
    if (!get_out(out_v, name, &out)) {
        tensor_free(fa);
        tensor_free(fb);
        return VALUE_NULL;
    }
    st = CALL(tensor_binary(&out, op, ta, tb));
    tensor_free(fa);
    tensor_free(fb);
    return result(st, out, out_v);
}

static value_t do_matmul(value_t a, value_t b, value_t out_v);
static value_t do_linear(value_t x, value_t w, value_t bias, int act, value_t out_v);

static value_t tensor_binary_op(int op, value_t a, value_t b)
{
    if (op & OP_REFLECTED) {
        value_t t = a;
        a = b;
        b = t;
    }
    switch (OP_BASE(op)) {
    case OP_ADD: return binary(TENSOR_ADD, a, b, VALUE_NULL);
    case OP_SUB: return binary(TENSOR_SUB, a, b, VALUE_NULL);
    case OP_MUL: return binary(TENSOR_MUL, a, b, VALUE_NULL);
    case OP_TRUEDIV: return binary(TENSOR_DIV, a, b, VALUE_NULL);
    case OP_MATMUL: return do_matmul(a, b, VALUE_NULL);
    default: return VALUE_NOT_IMPLEMENTED;
    }
}

static value_t tensor_unary_op(int op, value_t self)
{
    if (op == UOP_POS)
        return self;
    if (op == UOP_NEG) {
        struct tensor *t = need_f32(self, "scale", "the input"), *r = 0;
        if (!t)
            return VALUE_NULL;
        int st = tensor_scale(&r, t, -1.0f);
        return result(st, r, VALUE_NULL);
    }
    return vm_raise_type(&type_TypeError, "bad operand type for unary operator: 'Tensor'");
}

static value_t tensor_compare(value_t a, value_t b, int op)
{
    if (op == CMP_EQ)
        return bool_value(a == b);
    if (op == CMP_NE)
        return bool_value(a != b);
    return VALUE_NOT_IMPLEMENTED;
}

static bool tensor_hash(value_t self, intptr_t *out)
{
    *out = (intptr_t)(self >> 4);
    return true;
}

static const method_def_t tensor_methods[] = {
    {"tolist", m_tolist, 0}, {"item", m_item, 0}, {"tobytes", m_tobytes, 0}, {"numel", m_numel, 0},
    {"is_contiguous", m_is_contiguous, 0}, {"reshape", m_reshape, 0}, {"permute", m_permute, 0},
    {"transpose", m_transpose, 0}, {"broadcast_to", m_broadcast_to, 0}, {"contiguous", m_contiguous, 0},
    {"copy", m_copy, 0}, {"astype", m_astype, 0}, {"__float__", m_float, 0}, {"__int__", m_int, 0},
    {"__index__", m_index, 0}, {0, 0, 0},
};

static type_t type_tensor = {
    .base = {&type_type}, .name = "Tensor", .parent = &type_object, .methods = tensor_methods,
    .repr = tensor_repr, .str = tensor_str, .hash = tensor_hash, .compare = tensor_compare,
    .truth = tensor_truth, .len = tensor_len, .unary_op = tensor_unary_op, .binary_op = tensor_binary_op,
    .getattr = tensor_getattr, .getitem = tensor_getitem, .setitem = tensor_setitem, .iter = tensor_iter,
};

static type_t type_tensor_iterator = {
    .base = {&type_type}, .name = "tensor_iterator", .parent = &type_object,
    .iter = identity, .next = tensor_iterator_next,
};

/* ---- making tensors ---- */
static value_t new_tensor(value_t shape_v, value_t dtype_v, const char *op, bool zero, struct tensor **made)
{
    int64_t shape[TENSOR_MAX_DIMS];
    int dtype = dtype_v ? parse_dtype(dtype_v, op) : TENSOR_F32;
    if (dtype < 0)
        return VALUE_NULL;
    int nd = parse_shape(shape_v, op, shape, false);
    if (nd < 0)
        return VALUE_NULL;
    struct tensor *t;
    int st = CALL(zero ? tensor_zeros(&t, dtype, nd, shape) : tensor_new(&t, dtype, nd, shape));
    if (st) {
        if (st == TENSOR_ESHAPE && dtype_is_block(dtype))
            return vm_raise_type(&type_ValueError, "%s: %s needs a last dimension that is a multiple of %u", op,
                                 dtype_name(dtype), dtype_info(dtype)->block_elements);
        return fail(st);
    }
    if (made)
        *made = t;
    return wrap_tensor(t, VALUE_NULL);
}

static value_t f_empty(const value_t *args, size_t nargs, value_t kwnames)
{
    static const char *const names[] = {"shape", "dtype"};
    value_t v[2];
    if (!arg_parse("empty", args, nargs, kwnames, 2, names, v, 1))
        return VALUE_NULL;
    return new_tensor(v[0], v[1], "empty", true, 0);
}

static value_t f_zeros(const value_t *args, size_t nargs, value_t kwnames)
{
    static const char *const names[] = {"shape", "dtype"};
    value_t v[2];
    if (!arg_parse("zeros", args, nargs, kwnames, 2, names, v, 1))
        return VALUE_NULL;
    return new_tensor(v[0], v[1], "zeros", true, 0);
}

static value_t fill(value_t shape_v, double value, value_t dtype_v, const char *op)
{
    struct tensor *t;
    value_t r = new_tensor(shape_v, dtype_v, op, true, &t);
    if (!r)
        return VALUE_NULL;
    if (copy_into_tensor(t, float_new(value), op))
        return VALUE_NULL;
    return r;
}

static value_t f_full(const value_t *args, size_t nargs, value_t kwnames)
{
    static const char *const names[] = {"shape", "value", "dtype"};
    value_t v[3];
    double d;
    if (!arg_parse("full", args, nargs, kwnames, 3, names, v, 2) || !vm_as_double(v[1], &d))
        return VALUE_NULL;
    return fill(v[0], d, v[2], "full");
}

static value_t f_ones(const value_t *args, size_t nargs, value_t kwnames)
{
    static const char *const names[] = {"shape", "dtype"};
    value_t v[2];
    if (!arg_parse("ones", args, nargs, kwnames, 2, names, v, 1))
        return VALUE_NULL;
    return fill(v[0], 1.0, v[1], "ones");
}

static value_t f_arange(const value_t *args, size_t nargs, value_t kwnames)
{
    static const char *const names[] = {"start", "stop", "step", "dtype"};
    value_t v[4];
    if (!arg_parse("arange", args, nargs, kwnames, 4, names, v, 1))
        return VALUE_NULL;
    value_t start = v[0], stop = v[1], step = v[2] ? v[2] : small_int(1);
    if (!stop || stop == VALUE_NONE) {
        stop = start;
        start = small_int(0);
    }
    value_t all[3] = {start, stop, step};
    bool ints = true;
    double d[3];
    for (int i = 0; i < 3; i++) {
        if (!is_number(all[i]))
            return vm_raise_type(&type_TypeError, "arange: start, stop and step are numbers");
        ints &= is_int(all[i]);
        if (!vm_as_double(all[i], &d[i]))
            return VALUE_NULL;
    }
    if (d[2] == 0)
        return vm_raise_type(&type_ValueError, "arange: step cannot be zero");
    int dtype = TENSOR_I32;
    if (v[3] && v[3] != VALUE_NONE) {
        if ((dtype = parse_dtype(v[3], "arange")) < 0)
            return VALUE_NULL;
    } else if (!ints) {
        dtype = TENSOR_F32;
    }
    int64_t n;
    if (ints) {
        int64_t a, b, c;
        if (!int_as_i64(start, &a) || !int_as_i64(stop, &b) || !int_as_i64(step, &c))
            return VALUE_NULL;
        n = c > 0 ? (b > a ? (b - a + c - 1) / c : 0) : (a > b ? (a - b - c - 1) / -c : 0);
    } else {
        double q = math_ceil((d[1] - d[0]) / d[2]);
        n = q > 0 ? (int64_t)q : 0;
    }
    struct tensor *t;
    int st = CALL(tensor_new(&t, dtype, 1, &n));
    if (st)
        return fail(st);
    value_t r = wrap_tensor(t, VALUE_NULL);
    if (!r)
        return VALUE_NULL;
    for (int64_t i = 0; i < n; i++) {
        if (dtype == TENSOR_I32 && ints) {
            int64_t a, c;
            int_as_i64(start, &a);
            int_as_i64(step, &c);
            int32_t x = (int32_t)(a + i * c);
            memcpy(t->data + 4 * i, &x, 4);
        } else {
            tensor_set_f32(t, &i, (float)(d[0] + (double)i * d[2]));
        }
    }
    return r;
}

static value_t f_rand(const value_t *args, size_t nargs, value_t kwnames)
{
    static const char *const names[] = {"shape", "seed"};
    value_t v[2];
    if (!arg_parse("rand", args, nargs, kwnames, 2, names, v, 1))
        return VALUE_NULL;
    uint64_t seed;
    if (!v[1] || v[1] == VALUE_NONE) {
        seed = arch_time_ns() * 0x9E3779B97F4A7C15ull ^ (uint64_t)(uintptr_t)args;
    } else {
        if (!is_plain_int(v[1]))
            return vm_raise_type(&type_TypeError, "rand: seed must be an int");
        /* seed mod 2^64 */
        value_t m = int_binary_op(OP_AND, v[1], int_from_u64(UINT64_MAX));
        if (!m)
            return VALUE_NULL;
        if (is_small_int(m)) {
            seed = (uint64_t)small_int_value(m);
        } else {
            value_t hi = int_binary_op(OP_RSHIFT, m, small_int(32)), lo = int_binary_op(OP_AND, m, small_int(0xFFFFFFFF));
            int64_t h, l;
            if (!hi || !lo || !int_as_i64(hi, &h) || !int_as_i64(lo, &l))
                return VALUE_NULL;
            seed = (uint64_t)h << 32 | (uint64_t)l;
        }
    }
    struct tensor *t;
    value_t r = new_tensor(v[0], VALUE_NULL, "rand", false, &t);
    if (!r)
        return VALUE_NULL;
    int64_t n = tensor_numel(t);
    float *f = (float *)t->data;
    for (int64_t i = 0; i < n; i++) {
        uint64_t z = seed + (uint64_t)(i + 1) * 0x9E3779B97F4A7C15ull;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        z ^= z >> 31;
        f[i] = (float)(z >> 40) * (1.0f / 16777216.0f);
    }
    return r;
}

/* from_list: flatten nested lists/tuples */
struct flat {
    value_t *items;
    size_t len, cap;
};

static int flatten(value_t v, struct flat *f, int depth, int64_t *shape, int *nd, bool *first)
{
    value_t *items;
    size_t n;
    if (is_number(v) || type_of(v) == &type_bool) {
        if (*first) {
            *nd = depth;
            *first = false;
        } else if (*nd != depth) {
            vm_raise_type(&type_ValueError, "from_list: the nested lists are ragged (rows of different lengths)");
            return -1;
        }
        if (f->len == f->cap) {
            size_t cap = f->cap ? f->cap * 2 : 64;
            value_t *p = krealloc(f->items, cap * sizeof *p);
            if (!p) {
                vm_raise_memory_error();
                return -1;
            }
            f->items = p;
            f->cap = cap;
        }
        f->items[f->len++] = v;
        return 0;
    }
    if (!(is_obj(v) && (as_obj(v)->type == &type_list || as_obj(v)->type == &type_tuple)) || !seq_items(v, &items, &n)) {
        vm_raise_type(&type_TypeError, "from_list: values are numbers or (nested) lists of numbers, not %s",
                      type_name_of(v));
        return -1;
    }
    if (depth >= TENSOR_MAX_DIMS) {
        vm_raise_type(&type_ValueError, "from_list: more than 8 dimensions");
        return -1;
    }
    if (n == 0) {
        if (*first) {
            *nd = depth + 1;
            *first = false;
            shape[depth] = 0;
            return 0;
        }
        if (*nd != depth + 1 || shape[depth] != 0) {
            vm_raise_type(&type_ValueError, "from_list: the nested lists are ragged (rows of different lengths)");
            return -1;
        }
        return 0;
    }
    if (!*first && (depth >= *nd || shape[depth] != (int64_t)n)) {
        vm_raise_type(&type_ValueError, "from_list: the nested lists are ragged (rows of different lengths)");
        return -1;
    }
    if (*first)
        shape[depth] = (int64_t)n;
    for (size_t i = 0; i < n; i++)
        if (flatten(items[i], f, depth + 1, shape, nd, first))
            return -1;
    return 0;
}

static value_t f_from_list(const value_t *args, size_t nargs, value_t kwnames)
{
    static const char *const names[] = {"values", "shape", "dtype"};
    value_t v[3];
    if (!arg_parse("from_list", args, nargs, kwnames, 3, names, v, 1))
        return VALUE_NULL;
    int dtype = v[2] ? parse_dtype(v[2], "from_list") : TENSOR_F32;
    if (dtype < 0)
        return VALUE_NULL;
    struct flat f = {0, 0, 0};
    int64_t shape[TENSOR_MAX_DIMS];
    int nd = 0;
    bool first = true;
    if (flatten(v[0], &f, 0, shape, &nd, &first)) {
        kfree(f.items);
        return VALUE_NULL;
    }
    value_t r = VALUE_NULL;
    if (v[1] && v[1] != VALUE_NONE) {
        nd = parse_shape(v[1], "from_list", shape, true);
        if (nd < 0)
            goto done;
        int64_t known = 1;
        for (int i = 0; i < nd; i++)
            if (shape[i] != -1)
                known *= shape[i];
        for (int i = 0; i < nd; i++)
            if (shape[i] == -1)
                shape[i] = known ? (int64_t)f.len / known : 0;
        int64_t total = 1;
        for (int i = 0; i < nd; i++)
            total *= shape[i];
        if (total != (int64_t)f.len) {
            strbuf_t b;
            strbuf_init(&b);
            shape_text(&b, nd, shape);
            strbuf_add_char(&b, 0);
            vm_raise_type(&type_ValueError, "from_list: %zu values do not fill shape %s", f.len, b.data);
            strbuf_free(&b);
            goto done;
        }
    }
    struct tensor *t;
    int st;
    if (is_int_dtype(dtype)) {
        int64_t lo = dtype == TENSOR_I8 ? -128 : dtype == TENSOR_I16 ? -32768 : INT32_MIN;
        int64_t hi = dtype == TENSOR_I8 ? 127 : dtype == TENSOR_I16 ? 32767 : INT32_MAX;
        if ((st = CALL(tensor_new(&t, dtype, nd, shape)))) {
            fail(st);
            goto done;
        }
        unsigned size = dtype_info(dtype)->block_bytes;
        for (size_t i = 0; i < f.len; i++) {
            int64_t x;
            value_t e = f.items[i];
            if (is_float(e)) {
                double d = float_value(e);
                d = d < 0 ? -math_floor(-d + 0.5) : math_floor(d + 0.5);
                if (!(d >= (double)lo && d <= (double)hi)) {
                    tensor_free(t);
                    vm_raise_type(&type_ValueError, "from_list: a value does not fit in %s", dtype_name(dtype));
                    goto done;
                }
                x = (int64_t)d;
            } else if (!int_as_i64(e, &x) || x < lo || x > hi) {
                if (vm_error_pending())
                    vm_take_exception();
                tensor_free(t);
                vm_raise_type(&type_ValueError, "from_list: a value does not fit in %s", dtype_name(dtype));
                goto done;
            }
            int8_t b8 = (int8_t)x;
            int16_t b16 = (int16_t)x;
            int32_t b32 = (int32_t)x;
            memcpy(t->data + i * size, size == 1 ? (void *)&b8 : size == 2 ? (void *)&b16 : (void *)&b32, size);
        }
        r = wrap_tensor(t, VALUE_NULL);
        goto done;
    }
    if ((st = CALL(tensor_new(&t, TENSOR_F32, nd, shape)))) {
        fail(st);
        goto done;
    }
    for (size_t i = 0; i < f.len; i++) {
        double d;
        if (!vm_as_double(f.items[i], &d)) {
            tensor_free(t);
            goto done;
        }
        ((float *)t->data)[i] = (float)d;
    }
    if (dtype == TENSOR_F32) {
        r = wrap_tensor(t, VALUE_NULL);
        goto done;
    }
    struct tensor *c = 0;
    st = CALL(tensor_convert(&c, t, dtype));
    tensor_free(t);
    r = st ? fail(st) : wrap_tensor(c, VALUE_NULL);
done:
    kfree(f.items);
    return r;
}

/* wrap / from_bytes */
static value_t make_wrap(const value_t *args, size_t nargs, value_t kwnames, bool copy)
{
    static const char *const names[] = {"buffer", "dtype", "shape", "offset"};
    const char *op = copy ? "from_bytes" : "wrap";
    value_t v[4] = {0, 0, 0, 0};
    if (!arg_parse(op, args, nargs, kwnames, copy ? 3 : 4, names, v, 2))
        return VALUE_NULL;
    int dtype = parse_dtype(v[1], op);
    if (dtype < 0)
        return VALUE_NULL;
    struct buffer_info bi;
    if (!vm_get_buffer(v[0], &bi, false)) {
        vm_take_exception();
        return vm_raise_type(&type_TypeError, "%s: needs a bytes-like buffer, not %s", op, type_name_of(v[0]));
    }
    int64_t offset = 0;
    if (v[3] && (!is_plain_int(v[3]) || !int_as_i64(v[3], &offset) || offset < 0 || (size_t)offset > bi.len)) {
        if (vm_error_pending())
            vm_take_exception();
        value_t rr = vm_repr(v[3]);
        return vm_raise_type(&type_ValueError, "wrap: offset %s outside the %zu-byte buffer", rr ? str_data(rr) : "?", bi.len);
    }
    size_t avail = bi.len - (size_t)offset;
    const struct dtype_info *info = dtype_info(dtype);
    int64_t shape[TENSOR_MAX_DIMS];
    int nd;
    if (!v[2] || v[2] == VALUE_NONE) {
        if (dtype_is_block(dtype))
            return vm_raise_type(&type_ValueError, "%s: a block type needs a shape", op);
        nd = 1;
        shape[0] = (int64_t)(avail / info->block_bytes);
    } else if ((nd = parse_shape(v[2], op, shape, false)) < 0) {
        return VALUE_NULL;
    }
    int64_t n = 1;
    for (int i = 0; i < nd; i++)
        n *= shape[i];
    if (dtype_is_block(dtype) && (nd == 0 || shape[nd - 1] % info->block_elements))
        return vm_raise_type(&type_ValueError, "nbytes: %s needs a last dimension that is a multiple of %u",
                             info->name, info->block_elements);
    size_t need = dtype_bytes(dtype, n);
    if (avail < need) {
        strbuf_t b;
        strbuf_init(&b);
        strbuf_add_char(&b, '[');
        for (int i = 0; i < nd; i++)
            strbuf_printf(&b, i ? ", %lld" : "%lld", (long long)shape[i]);
        strbuf_add_char(&b, ']');
        strbuf_add_char(&b, 0);
        vm_raise_type(&type_ValueError, "wrap: %zu bytes given, %s%s needs %zu", avail, info->name, b.data, need);
        strbuf_free(&b);
        return VALUE_NULL;
    }
    struct tensor *t;
    int st;
    if (copy) {
        if ((st = CALL(tensor_new(&t, dtype, nd, shape))))
            return fail(st);
        memcpy(t->data, bi.data + offset, need);
        return wrap_tensor(t, VALUE_NULL);
    }
    /* tensor_wrap needs a non-NULL pointer even for 0 bytes */
    static uint8_t empty_buffer[16];
    uint8_t *data = need ? bi.data + offset : empty_buffer;
    if ((st = tensor_wrap(&t, dtype, nd, shape, data, need ? avail : 0)))
        return fail(st);
    value_t r = wrap_tensor(t, v[0]);
    if (r && is_obj(v[0]) && as_obj(v[0])->type == &type_bytearray) {
        ((bytearray_obj_t *)v[0])->exports++;     /* no resizing under the tensor */
        ((tensor_obj_t *)r)->pinned = true;
    }
    return r;
}

static value_t f_wrap(const value_t *args, size_t nargs, value_t kwnames) { return make_wrap(args, nargs, kwnames, false); }
static value_t f_from_bytes(const value_t *args, size_t nargs, value_t kwnames) { return make_wrap(args, nargs, kwnames, true); }

/* ---- dtype helpers ---- */
static value_t f_dtype_from_gguf(const value_t *args, size_t nargs, value_t kwnames)
{
    int64_t id;
    if (!arg_check("dtype_from_gguf", nargs, kwnames, 1, 1) || !get_int(args[0], "dtype_from_gguf", "type_id", &id))
        return VALUE_NULL;
    int d = id >= -128 && id < 128 ? dtype_from_gguf((int)id) : -1;
    return d < 0 ? VALUE_NONE : str_new_cstr(dtype_name(d));
}

static value_t f_block_size(const value_t *args, size_t nargs, value_t kwnames)
{
    if (!arg_check("block_size", nargs, kwnames, 1, 1))
        return VALUE_NULL;
    int d = parse_dtype(args[0], "block_size");
    if (d < 0)
        return VALUE_NULL;
    value_t items[2] = {small_int(dtype_info(d)->block_elements), small_int(dtype_info(d)->block_bytes)};
    return tuple_from_array(items, 2);
}

static value_t f_nbytes(const value_t *args, size_t nargs, value_t kwnames)
{
    if (!arg_check("nbytes", nargs, kwnames, 2, 2))
        return VALUE_NULL;
    int d = parse_dtype(args[0], "nbytes");
    if (d < 0)
        return VALUE_NULL;
    int64_t shape[TENSOR_MAX_DIMS];
    int nd = parse_shape(args[1], "nbytes", shape, false);
    if (nd < 0)
        return VALUE_NULL;
    const struct dtype_info *info = dtype_info(d);
    if (info->block_elements > 1 && (nd == 0 || shape[nd - 1] % info->block_elements))
        return vm_raise_type(&type_ValueError, "nbytes: %s needs a last dimension that is a multiple of %u", info->name,
                             info->block_elements);
    int64_t n = 1;
    for (int i = 0; i < nd; i++)
        n *= shape[i];
    return int_from_u64(dtype_bytes(d, n));
}

/* ---- ops ---- */
#define BINARY_FN(fname, OPC)                                                        \
    static value_t f_##fname(const value_t *args, size_t nargs, value_t kwnames)     \
    {                                                                                \
        static const char *const names[] = {"a", "b", "out"};                       \
        value_t v[3];                                                                \
        if (!arg_parse(#fname, args, nargs, kwnames, 3, names, v, 2))                \
            return VALUE_NULL;                                                       \
        return binary(OPC, v[0], v[1], v[2]);                                        \
    }
BINARY_FN(add, TENSOR_ADD)
BINARY_FN(sub, TENSOR_SUB)
BINARY_FN(mul, TENSOR_MUL)
BINARY_FN(div, TENSOR_DIV)

static value_t f_scale(const value_t *args, size_t nargs, value_t kwnames)
{
    static const char *const names[] = {"x", "s", "out"};
    value_t v[3];
    double s;
    if (!arg_parse("scale", args, nargs, kwnames, 3, names, v, 2))
        return VALUE_NULL;
    struct tensor *x = need_f32(v[0], "scale", "the input"), *out;
    if (!x || !vm_as_double(v[1], &s) || !get_out(v[2], "scale", &out))
        return VALUE_NULL;
    return result(CALL(tensor_scale(&out, x, (float)s)), out, v[2]);
}

static value_t activation(const char *name, enum tensor_activation act, const value_t *args, size_t nargs, value_t kwnames)
{
    static const char *const names[] = {"x", "out"};
    value_t v[2];
    if (!arg_parse(name, args, nargs, kwnames, 2, names, v, 1))
        return VALUE_NULL;
    struct tensor *x = need_f32(v[0], name, "the input"), *out;
    if (!x || !get_out(v[1], name, &out))
        return VALUE_NULL;
    return result(CALL(tensor_activate(&out, x, act)), out, v[1]);
}

static value_t f_relu(const value_t *a, size_t n, value_t k) { return activation("relu", TENSOR_ACT_RELU, a, n, k); }
static value_t f_gelu(const value_t *a, size_t n, value_t k) { return activation("gelu", TENSOR_ACT_GELU, a, n, k); }
static value_t f_gelu_erf(const value_t *a, size_t n, value_t k) { return activation("gelu_erf", TENSOR_ACT_GELU_ERF, a, n, k); }
static value_t f_silu(const value_t *a, size_t n, value_t k) { return activation("silu", TENSOR_ACT_SILU, a, n, k); }

static value_t f_softmax(const value_t *args, size_t nargs, value_t kwnames)
{
    static const char *const names[] = {"x", "axis", "out"};
    value_t v[3];
    if (!arg_parse("softmax", args, nargs, kwnames, 3, names, v, 1))
        return VALUE_NULL;
    struct tensor *x = need_f32(v[0], "softmax", "the input"), *out;
    int axis;
    if (!x || !get_axis(v[1], "softmax", x->ndim, -1, &axis) || !get_out(v[2], "softmax", &out))
        return VALUE_NULL;
    return result(CALL(tensor_softmax(&out, x, axis)), out, v[2]);
}

static bool optional_vector(value_t v, const char *op, const char *what, int64_t n, struct tensor **out)
{
    *out = 0;
    if (!v || v == VALUE_NONE)
        return true;
    struct tensor *t = need_f32(v, op, what);
    if (!t)
        return false;
    if (t->ndim != 1 || t->shape[0] != n) {
        char d[128];
        vm_raise_type(&type_ValueError, "%s: %s must be f32[%lld], not %s", op, what, (long long)n, describe(t, d, sizeof d));
        return false;
    }
    *out = t;
    return true;
}

static value_t f_rmsnorm(const value_t *args, size_t nargs, value_t kwnames)
{
    static const char *const names[] = {"x", "weight", "eps", "out"};
    value_t v[4];
    if (!arg_parse("rmsnorm", args, nargs, kwnames, 4, names, v, 1))
        return VALUE_NULL;
    struct tensor *x = need_f32(v[0], "rmsnorm", "the input"), *w, *out;
    double eps;
    if (!x)
        return VALUE_NULL;
    if (x->ndim < 1)
        return vm_raise_type(&type_ValueError, "rmsnorm: the input needs at least one dimension");
    if (!optional_vector(v[1], "rmsnorm", "the weight", x->shape[x->ndim - 1], &w) || !get_float(v[2], 1e-5, &eps) ||
        !get_out(v[3], "rmsnorm", &out))
        return VALUE_NULL;
    return result(CALL(tensor_rmsnorm(&out, x, w, (float)eps)), out, v[3]);
}

static value_t f_layernorm(const value_t *args, size_t nargs, value_t kwnames)
{
    static const char *const names[] = {"x", "weight", "bias", "eps", "out"};
    value_t v[5];
    if (!arg_parse("layernorm", args, nargs, kwnames, 5, names, v, 1))
        return VALUE_NULL;
    struct tensor *x = need_f32(v[0], "layernorm", "the input"), *w, *b, *out;
    double eps;
    if (!x)
        return VALUE_NULL;
    if (x->ndim < 1)
        return vm_raise_type(&type_ValueError, "layernorm: the input needs at least one dimension");
    int64_t n = x->shape[x->ndim - 1];
    if (!optional_vector(v[1], "layernorm", "the weight", n, &w) || !optional_vector(v[2], "layernorm", "the bias", n, &b) ||
        !get_float(v[3], 1e-5, &eps) || !get_out(v[4], "layernorm", &out))
        return VALUE_NULL;
    return result(CALL(tensor_layernorm(&out, x, w, b, (float)eps)), out, v[4]);
}

static value_t f_rope(const value_t *args, size_t nargs, value_t kwnames)
{
    static const char *const names[] = {"x", "positions", "n_rot", "base", "mode", "out"};
    value_t v[6];
    if (!arg_parse("rope", args, nargs, kwnames, 6, names, v, 2))
        return VALUE_NULL;
    struct tensor *x = need_f32(v[0], "rope", "the input"), *out;
    if (!x)
        return VALUE_NULL;
    if (x->ndim < 3)
        return vm_raise_type(&type_ValueError, "rope: the input must be (..., positions, heads, head size)");
    int64_t Tn = x->shape[x->ndim - 3], D = x->shape[x->ndim - 1];
    if (!is_tensor(v[1]) || T(v[1])->dtype != TENSOR_I32 || T(v[1])->ndim != 1 || T(v[1])->shape[0] != Tn)
        return vm_raise_type(&type_ValueError, "rope: positions must be i32 of shape (%lld,)", (long long)Tn);
    int64_t n_rot = D;
    if (v[2] && v[2] != VALUE_NONE) {
        if (!is_plain_int(v[2]) || !int_as_i64(v[2], &n_rot) || n_rot <= 0 || n_rot % 2 || n_rot > D) {
            if (vm_error_pending())
                vm_take_exception();
            value_t r = vm_repr(v[2]);
            return vm_raise_type(&type_ValueError, "rope: n_rot %s must be even, > 0 and <= the head size %lld",
                                 r ? str_data(r) : "?", (long long)D);
        }
    }
    double base;
    if (!get_float(v[3], 10000.0, &base))
        return VALUE_NULL;
    if (!(base > 0))
        return vm_raise_type(&type_ValueError, "rope: the base must be > 0");
    enum tensor_rope_mode mode = TENSOR_ROPE_INTERLEAVED;
    if (v[4]) {
        if (is_str(v[4]) && !strcmp(str_data(v[4]), "half")) {
            mode = TENSOR_ROPE_HALF;
        } else if (!is_str(v[4]) || strcmp(str_data(v[4]), "interleaved")) {
            value_t r = vm_repr(v[4]);
            return vm_raise_type(&type_ValueError, "rope: unknown mode %s (interleaved or half)", r ? str_data(r) : "?");
        }
    }
    if (!get_out(v[5], "rope", &out))
        return VALUE_NULL;
    return result(CALL(tensor_rope(&out, x, T(v[1]), (int)n_rot, (float)base, mode)), out, v[5]);
}

static value_t f_embedding(const value_t *args, size_t nargs, value_t kwnames)
{
    static const char *const names[] = {"table", "ids", "out"};
    value_t v[3];
    if (!arg_parse("embedding", args, nargs, kwnames, 3, names, v, 2))
        return VALUE_NULL;
    if (!is_tensor(v[0]) || ((tensor_obj_t *)v[0])->transposed || T(v[0])->ndim != 2)
        return vm_raise_type(&type_ValueError, "embedding: the table must be (rows, size)");
    if (!is_tensor(v[1]) || T(v[1])->dtype != TENSOR_I32)
        return vm_raise_type(&type_TypeError, "embedding: ids must be i32, not %s",
                             is_tensor(v[1]) ? dtype_name(T(v[1])->dtype) : type_name_of(v[1]));
    struct tensor *out;
    if (!get_out(v[2], "embedding", &out))
        return VALUE_NULL;
    return result(CALL(tensor_embedding(&out, T(v[0]), T(v[1]))), out, v[2]);
}

static value_t f_argmax(const value_t *args, size_t nargs, value_t kwnames)
{
    static const char *const names[] = {"x", "axis"};
    value_t v[2];
    if (!arg_parse("argmax", args, nargs, kwnames, 2, names, v, 1))
        return VALUE_NULL;
    struct tensor *x = need_f32(v[0], "argmax", "the input"), *out = 0;
    int axis;
    if (!x || !get_axis(v[1], "argmax", x->ndim, -1, &axis))
        return VALUE_NULL;
    return result(CALL(tensor_argmax(&out, x, axis)), out, VALUE_NULL);
}

static value_t f_topk(const value_t *args, size_t nargs, value_t kwnames)
{
    static const char *const names[] = {"x", "k"};
    value_t v[2];
    if (!arg_parse("topk", args, nargs, kwnames, 2, names, v, 2))
        return VALUE_NULL;
    struct tensor *x = need_f32(v[0], "topk", "the input"), *vals = 0, *idx = 0;
    if (!x)
        return VALUE_NULL;
    if (x->ndim < 1)
        return vm_raise_type(&type_ValueError, "topk: needs at least one dimension");
    int64_t k, n = x->shape[x->ndim - 1];
    if (!is_plain_int(v[1]) || !int_as_i64(v[1], &k) || k < 0 || k > n) {
        if (vm_error_pending())
            vm_take_exception();
        value_t r = vm_repr(v[1]);
        return vm_raise_type(&type_ValueError, "topk: k=%s but the last axis has %lld", r ? str_data(r) : "?", (long long)n);
    }
    int st = CALL(tensor_topk(&vals, &idx, x, k));
    if (st)
        return fail(st);
    value_t a = wrap_tensor(vals, VALUE_NULL);
    if (!a) {
        tensor_free(idx);
        return VALUE_NULL;
    }
    value_t b = wrap_tensor(idx, VALUE_NULL);
    if (!b)
        return VALUE_NULL;
    value_t items[2] = {a, b};
    return tuple_from_array(items, 2);
}

static value_t reduce(const char *name, enum tensor_reduce_op op, const value_t *args, size_t nargs, value_t kwnames)
{
    static const char *const names[] = {"x", "axis", "keepdims", "out"};
    value_t v[4];
    if (!arg_parse(name, args, nargs, kwnames, 4, names, v, 1))
        return VALUE_NULL;
    struct tensor *x = need_f32(v[0], name, "the input"), *out;
    if (!x || !get_out(v[3], name, &out))
        return VALUE_NULL;
    bool keepdims = false;
    if (v[2]) {
        int tr = vm_truth(v[2]);
        if (tr < 0)
            return VALUE_NULL;
        keepdims = tr;
    }
    int st;
    if (!v[1] || v[1] == VALUE_NONE) {
        struct tensor *flat = 0, *c = 0;
        int64_t n = tensor_numel(x);
        if (op == TENSOR_MAX && n == 0)
            return vm_raise_type(&type_ValueError, "max: zero-size axis 0 has no maximum");
        st = tensor_reshape(&flat, x, 1, &n);
        if (st) {
            if ((st = tensor_copy(&c, x)))
                return fail(st);
            st = tensor_reshape(&flat, c, 1, &n);
            tensor_free(c);
            if (st)
                return fail(st);
        }
        /* a 0-d result: reduce to (1,) with keepdims, then view as () */
        struct tensor *r1 = 0;
        st = tensor_reduce(&r1, op, flat, 0, true);
        tensor_free(flat);
        if (st)
            return fail(st);
        struct tensor *r0;
        st = tensor_reshape(&r0, r1, 0, 0);
        tensor_free(r1);
        if (st)
            return fail(st);
        if (out) {
            char a[128];
            if (out->ndim != 0 || out->dtype != TENSOR_F32) {
                tensor_free(r0);
                return vm_raise_type(&type_ValueError, "%s: the output is %s but the result is f32[]", name,
                                     describe(out, a, sizeof a));
            }
            struct tensor *o = out;
            st = tensor_convert(&o, r0, TENSOR_F32);
            tensor_free(r0);
            return result(st, o, v[3]);
        }
        return wrap_tensor(r0, VALUE_NULL);
    }
    int axis;
    if (!get_axis(v[1], name, x->ndim, 0, &axis))
        return VALUE_NULL;
    return result(CALL(tensor_reduce(&out, op, x, axis, keepdims)), out, v[3]);
}

static value_t f_sum(const value_t *a, size_t n, value_t k) { return reduce("sum", TENSOR_SUM, a, n, k); }
static value_t f_mean(const value_t *a, size_t n, value_t k) { return reduce("mean", TENSOR_MEAN, a, n, k); }
static value_t f_max(const value_t *a, size_t n, value_t k) { return reduce("max", TENSOR_MAX, a, n, k); }

static value_t f_concat(const value_t *args, size_t nargs, value_t kwnames)
{
    static const char *const names[] = {"parts", "axis", "out"};
    value_t v[3];
    if (!arg_parse("concat", args, nargs, kwnames, 3, names, v, 1))
        return VALUE_NULL;
    value_t list = list_from_iterable(v[0]);
    if (!list)
        return VALUE_NULL;
    size_t n = as_list(list)->len;
    if (n == 0)
        return vm_raise_type(&type_ValueError, "concat: nothing to concatenate");
    const struct tensor *parts[64];
    const struct tensor **pp = n <= 64 ? parts : kmalloc(n * sizeof *pp);
    if (!pp)
        return vm_raise_memory_error();
    value_t r = VALUE_NULL;
    for (size_t i = 0; i < n; i++) {
        pp[i] = need_tensor(as_list(list)->items[i], "concat", "each part");
        if (!pp[i])
            goto done;
    }
    int axis;
    struct tensor *out;
    if (!get_axis(v[1], "concat", pp[0]->ndim, 0, &axis) || !get_out(v[2], "concat", &out))
        goto done;
    r = result(CALL(tensor_concat(&out, pp, (int)n, axis)), out, v[2]);
done:
    if (pp != parts)
        kfree(pp);
    return r;
}

static value_t convert_to(value_t x_v, value_t dtype_v, value_t out_v, const char *op)
{
    struct tensor *x = need_tensor(x_v, op, "the input"), *out;
    if (!x)
        return VALUE_NULL;
    int d = parse_dtype(dtype_v, op);
    if (d < 0 || !get_out(out_v, op, &out))
        return VALUE_NULL;
    return result(CALL(tensor_convert(&out, x, d)), out, out_v);
}

static value_t f_convert(const value_t *args, size_t nargs, value_t kwnames)
{
    static const char *const names[] = {"x", "dtype", "out"};
    value_t v[3];
    if (!arg_parse("convert", args, nargs, kwnames, 3, names, v, 2))
        return VALUE_NULL;
    return convert_to(v[0], v[1], v[2], "convert");
}

static value_t f_copy_into(const value_t *args, size_t nargs, value_t kwnames)
{
    if (!arg_check("copy_into", nargs, kwnames, 2, 2))
        return VALUE_NULL;
    struct tensor *dst = need_tensor(args[0], "copy_into", "the destination");
    if (!dst || copy_into_tensor(dst, args[1], "copy_into"))
        return VALUE_NULL;
    return args[0];
}

static value_t do_matmul(value_t a, value_t b, value_t out_v)
{
    if (is_tensor(b) && ((tensor_obj_t *)b)->transposed) {
        struct tensor *w;
        int st = tensor_reshape(&w, T(b), T(b)->ndim, T(b)->shape);
        if (st)
            return fail(st);
        value_t wv = view_of(b, w);
        return wv ? do_linear(a, wv, VALUE_NULL, TENSOR_ACT_NONE, out_v) : VALUE_NULL;
    }
    if (is_tensor(b) && dtype_is_block(T(b)->dtype))
        return vm_raise_type(&type_TypeError, "matmul: %s weights go through linear (x @ w.T)", dtype_name(T(b)->dtype));
    if (!is_tensor(a) || !is_tensor(b))
        return VALUE_NOT_IMPLEMENTED;
    struct tensor *x, *y;
    if (T(a)->dtype == TENSOR_F16 && T(b)->dtype == TENSOR_F16) {
        x = T(a);                       /* f16 @ f16 (an f16 KV cache), f32 result */
        y = T(b);
    } else if ((T(a)->dtype == TENSOR_F16 && T(b)->dtype == TENSOR_F32) ||
               (T(a)->dtype == TENSOR_F32 && T(b)->dtype == TENSOR_F16)) {
        return vm_raise_type(&type_TypeError, "matmul: %s @ %s: the operands are both f32 or both f16 (convert one)",
                             dtype_name(T(a)->dtype), dtype_name(T(b)->dtype));
    } else {
        x = need_f32(a, "matmul", "the first operand");
        y = x ? need_f32(b, "matmul", "the second operand") : 0;
    }
    struct tensor *out;
    if (!y)
        return VALUE_NULL;
    if (x->ndim == 0 || y->ndim == 0)
        return vm_raise_type(&type_ValueError, "matmul: operands need at least one dimension");
    int64_t ka = x->shape[x->ndim - 1], kb = y->ndim >= 2 ? y->shape[y->ndim - 2] : y->shape[0];
    if (ka != kb) {
        char d1[128], d2[128];
        return vm_raise_type(&type_ValueError, "matmul: %s @ %s: inner dimensions %lld and %lld differ",
                             describe(x, d1, sizeof d1), describe(y, d2, sizeof d2), (long long)ka, (long long)kb);
    }
    for (int i = 3; i <= x->ndim && i <= y->ndim; i++) {
        int64_t p = x->shape[x->ndim - i], q = y->shape[y->ndim - i];
        if (p != q && p != 1 && q != 1) {
            char d1[128], d2[128];
            return vm_raise_type(&type_ValueError, "matmul: batch dimensions of %s and %s do not broadcast",
                                 describe(x, d1, sizeof d1), describe(y, d2, sizeof d2));
        }
    }
    if (!get_out(out_v, "matmul", &out))
        return VALUE_NULL;
    return result(CALL(tensor_matmul(&out, x, y)), out, out_v);
}

static value_t f_matmul(const value_t *args, size_t nargs, value_t kwnames)
{
    static const char *const names[] = {"a", "b", "out"};
    value_t v[3];
    if (!arg_parse("matmul", args, nargs, kwnames, 3, names, v, 2))
        return VALUE_NULL;
    value_t r = do_matmul(v[0], v[1], v[2]);
    if (r == VALUE_NOT_IMPLEMENTED)
        return vm_raise_type(&type_TypeError, "matmul: the operands must be tensors");
    return r;
}

static const char *const activation_names[] = {"none", "relu", "gelu", "gelu_erf", "silu"};

static value_t do_linear(value_t x_v, value_t w_v, value_t bias_v, int act, value_t out_v)
{
    if (!is_tensor(w_v) || ((tensor_obj_t *)w_v)->transposed || T(w_v)->ndim != 2)
        return vm_raise_type(&type_ValueError, "linear: the weight must be (out features, in features)");
    if (!is_tensor(x_v) || ((tensor_obj_t *)x_v)->transposed || T(x_v)->ndim < 1)
        return vm_raise_type(&type_ValueError, "linear: the input needs at least one dimension");
    struct tensor *x = T(x_v), *w = T(w_v), *bias, *out;
    int64_t N = w->shape[0], K = w->shape[1];
    if (x->shape[x->ndim - 1] != K) {
        char d1[128], d2[128];
        return vm_raise_type(&type_ValueError, "linear: input %s does not fit weight %s (%lld in features)",
                             describe(x, d1, sizeof d1), describe(w, d2, sizeof d2), (long long)K);
    }
    if (!optional_vector(bias_v, "linear", "the bias", N, &bias))
        return VALUE_NULL;
    if (x->dtype != TENSOR_F32)
        return vm_raise_type(&type_TypeError, "linear: the input is %s, the op takes f32 (convert it first)",
                             dtype_name(x->dtype));
    if (!get_out(out_v, "linear", &out))
        return VALUE_NULL;
    return result(CALL(tensor_linear(&out, x, w, bias, (enum tensor_activation)act)), out, out_v);
}

static value_t f_linear(const value_t *args, size_t nargs, value_t kwnames)
{
    static const char *const names[] = {"x", "w", "bias", "activation", "out"};
    value_t v[5];
    if (!arg_parse("linear", args, nargs, kwnames, 5, names, v, 2))
        return VALUE_NULL;
    int act = 0;
    if (v[3]) {
        act = -1;
        for (int i = 0; i < 5; i++)
            if (is_str(v[3]) && !strcmp(str_data(v[3]), activation_names[i]))
                act = i;
        if (act < 0) {
            value_t r = vm_repr(v[3]);
            return vm_raise_type(&type_ValueError, "linear: unknown activation %s (one of none, relu, gelu, gelu_erf, silu)",
                                 r ? str_data(r) : "?");
        }
    }
    return do_linear(v[0], v[1], v[2], act, v[4]);
}

/* ---- tensor.profile: time per op function (off by default) ----
 * Where a decoded token's time goes: each op below counts its calls and
 * the time from entry to return (argument checks, output checks, the
 * kernel). What the model's Python does between ops is the rest of the
 * step's wall time. Off, a call costs one branch; on, two clock reads. */
#define PROFILED_OPS(X)                                                                                         \
    X(add) X(sub) X(mul) X(div) X(scale) X(relu) X(gelu) X(gelu_erf) X(silu) X(softmax) X(rmsnorm) X(layernorm) \
    X(rope) X(embedding) X(argmax) X(topk) X(sum) X(mean) X(max) X(concat) X(convert) X(copy_into) X(matmul)   \
    X(linear)
enum {
#define PROF_ENUM(name) PROF_##name,
    PROFILED_OPS(PROF_ENUM)
#undef PROF_ENUM
    PROF_COUNT
};
static const char *const prof_names[PROF_COUNT] = {
#define PROF_NAME(name) #name,
    PROFILED_OPS(PROF_NAME)
#undef PROF_NAME
};
static bool prof_on;
static uint64_t prof_calls[PROF_COUNT], prof_ns[PROF_COUNT];

typedef value_t (*native_fn)(const value_t *, size_t, value_t);

static value_t profiled(int which, native_fn fn, const value_t *args, size_t nargs, value_t kwnames)
{
    if (!prof_on)
        return fn(args, nargs, kwnames);
    uint64_t t0 = arch_time_ns();
    value_t r = fn(args, nargs, kwnames);
    prof_ns[which] += arch_time_ns() - t0;
    prof_calls[which]++;
    return r;
}

#define PROF_WRAPPER(name) \
    static value_t p_##name(const value_t *a, size_t n, value_t k) { return profiled(PROF_##name, f_##name, a, n, k); }
PROFILED_OPS(PROF_WRAPPER)
#undef PROF_WRAPPER

/* tensor.profile(on=None): with a bool, zeroes the counters and turns the
 * timing on or off; returns {op: (calls, seconds)} of the ops called since
 * the counters were last zeroed. */
static value_t f_profile(const value_t *args, size_t nargs, value_t kwnames)
{
    if (!arg_check("profile", nargs, kwnames, 0, 1))
        return VALUE_NULL;
    if (nargs == 1 && args[0] != VALUE_NONE) {
        if (type_of(args[0]) != &type_bool)
            return vm_raise_type(&type_TypeError, "profile: on must be True, False or None");
        prof_on = vm_truth(args[0]) > 0;
        for (int i = 0; i < PROF_COUNT; i++)
            prof_calls[i] = prof_ns[i] = 0;
    }
    value_t d = dict_new(8);
    if (!d)
        return VALUE_NULL;
    for (int i = 0; i < PROF_COUNT; i++) {
        if (!prof_calls[i])
            continue;
        value_t pair[2] = {int_from_u64(prof_calls[i]), float_new((double)prof_ns[i] / 1e9)};
        value_t t = (pair[0] && pair[1]) ? tuple_from_array(pair, 2) : VALUE_NULL;
        if (!t || !dict_set_str(d, prof_names[i], t))
            return VALUE_NULL;
    }
    return d;
}

static const method_def_t tensor_functions[] = {
    {"empty", f_empty, 0}, {"zeros", f_zeros, 0}, {"ones", f_ones, 0}, {"full", f_full, 0},
    {"arange", f_arange, 0}, {"rand", f_rand, 0}, {"from_list", f_from_list, 0}, {"from_bytes", f_from_bytes, 0},
    {"wrap", f_wrap, 0}, {"dtype_from_gguf", f_dtype_from_gguf, 0}, {"block_size", f_block_size, 0},
    {"nbytes", f_nbytes, 0}, {"add", p_add, 0}, {"sub", p_sub, 0}, {"mul", p_mul, 0}, {"div", p_div, 0},
    {"scale", p_scale, 0}, {"relu", p_relu, 0}, {"gelu", p_gelu, 0}, {"gelu_erf", p_gelu_erf, 0},
    {"silu", p_silu, 0}, {"softmax", p_softmax, 0}, {"rmsnorm", p_rmsnorm, 0}, {"layernorm", p_layernorm, 0},
    {"rope", p_rope, 0}, {"embedding", p_embedding, 0}, {"argmax", p_argmax, 0}, {"topk", p_topk, 0},
    {"sum", p_sum, 0}, {"mean", p_mean, 0}, {"max", p_max, 0}, {"concat", p_concat, 0},
    {"convert", p_convert, 0}, {"copy_into", p_copy_into, 0}, {"matmul", p_matmul, 0}, {"linear", p_linear, 0},
    {"profile", f_profile, 0},
    {0, 0, 0},
};

value_t init_tensor_module(value_t m)
{
    static value_t keep[2];
    if (!type_tensor.dict) {
        if (!type_init_dict(&type_tensor) || !type_init_dict(&type_tensor_iterator))
            return VALUE_NULL;
        keep[0] = type_tensor.dict;
        keep[1] = type_tensor_iterator.dict;
        gc_add_root(keep, 2);
        gc_set_finalize_hook(tensor_finalize);
    }
    if (!module_add_functions(m, tensor_functions))
        return VALUE_NULL;
    value_t names = tuple_new(TENSOR_DTYPE_COUNT);
    if (!names)
        return VALUE_NULL;
    for (int i = 0; i < TENSOR_DTYPE_COUNT; i++) {
        value_t s = str_new_cstr(dtype_name(i));
        if (!s)
            return VALUE_NULL;
        as_tuple(names)->items[i] = s;
    }
    if (!dict_set_str(module_dict(m), "DTYPES", names) ||
        !dict_set_str(module_dict(m), "Tensor", obj_value(&type_tensor)))
        return VALUE_NULL;
    return m;
}
