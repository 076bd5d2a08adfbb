/* range, its iterators, and slice objects.
 *
 * A range whose start, stop and step fit in 64 bits (and its length in an
 * intptr_t) keeps them as machine words: iteration and indexing are plain
 * arithmetic. Any other range ("big", like CPython's longrange) keeps them
 * as int objects in r->big and computes with int arithmetic. */
#include "vm/obj.h"
#include "vm/gc.h"
#include "lib/string.h"

extern value_t seq_compare(const value_t *a, size_t na, const value_t *b, size_t nb, int op);

static size_t range_length(intptr_t start, intptr_t stop, intptr_t step)
{
    if (step > 0 && start < stop)
        return (size_t)(((uint64_t)stop - (uint64_t)start - 1) / (uint64_t)step + 1);
    if (step < 0 && start > stop)
        return (size_t)(((uint64_t)start - (uint64_t)stop - 1) / (0 - (uint64_t)step) + 1);
    return 0;
}

value_t range_new(intptr_t start, intptr_t stop, intptr_t step)
{
    range_obj_t *r = gc_alloc(sizeof *r, 0);
    if (!r)
        return VALUE_NULL;
    r->base.type = &type_range;
    r->start = start;
    r->stop = stop;
    r->step = step;
    r->len = range_length(start, stop, step);
    r->big = VALUE_NULL;
    return obj_value(r);
}

static inline range_obj_t *as_range(value_t v) { return (range_obj_t *)v; }

/* ---- int arithmetic on values, for big ranges ---- */
static value_t add(value_t a, value_t b) { return int_binary_op(OP_ADD, a, b); }
static value_t sub(value_t a, value_t b) { return int_binary_op(OP_SUB, a, b); }
static value_t mul(value_t a, value_t b) { return int_binary_op(OP_MUL, a, b); }

/* An exact int for v: itself, 0/1 for a bool, or __index__()'s result. */
static value_t index_value(value_t v, const char *what)
{
    if (is_small_int(v))
        return v;
    if (is_int(v))
        return type_of(v) == &type_bool ? small_int(v == VALUE_TRUE) : v;
    value_t name = str_intern_cstr("__index__");
    value_t m = name ? type_lookup(type_of(v), name) : VALUE_NULL;
    if (!m)
        return VALUE_NULL;
    if (m == VALUE_MISSING) {
        if (what)
            return vm_raise_type(&type_TypeError, "%s", what);
        return vm_raise_type(&type_TypeError, "'%s' object cannot be interpreted as an integer", type_name_of(v));
    }
    value_t r = vm_call(m, &v, 1, VALUE_NULL);
    if (r && !is_int(r))
        return vm_raise_type(&type_TypeError, "__index__ returned non-int (type %s)", type_name_of(r));
    return r && type_of(r) == &type_bool ? small_int(r == VALUE_TRUE) : r;
}

static bool fits_i64(value_t v, int64_t *out)
{
    if (is_small_int(v)) {
        *out = small_int_value(v);
        return true;
    }
    if (int_as_i64(v, out))
        return true;
    vm_take_exception();
    return false;
}

/* The range of exact ints start, stop, step (step != 0): small if it can be. */
static value_t range_from_values(value_t start, value_t stop, value_t step)
{
    int64_t a, b, c;
    if (fits_i64(start, &a) && fits_i64(stop, &b) && fits_i64(step, &c) && range_length(a, b, c) <= INTPTR_MAX)
        return range_new(a, b, c);
    value_t len = small_int(0);
    bool up = int_sign(step) > 0;
    if (up ? int_cmp(start, stop) < 0 : int_cmp(start, stop) > 0) {
        value_t span = up ? sub(sub(stop, start), small_int(1)) : sub(sub(start, stop), small_int(1));
        value_t by = up ? step : int_binary_op(OP_SUB, small_int(0), step);
        value_t q = span && by ? int_binary_op(OP_FLOORDIV, span, by) : VALUE_NULL;
        len = q ? add(q, small_int(1)) : VALUE_NULL;
        if (!len)
            return VALUE_NULL;
    }
    value_t items[4] = {start, stop, step, len};
    value_t t = tuple_from_array(items, 4);
    range_obj_t *r = t ? gc_alloc(sizeof *r, 0) : 0;
    if (!r)
        return VALUE_NULL;
    r->base.type = &type_range;
    r->big = t;
    return obj_value(r);
}

/* Field k (0 start, 1 stop, 2 step, 3 len) as an int value. */
static value_t field(range_obj_t *r, int k)
{
    if (r->big)
        return as_tuple(r->big)->items[k];
    if (k == 3)
        return int_from_u64(r->len);
    return int_from_i64(k == 0 ? r->start : k == 1 ? r->stop : r->step);
}

static bool is_empty(range_obj_t *r) { return r->big ? int_sign(field(r, 3)) == 0 : r->len == 0; }

static value_t range_make_new(const type_t *type, const value_t *args, size_t nargs, value_t kw)
{
    (void)type;
    if (!arg_check("range", nargs, kw, 1, 3))
        return VALUE_NULL;
    if (nargs == 1 && is_small_int(args[0]))        /* the common case, kept short */
        return range_new(0, small_int_value(args[0]), 1);
    value_t v[3] = {small_int(0), VALUE_NULL, small_int(1)};
    for (size_t i = 0; i < nargs; i++) {
        size_t k = nargs == 1 ? 1 : i;
        if (!(v[k] = index_value(args[i], 0)))
            return VALUE_NULL;
    }
    if (int_sign(v[2]) == 0)
        return vm_raise_type(&type_ValueError, "range() arg 3 must not be zero");
    return range_from_values(v[0], v[1], v[2]);
}

static value_t range_repr(value_t self)
{
    range_obj_t *r = as_range(self);
    strbuf_t b;
    strbuf_init(&b);
    if (!r->big) {
        if (r->step == 1)
            strbuf_printf(&b, "range(%ld, %ld)", (long)r->start, (long)r->stop);
        else
            strbuf_printf(&b, "range(%ld, %ld, %ld)", (long)r->start, (long)r->stop, (long)r->step);
        return strbuf_finish(&b);
    }
    bool unit = int_cmp(field(r, 2), small_int(1)) == 0;
    strbuf_add_cstr(&b, "range(");
    for (int k = 0; k < (unit ? 2 : 3); k++) {
        if (k)
            strbuf_add_cstr(&b, ", ");
        if (!strbuf_add_value_repr(&b, field(r, k))) {
            strbuf_free(&b);
            return VALUE_NULL;
        }
    }
    strbuf_add_char(&b, ')');
    return strbuf_finish(&b);
}

static bool range_len(value_t self, size_t *out)
{
    range_obj_t *r = as_range(self);
    if (!r->big) {
        *out = r->len;
        return true;
    }
    int64_t n;
    if (!int_as_i64(field(r, 3), &n)) {
        vm_take_exception();
        vm_raise_type(&type_OverflowError, "Python int too large to convert to C ssize_t");
        return false;
    }
    *out = (size_t)n;
    return true;
}

/* r[i] for an in-range index value (0 <= i < len). */
static value_t item_at(range_obj_t *r, value_t i)
{
    int64_t k;
    if (!r->big && fits_i64(i, &k))     /* always fits: 0 <= i < len <= INTPTR_MAX */
        return int_from_i64((int64_t)((uint64_t)r->start + (uint64_t)k * (uint64_t)r->step));
    value_t off = mul(i, field(r, 2));
    return off ? add(field(r, 0), off) : VALUE_NULL;
}

/* CPython's slice.indices over ints of any size: start, stop, step of the
 * slice clamped to a sequence of length len. */
static bool slice_values(value_t slice, value_t len, value_t out[3])
{
    slice_obj_t *s = (slice_obj_t *)slice;
    static const char bad[] = "slice indices must be integers or None or have an __index__ method";
    value_t step = small_int(1);
    if (s->step != VALUE_NONE) {
        if (!(step = index_value(s->step, bad)))
            return false;
        if (int_sign(step) == 0) {
            vm_raise_type(&type_ValueError, "slice step cannot be zero");
            return false;
        }
    }
    bool down = int_sign(step) < 0;
    value_t lower = down ? small_int(-1) : small_int(0);
    value_t upper = down ? sub(len, small_int(1)) : len;
    if (!upper)
        return false;
    value_t given[2] = {s->start, s->stop};
    for (int k = 0; k < 2; k++) {
        value_t v;
        if (given[k] == VALUE_NONE) {
            v = (k == 0) == down ? upper : lower;
        } else {
            if (!(v = index_value(given[k], bad)))
                return false;
            if (int_sign(v) < 0) {
                if (!(v = add(v, len)))
                    return false;
                if (int_cmp(v, lower) < 0)
                    v = lower;
            } else if (int_cmp(v, upper) > 0) {
                v = upper;
            }
        }
        out[k] = v;
    }
    out[2] = step;
    return true;
}

static value_t range_getitem(value_t self, value_t key)
{
    range_obj_t *r = as_range(self);
    if (type_of(key) == &type_slice) {
        value_t ix[3];
        if (!slice_values(key, field(r, 3), ix))
            return VALUE_NULL;
        value_t start = mul(ix[0], field(r, 2)), stop = mul(ix[1], field(r, 2)), step = mul(ix[2], field(r, 2));
        if (!start || !stop || !step || !(start = add(field(r, 0), start)) || !(stop = add(field(r, 0), stop)))
            return VALUE_NULL;
        return range_from_values(start, stop, step);
    }
    if (!r->big && is_small_int(key)) {
        size_t i;
        if (!vm_seq_index(key, r->len, &i, "range object"))
            return VALUE_NULL;
        return int_from_i64((int64_t)((uint64_t)r->start + (uint64_t)i * (uint64_t)r->step));
    }
    value_t i = index_value(key, 0);
    if (!i) {
        if (vm_exception_matches(&type_TypeError) && !is_int(key)) {
            vm_take_exception();
            vm_raise_type(&type_TypeError, "range indices must be integers or slices, not %s", type_name_of(key));
        }
        return VALUE_NULL;
    }
    value_t len = field(r, 3);
    if (int_sign(i) < 0 && !(i = add(i, len)))
        return VALUE_NULL;
    if (int_sign(i) < 0 || int_cmp(i, len) >= 0)
        return vm_raise_type(&type_IndexError, "range object index out of range");
    return item_at(r, i);
}

/* 1 if the exact int v is in r (no iteration), 0 if not. */
static int contains_int(range_obj_t *r, value_t v)
{
    if (!r->big) {
        int64_t x;
        if (!fits_i64(v, &x))
            return 0;
        if (r->step > 0 ? (x < r->start || x >= r->stop) : (x > r->start || x <= r->stop))
            return 0;
        uint64_t d = r->step > 0 ? (uint64_t)x - (uint64_t)r->start : (uint64_t)r->start - (uint64_t)x;
        uint64_t st = r->step > 0 ? (uint64_t)r->step : 0 - (uint64_t)r->step;
        return d % st == 0;
    }
    value_t start = field(r, 0), stop = field(r, 1), step = field(r, 2);
    if (int_sign(step) > 0 ? (int_cmp(v, start) < 0 || int_cmp(v, stop) >= 0)
                           : (int_cmp(v, start) > 0 || int_cmp(v, stop) <= 0))
        return 0;
    value_t d = sub(v, start);
    value_t m = d ? int_binary_op(OP_MOD, d, step) : VALUE_NULL;
    return m ? int_sign(m) == 0 : -1;
}

static bool exact_int(value_t v) { return is_small_int(v) || type_of(v) == &type_int || type_of(v) == &type_bool; }

/* Position of item by equality, for items that are not ints (1.0 in a
 * range): -1 if absent, -2 on error. */
static intptr_t search(value_t self, value_t item)
{
    value_t it = vm_iter(self);
    if (!it)
        return -2;
    for (intptr_t i = 0;; i++) {
        value_t x = vm_next(it);
        if (!x)
            return -2;
        if (x == VALUE_STOP)
            return -1;
        int eq = vm_equal(x, item);
        if (eq)
            return eq < 0 ? -2 : i;
    }
}

static int range_contains(value_t self, value_t item)
{
    if (exact_int(item))
        return contains_int(as_range(self), is_small_int(item) || type_of(item) != &type_bool ? item
                                                                 : small_int(item == VALUE_TRUE));
    intptr_t i = search(self, item);
    return i == -2 ? -1 : i >= 0;
}

static value_t range_compare(value_t a, value_t b, int op)
{
    if (type_of(b) != &type_range || (op != CMP_EQ && op != CMP_NE))
        return VALUE_NOT_IMPLEMENTED;
    range_obj_t *x = as_range(a), *y = as_range(b);
    bool eq;
    if (!x->big && !y->big) {
        eq = x->len == y->len && (x->len == 0 || (x->start == y->start && (x->len == 1 || x->step == y->step)));
    } else {
        value_t n = field(x, 3);
        eq = int_cmp(n, field(y, 3)) == 0 &&
             (int_sign(n) == 0 || (int_cmp(field(x, 0), field(y, 0)) == 0 &&
                                   (int_cmp(n, small_int(1)) == 0 || int_cmp(field(x, 2), field(y, 2)) == 0)));
    }
    return bool_value(op == CMP_EQ ? eq : !eq);
}

static bool range_hash(value_t self, intptr_t *out)
{
    range_obj_t *r = as_range(self);
    value_t n = field(r, 3);
    value_t t[3] = {n, VALUE_NONE, VALUE_NONE};
    if (int_sign(n)) {
        t[1] = field(r, 0);
        if (int_cmp(n, small_int(1)) != 0)
            t[2] = field(r, 2);
    }
    value_t tup = tuple_from_array(t, 3);
    return tup && vm_hash(tup, out);
}

static value_t identity(value_t self) { return self; }

static value_t range_iterator_next(value_t self)
{
    range_iterator_obj_t *it = (range_iterator_obj_t *)self;
    if (!it->left)
        return VALUE_STOP;
    it->left--;
    intptr_t v = it->next;
    it->next = (intptr_t)((uint64_t)it->next + (uint64_t)it->step);
    return small_int_fits(v) ? small_int(v) : int_from_i64(v);
}

type_t type_range_iterator = {
    .base = {&type_type}, .name = "range_iterator", .parent = &type_object,
    .iter = identity, .next = range_iterator_next,
};

/* The iterator of a big range: ints of any size. */
typedef struct { obj_t base; value_t next, step, left; } longrange_iterator_obj_t;

static value_t longrange_iterator_next(value_t self)
{
    longrange_iterator_obj_t *it = (longrange_iterator_obj_t *)self;
    if (int_sign(it->left) == 0)
        return VALUE_STOP;
    value_t v = it->next, next = add(v, it->step), left = sub(it->left, small_int(1));
    if (!next || !left)
        return VALUE_NULL;
    it->next = next;
    it->left = left;
    return v;
}

type_t type_longrange_iterator = {
    .base = {&type_type}, .name = "longrange_iterator", .parent = &type_object,
    .iter = identity, .next = longrange_iterator_next,
};

/* Iterates r forwards, or backwards (reversed(r)). */
static value_t iterate(range_obj_t *r, bool backwards)
{
    if (!r->big && (!backwards || r->step != INTPTR_MIN)) {
        range_iterator_obj_t *it = gc_alloc(sizeof *it, 0);
        if (!it)
            return VALUE_NULL;
        it->base.type = &type_range_iterator;
        it->left = r->len;
        it->step = backwards ? -r->step : r->step;
        it->next = r->start;
        if (backwards && r->len)
            it->next = (intptr_t)((uint64_t)r->start + (uint64_t)(r->len - 1) * (uint64_t)r->step);
        return obj_value(it);
    }
    value_t start = field(r, 0), step = field(r, 2), len = field(r, 3);
    if (backwards && int_sign(len)) {
        value_t last = item_at(r, sub(len, small_int(1)));
        if (!last || !(step = sub(small_int(0), step)))
            return VALUE_NULL;
        start = last;
    }
    longrange_iterator_obj_t *it = gc_alloc(sizeof *it, 0);
    if (!it)
        return VALUE_NULL;
    it->base.type = &type_longrange_iterator;
    it->next = start;
    it->step = step;
    it->left = len;
    return obj_value(it);
}

static value_t range_iter(value_t self) { return iterate(as_range(self), false); }

/* reversed(range): builtins.c */
value_t range_reversed(value_t self) { return iterate(as_range(self), true); }

static value_t m_index(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("index", n, kw, 2, 2))
        return VALUE_NULL;
    range_obj_t *r = as_range(a[0]);
    value_t v = a[1];
    if (!exact_int(v)) {
        intptr_t i = search(a[0], v);
        if (i == -1)
            return vm_raise_type(&type_ValueError, "sequence.index(x): x not in sequence");
        return i < 0 ? VALUE_NULL : small_int(i);
    }
    if (type_of(v) == &type_bool)
        v = small_int(v == VALUE_TRUE);
    int c = contains_int(r, v);
    if (c < 0)
        return VALUE_NULL;
    if (!c) {
        value_t rep = vm_repr(a[1]);
        return rep ? vm_raise_type(&type_ValueError, "%s is not in range", str_data(rep)) : VALUE_NULL;
    }
    value_t d = sub(v, field(r, 0));
    return d ? int_binary_op(OP_FLOORDIV, d, field(r, 2)) : VALUE_NULL;
}

static value_t m_count(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("count", n, kw, 2, 2))
        return VALUE_NULL;
    if (exact_int(a[1])) {
        int c = range_contains(a[0], a[1]);
        return c < 0 ? VALUE_NULL : small_int(c);
    }
    value_t it = vm_iter(a[0]);
    if (!it)
        return VALUE_NULL;
    intptr_t count = 0;
    for (;;) {
        value_t x = vm_next(it);
        if (!x)
            return VALUE_NULL;
        if (x == VALUE_STOP)
            return small_int(count);
        int eq = vm_equal(x, a[1]);
        if (eq < 0)
            return VALUE_NULL;
        count += eq;
    }
}

static const method_def_t range_methods[] = {{"index", m_index, 0}, {"count", m_count, 0}, {0, 0, 0}};

static value_t range_getattr(value_t self, value_t name)
{
    range_obj_t *r = as_range(self);
    const char *n = str_data(name);
    if (!strcmp(n, "start")) return field(r, 0);
    if (!strcmp(n, "stop")) return field(r, 1);
    if (!strcmp(n, "step")) return field(r, 2);
    return VALUE_MISSING;
}

static int range_truth(value_t self) { return !is_empty(as_range(self)); }

type_t type_range = {
    .base = {&type_type}, .name = "range", .parent = &type_object, .methods = range_methods,
    .repr = range_repr, .len = range_len, .getitem = range_getitem, .contains = range_contains,
    .compare = range_compare, .hash = range_hash, .iter = range_iter, .make_new = range_make_new,
    .getattr = range_getattr, .truth = range_truth,
};

/* ---- slices ---- */
value_t slice_new(value_t start, value_t stop, value_t step)
{
    slice_obj_t *s = gc_alloc(sizeof *s, 0);
    if (!s)
        return VALUE_NULL;
    s->base.type = &type_slice;
    s->start = start;
    s->stop = stop;
    s->step = step;
    return obj_value(s);
}

static bool slice_value(value_t v, intptr_t *out)
{
    if (is_small_int(v)) {
        *out = small_int_value(v);
        return true;
    }
    if (is_int(v)) {
        /* clamp huge values */
        *out = int_sign(v) < 0 ? SMALL_INT_MIN : SMALL_INT_MAX;
        if (type_of(v) == &type_bool)
            *out = v == VALUE_TRUE;
        return true;
    }
    if (vm_is_index(v)) {
        value_t name = str_intern_cstr("__index__");
        value_t m = name ? type_lookup(type_of(v), name) : VALUE_NULL;
        value_t r = m ? vm_call(m, &v, 1, VALUE_NULL) : VALUE_NULL;
        if (!r)
            return false;
        if (!is_int(r)) {
            vm_raise_type(&type_TypeError, "__index__ returned non-int (type %s)", type_name_of(r));
            return false;
        }
        v = r;
        if (is_small_int(v)) {
            *out = small_int_value(v);
            return true;
        }
        *out = int_sign(v) < 0 ? SMALL_INT_MIN : SMALL_INT_MAX;
        return true;
    }
    vm_raise_type(&type_TypeError, "slice indices must be integers or None or have an __index__ method");
    return false;
}

bool slice_indices(value_t slice, size_t len, intptr_t *start, intptr_t *stop, intptr_t *step, size_t *count)
{
    slice_obj_t *s = (slice_obj_t *)slice;
    intptr_t st = 1, a, b, n = (intptr_t)len;
    if (s->step != VALUE_NONE) {
        if (!slice_value(s->step, &st))
            return false;
        if (st == 0) {
            vm_raise_type(&type_ValueError, "slice step cannot be zero");
            return false;
        }
    }
    if (s->start == VALUE_NONE)
        a = st < 0 ? n - 1 : 0;
    else {
        if (!slice_value(s->start, &a))
            return false;
        if (a < 0) {
            a += n;
            if (a < 0)
                a = st < 0 ? -1 : 0;
        } else if (a >= n) {
            a = st < 0 ? n - 1 : n;
        }
    }
    if (s->stop == VALUE_NONE)
        b = st < 0 ? -1 : n;
    else {
        if (!slice_value(s->stop, &b))
            return false;
        if (b < 0) {
            b += n;
            if (b < 0)
                b = st < 0 ? -1 : 0;
        } else if (b >= n) {
            b = st < 0 ? n - 1 : n;
        }
    }
    *start = a;
    *stop = b;
    *step = st;
    if (st < 0)
        *count = b < a ? (size_t)((a - b - 1) / (-st) + 1) : 0;
    else
        *count = a < b ? (size_t)((b - a - 1) / st + 1) : 0;
    return true;
}

static value_t slice_repr(value_t self)
{
    slice_obj_t *s = (slice_obj_t *)self;
    strbuf_t b;
    strbuf_init(&b);
    strbuf_add_cstr(&b, "slice(");
    if (!strbuf_add_value_repr(&b, s->start))
        goto fail;
    strbuf_add(&b, ", ", 2);
    if (!strbuf_add_value_repr(&b, s->stop))
        goto fail;
    strbuf_add(&b, ", ", 2);
    if (!strbuf_add_value_repr(&b, s->step))
        goto fail;
    strbuf_add_char(&b, ')');
    return strbuf_finish(&b);
fail:
    strbuf_free(&b);
    return VALUE_NULL;
}

static value_t slice_getattr(value_t self, value_t name)
{
    slice_obj_t *s = (slice_obj_t *)self;
    const char *n = str_data(name);
    if (!strcmp(n, "start")) return s->start;
    if (!strcmp(n, "stop")) return s->stop;
    if (!strcmp(n, "step")) return s->step;
    return VALUE_MISSING;
}

static value_t slice_compare(value_t a, value_t b, int op)
{
    if (type_of(b) != &type_slice)
        return VALUE_NOT_IMPLEMENTED;
    slice_obj_t *x = (slice_obj_t *)a, *y = (slice_obj_t *)b;
    value_t ta[3] = {x->start, x->stop, x->step}, tb[3] = {y->start, y->stop, y->step};
    return seq_compare(ta, 3, tb, 3, op);
}

static value_t m_indices(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("indices", n, kw, 2, 2))
        return VALUE_NULL;
    intptr_t len;
    if (!vm_index(a[1], &len))
        return VALUE_NULL;
    if (len < 0)
        return vm_raise_type(&type_ValueError, "length should not be negative");
    intptr_t start, stop, step;
    size_t count;
    if (!slice_indices(a[0], (size_t)len, &start, &stop, &step, &count))
        return VALUE_NULL;
    value_t t[3] = {small_int(start), small_int(stop), small_int(step)};
    return tuple_from_array(t, 3);
}

static const method_def_t slice_methods[] = {{"indices", m_indices, 0}, {0, 0, 0}};

static value_t slice_make_new(const type_t *type, const value_t *args, size_t nargs, value_t kw)
{
    (void)type;
    if (!arg_check("slice", nargs, kw, 1, 3))
        return VALUE_NULL;
    if (nargs == 1)
        return slice_new(VALUE_NONE, args[0], VALUE_NONE);
    return slice_new(args[0], args[1], nargs == 3 ? args[2] : VALUE_NONE);
}

type_t type_slice = {
    .base = {&type_type}, .name = "slice", .parent = &type_object, .methods = slice_methods,
    .repr = slice_repr, .getattr = slice_getattr, .compare = slice_compare, .make_new = slice_make_new,
};
