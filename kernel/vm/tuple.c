/* tuple: an immutable array of values stored inline. */
#include "vm/obj.h"
#include "vm/gc.h"
#include "lib/string.h"

extern value_t seq_repr(value_t self, const value_t *items, size_t n, const char *open, const char *close,
                        const char *recursive);
extern value_t seq_compare(const value_t *a, size_t na, const value_t *b, size_t nb, int op);
extern value_t seq_index_method(const value_t *items, size_t len, const value_t *args, size_t nargs,
                                const char *what);
extern value_t seq_count_method(const value_t *items, size_t len, value_t x);

tuple_obj_t empty_tuple_obj = {{&type_tuple}, 0};

value_t tuple_new(size_t len)
{
    if (!len)
        return VALUE_EMPTY_TUPLE;
    if (len > ((size_t)1 << 40))
        return vm_raise_memory_error();
    tuple_obj_t *t = gc_alloc(sizeof(tuple_obj_t) + len * sizeof(value_t), 0);
    if (!t)
        return VALUE_NULL;
    t->base.type = &type_tuple;
    t->len = len;
    for (size_t i = 0; i < len; i++)
        t->items[i] = VALUE_NONE;
    return obj_value(t);
}

value_t tuple_from_array(const value_t *items, size_t n)
{
    value_t t = tuple_new(n);
    if (t && n)
        memcpy(as_tuple(t)->items, items, n * sizeof(value_t));
    return t;
}

value_t tuple_from_iterable(value_t it)
{
    if (type_of(it) == &type_tuple)
        return it;
    value_t *items;
    size_t n;
    if (seq_items(it, &items, &n))
        return tuple_from_array(items, n);
    value_t l = list_from_iterable(it);
    if (!l)
        return VALUE_NULL;
    return tuple_from_array(as_list(l)->items, as_list(l)->len);
}

static value_t tuple_repr(value_t self)
{
    tuple_obj_t *t = as_tuple(self);
    if (t->len == 1) {
        value_t r = vm_repr(t->items[0]);
        if (!r)
            return VALUE_NULL;
        strbuf_t b;
        strbuf_init(&b);
        strbuf_add_char(&b, '(');
        strbuf_add(&b, str_data(r), str_len(r));
        strbuf_add_cstr(&b, ",)");
        return strbuf_finish(&b);
    }
    return seq_repr(self, t->items, t->len, "(", ")", "(...)");
}

/* CPython's tuple hash (xxHash-style lanes), so hash((1, 2)) matches. */
static bool tuple_hash(value_t self, intptr_t *out)
{
    const uint64_t P1 = 11400714785074694791ull, P2 = 14029467366897019727ull, P5 = 2870177450012600261ull;
    tuple_obj_t *t = as_tuple(self);
    uint64_t acc = P5;
    for (size_t i = 0; i < t->len; i++) {
        intptr_t h;
        if (!vm_hash(t->items[i], &h))
            return false;
        acc += (uint64_t)h * P2;
        acc = (acc << 31) | (acc >> 33);
        acc *= P1;
    }
    acc += t->len ^ (P5 ^ 3527539ull);
    if (acc == (uint64_t)-1)
        acc = 1546275796;
    *out = (intptr_t)acc;
    return true;
}

static value_t tuple_compare(value_t a, value_t b, int op)
{
    if (!is_instance(b, &type_tuple))
        return VALUE_NOT_IMPLEMENTED;
    return seq_compare(as_tuple(a)->items, as_tuple(a)->len, as_tuple(b)->items, as_tuple(b)->len, op);
}

static bool tuple_len(value_t self, size_t *out)
{
    *out = as_tuple(self)->len;
    return true;
}

static value_t tuple_repeat(value_t self, value_t count)
{
    intptr_t n;
    if (!vm_repeat_count(count, &n))
        return VALUE_NULL;
    tuple_obj_t *t = as_tuple(self);
    if (n <= 0 || !t->len)
        return VALUE_EMPTY_TUPLE;
    if (n == 1)
        return self;
    if ((size_t)n > ((size_t)1 << 36) / t->len)
        return vm_raise_memory_error();
    value_t r = tuple_new(t->len * (size_t)n);
    if (!r)
        return VALUE_NULL;
    for (intptr_t k = 0; k < n; k++)
        memcpy(as_tuple(r)->items + (size_t)k * t->len, t->items, t->len * sizeof(value_t));
    return r;
}

static value_t tuple_binary_op(int op, value_t a, value_t b)
{
    int base = OP_BASE(op);
    if (op & OP_REFLECTED)
        return base == OP_MUL && vm_is_index(b) ? tuple_repeat(a, b) : VALUE_NOT_IMPLEMENTED;
    if (base == OP_ADD) {
        if (!is_instance(b, &type_tuple))
            return vm_raise_type(&type_TypeError, "can only concatenate tuple (not \"%s\") to tuple", type_name_of(b));
        tuple_obj_t *x = as_tuple(a), *y = as_tuple(b);
        if (!y->len)
            return a;
        if (!x->len)
            return b;
        value_t r = tuple_new(x->len + y->len);
        if (!r)
            return VALUE_NULL;
        memcpy(as_tuple(r)->items, x->items, x->len * sizeof(value_t));
        memcpy(as_tuple(r)->items + x->len, y->items, y->len * sizeof(value_t));
        return r;
    }
    if (base == OP_MUL && vm_is_index(b))
        return tuple_repeat(a, b);
    return VALUE_NOT_IMPLEMENTED;
}

static value_t tuple_getitem(value_t self, value_t key)
{
    tuple_obj_t *t = as_tuple(self);
    if (is_small_int(key)) {
        intptr_t i = small_int_value(key);
        if (i < 0)
            i += (intptr_t)t->len;
        if (i < 0 || (size_t)i >= t->len)
            return vm_raise_type(&type_IndexError, "tuple index out of range");
        return t->items[i];
    }
    if (type_of(key) == &type_slice) {
        intptr_t start, stop, step;
        size_t count;
        if (!slice_indices(key, t->len, &start, &stop, &step, &count))
            return VALUE_NULL;
        if (count == t->len && step == 1)
            return self;
        value_t r = tuple_new(count);
        if (!r)
            return VALUE_NULL;
        for (size_t k = 0; k < count; k++)
            as_tuple(r)->items[k] = t->items[start + (intptr_t)k * step];
        return r;
    }
    size_t i;
    if (!vm_seq_index(key, t->len, &i, "tuple"))
        return VALUE_NULL;
    return t->items[i];
}

static int tuple_contains(value_t self, value_t item)
{
    tuple_obj_t *t = as_tuple(self);
    for (size_t i = 0; i < t->len; i++) {
        int eq = vm_equal(t->items[i], item);
        if (eq)
            return eq;
    }
    return 0;
}

static value_t identity(value_t self) { return self; }

static value_t tuple_iterator_next(value_t self)
{
    seq_iterator_obj_t *it = (seq_iterator_obj_t *)self;
    tuple_obj_t *t = as_tuple(it->seq);
    if (it->index >= t->len)
        return VALUE_STOP;
    return t->items[it->index++];
}

type_t type_tuple_iterator = {
    .base = {&type_type}, .name = "tuple_iterator", .parent = &type_object,
    .iter = identity, .next = tuple_iterator_next,
};

static value_t tuple_iter(value_t self) { return seq_iterator_new(&type_tuple_iterator, self); }

static value_t m_index(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("index", nargs, kw, 2, 4))
        return VALUE_NULL;
    return seq_index_method(as_tuple(args[0])->items, as_tuple(args[0])->len, args, nargs,
                            "tuple.index(x): x not in tuple");
}

static value_t m_count(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("count", nargs, kw, 2, 2))
        return VALUE_NULL;
    return seq_count_method(as_tuple(args[0])->items, as_tuple(args[0])->len, args[1]);
}

static const method_def_t tuple_methods[] = {
    {"index", m_index, 0}, {"count", m_count, 0}, {0, 0, 0},
};

static value_t tuple_make_new(const type_t *type, const value_t *args, size_t nargs, value_t kw)
{
    (void)type;
    if (!arg_check("tuple", nargs, kw, 0, 1))
        return VALUE_NULL;
    return nargs ? tuple_from_iterable(args[0]) : VALUE_EMPTY_TUPLE;
}

type_t type_tuple = {
    .base = {&type_type}, .name = "tuple", .parent = &type_object, .flags = TYPE_BASETYPE,
    .methods = tuple_methods,
    .repr = tuple_repr, .hash = tuple_hash, .compare = tuple_compare, .len = tuple_len,
    .binary_op = tuple_binary_op, .getitem = tuple_getitem, .contains = tuple_contains,
    .iter = tuple_iter, .make_new = tuple_make_new,
};
