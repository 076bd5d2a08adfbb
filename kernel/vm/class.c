/* User classes: heap types made by `class` statements (__build_class__)
 * and type(name, bases, dict); C3 MRO; instance dicts; dunder methods
 * plugged into the type slot table; super(); the builtin types' dunder
 * methods (object.__init__, list.__getitem__, ...) so that Python code
 * can call them explicitly or through super().
 *
 * The `type` type's getattr/setattr/make_new/repr slots are installed
 * here at start-up (class_init): type objects made at run time need
 * them, and the object core leaves them to the interpreter. */
#include "vm/interp.h"
#include "vm/gc.h"
#include "lib/string.h"

static value_t (*builtin_type_getattr)(value_t self, value_t name);
int property_set(value_t descr, value_t obj, value_t v);

/* ---- lookup through the MRO ---- */
static value_t mro_of(const type_t *t);

/* The type attribute cache: (type, name) -> what the MRO lookup found
 * (VALUE_MISSING included: most instance attributes are not in the class).
 * Attribute access goes through here several times per LOAD_ATTR, and the
 * walk it saves is one dict probe per class of the MRO. An entry is valid
 * while type_cache_epoch is unchanged: the dicts a lookup read are marked
 * DICT_WATCHED, and any change to a watched dict (or to a type's bases,
 * see my_type_setattr) bumps the epoch. The table is a GC root, so a type
 * in it cannot be freed and its address reused by another. */
#define TYPE_CACHE_SIZE 1024
static struct type_cache_entry {
    value_t type;
    value_t name;
    value_t value;
    uint64_t epoch;
} type_cache[TYPE_CACHE_SIZE];

static value_t class_lookup_uncached(const type_t *t, value_t name)
{
    if (t->mro) {
        tuple_obj_t *m = as_tuple(t->mro);
        for (size_t i = 0; i < m->len; i++) {
            const type_t *c = (const type_t *)m->items[i];
            if (c->dict) {
                as_dict(c->dict)->version |= DICT_WATCHED;
                value_t v = dict_get(c->dict, name);
                if (v != VALUE_MISSING)
                    return v;
            }
        }
        return VALUE_MISSING;
    }
    for (const type_t *c = t; c; c = c->parent) {
        if (c->dict) {
            as_dict(c->dict)->version |= DICT_WATCHED;
            value_t v = dict_get(c->dict, name);
            if (v != VALUE_MISSING)
                return v;
        }
    }
    return VALUE_MISSING;
}

value_t class_lookup(const type_t *t, value_t name)
{
    size_t h = (((uintptr_t)t >> 4) ^ ((uintptr_t)name >> 3) ^ ((uintptr_t)name >> 13)) & (TYPE_CACHE_SIZE - 1);
    struct type_cache_entry *e = &type_cache[h];
    if (e->type == obj_value(t) && e->name == name && e->epoch == type_cache_epoch)
        return e->value;
    uint64_t epoch = type_cache_epoch;
    value_t v = class_lookup_uncached(t, name);
    /* a lookup that ran Python code (__eq__ of a str subclass key) or
     * raised is not cached */
    if (v && epoch == type_cache_epoch && is_str(name)) {
        e->type = obj_value(t);
        e->name = name;
        e->value = v;
        e->epoch = epoch;
    }
    return v;
}

/* Only heap classes of the MRO: a dunder written in Python. Cached like
 * class_lookup (instance creation asks for __new__ and __init__ each time). */
static value_t heap_lookup_uncached(const type_t *t, value_t name);
#define HEAP_CACHE_SIZE 256
static struct type_cache_entry heap_cache[HEAP_CACHE_SIZE];

static value_t heap_lookup(const type_t *t, value_t name)
{
    size_t h = (((uintptr_t)t >> 4) ^ ((uintptr_t)name >> 3)) & (HEAP_CACHE_SIZE - 1);
    struct type_cache_entry *e = &heap_cache[h];
    if (e->type == obj_value(t) && e->name == name && e->epoch == type_cache_epoch)
        return e->value;
    uint64_t epoch = type_cache_epoch;
    value_t v = heap_lookup_uncached(t, name);
    if (v && epoch == type_cache_epoch && is_str(name)) {
        e->type = obj_value(t);
        e->name = name;
        e->value = v;
        e->epoch = epoch;
    }
    return v;
}

static value_t heap_lookup_uncached(const type_t *t, value_t name)
{
    if (!t->mro)
        return VALUE_MISSING;
    tuple_obj_t *m = as_tuple(t->mro);
    for (size_t i = 0; i < m->len; i++) {
        const type_t *c = (const type_t *)m->items[i];
        if (!type_is_heap(c))
            return VALUE_MISSING;
        as_dict(c->dict)->version |= DICT_WATCHED;
        value_t v = dict_get(c->dict, name);
        if (v != VALUE_MISSING)
            return v;
    }
    return VALUE_MISSING;
}

bool class_is_subclass(const type_t *t, const type_t *base)
{
    if (t == base)
        return true;
    if (t->mro) {
        tuple_obj_t *m = as_tuple(t->mro);
        for (size_t i = 0; i < m->len; i++)
            if (m->items[i] == obj_value(base))
                return true;
        return false;
    }
    return type_is_subtype(t, base);
}

bool class_isinstance(value_t v, const type_t *t)
{
    const type_t *vt = type_of(v);
    if (vt == t)
        return true;
    if (t == &type_int && vt == &type_bool)
        return true;
    return class_is_subclass(vt, t);
}

value_t *instance_dict_slot(value_t obj)
{
    if (!is_obj(obj))
        return 0;
    const type_t *t = type_of(obj);
    if (!type_is_heap(t))
        return 0;
    uint32_t off = ((const heap_type_t *)t)->dict_offset;
    return off ? (value_t *)((char *)obj + off) : 0;
}

value_t instance_get_dict(value_t obj, bool create)
{
    value_t *slot = instance_dict_slot(obj);
    if (!slot)
        return VALUE_NULL;
    if (!*slot && create)
        *slot = dict_new(0);
    return *slot;
}

static inline const heap_type_t *heap_of(value_t v) { return (const heap_type_t *)type_of(v); }

/* Calls a dunder found on type(self) with self first. found=false: absent. */
value_t call_dunder(value_t self, value_t name, const value_t *args, size_t nargs, bool *found)
{
    value_t m = class_lookup(type_of(self), name);
    if (m == VALUE_MISSING) {
        *found = false;
        return VALUE_NULL;
    }
    *found = true;
    value_t buf[4];
    if (is_function(m) && nargs < 4) {
        buf[0] = self;
        for (size_t i = 0; i < nargs; i++)
            buf[i + 1] = args[i];
        return vm_call(m, buf, nargs + 1, VALUE_NULL);
    }
    const type_t *mt = type_of(m);
    if (mt->descr_get) {
        m = mt->descr_get(m, self, type_of(self));
        if (!m)
            return VALUE_NULL;
    }
    return vm_call(m, args, nargs, VALUE_NULL);
}

static value_t call_heap_dunder(value_t self, value_t name, const value_t *args, size_t nargs, bool *found)
{
    value_t m = heap_lookup(type_of(self), name);
    if (m == VALUE_MISSING) {
        *found = false;
        return VALUE_NULL;
    }
    *found = true;
    if (m == VALUE_NONE) {
        *found = false;
        return VALUE_NULL;
    }
    value_t buf[4];
    if (is_function(m) && nargs < 4) {
        buf[0] = self;
        for (size_t i = 0; i < nargs; i++)
            buf[i + 1] = args[i];
        return vm_call(m, buf, nargs + 1, VALUE_NULL);
    }
    const type_t *mt = type_of(m);
    if (mt->descr_get) {
        m = mt->descr_get(m, self, type_of(self));
        if (!m)
            return VALUE_NULL;
    }
    return vm_call(m, args, nargs, VALUE_NULL);
}

/* ---- slots of heap types ---- */
static const type_t *bbase(value_t self) { return heap_of(self)->builtin_base; }

static value_t default_repr(value_t self)
{
    const heap_type_t *ht = heap_of(self);
    strbuf_t b;
    strbuf_init(&b);
    if (is_str(ht->module) && strcmp(str_data(ht->module), "builtins"))
        strbuf_printf(&b, "<%s.%s object at %p>", str_data(ht->module), str_data(ht->qualname), (void *)self);
    else
        strbuf_printf(&b, "<%s object at %p>", str_data(ht->qualname), (void *)self);
    return strbuf_finish(&b);
}

static value_t h_repr(value_t self)
{
    bool found;
    value_t r = call_heap_dunder(self, NAME(__repr__), 0, 0, &found);
    if (found) {
        if (r && !is_str(r))
            return vm_raise_type(&type_TypeError, "__repr__ returned non-string (type %s)", type_name_of(r));
        return r;
    }
    const type_t *bt = bbase(self);
    if (bt != &type_object && bt->repr)
        return bt->repr(self);
    return default_repr(self);
}

static value_t h_str(value_t self)
{
    bool found;
    value_t r = call_heap_dunder(self, NAME(__str__), 0, 0, &found);
    if (found) {
        if (r && !is_str(r))
            return vm_raise_type(&type_TypeError, "__str__ returned non-string (type %s)", type_name_of(r));
        return r;
    }
    const type_t *bt = bbase(self);
    if (bt->str)
        return bt->str(self);
    return h_repr(self);
}

static bool h_hash(value_t self, intptr_t *out)
{
    value_t m = heap_lookup(type_of(self), NAME(__hash__));
    if (m == VALUE_NONE) {
        vm_raise_type(&type_TypeError, "unhashable type: '%s'", type_name_of(self));
        return false;
    }
    if (m != VALUE_MISSING) {
        bool found;
        value_t r = call_heap_dunder(self, NAME(__hash__), 0, 0, &found);
        if (!r)
            return false;
        if (!is_int(r)) {
            vm_raise_type(&type_TypeError, "__hash__ method should return an integer");
            return false;
        }
        if (is_small_int(r)) {
            intptr_t h = small_int_value(r);
            *out = h == -1 ? -2 : h;
            return true;
        }
        *out = int_hash(r);
        return true;
    }
    const type_t *bt = bbase(self);
    if (bt->hash)
        return bt->hash(self, out);
    *out = (intptr_t)(self >> 4);
    return true;
}

static const int cmp_name_ids[6] = {NAME___lt__, NAME___le__, NAME___eq__, NAME___ne__, NAME___gt__, NAME___ge__};

static value_t h_compare(value_t a, value_t b, int op)
{
    bool found;
    value_t r = call_heap_dunder(a, interp_names[cmp_name_ids[op]], &b, 1, &found);
    if (found)
        return r;
    if (op == CMP_NE) {
        r = call_heap_dunder(a, NAME(__eq__), &b, 1, &found);
        if (found) {
            if (!r || r == VALUE_NOT_IMPLEMENTED)
                return r;
            int t = vm_truth(r);
            if (t < 0)
                return VALUE_NULL;
            return bool_value(!t);
        }
    }
    const type_t *bt = bbase(a);
    if (bt->compare)
        return bt->compare(a, b, op);
    return VALUE_NOT_IMPLEMENTED;
}

static bool h_len(value_t self, size_t *out)
{
    bool found;
    value_t r = call_heap_dunder(self, NAME(__len__), 0, 0, &found);
    if (!found) {
        const type_t *bt = bbase(self);
        if (bt->len)
            return bt->len(self, out);
        vm_raise_type(&type_TypeError, "object of type '%s' has no len()", type_name_of(self));
        return false;
    }
    if (!r)
        return false;
    if (!is_int(r)) {
        vm_raise_type(&type_TypeError, "'%s' object cannot be interpreted as an integer", type_name_of(r));
        return false;
    }
    if (int_sign(r) < 0) {
        vm_raise_type(&type_ValueError, "__len__() should return >= 0");
        return false;
    }
    int64_t n;
    if (!int_as_i64(r, &n))
        return false;
    *out = (size_t)n;
    return true;
}

static int h_truth(value_t self)
{
    bool found;
    value_t r = call_heap_dunder(self, NAME(__bool__), 0, 0, &found);
    if (found) {
        if (!r)
            return -1;
        if (r != VALUE_TRUE && r != VALUE_FALSE) {
            vm_raise_type(&type_TypeError, "__bool__ should return bool, returned %s", type_name_of(r));
            return -1;
        }
        return r == VALUE_TRUE;
    }
    if (heap_lookup(type_of(self), NAME(__len__)) != VALUE_MISSING) {
        size_t n;
        if (!h_len(self, &n))
            return -1;
        return n != 0;
    }
    const type_t *bt = bbase(self);
    if (bt->truth)
        return bt->truth(self);
    if (bt->len) {
        size_t n;
        if (!bt->len(self, &n))
            return -1;
        return n != 0;
    }
    return 1;
}

static const int unary_name_ids[4] = {NAME___neg__, NAME___pos__, NAME___invert__, NAME___abs__};

static value_t h_unary(int op, value_t self)
{
    bool found;
    value_t r = call_heap_dunder(self, interp_names[unary_name_ids[op]], 0, 0, &found);
    if (found)
        return r;
    const type_t *bt = bbase(self);
    if (bt->unary_op)
        return bt->unary_op(op, self);
    return VALUE_NOT_IMPLEMENTED;
}

static value_t binop_names[OP_BINARY_COUNT][3];   /* plain, reflected, in-place */

static value_t h_binary(int op, value_t a, value_t b)
{
    int base = OP_BASE(op);
    bool found;
    value_t r;
    if (op & OP_REFLECTED) {
        r = call_heap_dunder(a, binop_names[base][1], &b, 1, &found);
        if (found)
            return r;
    } else {
        if (op & OP_INPLACE) {
            r = call_heap_dunder(a, binop_names[base][2], &b, 1, &found);
            if (found && r != VALUE_NOT_IMPLEMENTED)
                return r;
        }
        r = call_heap_dunder(a, binop_names[base][0], &b, 1, &found);
        if (found)
            return r;
    }
    const type_t *bt = bbase(a);
    if (bt->binary_op)
        return bt->binary_op(op, a, b);
    return VALUE_NOT_IMPLEMENTED;
}

static value_t h_getitem(value_t self, value_t key)
{
    bool found;
    value_t r = call_heap_dunder(self, NAME(__getitem__), &key, 1, &found);
    if (found)
        return r;
    const type_t *bt = bbase(self);
    if (bt->getitem) {
        r = bt->getitem(self, key);
        if (!r && bt == &type_dict && vm_exception_matches(&type_KeyError)) {
            value_t m = heap_lookup(type_of(self), NAME(__missing__));
            if (m != VALUE_MISSING) {
                value_t saved = vm_take_exception();
                (void)saved;
                return call_heap_dunder(self, NAME(__missing__), &key, 1, &found);
            }
        }
        return r;
    }
    return vm_raise_type(&type_TypeError, "'%s' object is not subscriptable", type_name_of(self));
}

static int h_setitem(value_t self, value_t key, value_t v)
{
    bool found;
    value_t r;
    if (v) {
        value_t a[2] = {key, v};
        r = call_heap_dunder(self, NAME(__setitem__), a, 2, &found);
    } else {
        r = call_heap_dunder(self, NAME(__delitem__), &key, 1, &found);
    }
    if (found)
        return r ? 0 : -1;
    const type_t *bt = bbase(self);
    if (bt->setitem)
        return bt->setitem(self, key, v);
    if (v)
        vm_raise_type(&type_TypeError, "'%s' object does not support item assignment", type_name_of(self));
    else
        vm_raise_type(&type_TypeError, "'%s' object does not support item deletion", type_name_of(self));
    return -1;
}

/* Iteration through __getitem__ (the old sequence protocol). */
typedef struct { obj_t base; value_t seq; intptr_t index; } getitem_iter_t;
static value_t getitem_iter_next(value_t self)
{
    getitem_iter_t *it = (getitem_iter_t *)self;
    if (!it->seq)
        return VALUE_STOP;
    value_t v = vm_getitem(it->seq, small_int(it->index));
    if (!v) {
        if (vm_exception_matches(&type_IndexError) || vm_exception_matches(&type_StopIteration)) {
            vm_take_exception();
            it->seq = VALUE_NULL;
            return VALUE_STOP;
        }
        return VALUE_NULL;
    }
    it->index++;
    return v;
}
static value_t self_iter(value_t self) { return self; }
static type_t type_getitem_iterator = {
    .base = {&type_type}, .name = "iterator", .parent = &type_object,
    .iter = self_iter, .next = getitem_iter_next,
};

static value_t h_iter(value_t self)
{
    bool found;
    value_t m = heap_lookup(type_of(self), NAME(__iter__));
    if (m == VALUE_NONE)
        return vm_raise_type(&type_TypeError, "'%s' object is not iterable", type_name_of(self));
    value_t r = call_heap_dunder(self, NAME(__iter__), 0, 0, &found);
    if (found) {
        if (r && !type_of(r)->next)
            return vm_raise_type(&type_TypeError, "iter() returned non-iterator of type '%s'", type_name_of(r));
        return r;
    }
    const type_t *bt = bbase(self);
    if (bt->iter)
        return bt->iter(self);
    if (heap_lookup(type_of(self), NAME(__getitem__)) != VALUE_MISSING) {
        getitem_iter_t *it = gc_alloc(sizeof *it, 0);
        if (!it)
            return VALUE_NULL;
        it->base.type = &type_getitem_iterator;
        it->seq = self;
        it->index = 0;
        return obj_value(it);
    }
    return vm_raise_type(&type_TypeError, "'%s' object is not iterable", type_name_of(self));
}

static value_t h_next(value_t self)
{
    bool found;
    value_t r = call_heap_dunder(self, NAME(__next__), 0, 0, &found);
    if (found) {
        if (!r && vm_exception_matches(&type_StopIteration)) {
            vm_take_exception();
            return VALUE_STOP;
        }
        return r;
    }
    const type_t *bt = bbase(self);
    if (bt->next)
        return bt->next(self);
    return vm_raise_type(&type_TypeError, "'%s' object is not an iterator", type_name_of(self));
}

static int h_contains(value_t self, value_t item)
{
    bool found;
    value_t r = call_heap_dunder(self, NAME(__contains__), &item, 1, &found);
    if (found) {
        if (!r)
            return -1;
        return vm_truth(r);
    }
    const type_t *bt = bbase(self);
    if (bt->contains)
        return bt->contains(self, item);
    value_t it = h_iter(self);
    if (!it) {
        if (vm_exception_matches(&type_TypeError)) {
            vm_take_exception();
            vm_raise_type(&type_TypeError, "argument of type '%s' is not iterable", type_name_of(self));
        }
        return -1;
    }
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

static value_t h_call(value_t self, const value_t *args, size_t nargs, value_t kwnames)
{
    value_t m = class_lookup(type_of(self), NAME(__call__));
    if (m == VALUE_MISSING)
        return vm_raise_type(&type_TypeError, "'%s' object is not callable", type_name_of(self));
    if (is_function(m)) {
        size_t total = nargs + (kwnames ? as_tuple(kwnames)->len : 0);
        value_t small[8];
        value_t *buf = total + 1 <= 8 ? small : gc_alloc((total + 1) * sizeof(value_t), 0);
        if (!buf)
            return VALUE_NULL;
        buf[0] = self;
        memcpy(buf + 1, args, total * sizeof(value_t));
        return vm_call(m, buf, nargs + 1, kwnames);
    }
    const type_t *mt = type_of(m);
    if (mt->descr_get && !(m = mt->descr_get(m, self, type_of(self))))
        return VALUE_NULL;
    return vm_call(m, args, nargs, kwnames);
}

/* ---- instance attributes ---- */
static bool is_data_descriptor(value_t d)
{
    const type_t *t = type_of(d);
    return t == &type_property || t == &type_getset;
}

static value_t h_getattr(value_t self, value_t name)
{
    const type_t *t = type_of(self);
    value_t descr = class_lookup(t, name);
    if (descr != VALUE_MISSING && is_data_descriptor(descr))
        return type_of(descr)->descr_get(descr, self, t);
    value_t *ds = instance_dict_slot(self);
    if (ds && *ds) {
        value_t v = dict_get(*ds, name);
        if (v != VALUE_MISSING)
            return v;
    }
    if (name == NAME(__dict__) && ds)
        return instance_get_dict(self, true);
    if (name == NAME(__class__))
        return obj_value(t);
    const type_t *bt = heap_of(self)->builtin_base;
    if (bt->getattr) {
        value_t r = bt->getattr(self, name);
        if (r != VALUE_MISSING)
            return r;
    }
    if (descr != VALUE_MISSING) {
        const type_t *dt = type_of(descr);
        return dt->descr_get ? dt->descr_get(descr, self, t) : descr;
    }
    if (((const heap_type_t *)t)->has_getattr) {
        value_t m = class_lookup(t, NAME(__getattr__));
        if (m != VALUE_MISSING) {
            value_t a[2] = {self, name};
            if (is_function(m))
                return vm_call(m, a, 2, VALUE_NULL);
            bool found;
            return call_dunder(self, NAME(__getattr__), &name, 1, &found);
        }
    }
    return VALUE_MISSING;
}

static int exception_field_set(value_t self, value_t name, value_t v);

/* object.__setattr__: the generic rule. */
static int generic_setattr(value_t self, value_t name, value_t v)
{
    const type_t *t = type_of(self);
    value_t descr = class_lookup(t, name);
    if (descr != VALUE_MISSING && type_of(descr) == &type_property)
        return property_set(descr, self, v);
    if (t->flags & TYPE_EXCEPTION) {
        int r = exception_field_set(self, name, v);
        if (r != 1)
            return r;
    }
    value_t *ds = instance_dict_slot(self);
    if (!ds) {
        if (descr != VALUE_MISSING)
            vm_raise_type(&type_AttributeError, "'%s' object attribute '%s' is read-only", t->name, str_data(name));
        else
            vm_raise_type(&type_AttributeError, "'%s' object has no attribute '%s'", t->name, str_data(name));
        return -1;
    }
    if (name == NAME(__class__)) {
        vm_raise_type(&type_TypeError, "__class__ assignment is not supported");
        return -1;
    }
    if (!*ds && !(*ds = dict_new(0)))
        return -1;
    if (!v) {
        int r = dict_delete(*ds, name);
        if (r == 0) {
            vm_raise_type(&type_AttributeError, "'%s' object has no attribute '%s'", t->name, str_data(name));
            return -1;
        }
        return r < 0 ? -1 : 0;
    }
    if (name == NAME(__dict__)) {
        if (type_of(v) != &type_dict) {
            vm_raise_type(&type_TypeError, "__dict__ must be set to a dictionary, not a '%s'", type_name_of(v));
            return -1;
        }
        *ds = v;
        return 0;
    }
    return dict_set(*ds, name, v) ? 0 : -1;
}

static int h_setattr(value_t self, value_t name, value_t v)
{
    const heap_type_t *ht = heap_of(self);
    if (ht->has_setattr) {
        bool found;
        value_t r;
        if (v) {
            value_t a[2] = {name, v};
            r = call_heap_dunder(self, NAME(__setattr__), a, 2, &found);
        } else {
            r = call_heap_dunder(self, NAME(__delattr__), &name, 1, &found);
        }
        if (found)
            return r ? 0 : -1;
    }
    return generic_setattr(self, name, v);
}

/* ---- LOAD_ATTR / STORE_ATTR fast paths ----
 *
 * Instances of one class get their attributes in the same order, so an
 * attribute name used in one code object is mostly at the same entry
 * index of every instance dict: the interpreter keeps that index per
 * (code object, name) as a hint. A hint is only a guess: it is used when
 * the entry there holds exactly that name, and the class-level rules come
 * first (the type attribute cache answers whether a data descriptor
 * shadows the instance dict). VALUE_MISSING / 0: not handled here, take
 * the general path. */
static inline dict_obj_t *plain_instance_dict(value_t obj, const type_t *t)
{
    uint32_t off = ((const heap_type_t *)t)->dict_offset;
    if (!off)
        return 0;
    value_t d = *(value_t *)((char *)obj + off);
    return d && as_obj(d)->type == &type_dict ? as_dict(d) : 0;
}

/* The hint's class-level check is for t at the current epoch: keep its
 * flags, else start over for t. */
static inline void hint_for(struct attr_hint *h, const type_t *t)
{
    if (h->type != t || h->epoch != type_cache_epoch) {
        h->type = t;
        h->epoch = type_cache_epoch;
        h->get_ok = h->set_ok = 0;
    }
}

value_t instance_attr_get(value_t obj, value_t name, struct attr_hint *hint)
{
    const type_t *t = as_obj(obj)->type;
    if (hint->type == t && hint->epoch == type_cache_epoch && hint->get_ok) {
        dict_obj_t *d = plain_instance_dict(obj, t);
        uint32_t ix = hint->index;
        if (d && ix < d->nentries && d->entries[ix].key == name)
            return d->entries[ix].value;
    }
    if (!type_is_heap(t) || t->getattr != h_getattr)
        return VALUE_MISSING;
    dict_obj_t *d = plain_instance_dict(obj, t);
    if (!d)
        return VALUE_MISSING;
    uint64_t epoch = type_cache_epoch;
    value_t descr = class_lookup(t, name);
    if (!descr || (descr != VALUE_MISSING && is_data_descriptor(descr)))
        return VALUE_MISSING;
    bool checked = epoch == type_cache_epoch;   /* no Python code ran meanwhile */
    intptr_t i = dict_lookup_index(obj_value(d), name);
    if (i < 0) {
        if (i == -2)
            vm_take_exception();    /* the general path will meet it again */
        return VALUE_MISSING;
    }
    if (checked) {
        hint_for(hint, t);
        hint->get_ok = 1;
    }
    hint->index = (uint32_t)i;
    return d->entries[i].value;
}

/* Stores also ADD attributes (the first stores on a new instance, in
 * __init__): the class-level rules are the hint's (no __setattr__, no data
 * descriptor for the name, not an exception), so what is left of
 * object.__setattr__ is the dict store itself. A new instance's dict is
 * made here, sized for the most attributes an instance of the class held
 * (up to 16), so a class with many attributes does not grow each
 * instance's dict step by step. */
#define DICT_HINT_MAX 16
bool instance_attr_set(value_t obj, value_t name, value_t v, struct attr_hint *hint)
{
    const type_t *t = as_obj(obj)->type;
    heap_type_t *ht = (heap_type_t *)t;
    uint32_t ix = hint->index;
    if (hint->type != t || hint->epoch != type_cache_epoch || !hint->set_ok) {
        if (!type_is_heap(t) || t->setattr != h_setattr || ht->has_setattr || !ht->dict_offset ||
            (t->flags & TYPE_EXCEPTION) || name == NAME(__dict__) || name == NAME(__class__) ||
            as_obj(name)->type != &type_str)
            return false;
        uint64_t epoch = type_cache_epoch;
        value_t descr = class_lookup(t, name);
        if (!descr || (descr != VALUE_MISSING && is_data_descriptor(descr)))
            return false;
        if (epoch == type_cache_epoch) {
            hint_for(hint, t);
            hint->set_ok = 1;
        }
    }
    value_t *slot = (value_t *)((char *)obj + ht->dict_offset);
    if (!*slot) {
        value_t nd = dict_new(ht->dict_hint);
        if (!nd) {
            vm_take_exception();    /* the general path will meet it again */
            return false;
        }
        *slot = nd;
    }
    if (as_obj(*slot)->type != &type_dict)
        return false;
    dict_obj_t *d = as_dict(*slot);
    if (d->version & DICT_WATCHED)
        return false;
    if (ix < d->nentries && d->entries[ix].key == name) {
        d->entries[ix].value = v;
        return true;
    }
    intptr_t hash = ((const str_obj_t *)name)->hash;
    if (hash == -1 && !vm_hash(name, &hash)) {
        vm_take_exception();
        return false;
    }
    intptr_t i = dict_store_index(obj_value(d), name, hash, v);
    if (i < 0) {
        vm_take_exception();
        return false;
    }
    hint->index = (uint32_t)i;
    if (d->used > ht->dict_hint && d->used <= DICT_HINT_MAX)
        ht->dict_hint = (uint32_t)d->used;
    return true;
}

/* ---- construction ---- */
static size_t fixed_size_of(const type_t *bt)
{
    if (bt == &type_object) return sizeof(obj_t);
    if (bt->flags & TYPE_EXCEPTION) return sizeof(exception_obj_t);
    if (bt == &type_list) return sizeof(list_obj_t);
    if (bt == &type_dict) return sizeof(dict_obj_t);
    if (bt == &type_set || bt == &type_frozenset) return sizeof(set_obj_t);
    if (bt == &type_float) return sizeof(float_obj_t);
    if (bt == &type_bytearray) return sizeof(bytearray_obj_t);
    if (bt == &type_property) return sizeof(property_obj_t);
    return 0;       /* variable-size: str, bytes, tuple, int */
}

static bool mutable_base(const type_t *bt)
{
    return bt == &type_list || bt == &type_dict || bt == &type_set || bt == &type_bytearray;
}

/* An instance of heap type t with builtin layout made from o (an object
 * of the builtin base). */
static value_t adopt(const type_t *t, value_t o)
{
    const heap_type_t *ht = (const heap_type_t *)t;
    const type_t *bt = ht->builtin_base;
    if (bt == &type_int || bt == &type_bool) {
        /* small ints cannot carry a type: store as a big-int layout */
        value_t big = o;
        if (is_small_int(o)) {
            intptr_t x = small_int_value(o);
            uint64_t mag = x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
            uint32_t len = mag >> 32 ? 2 : 1;
            bigint_obj_t *b = gc_alloc(sizeof(bigint_obj_t) + 2 * sizeof(uint32_t), GC_LEAF);
            if (!b)
                return VALUE_NULL;
            b->base.type = t;
            b->negative = x < 0;
            b->len = len;
            b->limbs[0] = (uint32_t)mag;
            b->limbs[1] = (uint32_t)(mag >> 32);
            return obj_value(b);
        }
        size_t n = gc_block_bytes((void *)big);
        bigint_obj_t *b = gc_alloc(n, GC_LEAF);
        if (!b)
            return VALUE_NULL;
        memcpy(b, (void *)big, n);
        b->base.type = t;
        return obj_value(b);
    }
    if (!is_obj(o))
        return vm_raise_type(&type_TypeError, "cannot subclass this type");
    size_t fixed = fixed_size_of(bt);
    size_t n = fixed ? fixed : gc_block_bytes((void *)o);
    obj_t *c = gc_alloc(ht->dict_offset ? ht->t.instance_size : n, 0);
    if (!c)
        return VALUE_NULL;
    memcpy(c, (void *)o, n);
    c->type = t;
    return obj_value(c);
}

/* object.__new__(cls) and the builtins' __new__ for a heap cls. */
static value_t alloc_instance(const type_t *t, const value_t *args, size_t nargs, value_t kwnames)
{
    const heap_type_t *ht = (const heap_type_t *)t;
    const type_t *bt = ht->builtin_base;
    if (bt == &type_object) {
        obj_t *o = gc_alloc(t->instance_size, 0);
        if (!o)
            return VALUE_NULL;
        o->type = t;
        return obj_value(o);
    }
    if (bt->flags & TYPE_EXCEPTION) {
        value_t tu = tuple_from_array(args, nargs);
        if (!tu)
            return VALUE_NULL;
        exception_obj_t *e = gc_alloc(t->instance_size, 0);
        if (!e)
            return VALUE_NULL;
        e->base.type = t;
        e->args = tu;
        e->traceback = e->cause = e->context = e->value = VALUE_NONE;
        if (class_is_subclass(t, &type_StopIteration) && nargs)
            e->value = args[0];
        return obj_value(e);
    }
    value_t o = mutable_base(bt) ? bt->make_new(bt, 0, 0, VALUE_NULL) : bt->make_new(bt, args, nargs, kwnames);
    if (!o)
        return VALUE_NULL;
    return adopt(t, o);
}

static value_t builtin_init(value_t self, const value_t *args, size_t nargs, value_t kwnames);

static value_t h_make_new(const type_t *t, const value_t *args, size_t nargs, value_t kwnames)
{
    value_t newm = heap_lookup(t, NAME(__new__));
    value_t obj, initm = VALUE_MISSING;
    if (newm != VALUE_MISSING) {
        if (type_of(newm) == &type_staticmethod)
            newm = ((wrapper_obj_t *)newm)->func;
        size_t total = nargs + (kwnames ? as_tuple(kwnames)->len : 0);
        value_t *buf = gc_alloc((total + 1) * sizeof(value_t), 0);
        if (!buf)
            return VALUE_NULL;
        buf[0] = obj_value(t);
        memcpy(buf + 1, args, total * sizeof(value_t));
        obj = vm_call(newm, buf, nargs + 1, kwnames);
        if (!obj)
            return VALUE_NULL;
        if (!class_isinstance(obj, t))
            return obj;
    } else {
        initm = heap_lookup(t, NAME(__init__));
        const type_t *bt = ((const heap_type_t *)t)->builtin_base;
        if (initm == VALUE_MISSING && bt == &type_object && (nargs || (kwnames && as_tuple(kwnames)->len)))
            return vm_raise_type(&type_TypeError, "%s() takes no arguments", t->name);
        obj = alloc_instance(t, args, nargs, kwnames);
        if (!obj)
            return VALUE_NULL;
    }
    /* again when obj may be of another class (a __new__'s) or Python
     * code may have run (a builtin base's constructor) */
    if (newm != VALUE_MISSING || ((const heap_type_t *)t)->builtin_base != &type_object)
        initm = heap_lookup(type_of(obj), NAME(__init__));
    if (initm != VALUE_MISSING) {
        size_t total = nargs + (kwnames ? as_tuple(kwnames)->len : 0);
        value_t small[8];
        value_t *buf = total + 1 <= 8 ? small : gc_alloc((total + 1) * sizeof(value_t), 0);
        if (!buf)
            return VALUE_NULL;
        buf[0] = obj;
        memcpy(buf + 1, args, total * sizeof(value_t));
        value_t r;
        if (is_function(initm)) {
            r = vm_call(initm, buf, nargs + 1, kwnames);
        } else {
            value_t m = type_of(initm)->descr_get ? type_of(initm)->descr_get(initm, obj, type_of(obj)) : initm;
            r = m ? vm_call(m, args, nargs, kwnames) : VALUE_NULL;
        }
        if (!r)
            return VALUE_NULL;
        if (r != VALUE_NONE)
            return vm_raise_type(&type_TypeError, "__init__() should return None, not '%s'", type_name_of(r));
    } else if (newm == VALUE_MISSING) {
        if (!builtin_init(obj, args, nargs, kwnames))
            return VALUE_NULL;
    }
    return obj;
}

/* list.__init__ etc. for instances of subclasses. */
static value_t builtin_init(value_t self, const value_t *args, size_t nargs, value_t kwnames)
{
    const type_t *t = type_of(self);
    const type_t *bt = type_is_heap(t) ? ((const heap_type_t *)t)->builtin_base : t;
    if (bt == &type_list) {
        if (!arg_check("list", nargs, kwnames, 0, 1))
            return VALUE_NULL;
        as_list(self)->len = 0;
        if (nargs) {
            value_t l = list_from_iterable(args[0]);
            if (!l)
                return VALUE_NULL;
            for (size_t i = 0; i < as_list(l)->len; i++)
                if (!list_append(self, as_list(l)->items[i]))
                    return VALUE_NULL;
        }
        return VALUE_NONE;
    }
    if (bt == &type_dict) {
        if (nargs > 1)
            return vm_raise_type(&type_TypeError, "dict expected at most 1 argument, got %zu", nargs);
        if (nargs && !dict_update(self, args[0]))
            return VALUE_NULL;
        if (kwnames)
            for (size_t i = 0; i < as_tuple(kwnames)->len; i++)
                if (!dict_set(self, as_tuple(kwnames)->items[i], args[nargs + i]))
                    return VALUE_NULL;
        return VALUE_NONE;
    }
    if (bt == &type_set) {
        if (!arg_check("set", nargs, kwnames, 0, 1))
            return VALUE_NULL;
        if (nargs && !set_update(self, args[0]))
            return VALUE_NULL;
        return VALUE_NONE;
    }
    if (bt->flags & TYPE_EXCEPTION) {
        value_t tu = tuple_from_array(args, nargs);
        if (!tu)
            return VALUE_NULL;
        ((exception_obj_t *)self)->args = tu;
        return VALUE_NONE;
    }
    return VALUE_NONE;
}

/* ---- C3 linearization ---- */
static value_t mro_of(const type_t *t)
{
    if (t->mro)
        return t->mro;
    size_t n = 0;
    for (const type_t *c = t; c; c = c->parent)
        n++;
    value_t tu = tuple_new(n);
    if (!tu)
        return VALUE_NULL;
    n = 0;
    for (const type_t *c = t; c; c = c->parent)
        as_tuple(tu)->items[n++] = obj_value(c);
    return tu;
}

static value_t compute_mro(value_t self, value_t bases)
{
    tuple_obj_t *b = as_tuple(bases);
    size_t nseq = b->len + 1;
    value_t *seqs = gc_alloc(nseq * sizeof(value_t), 0);
    size_t *pos = gc_alloc(nseq * sizeof(size_t), GC_LEAF);
    value_t out = list_new(0);
    if (!seqs || !pos || !out || !list_append(out, self))
        return VALUE_NULL;
    for (size_t i = 0; i < b->len; i++) {
        seqs[i] = mro_of((const type_t *)b->items[i]);
        if (!seqs[i])
            return VALUE_NULL;
    }
    seqs[b->len] = bases;
    for (;;) {
        bool empty = true;
        value_t cand = VALUE_NULL;
        for (size_t i = 0; i < nseq; i++) {
            tuple_obj_t *s = as_tuple(seqs[i]);
            if (pos[i] >= s->len)
                continue;
            empty = false;
            value_t c = s->items[pos[i]];
            bool in_tail = false;
            for (size_t j = 0; j < nseq && !in_tail; j++) {
                tuple_obj_t *s2 = as_tuple(seqs[j]);
                for (size_t k = pos[j] + 1; k < s2->len; k++)
                    if (s2->items[k] == c) {
                        in_tail = true;
                        break;
                    }
            }
            if (!in_tail) {
                cand = c;
                break;
            }
        }
        if (empty)
            break;
        if (!cand) {
            strbuf_t sb;
            strbuf_init(&sb);
            strbuf_add_cstr(&sb, "Cannot create a consistent method resolution\norder (MRO) for bases ");
            for (size_t i = 0; i < b->len; i++)
                strbuf_printf(&sb, "%s%s", i ? ", " : "", ((const type_t *)b->items[i])->name);
            value_t msg = strbuf_finish(&sb);
            if (msg) {
                value_t e = exception_new(&type_TypeError, tuple_from_array(&msg, 1));
                if (e)
                    vm_raise(e);
            }
            return VALUE_NULL;
        }
        if (!list_append(out, cand))
            return VALUE_NULL;
        for (size_t i = 0; i < nseq; i++) {
            tuple_obj_t *s = as_tuple(seqs[i]);
            if (pos[i] < s->len && s->items[pos[i]] == cand)
                pos[i]++;
        }
    }
    return tuple_from_array(as_list(out)->items, as_list(out)->len);
}

static const type_t *builtin_base_of(const type_t *t)
{
    if (type_is_heap(t))
        return ((const heap_type_t *)t)->builtin_base;
    return t;
}

static void update_slot_flags(heap_type_t *ht)
{
    ht->has_getattr = class_lookup(&ht->t, NAME(__getattr__)) != VALUE_MISSING;
    ht->has_setattr = heap_lookup(&ht->t, NAME(__setattr__)) != VALUE_MISSING ||
                      heap_lookup(&ht->t, NAME(__delattr__)) != VALUE_MISSING;
    const type_t *bt = ht->builtin_base;
    ht->t.call = (heap_lookup(&ht->t, NAME(__call__)) != VALUE_MISSING || bt->call) ? h_call : 0;
    ht->t.len = (heap_lookup(&ht->t, NAME(__len__)) != VALUE_MISSING || bt->len) ? h_len : 0;
    ht->t.next = (heap_lookup(&ht->t, NAME(__next__)) != VALUE_MISSING || bt->next) ? h_next : 0;
    ht->t.getitem = (heap_lookup(&ht->t, NAME(__getitem__)) != VALUE_MISSING || bt->getitem) ? h_getitem : 0;
    ht->t.iter = (heap_lookup(&ht->t, NAME(__iter__)) != VALUE_MISSING || bt->iter ||
                  heap_lookup(&ht->t, NAME(__getitem__)) != VALUE_MISSING) ? h_iter : 0;
    ht->t.buffer = bt->buffer;
}

value_t class_new(value_t name, value_t bases, value_t ns, value_t kw)
{
    (void)kw;
    if (!is_str(name))
        return vm_raise_type(&type_TypeError, "type.__new__() argument 1 must be str, not %s", type_name_of(name));
    if (as_tuple(bases)->len == 0) {
        value_t o = obj_value(&type_object);
        bases = tuple_from_array(&o, 1);
        if (!bases)
            return VALUE_NULL;
    }
    tuple_obj_t *b = as_tuple(bases);
    const type_t *solid = &type_object, *best = 0;
    uint32_t flags = TYPE_HEAP | TYPE_BASETYPE;
    /* attribute hints remember type addresses without keeping the types
     * alive: a new type (perhaps at a freed one's address) invalidates them */
    type_cache_epoch++;
    for (size_t i = 0; i < b->len; i++) {
        value_t bv = b->items[i];
        if (!is_obj(bv) || type_of(bv) != &type_type)
            return vm_raise_type(&type_TypeError, "bases must be types");
        const type_t *bt = (const type_t *)bv;
        if (!(bt->flags & TYPE_BASETYPE))
            return vm_raise_type(&type_TypeError, "type '%s' is not an acceptable base type", bt->name);
        const type_t *s = builtin_base_of(bt);
        if (s != &type_object) {
            if (solid == &type_object || type_is_subtype(s, solid))
                solid = s;
            else if (!type_is_subtype(solid, s))
                return vm_raise_type(&type_TypeError, "multiple bases have instance lay-out conflict");
        }
        flags |= bt->flags & (TYPE_EXCEPTION | TYPE_INT_SUBCLASS);
    }
    if (solid == &type_int || solid == &type_bool)
        flags |= TYPE_INT_SUBCLASS;
    for (size_t i = 0; i < b->len && !best; i++)
        if (builtin_base_of((const type_t *)b->items[i]) == solid)
            best = (const type_t *)b->items[i];
    if (!best)
        best = (const type_t *)b->items[0];
    heap_type_t *ht = gc_alloc(sizeof *ht, 0);
    if (!ht)
        return VALUE_NULL;
    ht->t.base.type = &type_type;
    ht->name_str = name;
    ht->t.name = str_data(name);
    ht->t.parent = best;
    ht->t.flags = flags;
    ht->bases = bases;
    ht->builtin_base = solid;
    value_t d = dict_new(0);
    if (!d || !dict_update(d, ns))
        return VALUE_NULL;
    ht->t.dict = d;
    value_t q = dict_get(d, NAME(__qualname__));
    ht->qualname = q != VALUE_MISSING && is_str(q) ? q : name;
    if (q != VALUE_MISSING)
        dict_delete(d, NAME(__qualname__));
    value_t m = dict_get(d, NAME(__module__));
    ht->module = m != VALUE_MISSING ? m : VALUE_NONE;
    if (m == VALUE_MISSING) {
        frame_t *f = interp_current->frame;
        if (f) {
            value_t gm = dict_get(f->globals, NAME(__name__));
            if (gm != VALUE_MISSING) {
                ht->module = gm;
                dict_set(d, NAME(__module__), gm);
            }
        }
    }
    if (dict_get(d, NAME(__doc__)) == VALUE_MISSING)
        dict_set(d, NAME(__doc__), VALUE_NONE);
    /* __eq__ without __hash__ makes instances unhashable */
    if (dict_get(d, NAME(__eq__)) != VALUE_MISSING && dict_get(d, NAME(__hash__)) == VALUE_MISSING)
        dict_set(d, NAME(__hash__), VALUE_NONE);
    /* __new__ is implicitly a static method; __init_subclass__ and
     * __class_getitem__ implicitly class methods */
    value_t nw = dict_get(d, NAME(__new__));
    if (nw != VALUE_MISSING && is_function(nw)) {
        wrapper_obj_t *w = gc_alloc(sizeof *w, 0);
        if (!w)
            return VALUE_NULL;
        w->base.type = &type_staticmethod;
        w->func = nw;
        dict_set(d, NAME(__new__), obj_value(w));
    }
    /* properties learn their names (for error messages) */
    size_t pos = 0;
    value_t k, v;
    while (dict_next(d, &pos, &k, &v))
        if (is_obj(v) && type_of(v) == &type_property && !((property_obj_t *)v)->name)
            ((property_obj_t *)v)->name = k;
    value_t mro = compute_mro(obj_value(ht), bases);
    if (!mro)
        return VALUE_NULL;
    ht->t.mro = mro;
    /* layout */
    bool parent_has_dict = false;
    for (size_t i = 0; i < b->len; i++) {
        const type_t *bt = (const type_t *)b->items[i];
        if (type_is_heap(bt) && ((const heap_type_t *)bt)->dict_offset)
            parent_has_dict = true;
    }
    (void)parent_has_dict;
    size_t fixed = fixed_size_of(solid);
    if (fixed) {
        ht->dict_offset = (uint32_t)fixed;
        ht->t.instance_size = (uint32_t)(fixed + sizeof(value_t));
    } else {
        ht->dict_offset = 0;
        ht->t.instance_size = 0;
    }
    /* slots */
    ht->t.repr = h_repr;
    ht->t.str = h_str;
    ht->t.hash = h_hash;
    ht->t.compare = h_compare;
    ht->t.truth = h_truth;
    ht->t.unary_op = h_unary;
    ht->t.binary_op = h_binary;
    ht->t.getattr = h_getattr;
    ht->t.setattr = h_setattr;
    ht->t.setitem = h_setitem;
    ht->t.contains = h_contains;
    ht->t.make_new = h_make_new;
    update_slot_flags(ht);
    /* lookups made while the type was half built (no MRO, no slots yet)
     * must not be served from the caches */
    type_cache_epoch++;
    return obj_value(ht);
}

/* ---- the `type` type's slots ---- */
static value_t type_attr_mro(const type_t *t) { return mro_of(t); }

static value_t my_type_getattr(value_t self, value_t name)
{
    const type_t *t = (const type_t *)self;
    if (type_is_heap(t)) {
        const heap_type_t *ht = (const heap_type_t *)t;
        if (name == NAME(__name__)) return ht->name_str;
        if (name == NAME(__qualname__)) return ht->qualname;
        if (name == NAME(__dict__)) return t->dict;
        if (name == NAME(__bases__)) return ht->bases;
        if (name == NAME(__base__)) return obj_value(t->parent);
        if (name == NAME(__mro__)) return t->mro;
        value_t v = class_lookup(t, name);
        if (v == VALUE_MISSING)
            return VALUE_MISSING;
        const type_t *vt = type_of(v);
        return vt->descr_get ? vt->descr_get(v, VALUE_NULL, t) : v;
    }
    if (name == NAME(__mro__))
        return type_attr_mro(t);
    if (name == NAME(__bases__)) {
        if (!t->parent)
            return VALUE_EMPTY_TUPLE;
        value_t p = obj_value(t->parent);
        return tuple_from_array(&p, 1);
    }
    if (name == NAME(__base__))
        return t->parent ? obj_value(t->parent) : VALUE_NONE;
    if (name == NAME(__module__))
        return str_intern_cstr("builtins");
    if (name == NAME(__doc__))
        return VALUE_NONE;
    if (name == NAME(__dict__))
        return t->dict ? t->dict : dict_new(0);
    return builtin_type_getattr(self, name);
}

static int my_type_setattr(value_t self, value_t name, value_t v)
{
    type_t *t = (type_t *)self;
    if (!type_is_heap(t)) {
        vm_raise_type(&type_TypeError, "cannot set '%s' attribute of immutable type '%s'", str_data(name), t->name);
        return -1;
    }
    heap_type_t *ht = (heap_type_t *)t;
    type_cache_epoch++;     /* whatever changes, cached lookups may see it */
    if (name == NAME(__name__) && v && is_str(v)) {
        ht->name_str = v;
        t->name = str_data(v);
        return 0;
    }
    if (name == NAME(__qualname__) && v && is_str(v)) {
        ht->qualname = v;
        return 0;
    }
    if (!v) {
        int r = dict_delete(t->dict, name);
        if (r == 0) {
            vm_raise_type(&type_AttributeError, "type object '%s' has no attribute '%s'", t->name, str_data(name));
            return -1;
        }
        if (r < 0)
            return -1;
    } else {
        if (is_obj(v) && type_of(v) == &type_property && !((property_obj_t *)v)->name)
            ((property_obj_t *)v)->name = name;
        if (!dict_set(t->dict, name, v))
            return -1;
    }
    update_slot_flags(ht);
    return 0;
}

static value_t my_type_repr(value_t self)
{
    const type_t *t = (const type_t *)self;
    strbuf_t b;
    strbuf_init(&b);
    if (type_is_heap(t)) {
        const heap_type_t *ht = (const heap_type_t *)t;
        if (is_str(ht->module) && strcmp(str_data(ht->module), "builtins"))
            strbuf_printf(&b, "<class '%s.%s'>", str_data(ht->module), str_data(ht->qualname));
        else
            strbuf_printf(&b, "<class '%s'>", str_data(ht->qualname));
    } else {
        strbuf_printf(&b, "<class '%s'>", t->name);
    }
    return strbuf_finish(&b);
}

static value_t type_make_new(const type_t *type, const value_t *args, size_t nargs, value_t kwnames)
{
    (void)type;
    if (nargs == 1 && !kwnames)
        return obj_value(type_of(args[0]));
    if (nargs != 3)
        return vm_raise_type(&type_TypeError, "type() takes 1 or 3 arguments");
    if (!is_obj(args[1]) || type_of(args[1]) != &type_tuple)
        return vm_raise_type(&type_TypeError, "type.__new__() argument 2 must be tuple, not %s",
                             type_name_of(args[1]));
    if (!is_obj(args[2]) || !is_instance(args[2], &type_dict))
        return vm_raise_type(&type_TypeError, "type.__new__() argument 3 must be dict, not %s",
                             type_name_of(args[2]));
    return class_new(args[0], args[1], args[2], VALUE_NULL);
}

/* ---- __build_class__ ---- */
value_t builtin_build_class(const value_t *args, size_t nargs, value_t kwnames)
{
    size_t npos = nargs;
    if (npos < 2)
        return vm_raise_type(&type_TypeError, "__build_class__: not enough arguments");
    value_t func = args[0], name = args[1];
    if (!is_function(func))
        return vm_raise_type(&type_TypeError, "__build_class__: func must be a function");
    if (!is_str(name))
        return vm_raise_type(&type_TypeError, "__build_class__: name is not a string");
    if (kwnames && as_tuple(kwnames)->len)
        return vm_raise_type(&type_TypeError, "class keyword arguments are not supported by TensorOS Python");
    value_t bases = tuple_from_array(args + 2, npos - 2);
    if (!bases)
        return VALUE_NULL;
    for (size_t i = 0; i < as_tuple(bases)->len; i++) {
        value_t bv = as_tuple(bases)->items[i];
        if (!is_obj(bv) || type_of(bv) != &type_type)
            return vm_raise_type(&type_TypeError, "bases must be types");
    }
    value_t ns = dict_new(0);
    if (!ns)
        return VALUE_NULL;
    function_obj_t *fn = (function_obj_t *)func;
    frame_t *f = frame_push(fn->code, func, fn->globals, ns);
    if (!f)
        return VALUE_NULL;
    bool y;
    value_t cell = interp_run_frame(f, VALUE_NULL, &y);
    if (!cell)
        return VALUE_NULL;
    value_t cls = class_new(name, bases, ns, VALUE_NULL);
    if (!cls)
        return VALUE_NULL;
    if (is_obj(cell) && type_of(cell) == &type_cell)
        ((cell_obj_t *)cell)->contents = cls;
    return cls;
}

/* ---- super ---- */
static value_t super_make_new(const type_t *type, const value_t *args, size_t nargs, value_t kw)
{
    (void)type;
    if (kw && as_tuple(kw)->len)
        return vm_raise_type(&type_TypeError, "super() takes no keyword arguments");
    if (nargs == 0)
        return vm_raise_type(&type_RuntimeError, "super(): no arguments");
    if (nargs != 2)
        return vm_raise_type(&type_TypeError, "super() takes 2 arguments in TensorOS Python");
    if (!is_obj(args[0]) || type_of(args[0]) != &type_type)
        return vm_raise_type(&type_TypeError, "super() argument 1 must be a type, not %s", type_name_of(args[0]));
    const type_t *t = (const type_t *)args[0];
    value_t obj = args[1];
    const type_t *ot;
    if (is_obj(obj) && type_of(obj) == &type_type && class_is_subclass((const type_t *)obj, t))
        ot = (const type_t *)obj;
    else if (class_isinstance(obj, t))
        ot = type_of(obj);
    else
        return vm_raise_type(&type_TypeError, "super(type, obj): obj must be an instance or subtype of type");
    super_obj_t *s = gc_alloc(sizeof *s, 0);
    if (!s)
        return VALUE_NULL;
    s->base.type = &type_super;
    s->type = t;
    s->obj = obj;
    s->obj_type = ot;
    return obj_value(s);
}

static value_t super_getattr(value_t self, value_t name)
{
    super_obj_t *s = (super_obj_t *)self;
    if (name == NAME(__class__))
        return VALUE_MISSING;
    value_t mro = mro_of(s->obj_type);
    if (!mro)
        return VALUE_NULL;
    tuple_obj_t *m = as_tuple(mro);
    size_t i = 0;
    while (i < m->len && m->items[i] != obj_value(s->type))
        i++;
    for (i++; i < m->len; i++) {
        const type_t *c = (const type_t *)m->items[i];
        if (!c->dict)
            continue;
        value_t v = dict_get(c->dict, name);
        if (v == VALUE_MISSING)
            continue;
        const type_t *vt = type_of(v);
        if (!vt->descr_get)
            return v;
        bool obj_is_type = s->obj_type == (const type_t *)s->obj;
        if (vt == &type_native_function) {
            native_function_obj_t *nf = (native_function_obj_t *)v;
            if (obj_is_type || nf->self || !nf->owner)
                return v;
            return native_function_new(nf->name, nf->fn, s->obj, nf->owner);
        }
        return vt->descr_get(v, obj_is_type ? VALUE_NULL : s->obj, s->obj_type);
    }
    return VALUE_MISSING;
}

static value_t super_repr(value_t self)
{
    super_obj_t *s = (super_obj_t *)self;
    strbuf_t b;
    strbuf_init(&b);
    strbuf_printf(&b, "<super: <class '%s'>, <%s object>>", s->type->name, s->obj_type->name);
    return strbuf_finish(&b);
}

type_t type_super = {
    .base = {&type_type}, .name = "super", .parent = &type_object, .flags = TYPE_BASETYPE,
    .make_new = super_make_new, .getattr = super_getattr, .repr = super_repr,
};

/* ---- LOAD_METHOD ---- */
value_t load_method(value_t obj, value_t name, bool *unbound)
{
    const type_t *t = type_of(obj);
    if (type_is_heap(t)) {
        value_t d = class_lookup(t, name);
        if (d != VALUE_MISSING && is_function(d)) {
            value_t *ds = instance_dict_slot(obj);
            if (!ds || !*ds || dict_get(*ds, name) == VALUE_MISSING) {
                *unbound = true;
                return d;
            }
        }
    } else if (t != &type_type && t != &type_module && t != &type_super) {
        value_t d = type_lookup(t, name);
        if (d != VALUE_MISSING && type_of(d) == &type_native_function) {
            native_function_obj_t *nf = (native_function_obj_t *)d;
            if (!nf->self && nf->owner) {
                *unbound = true;
                return d;
            }
        }
    }
    *unbound = false;
    return vm_getattr(obj, name);
}

/* ---- builtin dunder methods ---- */
static value_t object_init(const value_t *a, size_t n, value_t kw)
{
    (void)a;
    (void)n;
    (void)kw;
    return VALUE_NONE;
}

static value_t object_new(const value_t *a, size_t n, value_t kw)
{
    if (n < 1 || !is_obj(a[0]) || type_of(a[0]) != &type_type)
        return vm_raise_type(&type_TypeError, "object.__new__(X): X is not a type object");
    const type_t *t = (const type_t *)a[0];
    if (!type_is_heap(t))
        return t->make_new(t, a + 1, n - 1, kw);
    if (((const heap_type_t *)t)->builtin_base == &type_object) {
        if ((n > 1 || (kw && as_tuple(kw)->len)) && heap_lookup(t, NAME(__init__)) == VALUE_MISSING)
            return vm_raise_type(&type_TypeError, "%s() takes no arguments", t->name);
        return alloc_instance(t, 0, 0, VALUE_NULL);
    }
    return alloc_instance(t, a + 1, n - 1, kw);
}

static value_t object_setattr_m(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("__setattr__", n, kw, 3, 3))
        return VALUE_NULL;
    if (!is_str(a[1]))
        return vm_raise_type(&type_TypeError, "attribute name must be string, not '%s'", type_name_of(a[1]));
    int r = type_is_heap(type_of(a[0])) ? generic_setattr(a[0], a[1], a[2]) : vm_setattr(a[0], a[1], a[2]);
    return r < 0 ? VALUE_NULL : VALUE_NONE;
}

static value_t object_delattr_m(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("__delattr__", n, kw, 2, 2))
        return VALUE_NULL;
    int r = type_is_heap(type_of(a[0])) ? generic_setattr(a[0], a[1], VALUE_NULL)
                                         : vm_setattr(a[0], a[1], VALUE_NULL);
    return r < 0 ? VALUE_NULL : VALUE_NONE;
}

static value_t object_getattribute_m(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("__getattribute__", n, kw, 2, 2))
        return VALUE_NULL;
    if (!type_is_heap(type_of(a[0])))
        return vm_getattr(a[0], a[1]);
    const type_t *t = type_of(a[0]);
    value_t descr = class_lookup(t, a[1]);
    if (descr != VALUE_MISSING && is_data_descriptor(descr))
        return type_of(descr)->descr_get(descr, a[0], t);
    value_t *ds = instance_dict_slot(a[0]);
    if (ds && *ds) {
        value_t v = dict_get(*ds, a[1]);
        if (v != VALUE_MISSING)
            return v;
    }
    if (descr != VALUE_MISSING) {
        const type_t *dt = type_of(descr);
        return dt->descr_get ? dt->descr_get(descr, a[0], t) : descr;
    }
    return vm_raise_type(&type_AttributeError, "'%s' object has no attribute '%s'", t->name, str_data(a[1]));
}

static value_t object_repr_m(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("__repr__", n, kw, 1, 1))
        return VALUE_NULL;
    if (type_is_heap(type_of(a[0])))
        return default_repr(a[0]);
    return vm_repr(a[0]);
}

static value_t object_str_m(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("__str__", n, kw, 1, 1))
        return VALUE_NULL;
    return vm_repr(a[0]);
}

static value_t object_eq_m(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("__eq__", n, kw, 2, 2))
        return VALUE_NULL;
    return a[0] == a[1] ? VALUE_TRUE : VALUE_NOT_IMPLEMENTED;
}

static value_t object_ne_m(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("__ne__", n, kw, 2, 2))
        return VALUE_NULL;
    value_t r = vm_compare(a[0], a[1], CMP_EQ);
    if (!r || r == VALUE_NOT_IMPLEMENTED)
        return r;
    int t = vm_truth(r);
    return t < 0 ? VALUE_NULL : bool_value(!t);
}

static value_t object_hash_m(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("__hash__", n, kw, 1, 1))
        return VALUE_NULL;
    return int_from_i64((int64_t)(a[0] >> 4));
}

static value_t object_format_m(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("__format__", n, kw, 2, 2))
        return VALUE_NULL;
    if (!is_str(a[1]) || str_len(a[1]))
        return vm_raise_type(&type_TypeError, "unsupported format string passed to %s.__format__",
                             type_name_of(a[0]));
    return vm_str(a[0]);
}

static value_t object_dir_m(const value_t *a, size_t n, value_t kw);

static value_t object_reduce_ex_m(const value_t *a, size_t n, value_t kw)
{
    (void)a; (void)n; (void)kw;
    return vm_raise_type(&type_TypeError, "cannot pickle objects in TensorOS Python");
}

static value_t object_init_subclass_m(const value_t *a, size_t n, value_t kw)
{
    (void)a; (void)n; (void)kw;
    return VALUE_NONE;
}

static const method_def_t object_methods[] = {
    {"__init__", object_init, METHOD_STATIC},
    {"__new__", object_new, METHOD_STATIC},
    {"__setattr__", object_setattr_m, 0},
    {"__delattr__", object_delattr_m, 0},
    {"__getattribute__", object_getattribute_m, 0},
    {"__repr__", object_repr_m, 0},
    {"__str__", object_str_m, 0},
    {"__eq__", object_eq_m, 0},
    {"__ne__", object_ne_m, 0},
    {"__hash__", object_hash_m, 0},
    {"__format__", object_format_m, 0},
    {"__dir__", object_dir_m, 0},
    {"__reduce_ex__", object_reduce_ex_m, 0},
    {"__init_subclass__", object_init_subclass_m, METHOD_STATIC},
    {0, 0, 0},
};

value_t builtin_dir_of(value_t obj);
static value_t object_dir_m(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("__dir__", n, kw, 1, 1))
        return VALUE_NULL;
    return builtin_dir_of(a[0]);
}

/* Generic builtin-slot wrappers: T.__len__(x) etc. call T's slot. */
#define BINOPS(X)                                                                                     \
    X(add, OP_ADD) X(sub, OP_SUB) X(mul, OP_MUL) X(matmul, OP_MATMUL) X(truediv, OP_TRUEDIV)         \
    X(floordiv, OP_FLOORDIV) X(mod, OP_MOD) X(pow, OP_POW) X(lshift, OP_LSHIFT) X(rshift, OP_RSHIFT) \
    X(and, OP_AND) X(or, OP_OR) X(xor, OP_XOR) X(divmod, OP_DIVMOD)
#define BINOP_WRAPPERS(T)                                                                             \
    BINOP_WRAPPERS_(T, add, OP_ADD) BINOP_WRAPPERS_(T, sub, OP_SUB) BINOP_WRAPPERS_(T, mul, OP_MUL)   \
    BINOP_WRAPPERS_(T, matmul, OP_MATMUL) BINOP_WRAPPERS_(T, truediv, OP_TRUEDIV)                     \
    BINOP_WRAPPERS_(T, floordiv, OP_FLOORDIV) BINOP_WRAPPERS_(T, mod, OP_MOD) BINOP_WRAPPERS_(T, pow, OP_POW) \
    BINOP_WRAPPERS_(T, lshift, OP_LSHIFT) BINOP_WRAPPERS_(T, rshift, OP_RSHIFT) BINOP_WRAPPERS_(T, and, OP_AND) \
    BINOP_WRAPPERS_(T, or, OP_OR) BINOP_WRAPPERS_(T, xor, OP_XOR) BINOP_WRAPPERS_(T, divmod, OP_DIVMOD)
#define BINOP_WRAPPERS_(T, N, OP)                                                                     \
    static value_t T##_w_##N(const value_t *a, size_t n, value_t kw) { return T##_w_bin(a, n, kw, OP); } \
    static value_t T##_w_r##N(const value_t *a, size_t n, value_t kw) { return T##_w_bin(a, n, kw, OP | OP_REFLECTED); }
#define BINOP_ENTRY(T, N) {"__" #N "__", T##_w_##N, t->binary_op != 0, 0}, {"__r" #N "__", T##_w_r##N, t->binary_op != 0, 0},
#define BINOP_ENTRIES(T)                                                                              \
    BINOP_ENTRY(T, add) BINOP_ENTRY(T, sub) BINOP_ENTRY(T, mul) BINOP_ENTRY(T, matmul)                \
    BINOP_ENTRY(T, truediv) BINOP_ENTRY(T, floordiv) BINOP_ENTRY(T, mod) BINOP_ENTRY(T, pow)          \
    BINOP_ENTRY(T, lshift) BINOP_ENTRY(T, rshift) BINOP_ENTRY(T, and) BINOP_ENTRY(T, or)              \
    BINOP_ENTRY(T, xor) BINOP_ENTRY(T, divmod)
#define SLOT_WRAPPERS(T)                                                                              \
    static value_t T##_w_repr(const value_t *a, size_t n, value_t kw)                                 \
    {                                                                                                 \
        if (!arg_check("__repr__", n, kw, 1, 1)) return VALUE_NULL;                                   \
        return type_##T.repr(a[0]);                                                                   \
    }                                                                                                 \
    static value_t T##_w_str(const value_t *a, size_t n, value_t kw)                                  \
    {                                                                                                 \
        if (!arg_check("__str__", n, kw, 1, 1)) return VALUE_NULL;                                    \
        return type_##T.str(a[0]);                                                                    \
    }                                                                                                 \
    static value_t T##_w_hash(const value_t *a, size_t n, value_t kw)                                 \
    {                                                                                                 \
        intptr_t h;                                                                                   \
        if (!arg_check("__hash__", n, kw, 1, 1) || !type_##T.hash(a[0], &h)) return VALUE_NULL;       \
        return int_from_i64(h);                                                                       \
    }                                                                                                 \
    static value_t T##_w_len(const value_t *a, size_t n, value_t kw)                                  \
    {                                                                                                 \
        size_t l;                                                                                     \
        if (!arg_check("__len__", n, kw, 1, 1) || !type_##T.len(a[0], &l)) return VALUE_NULL;        \
        return int_from_u64(l);                                                                       \
    }                                                                                                 \
    static value_t T##_w_getitem(const value_t *a, size_t n, value_t kw)                              \
    {                                                                                                 \
        if (!arg_check("__getitem__", n, kw, 2, 2)) return VALUE_NULL;                                \
        return type_##T.getitem(a[0], a[1]);                                                          \
    }                                                                                                 \
    static value_t T##_w_setitem(const value_t *a, size_t n, value_t kw)                              \
    {                                                                                                 \
        if (!arg_check("__setitem__", n, kw, 3, 3)) return VALUE_NULL;                                \
        return type_##T.setitem(a[0], a[1], a[2]) < 0 ? VALUE_NULL : VALUE_NONE;                      \
    }                                                                                                 \
    static value_t T##_w_delitem(const value_t *a, size_t n, value_t kw)                              \
    {                                                                                                 \
        if (!arg_check("__delitem__", n, kw, 2, 2)) return VALUE_NULL;                                \
        return type_##T.setitem(a[0], a[1], VALUE_NULL) < 0 ? VALUE_NULL : VALUE_NONE;                \
    }                                                                                                 \
    static value_t T##_w_contains(const value_t *a, size_t n, value_t kw)                             \
    {                                                                                                 \
        if (!arg_check("__contains__", n, kw, 2, 2)) return VALUE_NULL;                               \
        int r = type_##T.contains(a[0], a[1]);                                                        \
        return r < 0 ? VALUE_NULL : bool_value(r);                                                    \
    }                                                                                                 \
    static value_t T##_w_iter(const value_t *a, size_t n, value_t kw)                                 \
    {                                                                                                 \
        if (!arg_check("__iter__", n, kw, 1, 1)) return VALUE_NULL;                                   \
        return type_##T.iter(a[0]);                                                                   \
    }                                                                                                 \
    static value_t T##_w_cmp(const value_t *a, size_t n, value_t kw, int op)                          \
    {                                                                                                 \
        if (!arg_check("__eq__", n, kw, 2, 2)) return VALUE_NULL;                                     \
        return type_##T.compare(a[0], a[1], op);                                                      \
    }                                                                                                 \
    static value_t T##_w_eq(const value_t *a, size_t n, value_t kw) { return T##_w_cmp(a, n, kw, CMP_EQ); } \
    static value_t T##_w_ne(const value_t *a, size_t n, value_t kw) { return T##_w_cmp(a, n, kw, CMP_NE); } \
    static value_t T##_w_lt(const value_t *a, size_t n, value_t kw) { return T##_w_cmp(a, n, kw, CMP_LT); } \
    static value_t T##_w_le(const value_t *a, size_t n, value_t kw) { return T##_w_cmp(a, n, kw, CMP_LE); } \
    static value_t T##_w_gt(const value_t *a, size_t n, value_t kw) { return T##_w_cmp(a, n, kw, CMP_GT); } \
    static value_t T##_w_ge(const value_t *a, size_t n, value_t kw) { return T##_w_cmp(a, n, kw, CMP_GE); } \
    static value_t T##_w_bin(const value_t *a, size_t n, value_t kw, int op)                          \
    {                                                                                                 \
        if (!arg_check("__add__", n, kw, 2, 2)) return VALUE_NULL;                                    \
        return type_##T.binary_op(op, a[0], a[1]);                                                    \
    }                                                                                                 \
    BINOP_WRAPPERS(T)                                                                                 \
    static value_t T##_w_un(const value_t *a, size_t n, value_t kw, int op)                           \
    {                                                                                                 \
        if (!arg_check("__neg__", n, kw, 1, 1)) return VALUE_NULL;                                    \
        return type_##T.unary_op(op, a[0]);                                                           \
    }                                                                                                 \
    static value_t T##_w_neg(const value_t *a, size_t n, value_t kw) { return T##_w_un(a, n, kw, UOP_NEG); } \
    static value_t T##_w_pos(const value_t *a, size_t n, value_t kw) { return T##_w_un(a, n, kw, UOP_POS); } \
    static value_t T##_w_invert(const value_t *a, size_t n, value_t kw) { return T##_w_un(a, n, kw, UOP_INVERT); } \
    static value_t T##_w_abs(const value_t *a, size_t n, value_t kw) { return T##_w_un(a, n, kw, UOP_ABS); } \
    static value_t T##_w_bool(const value_t *a, size_t n, value_t kw)                                 \
    {                                                                                                 \
        if (!arg_check("__bool__", n, kw, 1, 1)) return VALUE_NULL;                                   \
        int r = vm_truth(a[0]);                                                                       \
        return r < 0 ? VALUE_NULL : bool_value(r);                                                    \
    }                                                                                                 \
    static value_t T##_w_new(const value_t *a, size_t n, value_t kw)                                  \
    {                                                                                                 \
        if (n < 1 || !is_obj(a[0]) || type_of(a[0]) != &type_type)                                    \
            return vm_raise_type(&type_TypeError, "%s.__new__(X): X is not a type object", type_##T.name); \
        const type_t *t = (const type_t *)a[0];                                                       \
        if (!type_is_heap(t)) return t->make_new(t, a + 1, n - 1, kw);                                \
        return alloc_instance(t, a + 1, n - 1, kw);                                                   \
    }                                                                                                 \
    static value_t T##_w_init(const value_t *a, size_t n, value_t kw)                                 \
    {                                                                                                 \
        if (n < 1) return vm_raise_type(&type_TypeError, "__init__ needs an argument");               \
        return builtin_init(a[0], a + 1, n - 1, kw);                                                  \
    }                                                                                                 \
    static void T##_add_wrappers(void)                                                                \
    {                                                                                                 \
        type_t *t = &type_##T;                                                                        \
        struct { const char *name; native_fn_t fn; bool present; uint8_t kind; } w[] = {              \
            {"__repr__", T##_w_repr, t->repr != 0, 0}, {"__str__", T##_w_str, t->str != 0, 0},       \
            {"__hash__", T##_w_hash, t->hash != 0, 0}, {"__len__", T##_w_len, t->len != 0, 0},       \
            {"__getitem__", T##_w_getitem, t->getitem != 0, 0},                                       \
            {"__setitem__", T##_w_setitem, t->setitem != 0, 0},                                       \
            {"__delitem__", T##_w_delitem, t->setitem != 0, 0},                                       \
            {"__contains__", T##_w_contains, t->contains != 0, 0},                                    \
            {"__iter__", T##_w_iter, t->iter != 0, 0},                                                \
            {"__eq__", T##_w_eq, t->compare != 0, 0}, {"__ne__", T##_w_ne, t->compare != 0, 0},       \
            {"__lt__", T##_w_lt, t->compare != 0, 0}, {"__le__", T##_w_le, t->compare != 0, 0},       \
            {"__gt__", T##_w_gt, t->compare != 0, 0}, {"__ge__", T##_w_ge, t->compare != 0, 0},       \
            BINOP_ENTRIES(T)                                                                          \
            {"__neg__", T##_w_neg, t->unary_op != 0, 0}, {"__pos__", T##_w_pos, t->unary_op != 0, 0}, \
            {"__invert__", T##_w_invert, t->unary_op != 0 && (t == &type_int), 0},                     \
            {"__abs__", T##_w_abs, t->unary_op != 0, 0},                                              \
            {"__bool__", T##_w_bool, t->truth != 0 || t == &type_int || t == &type_float, 0},         \
            {"__new__", T##_w_new, t->make_new != 0, METHOD_STATIC},                                  \
            {"__init__", T##_w_init, true, 0},                                                        \
        };                                                                                            \
        for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {                                         \
            if (!w[i].present || dict_get_str(t->dict, w[i].name) != VALUE_MISSING) continue;         \
            value_t f = native_function_new(w[i].name, w[i].fn, VALUE_NULL,                           \
                                            w[i].kind == METHOD_STATIC ? 0 : t);                      \
            if (f) dict_set_str(t->dict, w[i].name, f);                                               \
        }                                                                                             \
    }

SLOT_WRAPPERS(int)
SLOT_WRAPPERS(float)
SLOT_WRAPPERS(str)
SLOT_WRAPPERS(bytes)
SLOT_WRAPPERS(list)
SLOT_WRAPPERS(tuple)
SLOT_WRAPPERS(dict)
SLOT_WRAPPERS(set)
SLOT_WRAPPERS(frozenset)
SLOT_WRAPPERS(BaseException)
SLOT_WRAPPERS(range)
SLOT_WRAPPERS(bytearray)

/* a OP b when an operand is an instance of a class: a subclass's reflected
 * method goes first when it overrides it (CPython's rule), and an
 * unsupported operation always raises. */
value_t class_binary_op(int op, value_t a, value_t b)
{
    const type_t *ta = type_of(a), *tb = type_of(b);
    if (ta != tb && type_is_heap(tb) && class_is_subclass(tb, ta)) {
        value_t mine = heap_lookup(tb, binop_names[OP_BASE(op)][1]);
        if (mine != VALUE_MISSING && mine != class_lookup(ta, binop_names[OP_BASE(op)][1])) {
            value_t r = h_binary(OP_BASE(op) | OP_REFLECTED, b, a);
            if (r != VALUE_NOT_IMPLEMENTED)
                return r;
        }
    }
    return vm_binary_op(op, a, b);
}

/* ---- attributes of functions written in C and of bound methods ---- */
static value_t native_function_getattr(value_t self, value_t name)
{
    native_function_obj_t *f = (native_function_obj_t *)self;
    if (name == NAME(__name__))
        return str_new_cstr(f->name);
    if (name == NAME(__qualname__)) {
        if (!f->owner)
            return str_new_cstr(f->name);
        strbuf_t b;
        strbuf_init(&b);
        strbuf_printf(&b, "%s.%s", f->owner->name, f->name);
        return strbuf_finish(&b);
    }
    if (name == NAME(__self__))
        return f->self ? f->self : VALUE_NONE;
    if (name == NAME(__module__))
        return f->owner ? VALUE_NONE : str_intern_cstr("builtins");
    if (name == NAME(__doc__))
        return VALUE_NONE;
    return VALUE_MISSING;
}

static value_t bound_method_getattr(value_t self, value_t name)
{
    bound_method_obj_t *m = (bound_method_obj_t *)self;
    if (name == NAME(__self__))
        return m->self;
    if (name == NAME(__func__))
        return m->func;
    return vm_getattr_opt(m->func, name);
}

static value_t bound_method_compare(value_t a, value_t b, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || type_of(b) != &type_bound_method)
        return VALUE_NOT_IMPLEMENTED;
    bound_method_obj_t *x = (bound_method_obj_t *)a, *y = (bound_method_obj_t *)b;
    bool eq = x->self == y->self && x->func == y->func;
    return bool_value(op == CMP_EQ ? eq : !eq);
}

static bool bound_method_hash(value_t self, intptr_t *out)
{
    bound_method_obj_t *m = (bound_method_obj_t *)self;
    *out = (intptr_t)((m->self >> 4) ^ (m->func >> 4));
    return true;
}

static value_t bound_method_repr(value_t self)
{
    bound_method_obj_t *m = (bound_method_obj_t *)self;
    value_t qn = vm_getattr_opt(m->func, NAME(__qualname__));
    if (!qn || qn == VALUE_MISSING || !is_str(qn)) {
        vm_take_exception();
        qn = str_new_cstr("?");
    }
    value_t r = vm_repr(m->self);
    if (!r)
        return VALUE_NULL;
    strbuf_t b;
    strbuf_init(&b);
    strbuf_printf(&b, "<bound method %s of %s>", str_data(qn), str_data(r));
    return strbuf_finish(&b);
}

static value_t type_mro_m(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("mro", n, kw, 1, 1))
        return VALUE_NULL;
    value_t m = mro_of((const type_t *)a[0]);
    return m ? list_from_array(as_tuple(m)->items, as_tuple(m)->len) : VALUE_NULL;
}

/* format(v, spec) for instances of classes: their __format__ (hook called
 * by vm_format); VALUE_MISSING: the builtin rules apply. */
value_t vm_format_heap(value_t v, value_t spec)
{
    value_t m = heap_lookup(type_of(v), NAME(__format__));
    if (m == VALUE_MISSING)
        return VALUE_MISSING;
    value_t a[2] = {v, spec ? spec : str_intern_cstr("")};
    value_t r = vm_call(m, a, 2, VALUE_NULL);
    if (r && !is_str(r))
        return vm_raise_type(&type_TypeError, "__format__ must return a str, not %s", type_name_of(r));
    return r;
}

/* OSError(errno, strerror): the errno picks the subclass, str() shows both. */
static value_t (*oserror_make_new_orig)(const type_t *, const value_t *, size_t, value_t);
extern type_t type_FileNotFoundError, type_PermissionError, type_FileExistsError, type_IsADirectoryError,
    type_NotADirectoryError, type_TimeoutError, type_InterruptedError, type_BrokenPipeError,
    type_ConnectionRefusedError, type_ConnectionResetError;
static value_t oserror_make_new(const type_t *t, const value_t *args, size_t nargs, value_t kw)
{
    if (t == &type_OSError && nargs >= 2 && is_small_int(args[0])) {
        switch (small_int_value(args[0])) {
        case 2: t = &type_FileNotFoundError; break;
        case 13: t = &type_PermissionError; break;
        case 17: t = &type_FileExistsError; break;
        case 20: t = &type_NotADirectoryError; break;
        case 21: t = &type_IsADirectoryError; break;
        case 4: t = &type_InterruptedError; break;
        case 32: t = &type_BrokenPipeError; break;
        case 104: t = &type_ConnectionResetError; break;
        case 110: t = &type_TimeoutError; break;
        case 111: t = &type_ConnectionRefusedError; break;
        }
    }
    return oserror_make_new_orig(t, args, nargs, kw);
}

static value_t (*exception_str_orig)(value_t);
static value_t oserror_str(value_t self)
{
    exception_obj_t *e = (exception_obj_t *)self;
    tuple_obj_t *a = as_tuple(e->args);
    if (a->len >= 2 && a->len <= 5) {
        strbuf_t b;
        strbuf_init(&b);
        strbuf_add_cstr(&b, "[Errno ");
        if (!strbuf_add_value_str(&b, a->items[0]))
            return strbuf_free(&b), VALUE_NULL;
        strbuf_add_cstr(&b, "] ");
        if (!strbuf_add_value_str(&b, a->items[1]))
            return strbuf_free(&b), VALUE_NULL;
        if (a->len >= 3 && a->items[2] != VALUE_NONE) {
            strbuf_add_cstr(&b, ": ");
            if (!strbuf_add_value_repr(&b, a->items[2]))
                return strbuf_free(&b), VALUE_NULL;
        }
        return strbuf_finish(&b);
    }
    return exception_str_orig(self);
}

/* ---- exceptions: settable fields, extra attributes ---- */
static int exception_field_set(value_t self, value_t name, value_t v)
{
    exception_obj_t *e = (exception_obj_t *)self;
    if (name == NAME(args)) {
        if (!v) {
            vm_raise_type(&type_TypeError, "args may not be deleted");
            return -1;
        }
        value_t t = tuple_from_iterable(v);
        if (!t)
            return -1;
        e->args = t;
        return 0;
    }
    if (name == NAME(__traceback__)) { e->traceback = v ? v : VALUE_NONE; return 0; }
    if (name == NAME(__cause__)) {
        e->cause = v ? v : VALUE_NONE;
        e->suppress_context = true;
        return 0;
    }
    if (name == NAME(__context__)) { e->context = v ? v : VALUE_NONE; return 0; }
    if (name == NAME(__suppress_context__)) { e->suppress_context = v && vm_truth(v) > 0; return 0; }
    if (name == NAME(value) && class_is_subclass(type_of(self), &type_StopIteration)) {
        e->value = v ? v : VALUE_NONE;
        return 0;
    }
    return 1;
}

static int exc_setattr(value_t self, value_t name, value_t v)
{
    int r = exception_field_set(self, name, v);
    if (r != 1)
        return r;
    vm_raise_type(&type_AttributeError, "'%s' object has no attribute '%s'", type_name_of(self), str_data(name));
    return -1;
}

static value_t (*exception_getattr_orig)(value_t, value_t);
static value_t exc_getattr(value_t self, value_t name)
{
    value_t r = exception_getattr_orig(self, name);
    if (r != VALUE_MISSING)
        return r;
    exception_obj_t *e = (exception_obj_t *)self;
    if (name == NAME(__suppress_context__))
        return bool_value(e->suppress_context);
    if (name == NAME(value) || name == NAME(code)) {
        if (class_is_subclass(type_of(self), &type_SystemExit)) {
            tuple_obj_t *a = as_tuple(e->args);
            return a->len == 0 ? VALUE_NONE : a->len == 1 ? a->items[0] : e->args;
        }
    }
    if (class_is_subclass(type_of(self), &type_OSError) || class_is_subclass(type_of(self), &type_ImportError) ||
        class_is_subclass(type_of(self), &type_SyntaxError) || class_is_subclass(type_of(self), &type_KeyError)) {
        tuple_obj_t *a = as_tuple(e->args);
        if (name == NAME(name) && class_is_subclass(type_of(self), &type_ImportError))
            return e->value;
        if (name == NAME(errno))
            return a->len >= 2 ? a->items[0] : VALUE_NONE;
        if (name == NAME(strerror))
            return a->len >= 2 ? a->items[1] : VALUE_NONE;
        if (name == NAME(msg))
            return a->len >= 1 ? a->items[0] : VALUE_NONE;
        if (name == NAME(filename) || name == NAME(lineno) || name == NAME(offset) || name == NAME(text) ||
            name == NAME(name) || name == NAME(path))
            return VALUE_NONE;
    }
    return VALUE_MISSING;
}

static value_t exc_with_traceback(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("with_traceback", n, kw, 2, 2))
        return VALUE_NULL;
    ((exception_obj_t *)a[0])->traceback = a[1];
    return a[0];
}

static value_t exc_add_note(const value_t *a, size_t n, value_t kw)
{
    (void)a;
    if (!arg_check("add_note", n, kw, 2, 2))
        return VALUE_NULL;
    return VALUE_NONE;
}

static type_t *const builtin_exception_types[] = {
    &type_BaseException, &type_Exception, &type_SystemExit, &type_KeyboardInterrupt,
    &type_GeneratorExit, &type_StopIteration, &type_ArithmeticError, &type_OverflowError,
    &type_ZeroDivisionError, &type_AssertionError, &type_AttributeError, &type_EOFError,
    &type_ImportError, &type_LookupError, &type_IndexError, &type_KeyError, &type_MemoryError,
    &type_NameError, &type_OSError, &type_RuntimeError, &type_NotImplementedError,
    &type_RecursionError, &type_TypeError, &type_ValueError, &type_UnicodeError,
    &type_StopAsyncIteration, &type_UnboundLocalError, &type_SyntaxError,
};

/* A dict for a type the object core's vm_init does not know. */
bool type_init_dict(type_t *t)
{
    if (t->dict)
        return true;
    value_t d = dict_new(0);
    if (!d)
        return false;
    for (const method_def_t *m = t->methods; m && m->name; m++) {
        value_t f = native_function_new(m->name, m->fn, m->kind == METHOD_CLASS ? obj_value(t) : VALUE_NULL,
                                        m->kind == METHOD_STATIC ? 0 : t);
        if (!f || !dict_set_str(d, m->name, f))
            return false;
    }
    t->dict = d;
    return true;
}

static value_t class_roots;

static value_t get_class_attr(value_t obj) { return obj_value(type_of(obj)); }

bool class_init(void)
{
    gc_add_root(&class_roots, 1);
    gc_add_root(&type_cache[0].type, TYPE_CACHE_SIZE * (sizeof(struct type_cache_entry) / sizeof(value_t)));
    gc_add_root(&heap_cache[0].type, HEAP_CACHE_SIZE * (sizeof(struct type_cache_entry) / sizeof(value_t)));
    class_roots = list_new(0);
    if (!class_roots)
        return false;
    for (int i = 0; i < OP_BINARY_COUNT; i++) {
        static const char *const base[OP_BINARY_COUNT] = {
            "add", "sub", "mul", "matmul", "truediv", "floordiv", "mod", "pow",
            "lshift", "rshift", "and", "or", "xor", "divmod",
        };
        char buf[32];
        extern int snprintf(char *, size_t, const char *, ...);
        snprintf(buf, sizeof buf, "__%s__", base[i]);
        binop_names[i][0] = str_intern_cstr(buf);
        snprintf(buf, sizeof buf, "__r%s__", base[i]);
        binop_names[i][1] = str_intern_cstr(buf);
        snprintf(buf, sizeof buf, "__i%s__", base[i]);
        binop_names[i][2] = str_intern_cstr(buf);
    }
    gc_add_root(&binop_names[0][0], OP_BINARY_COUNT * 3);
    builtin_type_getattr = type_type.getattr;
    type_type.getattr = my_type_getattr;
    type_type.setattr = my_type_setattr;
    type_type.make_new = type_make_new;
    type_type.repr = my_type_repr;
    type_t *mine[] = {&type_function, &type_cell, &type_staticmethod, &type_classmethod, &type_property,
                      &type_super, &type_getset, &type_code, &type_generator, &type_module,
                      &type_getitem_iterator};
    for (size_t i = 0; i < sizeof mine / sizeof mine[0]; i++) {
        if (!type_init_dict(mine[i]) || !list_append(class_roots, mine[i]->dict))
            return false;
    }
    /* exceptions */
    exception_getattr_orig = type_BaseException.getattr;
    for (size_t i = 0; i < sizeof builtin_exception_types / sizeof builtin_exception_types[0]; i++) {
        type_t *t = builtin_exception_types[i];
        t->setattr = exc_setattr;
        t->getattr = exc_getattr;
        if (!type_init_dict(t) || !list_append(class_roots, t->dict))
            return false;
    }
    dict_set_str(type_BaseException.dict, "with_traceback",
                 native_function_new("with_traceback", exc_with_traceback, VALUE_NULL, &type_BaseException));
    dict_set_str(type_BaseException.dict, "add_note",
                 native_function_new("add_note", exc_add_note, VALUE_NULL, &type_BaseException));
    /* object */
    for (const method_def_t *m = object_methods; m->name; m++) {
        value_t f = native_function_new(m->name, m->fn, VALUE_NULL, m->kind == METHOD_STATIC ? 0 : &type_object);
        if (!f || !dict_set_str(type_object.dict, m->name, f))
            return false;
    }
    value_t cg = getset_new("__class__", get_class_attr);
    if (!cg || !dict_set_str(type_object.dict, "__class__", cg))
        return false;
    int_add_wrappers();
    float_add_wrappers();
    str_add_wrappers();
    bytes_add_wrappers();
    list_add_wrappers();
    tuple_add_wrappers();
    dict_add_wrappers();
    set_add_wrappers();
    frozenset_add_wrappers();
    BaseException_add_wrappers();
    range_add_wrappers();
    bytearray_add_wrappers();
    type_native_function.getattr = native_function_getattr;
    type_bound_method.getattr = bound_method_getattr;
    type_bound_method.compare = bound_method_compare;
    type_bound_method.hash = bound_method_hash;
    type_bound_method.repr = bound_method_repr;
    value_t mro_fn = native_function_new("mro", type_mro_m, VALUE_NULL, &type_type);
    if (!mro_fn || !dict_set_str(type_type.dict, "mro", mro_fn))
        return false;
    /* OSError and its subclasses */
    oserror_make_new_orig = type_OSError.make_new;
    exception_str_orig = type_OSError.str;
    type_OSError.make_new = oserror_make_new;
    type_OSError.str = oserror_str;
    return true;
}
