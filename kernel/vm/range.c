/* range (small-int bounds), its iterator, and slice objects. */
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
    return obj_value(r);
}

static bool range_arg(value_t v, intptr_t *out)
{
    if (is_small_int(v)) {
        *out = small_int_value(v);
        return true;
    }
    if (is_int(v)) {
        int64_t i;
        if (!int_as_i64(v, &i) || !small_int_fits(i)) {
            if (!vm_error_pending())
                vm_raise_type(&type_OverflowError, "range() arguments beyond 62 bits are not supported");
            return false;
        }
        *out = (intptr_t)i;
        return true;
    }
    if (vm_is_index(v)) {
        intptr_t i;
        if (!vm_index(v, &i))
            return false;
        if (!small_int_fits(i)) {
            vm_raise_type(&type_OverflowError, "range() arguments beyond 62 bits are not supported");
            return false;
        }
        *out = i;
        return true;
    }
    vm_raise_type(&type_TypeError, "'%s' object cannot be interpreted as an integer", type_name_of(v));
    return false;
}

static value_t range_make_new(const type_t *type, const value_t *args, size_t nargs, value_t kw)
{
    (void)type;
    if (!arg_check("range", nargs, kw, 1, 3))
        return VALUE_NULL;
    intptr_t start = 0, stop, step = 1;
    if (nargs == 1) {
        if (!range_arg(args[0], &stop))
            return VALUE_NULL;
    } else {
        if (!range_arg(args[0], &start) || !range_arg(args[1], &stop))
            return VALUE_NULL;
        if (nargs == 3 && !range_arg(args[2], &step))
            return VALUE_NULL;
    }
    if (step == 0)
        return vm_raise_type(&type_ValueError, "range() arg 3 must not be zero");
    return range_new(start, stop, step);
}

static inline range_obj_t *as_range(value_t v) { return (range_obj_t *)v; }

static value_t range_repr(value_t self)
{
    range_obj_t *r = as_range(self);
    strbuf_t b;
    strbuf_init(&b);
    if (r->step == 1)
        strbuf_printf(&b, "range(%ld, %ld)", (long)r->start, (long)r->stop);
    else
        strbuf_printf(&b, "range(%ld, %ld, %ld)", (long)r->start, (long)r->stop, (long)r->step);
    return strbuf_finish(&b);
}

static bool range_len(value_t self, size_t *out)
{
    *out = as_range(self)->len;
    return true;
}

static value_t range_getitem(value_t self, value_t key)
{
    range_obj_t *r = as_range(self);
    if (type_of(key) == &type_slice) {
        intptr_t start, stop, step;
        size_t count;
        if (!slice_indices(key, r->len, &start, &stop, &step, &count))
            return VALUE_NULL;
        intptr_t s = r->start + start * r->step;
        return range_new(s, s + (intptr_t)count * step * r->step, step * r->step);
    }
    size_t i;
    if (!vm_seq_index(key, r->len, &i, "range object"))
        return VALUE_NULL;
    return int_from_i64((int64_t)r->start + (int64_t)i * r->step);
}

static int range_contains(value_t self, value_t item)
{
    range_obj_t *r = as_range(self);
    if (is_small_int(item) || (is_int(item) && type_of(item) == &type_bool)) {
        intptr_t v = is_small_int(item) ? small_int_value(item) : item == VALUE_TRUE;
        if (r->step > 0 ? (v < r->start || v >= r->stop) : (v > r->start || v <= r->stop))
            return 0;
        return ((v - r->start) % r->step) == 0;
    }
    if (is_int(item))
        return 0;
    for (size_t i = 0; i < r->len; i++) {
        int eq = vm_equal(small_int(r->start + (intptr_t)i * r->step), item);
        if (eq)
            return eq;
    }
    return 0;
}

static value_t range_compare(value_t a, value_t b, int op)
{
    if (type_of(b) != &type_range || (op != CMP_EQ && op != CMP_NE))
        return VALUE_NOT_IMPLEMENTED;
    range_obj_t *x = as_range(a), *y = as_range(b);
    bool eq = x->len == y->len && (x->len == 0 || (x->start == y->start && (x->len == 1 || x->step == y->step)));
    return bool_value(op == CMP_EQ ? eq : !eq);
}

static bool range_hash(value_t self, intptr_t *out)
{
    range_obj_t *r = as_range(self);
    value_t t[3] = {small_int((intptr_t)r->len), VALUE_NONE, VALUE_NONE};
    if (r->len) {
        t[1] = small_int(r->start);
        if (r->len > 1)
            t[2] = small_int(r->step);
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
    it->next += it->step;
    return small_int(v);
}

type_t type_range_iterator = {
    .base = {&type_type}, .name = "range_iterator", .parent = &type_object,
    .iter = identity, .next = range_iterator_next,
};

static value_t range_iter(value_t self)
{
    range_obj_t *r = as_range(self);
    range_iterator_obj_t *it = gc_alloc(sizeof *it, 0);
    if (!it)
        return VALUE_NULL;
    it->base.type = &type_range_iterator;
    it->next = r->start;
    it->step = r->step;
    it->left = r->len;
    return obj_value(it);
}

static value_t m_index(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("index", n, kw, 2, 2))
        return VALUE_NULL;
    int c = range_contains(a[0], a[1]);
    if (c < 0)
        return VALUE_NULL;
    if (!c) {
        value_t rep = vm_repr(a[1]);
        return rep ? vm_raise_type(&type_ValueError, "%s is not in range", str_data(rep)) : VALUE_NULL;
    }
    range_obj_t *r = as_range(a[0]);
    if (is_small_int(a[1]))
        return small_int((small_int_value(a[1]) - r->start) / r->step);
    for (size_t i = 0; i < r->len; i++)
        if (vm_equal(small_int(r->start + (intptr_t)i * r->step), a[1]) == 1)
            return small_int((intptr_t)i);
    return VALUE_NULL;
}

static value_t m_count(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("count", n, kw, 2, 2))
        return VALUE_NULL;
    int c = range_contains(a[0], a[1]);
    return c < 0 ? VALUE_NULL : small_int(c);
}

static const method_def_t range_methods[] = {{"index", m_index, 0}, {"count", m_count, 0}, {0, 0, 0}};

static value_t range_getattr(value_t self, value_t name)
{
    range_obj_t *r = as_range(self);
    const char *n = str_data(name);
    if (!strcmp(n, "start")) return small_int(r->start);
    if (!strcmp(n, "stop")) return small_int(r->stop);
    if (!strcmp(n, "step")) return small_int(r->step);
    return VALUE_MISSING;
}

static int range_truth(value_t self) { return as_range(self)->len != 0; }

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
