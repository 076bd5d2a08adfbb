/* The object protocol: how the VM applies an operation to any value, by
 * looking in the slot table of the value's type. Also the singletons, the
 * `object` and `type` types, native functions and bound methods, argument
 * checking, and vm_init. */
#include "vm/obj.h"
#include "vm/gc.h"
#include "lib/string.h"

/* ---- singletons ---- */
static value_t none_repr(value_t self) { (void)self; return str_intern_cstr("None"); }
static int none_truth(value_t self) { (void)self; return 0; }
static bool identity_hash(value_t self, intptr_t *out) { *out = (intptr_t)(self >> 4); return true; }
static value_t notimpl_repr(value_t self) { (void)self; return str_intern_cstr("NotImplemented"); }
static value_t ellipsis_repr(value_t self) { (void)self; return str_intern_cstr("Ellipsis"); }
static value_t sentinel_repr(value_t self) { (void)self; return str_intern_cstr("<sentinel>"); }

type_t type_none = {
    .base = {&type_type}, .name = "NoneType", .parent = &type_object,
    .repr = none_repr, .truth = none_truth, .hash = identity_hash,
};
type_t type_notimpl = {
    .base = {&type_type}, .name = "NotImplementedType", .parent = &type_object,
    .repr = notimpl_repr, .hash = identity_hash,
};
type_t type_ellipsis = {
    .base = {&type_type}, .name = "ellipsis", .parent = &type_object,
    .repr = ellipsis_repr, .hash = identity_hash,
};
static type_t type_sentinel = {
    .base = {&type_type}, .name = "sentinel", .parent = &type_object, .repr = sentinel_repr,
};

obj_t none_obj = {&type_none};
obj_t notimpl_obj = {&type_notimpl};
obj_t ellipsis_obj = {&type_ellipsis};
obj_t stop_obj = {&type_sentinel};
obj_t missing_obj = {&type_sentinel};

/* ---- object and type ---- */
static value_t object_repr(value_t self)
{
    strbuf_t b;
    strbuf_init(&b);
    strbuf_printf(&b, "<%s object at %p>", type_of(self)->name, (void *)self);
    return strbuf_finish(&b);
}

static value_t object_compare(value_t a, value_t b, int op)
{
    if (op == CMP_EQ)
        return a == b ? VALUE_TRUE : VALUE_NOT_IMPLEMENTED;
    if (op == CMP_NE)
        return a == b ? VALUE_FALSE : VALUE_NOT_IMPLEMENTED;
    return VALUE_NOT_IMPLEMENTED;
}

static value_t object_make_new(const type_t *type, const value_t *args, size_t nargs, value_t kwnames)
{
    (void)args;
    if (nargs || kwnames)
        return vm_raise_type(&type_TypeError, "object() takes no arguments");
    obj_t *o = gc_alloc(type->instance_size ? type->instance_size : sizeof(obj_t), 0);
    if (!o)
        return VALUE_NULL;
    o->type = type;
    return obj_value(o);
}

type_t type_object = {
    .base = {&type_type}, .name = "object", .parent = 0, .flags = TYPE_BASETYPE,
    .instance_size = sizeof(obj_t),
    .repr = object_repr, .hash = identity_hash, .compare = object_compare,
    .make_new = object_make_new,
};

static value_t type_repr(value_t self)
{
    strbuf_t b;
    strbuf_init(&b);
    strbuf_printf(&b, "<class '%s'>", ((const type_t *)self)->name);
    return strbuf_finish(&b);
}

static value_t type_call(value_t self, const value_t *args, size_t nargs, value_t kwnames)
{
    const type_t *t = (const type_t *)self;
    if (t == &type_type && nargs == 1 && !kwnames)
        return obj_value(type_of(args[0]));
    if (!t->make_new)
        return vm_raise_type(&type_TypeError, "cannot create '%s' instances", t->name);
    return t->make_new(t, args, nargs, kwnames);
}

static value_t type_getattr(value_t self, value_t name)
{
    const type_t *t = (const type_t *)self;
    const char *n = str_data(name);
    if (!strcmp(n, "__name__") || !strcmp(n, "__qualname__"))
        return str_new_cstr(t->name);
    value_t v = type_lookup(t, name);
    if (v == VALUE_MISSING)
        return VALUE_MISSING;
    const type_t *vt = type_of(v);
    if (vt->descr_get)
        return vt->descr_get(v, VALUE_NULL, t);
    return v;
}

type_t type_type = {
    .base = {&type_type}, .name = "type", .parent = &type_object, .flags = TYPE_BASETYPE,
    .repr = type_repr, .hash = identity_hash, .call = type_call, .getattr = type_getattr,
};

bool type_is_subtype(const type_t *t, const type_t *base)
{
    for (; t; t = t->parent)
        if (t == base)
            return true;
    return false;
}

const char *type_name_of(value_t v) { return type_of(v)->name; }

value_t type_lookup(const type_t *type, value_t name)
{
    for (const type_t *t = type; t; t = t->parent) {
        if (t->dict) {
            value_t v = dict_get(t->dict, name);
            if (v != VALUE_MISSING)
                return v;
        }
    }
    return VALUE_MISSING;
}

/* ---- native functions and bound methods ---- */
static value_t native_function_call(value_t self, const value_t *args, size_t nargs, value_t kwnames)
{
    native_function_obj_t *f = (native_function_obj_t *)self;
    if (!f->self) {
        if (f->owner && nargs == 0)
            return vm_raise_type(&type_TypeError, "unbound method %s.%s() needs an argument",
                                 f->owner->name, f->name);
        if (f->owner && !is_instance(args[0], f->owner))
            return vm_raise_type(&type_TypeError, "descriptor '%s' for '%s' objects doesn't apply to a '%s' object",
                                 f->name, f->owner->name, type_name_of(args[0]));
        return f->fn(args, nargs, kwnames);
    }
    size_t total = nargs + (kwnames ? as_tuple(kwnames)->len : 0);
    value_t small[8];
    value_t *buf = small;
    if (total + 1 > 8) {
        buf = gc_alloc((total + 1) * sizeof(value_t), 0);
        if (!buf)
            return VALUE_NULL;
    }
    buf[0] = f->self;
    memcpy(buf + 1, args, total * sizeof(value_t));
    return f->fn(buf, nargs + 1, kwnames);
}

static value_t native_function_repr(value_t self)
{
    native_function_obj_t *f = (native_function_obj_t *)self;
    strbuf_t b;
    strbuf_init(&b);
    if (f->self && f->owner)
        strbuf_printf(&b, "<built-in method %s of %s object at %p>", f->name, type_name_of(f->self),
                      (void *)f->self);
    else if (f->owner)
        strbuf_printf(&b, "<method '%s' of '%s' objects>", f->name, f->owner->name);
    else
        strbuf_printf(&b, "<built-in function %s>", f->name);
    return strbuf_finish(&b);
}

/* A method found on a type, fetched through an instance, binds to it. */
static value_t native_function_descr_get(value_t descr, value_t obj, const type_t *type)
{
    (void)type;
    native_function_obj_t *f = (native_function_obj_t *)descr;
    if (!obj || f->self || !f->owner)
        return descr;
    return native_function_new(f->name, f->fn, obj, f->owner);
}

type_t type_native_function = {
    .base = {&type_type}, .name = "builtin_function_or_method", .parent = &type_object,
    .repr = native_function_repr, .call = native_function_call, .hash = identity_hash,
    .descr_get = native_function_descr_get,
};

value_t native_function_new(const char *name, native_fn_t fn, value_t self, const type_t *owner)
{
    native_function_obj_t *f = gc_alloc(sizeof *f, 0);
    if (!f)
        return VALUE_NULL;
    f->base.type = &type_native_function;
    f->name = name;
    f->fn = fn;
    f->self = self;
    f->owner = owner;
    return obj_value(f);
}

static value_t bound_method_call(value_t self, const value_t *args, size_t nargs, value_t kwnames)
{
    bound_method_obj_t *m = (bound_method_obj_t *)self;
    size_t total = nargs + (kwnames ? as_tuple(kwnames)->len : 0);
    value_t small[8];
    value_t *buf = small;
    if (total + 1 > 8) {
        buf = gc_alloc((total + 1) * sizeof(value_t), 0);
        if (!buf)
            return VALUE_NULL;
    }
    buf[0] = m->self;
    memcpy(buf + 1, args, total * sizeof(value_t));
    return vm_call(m->func, buf, nargs + 1, kwnames);
}

type_t type_bound_method = {
    .base = {&type_type}, .name = "method", .parent = &type_object,
    .repr = object_repr, .call = bound_method_call, .hash = identity_hash,
};

value_t bound_method_new(value_t self, value_t func)
{
    bound_method_obj_t *m = gc_alloc(sizeof *m, 0);
    if (!m)
        return VALUE_NULL;
    m->base.type = &type_bound_method;
    m->self = self;
    m->func = func;
    return obj_value(m);
}

/* ---- argument checking ---- */
bool arg_check(const char *fname, size_t nargs, value_t kwnames, size_t min, size_t max)
{
    if (kwnames && as_tuple(kwnames)->len) {
        vm_raise_type(&type_TypeError, "%s() takes no keyword arguments", fname);
        return false;
    }
    if (nargs < min || nargs > max) {
        if (min == max)
            vm_raise_type(&type_TypeError, "%s() takes exactly %zu argument%s (%zu given)", fname, min,
                          min == 1 ? "" : "s", nargs);
        else if (nargs < min)
            vm_raise_type(&type_TypeError, "%s() takes at least %zu argument%s (%zu given)", fname, min,
                          min == 1 ? "" : "s", nargs);
        else
            vm_raise_type(&type_TypeError, "%s() takes at most %zu argument%s (%zu given)", fname, max,
                          max == 1 ? "" : "s", nargs);
        return false;
    }
    return true;
}

bool arg_parse(const char *fname, const value_t *args, size_t nargs, value_t kwnames,
               size_t nparams, const char *const *names, value_t *out, size_t required)
{
    if (nargs > nparams) {
        vm_raise_type(&type_TypeError, "%s() takes at most %zu arguments (%zu given)", fname, nparams, nargs);
        return false;
    }
    for (size_t i = 0; i < nparams; i++)
        out[i] = i < nargs ? args[i] : VALUE_NULL;
    if (kwnames) {
        tuple_obj_t *kw = as_tuple(kwnames);
        for (size_t k = 0; k < kw->len; k++) {
            const char *key = str_data(kw->items[k]);
            size_t i = 0;
            while (i < nparams && strcmp(names[i], key))
                i++;
            if (i == nparams) {
                vm_raise_type(&type_TypeError, "%s() got an unexpected keyword argument '%s'", fname, key);
                return false;
            }
            if (out[i]) {
                vm_raise_type(&type_TypeError, "argument for %s() given by name ('%s') and position (%zu)",
                              fname, key, i + 1);
                return false;
            }
            out[i] = args[nargs + k];
        }
    }
    for (size_t i = 0; i < required; i++) {
        if (!out[i]) {
            vm_raise_type(&type_TypeError, "%s() missing required argument '%s' (pos %zu)", fname, names[i], i + 1);
            return false;
        }
    }
    return true;
}

/* ---- the protocol ---- */
value_t vm_repr(value_t v)
{
    const type_t *t = type_of(v);
    if (t->repr)
        return t->repr(v);
    return object_repr(v);
}

value_t vm_str(value_t v)
{
    const type_t *t = type_of(v);
    if (t == &type_str)
        return v;
    if (t->str)
        return t->str(v);
    return vm_repr(v);
}

bool vm_hash(value_t v, intptr_t *out)
{
    if (is_small_int(v)) {
        *out = int_hash(v);
        return true;
    }
    const type_t *t = type_of(v);
    if (!t->hash) {
        vm_raise_type(&type_TypeError, "unhashable type: '%s'", t->name);
        return false;
    }
    return t->hash(v, out);
}

int vm_truth(value_t v)
{
    if (v == VALUE_TRUE)
        return 1;
    if (v == VALUE_FALSE || v == VALUE_NONE)
        return 0;
    if (is_small_int(v))
        return v != small_int(0);
    const type_t *t = type_of(v);
    if (t->truth)
        return t->truth(v);
    if (t->len) {
        size_t n;
        if (!t->len(v, &n))
            return -1;
        return n != 0;
    }
    return 1;
}

static const int swapped_cmp[] = {CMP_GT, CMP_GE, CMP_EQ, CMP_NE, CMP_LT, CMP_LE};
static const char *const cmp_symbols[] = {"<", "<=", "==", "!=", ">", ">="};

value_t vm_compare(value_t a, value_t b, int op)
{
    if (is_small_int(a) && is_small_int(b)) {
        intptr_t x = (intptr_t)a, y = (intptr_t)b;
        bool r;
        switch (op) {
        case CMP_LT: r = x < y; break;
        case CMP_LE: r = x <= y; break;
        case CMP_EQ: r = x == y; break;
        case CMP_NE: r = x != y; break;
        case CMP_GT: r = x > y; break;
        default: r = x >= y; break;
        }
        return bool_value(r);
    }
    const type_t *ta = type_of(a), *tb = type_of(b);
    bool reflected_done = false;
    value_t r;
    if (ta != tb && tb->compare && type_is_subtype(tb, ta) && tb->compare != ta->compare) {
        r = tb->compare(b, a, swapped_cmp[op]);
        if (r != VALUE_NOT_IMPLEMENTED)
            return r;
        reflected_done = true;
    }
    if (ta->compare) {
        r = ta->compare(a, b, op);
        if (r != VALUE_NOT_IMPLEMENTED)
            return r;
    }
    if (!reflected_done && tb->compare) {
        r = tb->compare(b, a, swapped_cmp[op]);
        if (r != VALUE_NOT_IMPLEMENTED)
            return r;
    }
    if (op == CMP_EQ)
        return bool_value(a == b);
    if (op == CMP_NE)
        return bool_value(a != b);
    return vm_raise_type(&type_TypeError, "'%s' not supported between instances of '%s' and '%s'",
                         cmp_symbols[op], ta->name, tb->name);
}

int vm_compare_bool(value_t a, value_t b, int op)
{
    value_t r = vm_compare(a, b, op);
    if (!r)
        return -1;
    if (r == VALUE_TRUE)
        return 1;
    if (r == VALUE_FALSE)
        return 0;
    return vm_truth(r);
}

int vm_equal(value_t a, value_t b)
{
    if (a == b)
        return 1;
    if (is_small_int(a) && is_small_int(b))
        return 0;
    const type_t *ta = type_of(a);
    if (ta == &type_str && type_of(b) == &type_str)
        return str_equal(a, b);
    return vm_compare_bool(a, b, CMP_EQ);
}

static const char *const binary_symbols[] = {
    "+", "-", "*", "@", "/", "//", "%", "** or pow()", "<<", ">>", "&", "|", "^", "divmod()",
};
static const char *const inplace_symbols[] = {
    "+=", "-=", "*=", "@=", "/=", "//=", "%=", "**=", "<<=", ">>=", "&=", "|=", "^=", "divmod()",
};

value_t vm_binary_op(int op, value_t a, value_t b)
{
    if (is_small_int(a) && is_small_int(b))
        return int_binary_op(op, a, b);
    const type_t *ta = type_of(a), *tb = type_of(b);
    value_t r;
    bool reflected_done = false;
    int reflected = OP_BASE(op) | OP_REFLECTED;
    if (ta != tb && tb->binary_op && tb->binary_op != ta->binary_op && type_is_subtype(tb, ta)) {
        r = tb->binary_op(reflected, b, a);
        if (r != VALUE_NOT_IMPLEMENTED)
            return r;
        reflected_done = true;
    }
    if (ta->binary_op) {
        r = ta->binary_op(op, a, b);
        if (r != VALUE_NOT_IMPLEMENTED)
            return r;
    }
    if (!reflected_done && tb->binary_op && (tb != ta || !ta->binary_op)) {
        r = tb->binary_op(reflected, b, a);
        if (r != VALUE_NOT_IMPLEMENTED)
            return r;
    }
    if (OP_BASE(op) == OP_POW)
        return vm_raise_type(&type_TypeError, "unsupported operand type(s) for %s: '%s' and '%s'",
                             (op & OP_INPLACE) ? "**=" : "** or pow()", ta->name, tb->name);
    if (OP_BASE(op) == OP_MUL) {
        /* CPython tries sequence repetition last and words its failure so */
        const type_t *seq[] = {&type_str, &type_bytes, &type_bytearray, &type_list, &type_tuple};
        for (size_t k = 0; k < sizeof seq / sizeof seq[0]; k++)
            if (ta == seq[k] || type_is_subtype(ta, seq[k]))
                return vm_raise_type(&type_TypeError, "can't multiply sequence by non-int of type '%s'", tb->name);
        for (size_t k = 0; k < sizeof seq / sizeof seq[0]; k++)
            if (tb == seq[k] || type_is_subtype(tb, seq[k]))
                return vm_raise_type(&type_TypeError, "can't multiply sequence by non-int of type '%s'", ta->name);
    }
    return vm_raise_type(&type_TypeError, "unsupported operand type(s) for %s: '%s' and '%s'",
                         (op & OP_INPLACE) ? inplace_symbols[OP_BASE(op)] : binary_symbols[OP_BASE(op)],
                         ta->name, tb->name);
}

static const char *const unary_symbols[] = {"unary -", "unary +", "unary ~", "abs()"};

value_t vm_unary_op(int op, value_t v)
{
    const type_t *t = type_of(v);
    if (t->unary_op) {
        value_t r = t->unary_op(op, v);
        if (r != VALUE_NOT_IMPLEMENTED)
            return r;
    }
    return vm_raise_type(&type_TypeError, "bad operand type for %s: '%s'", unary_symbols[op], t->name);
}

bool vm_len(value_t v, size_t *out)
{
    const type_t *t = type_of(v);
    if (!t->len) {
        vm_raise_type(&type_TypeError, "object of type '%s' has no len()", t->name);
        return false;
    }
    return t->len(v, out);
}

value_t vm_getitem(value_t obj, value_t key)
{
    const type_t *t = type_of(obj);
    if (!t->getitem)
        return vm_raise_type(&type_TypeError, "'%s' object is not subscriptable", t->name);
    return t->getitem(obj, key);
}

int vm_setitem(value_t obj, value_t key, value_t v)
{
    const type_t *t = type_of(obj);
    if (!t->setitem) {
        vm_raise_type(&type_TypeError, "'%s' object does not support item assignment", t->name);
        return -1;
    }
    return t->setitem(obj, key, v);
}

int vm_delitem(value_t obj, value_t key)
{
    const type_t *t = type_of(obj);
    if (!t->setitem) {
        vm_raise_type(&type_TypeError, t->getitem ? "'%s' object doesn't support item deletion"   /* CPython's sequence wording */
                                        : "'%s' object does not support item deletion", t->name);
        return -1;
    }
    return t->setitem(obj, key, VALUE_NULL);
}

value_t vm_iter(value_t v)
{
    const type_t *t = type_of(v);
    if (!t->iter)
        return vm_raise_type(&type_TypeError, "'%s' object is not iterable", t->name);
    return t->iter(v);
}

value_t vm_next(value_t it)
{
    const type_t *t = type_of(it);
    if (!t->next)
        return vm_raise_type(&type_TypeError, "'%s' object is not an iterator", t->name);
    return t->next(it);
}

int vm_contains(value_t container, value_t item)
{
    const type_t *t = type_of(container);
    if (t->contains)
        return t->contains(container, item);
    if (!t->iter) {
        vm_raise_type(&type_TypeError, "argument of type '%s' is not iterable", t->name);
        return -1;
    }
    value_t it = t->iter(container);
    if (!it)
        return -1;
    for (;;) {
        value_t x = vm_next(it);
        if (!x)
            return -1;
        if (x == VALUE_STOP)
            return 0;
        int eq = vm_equal(x, item);
        if (eq)
            return eq;
    }
}

value_t vm_getattr_opt(value_t obj, value_t name)
{
    const type_t *t = type_of(obj);
    if (t->getattr) {
        value_t r = t->getattr(obj, name);
        if (r != VALUE_MISSING)
            return r;
    }
    value_t v = type_lookup(t, name);
    if (v == VALUE_MISSING)
        return VALUE_MISSING;
    const type_t *vt = type_of(v);
    if (vt->descr_get)
        return vt->descr_get(v, obj, t);
    return v;
}

value_t vm_getattr(value_t obj, value_t name)
{
    value_t r = vm_getattr_opt(obj, name);
    if (r == VALUE_MISSING) {
        if (type_of(obj) == &type_type)
            vm_raise_type(&type_AttributeError, "type object '%s' has no attribute '%s'",
                          ((const type_t *)obj)->name, str_data(name));
        else
            vm_raise_type(&type_AttributeError, "'%s' object has no attribute '%s'", type_name_of(obj),
                          str_data(name));
        value_t context[2] = {name, obj};          /* .name, .obj, and "Did you mean" */
        vm_error_set_context(&type_AttributeError, tuple_from_array(context, 2));
        return VALUE_NULL;
    }
    return r;
}

int vm_setattr(value_t obj, value_t name, value_t v)
{
    const type_t *t = type_of(obj);
    if (t->setattr)
        return t->setattr(obj, name, v);
    /* No instance attributes: say why as CPython does, a method of the
     * type, a computed attribute ((1).real), or nothing by that name. */
    value_t m = type_lookup(t, name);
    if (m && m != VALUE_MISSING) {
        vm_raise_type(&type_AttributeError, "'%s' object attribute '%s' is read-only", t->name, str_data(name));
        return -1;
    }
    value_t a = m && t->getattr ? t->getattr(obj, name) : VALUE_MISSING;
    if (!a)
        vm_take_exception();
    if (a != VALUE_MISSING)
        vm_raise_type(&type_AttributeError, "attribute '%s' of '%s' objects is not writable", str_data(name), t->name);
    else
        vm_raise_type(&type_AttributeError, "'%s' object has no attribute '%s'", t->name, str_data(name));
    return -1;
}

value_t vm_call(value_t f, const value_t *args, size_t nargs, value_t kwnames)
{
    const type_t *t = type_of(f);
    if (!t->call)
        return vm_raise_type(&type_TypeError, "'%s' object is not callable", t->name);
    return t->call(f, args, nargs, kwnames);
}

value_t vm_call_method(value_t obj, const char *name, const value_t *args, size_t nargs)
{
    value_t n = str_intern_cstr(name);
    if (!n)
        return VALUE_NULL;
    value_t m = vm_getattr(obj, n);
    if (!m)
        return VALUE_NULL;
    return vm_call(m, args, nargs, VALUE_NULL);
}

bool vm_get_buffer(value_t v, struct buffer_info *out, bool writable)
{
    const type_t *t = type_of(v);
    if (!t->buffer || !t->buffer(v, out, writable)) {
        if (!vm_error_pending())
            vm_raise_type(&type_TypeError, "a bytes-like object is required, not '%s'", t->name);
        return false;
    }
    return true;
}

bool vm_index(value_t v, intptr_t *out)
{
    if (is_small_int(v)) {
        *out = small_int_value(v);
        return true;
    }
    if (is_int(v)) {
        int64_t i;
        if (!int_as_i64(v, &i)) {
            vm_take_exception();
            vm_raise_type(&type_IndexError, "cannot fit 'int' into an index-sized integer");
            return false;
        }
        *out = (intptr_t)i;
        return true;
    }
    /* objects with __index__ (looked up on the type, as CPython does) */
    value_t name = str_intern_cstr("__index__");
    value_t m = name ? type_lookup(type_of(v), name) : VALUE_NULL;
    if (m && m != VALUE_MISSING) {
        value_t r = vm_call(m, &v, 1, VALUE_NULL);
        if (!r)
            return false;
        if (!is_int(r)) {
            vm_raise_type(&type_TypeError, "__index__ returned non-int (type %s)", type_name_of(r));
            return false;
        }
        return vm_index(r, out);
    }
    vm_raise_type(&type_TypeError, "'%s' object cannot be interpreted as an integer", type_name_of(v));
    return false;
}

bool vm_seq_index(value_t key, size_t len, size_t *out, const char *what)
{
    intptr_t i;
    if (is_small_int(key))
        i = small_int_value(key);
    else if (is_int(key)) {
        if (!vm_index(key, &i))
            return false;
    } else {
        value_t name = str_intern_cstr("__index__");
        value_t m = name ? type_lookup(type_of(key), name) : VALUE_NULL;
        if (!m || m == VALUE_MISSING) {
            vm_raise_type(&type_TypeError, "%s indices must be integers or slices, not %s", what, type_name_of(key));
            return false;
        }
        if (!vm_index(key, &i))
            return false;
    }
    if (i < 0)
        i += (intptr_t)len;
    if (i < 0 || (size_t)i >= len) {
        vm_raise_type(&type_IndexError, "%s index out of range", what);
        return false;
    }
    *out = (size_t)i;
    return true;
}

value_t builtin_repr(const value_t *args, size_t nargs, value_t kwnames)
{
    if (!arg_check("repr", nargs, kwnames, 1, 1))
        return VALUE_NULL;
    return vm_repr(args[0]);
}

/* ---- start-up ---- */
extern exception_obj_t memory_error_obj;
extern bool str_init(void);

static type_t *const builtin_types[] = {
    &type_type, &type_object, &type_none, &type_int, &type_bool, &type_float,
    &type_str, &type_bytes, &type_bytearray, &type_memoryview,
    &type_list, &type_tuple, &type_dict, &type_set, &type_frozenset, &type_range, &type_slice,
    &type_dict_keys, &type_dict_values, &type_dict_items,
    &type_BaseException,
};

static value_t type_dicts;      /* a list holding every builtin type's dict */

bool vm_init(void *stack_top)
{
    gc_init(stack_top);
    gc_add_root(&type_dicts, 1);
    gc_add_root(&memory_error_obj.args, 5);
    if (!str_init())
        return false;
    type_dicts = list_new(0);
    if (!type_dicts)
        return false;
    for (size_t i = 0; i < sizeof builtin_types / sizeof builtin_types[0]; i++) {
        type_t *t = builtin_types[i];
        value_t d = dict_new(0);
        if (!d || !list_append(type_dicts, d))
            return false;
        t->dict = d;
        for (const method_def_t *m = t->methods; m && m->name; m++) {
            value_t f = native_function_new(m->name, m->fn,
                                            m->kind == METHOD_CLASS ? obj_value(t) : VALUE_NULL,
                                            m->kind == METHOD_STATIC ? 0 : t);
            if (!f || !dict_set_str(d, m->name, f))
                return false;
        }
    }
    return true;
}
