/* list: a growable array of values in a separate GC block. Also the
 * iterator shared by list and tuple, and the repr recursion guard. */
#include "vm/obj.h"
#include "vm/gc.h"
#include "lib/string.h"

/* ---- repr recursion guard: "[...]" for a list that contains itself ---- */
#define REPR_STACK 64
static value_t repr_stack[REPR_STACK];
static size_t repr_depth;

/* 1: entered, 0: already being printed, -1: error */
int repr_enter(value_t v)
{
    for (size_t i = 0; i < repr_depth; i++)
        if (repr_stack[i] == v)
            return 0;
    if (repr_depth == REPR_STACK) {
        vm_raise_type(&type_RecursionError, "maximum recursion depth exceeded while getting the repr of an object");
        return -1;
    }
    repr_stack[repr_depth++] = v;
    return 1;
}

void repr_leave(void) { repr_depth--; }

/* "open items close" for lists, tuples, sets */
value_t seq_repr(value_t self, const value_t *items, size_t n, const char *open, const char *close,
                 const char *recursive)
{
    int e = repr_enter(self);
    if (e <= 0)
        return e == 0 ? str_new_cstr(recursive) : VALUE_NULL;
    strbuf_t b;
    strbuf_init(&b);
    strbuf_add_cstr(&b, open);
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_add(&b, ", ", 2);
        if (!strbuf_add_value_repr(&b, items[i])) {
            strbuf_free(&b);
            repr_leave();
            return VALUE_NULL;
        }
    }
    strbuf_add_cstr(&b, close);
    repr_leave();
    return strbuf_finish(&b);
}

/* ---- storage ---- */
static bool list_reserve(list_obj_t *l, size_t need)
{
    if (need <= l->cap)
        return true;
    size_t cap = need + (need >> 3) + (need < 9 ? 3 : 6);
    value_t *items = gc_realloc(l->items, cap * sizeof(value_t));
    if (!items)
        return false;
    l->items = items;
    l->cap = cap;
    return true;
}

value_t list_new(size_t len)
{
    list_obj_t *l = gc_alloc(sizeof(list_obj_t), 0);
    if (!l)
        return VALUE_NULL;
    l->base.type = &type_list;
    if (len) {
        l->items = gc_alloc(len * sizeof(value_t), 0);
        if (!l->items)
            return VALUE_NULL;
        l->cap = len;
        for (size_t i = 0; i < len; i++)
            l->items[i] = VALUE_NONE;
    }
    l->len = len;
    return obj_value(l);
}

value_t list_from_array(const value_t *items, size_t n)
{
    value_t v = list_new(n);
    if (v && n)
        memcpy(as_list(v)->items, items, n * sizeof(value_t));
    return v;
}

bool list_append(value_t list, value_t v)
{
    list_obj_t *l = as_list(list);
    if (l->len == l->cap && !list_reserve(l, l->len + 1))
        return false;
    l->items[l->len++] = v;
    return true;
}

static bool list_extend_from(value_t list, value_t it)
{
    value_t *items;
    size_t n;
    if (seq_items(it, &items, &n)) {
        list_obj_t *l = as_list(list);
        if (!list_reserve(l, l->len + n))
            return false;
        seq_items(it, &items, &n);      /* it may be list itself */
        memcpy(l->items + l->len, items, n * sizeof(value_t));
        l->len += n;
        return true;
    }
    value_t iter = vm_iter(it);
    if (!iter)
        return false;
    for (;;) {
        value_t x = vm_next(iter);
        if (!x)
            return false;
        if (x == VALUE_STOP)
            return true;
        if (!list_append(list, x))
            return false;
    }
}

value_t list_from_iterable(value_t it)
{
    value_t l = list_new(0);
    if (!l || !list_extend_from(l, it))
        return VALUE_NULL;
    return l;
}

bool seq_items(value_t v, value_t **items, size_t *len)
{
    if (is_small_int(v))
        return false;
    const type_t *t = type_of(v);
    if (t == &type_list || type_is_subtype(t, &type_list)) {
        *items = as_list(v)->items;
        *len = as_list(v)->len;
        return true;
    }
    if (t == &type_tuple || type_is_subtype(t, &type_tuple)) {
        *items = as_tuple(v)->items;
        *len = as_tuple(v)->len;
        return true;
    }
    return false;
}

value_t list_pop_index(value_t list, intptr_t index)
{
    list_obj_t *l = as_list(list);
    if (!l->len)
        return vm_raise_type(&type_IndexError, "pop from empty list");
    if (index < 0)
        index += (intptr_t)l->len;
    if (index < 0 || (size_t)index >= l->len)
        return vm_raise_type(&type_IndexError, "pop index out of range");
    value_t v = l->items[index];
    memmove(l->items + index, l->items + index + 1, (l->len - (size_t)index - 1) * sizeof(value_t));
    l->items[--l->len] = VALUE_NULL;
    return v;
}

/* ---- sorting: a stable merge sort ---- */
static int less_than(value_t a, value_t b)
{
    if (is_small_int(a) && is_small_int(b))
        return (intptr_t)a < (intptr_t)b;
    return vm_compare_bool(a, b, CMP_LT);
}

/* sorts keys[lo..hi) and vals alongside (vals may be NULL) */
static bool merge_sort(value_t *keys, value_t *vals, value_t *tk, value_t *tv, size_t n, bool reverse)
{
    if (n < 2)
        return true;
    if (n <= 8) {
        for (size_t i = 1; i < n; i++) {
            value_t k = keys[i], v = vals ? vals[i] : 0;
            size_t j = i;
            while (j > 0) {
                int lt = reverse ? less_than(keys[j - 1], k) : less_than(k, keys[j - 1]);
                if (lt < 0)
                    return false;
                if (!lt)
                    break;
                keys[j] = keys[j - 1];
                if (vals)
                    vals[j] = vals[j - 1];
                j--;
            }
            keys[j] = k;
            if (vals)
                vals[j] = v;
        }
        return true;
    }
    size_t mid = n / 2;
    if (!merge_sort(keys, vals, tk, tv, mid, reverse) ||
        !merge_sort(keys + mid, vals ? vals + mid : 0, tk, tv, n - mid, reverse))
        return false;
    memcpy(tk, keys, mid * sizeof(value_t));
    if (vals)
        memcpy(tv, vals, mid * sizeof(value_t));
    size_t i = 0, j = mid, k = 0;
    while (i < mid && j < n) {
        /* take from the right only if strictly before: stability */
        int lt = reverse ? less_than(tk[i], keys[j]) : less_than(keys[j], tk[i]);
        if (lt < 0) {
            /* put the rest back so nothing is lost */
            while (i < mid) {
                keys[k] = tk[i];
                if (vals)
                    vals[k] = tv[i];
                k++, i++;
            }
            return false;
        }
        if (lt) {
            keys[k] = keys[j];
            if (vals)
                vals[k] = vals[j];
            j++;
        } else {
            keys[k] = tk[i];
            if (vals)
                vals[k] = tv[i];
            i++;
        }
        k++;
    }
    while (i < mid) {
        keys[k] = tk[i];
        if (vals)
            vals[k] = tv[i];
        k++, i++;
    }
    return true;
}

bool list_sort(value_t list, value_t key, bool reverse)
{
    list_obj_t *l = as_list(list);
    size_t n = l->len;
    if (n < 2)
        return true;
    value_t *keys = 0, *tk, *tv = 0;
    if (key && key != VALUE_NONE) {
        keys = gc_alloc(n * sizeof(value_t), 0);
        if (!keys)
            return false;
        for (size_t i = 0; i < n; i++) {
            keys[i] = vm_call(key, &l->items[i], 1, VALUE_NULL);
            if (!keys[i])
                return false;
        }
        tv = gc_alloc(n * sizeof(value_t), 0);
        if (!tv)
            return false;
    }
    tk = gc_alloc(n * sizeof(value_t), 0);
    if (!tk)
        return false;
    bool ok = keys ? merge_sort(keys, l->items, tk, tv, n, reverse) : merge_sort(l->items, 0, tk, 0, n, reverse);
    gc_free(tk);
    if (tv)
        gc_free(tv);
    if (keys)
        gc_free(keys);
    return ok;
}

/* ---- slots ---- */
static value_t list_repr(value_t self)
{
    list_obj_t *l = as_list(self);
    return seq_repr(self, l->items, l->len, "[", "]", "[...]");
}

/* Lexicographic comparison of two item arrays (shared with tuple). */
value_t seq_compare(const value_t *a, size_t na, const value_t *b, size_t nb, int op)
{
    if ((op == CMP_EQ || op == CMP_NE) && na != nb)
        return bool_value(op == CMP_NE);
    size_t n = na < nb ? na : nb;
    for (size_t i = 0; i < n; i++) {
        int eq = vm_equal(a[i], b[i]);
        if (eq < 0)
            return VALUE_NULL;
        if (!eq) {
            if (op == CMP_EQ)
                return VALUE_FALSE;
            if (op == CMP_NE)
                return VALUE_TRUE;
            return vm_compare(a[i], b[i], op);
        }
    }
    int c = na < nb ? -1 : na > nb;
    switch (op) {
    case CMP_LT: return bool_value(c < 0);
    case CMP_LE: return bool_value(c <= 0);
    case CMP_EQ: return bool_value(c == 0);
    case CMP_NE: return bool_value(c != 0);
    case CMP_GT: return bool_value(c > 0);
    default: return bool_value(c >= 0);
    }
}

static value_t list_compare(value_t a, value_t b, int op)
{
    if (!is_instance(b, &type_list))
        return VALUE_NOT_IMPLEMENTED;
    return seq_compare(as_list(a)->items, as_list(a)->len, as_list(b)->items, as_list(b)->len, op);
}

static bool list_len(value_t self, size_t *out)
{
    *out = as_list(self)->len;
    return true;
}

static value_t list_repeat(value_t self, value_t count, bool inplace)
{
    intptr_t n;
    if (!vm_repeat_count(count, &n))
        return VALUE_NULL;
    list_obj_t *l = as_list(self);
    if (n < 0)
        n = 0;
    size_t len = l->len;
    if (len && (size_t)n > ((size_t)1 << 36) / len)
        return vm_raise_memory_error();
    value_t r = inplace ? self : list_new(0);
    if (!r)
        return VALUE_NULL;
    list_obj_t *rl = as_list(r);
    if (!list_reserve(rl, len * (size_t)n))
        return VALUE_NULL;
    if (!inplace) {
        for (intptr_t k = 0; k < n; k++)
            memcpy(rl->items + k * (intptr_t)len, l->items, len * sizeof(value_t));
    } else {
        for (intptr_t k = 1; k < n; k++)
            memcpy(rl->items + k * (intptr_t)len, l->items, len * sizeof(value_t));
        if (n == 0)
            memset(rl->items, 0, len * sizeof(value_t));
    }
    rl->len = len * (size_t)n;
    return r;
}

static value_t list_binary_op(int op, value_t a, value_t b)
{
    int base = OP_BASE(op);
    if (op & OP_REFLECTED) {
        if (base == OP_MUL && vm_is_index(b))
            return list_repeat(a, b, false);
        return VALUE_NOT_IMPLEMENTED;
    }
    if (base == OP_ADD) {
        if (op & OP_INPLACE)
            return list_extend_from(a, b) ? a : VALUE_NULL;
        if (!is_instance(b, &type_list))
            return vm_raise_type(&type_TypeError, "can only concatenate list (not \"%s\") to list", type_name_of(b));
        list_obj_t *x = as_list(a), *y = as_list(b);
        value_t r = list_new(x->len + y->len);
        if (!r)
            return VALUE_NULL;
        memcpy(as_list(r)->items, x->items, x->len * sizeof(value_t));
        memcpy(as_list(r)->items + x->len, y->items, y->len * sizeof(value_t));
        return r;
    }
    if (base == OP_MUL && vm_is_index(b))
        return list_repeat(a, b, op & OP_INPLACE);
    return VALUE_NOT_IMPLEMENTED;
}

static value_t list_getitem(value_t self, value_t key)
{
    list_obj_t *l = as_list(self);
    if (is_small_int(key)) {
        intptr_t i = small_int_value(key);
        if (i < 0)
            i += (intptr_t)l->len;
        if (i < 0 || (size_t)i >= l->len)
            return vm_raise_type(&type_IndexError, "list index out of range");
        return l->items[i];
    }
    if (type_of(key) == &type_slice) {
        intptr_t start, stop, step;
        size_t count;
        if (!slice_indices(key, l->len, &start, &stop, &step, &count))
            return VALUE_NULL;
        value_t r = list_new(count);
        if (!r)
            return VALUE_NULL;
        for (size_t k = 0; k < count; k++)
            as_list(r)->items[k] = l->items[start + (intptr_t)k * step];
        return r;
    }
    size_t i;
    if (!vm_seq_index(key, l->len, &i, "list"))
        return VALUE_NULL;
    return l->items[i];
}

static int list_set_slice(value_t self, value_t slice, value_t v)
{
    list_obj_t *l = as_list(self);
    intptr_t start, stop, step;
    size_t count;
    if (!slice_indices(slice, l->len, &start, &stop, &step, &count))
        return -1;
    if (!v) {
        /* delete */
        if (step < 0) {
            start = start + (intptr_t)(count - 1) * step;
            step = -step;
        }
        size_t w = (size_t)start;
        for (size_t r = (size_t)start, k = 0; r < l->len; r++) {
            if (k < count && r == (size_t)(start + (intptr_t)k * step)) {
                k++;
                continue;
            }
            l->items[w++] = l->items[r];
        }
        for (size_t i = w; i < l->len; i++)
            l->items[i] = VALUE_NULL;
        l->len = w;
        return 0;
    }
    value_t src = v;
    if (v == self || !seq_items(v, &(value_t *){0}, &(size_t){0})) {
        src = list_from_iterable(v);
        if (!src)
            return -1;
    }
    value_t *items;
    size_t n;
    seq_items(src, &items, &n);
    if (step == 1) {
        if (stop < start)
            stop = start;
        size_t old = (size_t)(stop - start);
        size_t newlen = l->len - old + n;
        if (n > old && !list_reserve(l, newlen))
            return -1;
        seq_items(src, &items, &n);
        memmove(l->items + start + n, l->items + stop, (l->len - (size_t)stop) * sizeof(value_t));
        memcpy(l->items + start, items, n * sizeof(value_t));
        for (size_t i = newlen; i < l->len; i++)
            l->items[i] = VALUE_NULL;
        l->len = newlen;
        return 0;
    }
    if (n != count) {
        vm_raise_type(&type_ValueError, "attempt to assign sequence of size %zu to extended slice of size %zu", n, count);
        return -1;
    }
    for (size_t k = 0; k < count; k++)
        l->items[start + (intptr_t)k * step] = items[k];
    return 0;
}

static int list_setitem(value_t self, value_t key, value_t v)
{
    list_obj_t *l = as_list(self);
    if (type_of(key) == &type_slice)
        return list_set_slice(self, key, v);
    size_t i;
    if (!vm_seq_index(key, l->len, &i, "list")) {
        if (vm_exception_matches(&type_IndexError)) {
            vm_take_exception();
            vm_raise_type(&type_IndexError, v ? "list assignment index out of range" : "list assignment index out of range");
        }
        return -1;
    }
    if (v) {
        l->items[i] = v;
        return 0;
    }
    return list_pop_index(self, (intptr_t)i) ? 0 : -1;
}

static int list_contains(value_t self, value_t item)
{
    list_obj_t *l = as_list(self);
    for (size_t i = 0; i < l->len; i++) {
        int eq = vm_equal(l->items[i], item);
        if (eq)
            return eq;
    }
    return 0;
}

/* ---- iterators over lists and tuples ---- */
value_t seq_iterator_new(const type_t *type, value_t seq)
{
    seq_iterator_obj_t *it = gc_alloc(sizeof *it, 0);
    if (!it)
        return VALUE_NULL;
    it->base.type = type;
    it->seq = seq;
    it->index = 0;
    return obj_value(it);
}

static value_t identity(value_t self) { return self; }

static value_t list_iterator_next(value_t self)
{
    seq_iterator_obj_t *it = (seq_iterator_obj_t *)self;
    list_obj_t *l = as_list(it->seq);
    if (it->index >= l->len)
        return VALUE_STOP;
    return l->items[it->index++];
}

type_t type_list_iterator = {
    .base = {&type_type}, .name = "list_iterator", .parent = &type_object,
    .iter = identity, .next = list_iterator_next,
};

static value_t list_iter(value_t self) { return seq_iterator_new(&type_list_iterator, self); }

/* ---- methods ---- */
static value_t m_append(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("append", nargs, kw, 2, 2))
        return VALUE_NULL;
    return list_append(args[0], args[1]) ? VALUE_NONE : VALUE_NULL;
}

static value_t m_extend(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("extend", nargs, kw, 2, 2))
        return VALUE_NULL;
    return list_extend_from(args[0], args[1]) ? VALUE_NONE : VALUE_NULL;
}

static value_t m_insert(const value_t *args, size_t nargs, value_t kw)
{
    if (nargs != 3 || (kw && as_tuple(kw)->len)) {
        /* CPython's argument-clinic wording for list.insert */
        if (kw && as_tuple(kw)->len)
            return vm_raise_type(&type_TypeError, "list.insert() takes no keyword arguments");
        return vm_raise_type(&type_TypeError, "insert expected 2 arguments, got %zu", nargs - 1);
    }
    intptr_t i;
    if (!vm_index(args[1], &i))
        return VALUE_NULL;
    list_obj_t *l = as_list(args[0]);
    if (i < 0 && (i += (intptr_t)l->len) < 0)
        i = 0;
    if ((size_t)i > l->len)
        i = (intptr_t)l->len;
    if (!list_reserve(l, l->len + 1))
        return VALUE_NULL;
    memmove(l->items + i + 1, l->items + i, (l->len - (size_t)i) * sizeof(value_t));
    l->items[i] = args[2];
    l->len++;
    return VALUE_NONE;
}

static value_t m_pop(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("pop", nargs, kw, 1, 2))
        return VALUE_NULL;
    intptr_t i = -1;
    if (nargs == 2 && !vm_index(args[1], &i))
        return VALUE_NULL;
    return list_pop_index(args[0], i);
}

static intptr_t find_item(list_obj_t *l, value_t x, size_t from, size_t to)
{
    for (size_t i = from; i < to && i < l->len; i++) {
        int eq = vm_equal(l->items[i], x);
        if (eq < 0)
            return -2;
        if (eq)
            return (intptr_t)i;
    }
    return -1;
}

static value_t m_remove(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("remove", nargs, kw, 2, 2))
        return VALUE_NULL;
    intptr_t i = find_item(as_list(args[0]), args[1], 0, as_list(args[0])->len);
    if (i == -2)
        return VALUE_NULL;
    if (i < 0)
        return vm_raise_type(&type_ValueError, "list.remove(x): x not in list");
    return list_pop_index(args[0], i) ? VALUE_NONE : VALUE_NULL;
}

/* index(x[, start[, stop]]) on an item array; shared with tuple */
value_t seq_index_method(const value_t *items, size_t len, const value_t *args, size_t nargs, const char *what)
{
    intptr_t start = 0, stop = (intptr_t)len;
    if (nargs > 2 && !vm_index(args[2], &start))
        return VALUE_NULL;
    if (nargs > 3 && !vm_index(args[3], &stop))
        return VALUE_NULL;
    if (start < 0 && (start += (intptr_t)len) < 0)
        start = 0;
    if (stop < 0 && (stop += (intptr_t)len) < 0)
        stop = 0;
    for (intptr_t i = start; i < stop && (size_t)i < len; i++) {
        int eq = vm_equal(items[i], args[1]);
        if (eq < 0)
            return VALUE_NULL;
        if (eq)
            return small_int(i);
    }
    return vm_raise_type(&type_ValueError, "%s", what);
}

value_t seq_count_method(const value_t *items, size_t len, value_t x)
{
    intptr_t c = 0;
    for (size_t i = 0; i < len; i++) {
        int eq = vm_equal(items[i], x);
        if (eq < 0)
            return VALUE_NULL;
        c += eq;
    }
    return small_int(c);
}

static value_t m_index(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("index", nargs, kw, 2, 4))
        return VALUE_NULL;
    list_obj_t *l = as_list(args[0]);
    value_t r = seq_index_method(l->items, l->len, args, nargs, "x not in list");
    if (!r && vm_exception_matches(&type_ValueError)) {
        vm_take_exception();
        value_t rep = vm_repr(args[1]);
        if (!rep)
            return VALUE_NULL;
        return vm_raise_type(&type_ValueError, "%s is not in list", str_data(rep));
    }
    return r;
}

static value_t m_count(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("count", nargs, kw, 2, 2))
        return VALUE_NULL;
    return seq_count_method(as_list(args[0])->items, as_list(args[0])->len, args[1]);
}

static value_t m_clear(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("clear", nargs, kw, 1, 1))
        return VALUE_NULL;
    list_obj_t *l = as_list(args[0]);
    l->len = 0;
    l->cap = 0;
    l->items = 0;
    return VALUE_NONE;
}

static value_t m_copy(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("copy", nargs, kw, 1, 1))
        return VALUE_NULL;
    return list_from_array(as_list(args[0])->items, as_list(args[0])->len);
}

static value_t m_reverse(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("reverse", nargs, kw, 1, 1))
        return VALUE_NULL;
    list_obj_t *l = as_list(args[0]);
    for (size_t i = 0, j = l->len ? l->len - 1 : 0; i < j; i++, j--) {
        value_t t = l->items[i];
        l->items[i] = l->items[j];
        l->items[j] = t;
    }
    return VALUE_NONE;
}

static value_t m_sort(const value_t *args, size_t nargs, value_t kw)
{
    static const char *const names[] = {"self", "key", "reverse"};
    value_t a[3];
    if (nargs > 1)
        return vm_raise_type(&type_TypeError, "sort() takes no positional arguments");
    if (!arg_parse("sort", args, nargs, kw, 3, names, a, 1))
        return VALUE_NULL;
    int rev = a[2] ? vm_truth(a[2]) : 0;
    if (rev < 0)
        return VALUE_NULL;
    return list_sort(a[0], a[1], rev) ? VALUE_NONE : VALUE_NULL;
}

static const method_def_t list_methods[] = {
    {"append", m_append, 0}, {"extend", m_extend, 0}, {"insert", m_insert, 0}, {"pop", m_pop, 0},
    {"remove", m_remove, 0}, {"index", m_index, 0}, {"count", m_count, 0}, {"clear", m_clear, 0},
    {"copy", m_copy, 0}, {"reverse", m_reverse, 0}, {"sort", m_sort, 0},
    {0, 0, 0},
};

static value_t list_make_new(const type_t *type, const value_t *args, size_t nargs, value_t kw)
{
    (void)type;
    if (!arg_check("list", nargs, kw, 0, 1))
        return VALUE_NULL;
    return nargs ? list_from_iterable(args[0]) : list_new(0);
}

type_t type_list = {
    .base = {&type_type}, .name = "list", .parent = &type_object, .flags = TYPE_BASETYPE,
    .methods = list_methods,
    .repr = list_repr, .compare = list_compare, .len = list_len, .binary_op = list_binary_op,
    .getitem = list_getitem, .setitem = list_setitem, .contains = list_contains,
    .iter = list_iter, .make_new = list_make_new,
};
