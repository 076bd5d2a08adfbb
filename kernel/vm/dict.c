/* dict: insertion-ordered, compact layout as in CPython 3.6+: a sparse
 * table of int32 indices (power-of-two size, probed with CPython's
 * perturbation sequence) into a dense array of (hash, key, value) entries
 * kept in insertion order. Deleted entries leave a hole (key NULL) until
 * the next resize compacts them. Also the keys/values/items views. */
#include "vm/obj.h"
#include "vm/gc.h"
#include "lib/string.h"

#define EMPTY (-1)
#define DUMMY (-2)
#define PERTURB_SHIFT 5
#define MIN_SIZE 8

extern int repr_enter(value_t v);
extern void repr_leave(void);

static inline size_t usable(size_t index_size) { return index_size * 2 / 3; }

static uint64_t dict_versions;      /* the last version handed out */
uint64_t type_cache_epoch = 1;

/* The keys changed (or, for a watched dict, a value too). */
static inline void keys_changed(dict_obj_t *d)
{
    if (d->version & DICT_WATCHED)
        type_cache_epoch++;
    d->version = (d->version & DICT_WATCHED) | ++dict_versions;
}

static bool dict_alloc_tables(dict_obj_t *d, size_t index_size)
{
    int32_t *index = gc_alloc(index_size * sizeof(int32_t), GC_LEAF);
    if (!index)
        return false;
    size_t cap = usable(index_size);
    dict_entry_t *entries = gc_alloc(cap * sizeof(dict_entry_t), 0);
    if (!entries)
        return false;
    if (index_size == MIN_SIZE) {
        /* every new small dict (an instance's): four stores, not a memset call */
        uint64_t *w = (uint64_t *)index;
        w[0] = w[1] = w[2] = w[3] = ~(uint64_t)0;
    } else {
        memset(index, 0xff, index_size * sizeof(int32_t));
    }
    d->index = index;
    d->entries = entries;
    d->index_size = index_size;
    d->entries_cap = cap;
    return true;
}

value_t dict_new(size_t hint)
{
    dict_obj_t *d = gc_alloc(sizeof(dict_obj_t), 0);
    if (!d)
        return VALUE_NULL;
    d->base.type = &type_dict;
    d->version = ++dict_versions;
    size_t size = MIN_SIZE;
    while (usable(size) < hint)
        size *= 2;
    if (!dict_alloc_tables(d, size))
        return VALUE_NULL;
    return obj_value(d);
}

/* Finds key: returns the entry index or -1 if absent (*slot: where the
 * index table points to it, or the first free slot). -2 on error. */
static intptr_t lookup(dict_obj_t *d, value_t key, intptr_t hash, size_t *slot)
{
    size_t mask = d->index_size - 1;
    size_t i = (size_t)hash & mask, perturb = (size_t)hash;
    intptr_t free_slot = -1;
    for (;;) {
        int32_t ix = d->index[i];
        if (ix == EMPTY) {
            *slot = free_slot >= 0 ? (size_t)free_slot : i;
            return -1;
        }
        if (ix == DUMMY) {
            if (free_slot < 0)
                free_slot = (intptr_t)i;
        } else {
            dict_entry_t *e = &d->entries[ix];
            if (e->key == key) {
                *slot = i;
                return ix;
            }
            if (e->hash == hash) {
                int eq;
                if (type_of(key) == &type_str && type_of(e->key) == &type_str)
                    eq = str_equal(e->key, key);
                else {
                    uint64_t version = d->version;
                    value_t k = e->key;
                    eq = vm_equal(k, key);
                    if (eq < 0)
                        return -2;
                    if (version != d->version) {
                        vm_raise_type(&type_RuntimeError, "dictionary changed size during iteration");
                        return -2;
                    }
                }
                if (eq) {
                    *slot = i;
                    return ix;
                }
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

static bool resize(dict_obj_t *d, size_t min_used)
{
    size_t size = MIN_SIZE;
    while (usable(size) <= min_used)
        size *= 2;
    int32_t *old_index = d->index;
    dict_entry_t *old = d->entries;
    size_t n = d->nentries;
    if (!dict_alloc_tables(d, size)) {
        d->index = old_index;
        d->entries = old;
        return false;
    }
    size_t mask = size - 1, w = 0;
    for (size_t r = 0; r < n; r++) {
        if (!old[r].key)
            continue;
        d->entries[w] = old[r];
        size_t i = (size_t)old[r].hash & mask, perturb = (size_t)old[r].hash;
        while (d->index[i] != EMPTY) {
            perturb >>= PERTURB_SHIFT;
            i = (i * 5 + perturb + 1) & mask;
        }
        d->index[i] = (int32_t)w;
        w++;
    }
    d->nentries = w;
    gc_free(old_index);
    gc_free(old);
    return true;
}

value_t dict_get_hashed(value_t dict, value_t key, intptr_t hash)
{
    dict_obj_t *d = as_dict(dict);
    size_t slot;
    intptr_t ix = lookup(d, key, hash, &slot);
    if (ix == -2)
        return VALUE_NULL;
    return ix < 0 ? VALUE_MISSING : d->entries[ix].value;
}

intptr_t dict_lookup_index(value_t dict, value_t key)
{
    intptr_t hash;
    if (!vm_hash(key, &hash))
        return -2;
    size_t slot;
    return lookup(as_dict(dict), key, hash, &slot);
}

value_t dict_get(value_t dict, value_t key)
{
    intptr_t hash;
    /* attribute and global names: an exact str whose hash is known */
    if (is_obj(key) && as_obj(key)->type == &type_str && ((const str_obj_t *)key)->hash != -1)
        hash = ((const str_obj_t *)key)->hash;
    else if (!vm_hash(key, &hash))
        return VALUE_NULL;
    return dict_get_hashed(dict, key, hash);
}

intptr_t dict_store_index(value_t dict, value_t key, intptr_t hash, value_t v)
{
    dict_obj_t *d = as_dict(dict);
    size_t slot;
    intptr_t ix = lookup(d, key, hash, &slot);
    if (ix == -2)
        return -2;
    if (ix >= 0) {
        d->entries[ix].value = v;
        if (d->version & DICT_WATCHED)
            type_cache_epoch++;
        return ix;
    }
    if (d->nentries == d->entries_cap) {
        if (!resize(d, d->used * 3 / 2 + 1))
            return -2;
        lookup(d, key, hash, &slot);
    }
    ix = (intptr_t)d->nentries;
    dict_entry_t *e = &d->entries[ix];
    e->hash = hash;
    e->key = key;
    e->value = v;
    d->index[slot] = (int32_t)ix;
    d->nentries++;
    d->used++;
    keys_changed(d);
    return ix;
}

bool dict_set_hashed(value_t dict, value_t key, intptr_t hash, value_t v)
{
    return dict_store_index(dict, key, hash, v) >= 0;
}

bool dict_set(value_t dict, value_t key, value_t v)
{
    intptr_t hash;
    if (!vm_hash(key, &hash))
        return false;
    return dict_set_hashed(dict, key, hash, v);
}

/* 1 deleted, 0 absent, -1 error; *old gets the value */
static int dict_remove(value_t dict, value_t key, value_t *old)
{
    intptr_t hash;
    if (!vm_hash(key, &hash))
        return -1;
    dict_obj_t *d = as_dict(dict);
    size_t slot;
    intptr_t ix = lookup(d, key, hash, &slot);
    if (ix == -2)
        return -1;
    if (ix < 0)
        return 0;
    if (old)
        *old = d->entries[ix].value;
    d->index[slot] = DUMMY;
    d->entries[ix].key = VALUE_NULL;
    d->entries[ix].value = VALUE_NULL;
    d->used--;
    keys_changed(d);
    return 1;
}

int dict_delete(value_t dict, value_t key) { return dict_remove(dict, key, 0); }

value_t dict_get_str(value_t dict, const char *key)
{
    value_t k = str_intern_cstr(key);
    if (!k)
        return VALUE_NULL;
    return dict_get(dict, k);
}

bool dict_set_str(value_t dict, const char *key, value_t v)
{
    value_t k = str_intern_cstr(key);
    return k && dict_set(dict, k, v);
}

bool dict_next(value_t dict, size_t *pos, value_t *key, value_t *v)
{
    dict_obj_t *d = as_dict(dict);
    while (*pos < d->nentries) {
        dict_entry_t *e = &d->entries[(*pos)++];
        if (e->key) {
            *key = e->key;
            if (v)
                *v = e->value;
            return true;
        }
    }
    return false;
}

bool dict_update(value_t dict, value_t other)
{
    if (is_instance(other, &type_dict)) {
        size_t pos = 0;
        value_t k, v;
        dict_obj_t *o = as_dict(other);
        while (pos < o->nentries) {
            dict_entry_t *e = &o->entries[pos++];
            if (e->key && !dict_set_hashed(dict, e->key, e->hash, e->value))
                return false;
        }
        (void)k;
        (void)v;
        return true;
    }
    value_t keys_method = vm_getattr_opt(other, str_intern_cstr("keys"));
    if (!keys_method)
        return false;
    if (keys_method != VALUE_MISSING) {
        value_t keys = vm_call(keys_method, 0, 0, VALUE_NULL);
        if (!keys)
            return false;
        value_t it = vm_iter(keys);
        if (!it)
            return false;
        for (;;) {
            value_t k = vm_next(it);
            if (!k)
                return false;
            if (k == VALUE_STOP)
                return true;
            value_t v = vm_getitem(other, k);
            if (!v || !dict_set(dict, k, v))
                return false;
        }
    }
    value_t it = vm_iter(other);
    if (!it)
        return false;
    for (size_t n = 0;; n++) {
        value_t pair = vm_next(it);
        if (!pair)
            return false;
        if (pair == VALUE_STOP)
            return true;
        value_t *items;
        size_t len;
        value_t seq = pair;
        if (!seq_items(pair, &items, &len)) {
            seq = list_from_iterable(pair);
            if (!seq) {
                vm_take_exception();
                vm_raise_type(&type_TypeError, "cannot convert dictionary update sequence element #%zu to a sequence", n);
                return false;
            }
            seq_items(seq, &items, &len);
        }
        if (len != 2) {
            vm_raise_type(&type_ValueError, "dictionary update sequence element #%zu has length %zu; 2 is required", n, len);
            return false;
        }
        if (!dict_set(dict, items[0], items[1]))
            return false;
    }
}

/* ---- slots ---- */
static value_t dict_repr(value_t self)
{
    dict_obj_t *d = as_dict(self);
    if (!d->used)
        return str_new("{}", 2);
    int e = repr_enter(self);
    if (e <= 0)
        return e == 0 ? str_new("{...}", 5) : VALUE_NULL;
    strbuf_t b;
    strbuf_init(&b);
    strbuf_add_char(&b, '{');
    size_t pos = 0;
    value_t k, v;
    bool first = true;
    while (dict_next(self, &pos, &k, &v)) {
        if (!first)
            strbuf_add(&b, ", ", 2);
        first = false;
        if (!strbuf_add_value_repr(&b, k))
            goto fail;
        strbuf_add(&b, ": ", 2);
        if (!strbuf_add_value_repr(&b, v))
            goto fail;
    }
    strbuf_add_char(&b, '}');
    repr_leave();
    return strbuf_finish(&b);
fail:
    repr_leave();
    strbuf_free(&b);
    return VALUE_NULL;
}

static value_t dict_compare(value_t a, value_t b, int op)
{
    if (!is_instance(b, &type_dict) || (op != CMP_EQ && op != CMP_NE))
        return VALUE_NOT_IMPLEMENTED;
    dict_obj_t *x = as_dict(a), *y = as_dict(b);
    bool eq = x->used == y->used;
    for (size_t pos = 0; eq && pos < x->nentries; pos++) {
        dict_entry_t *e = &x->entries[pos];
        if (!e->key)
            continue;
        value_t k = e->key, v = e->value;
        value_t w = dict_get_hashed(b, k, e->hash);
        if (!w)
            return VALUE_NULL;
        if (w == VALUE_MISSING) {
            eq = false;
            break;
        }
        int r = vm_equal(v, w);
        if (r < 0)
            return VALUE_NULL;
        eq = r;
    }
    return bool_value(op == CMP_EQ ? eq : !eq);
}

static bool dict_len(value_t self, size_t *out)
{
    *out = as_dict(self)->used;
    return true;
}

static value_t dict_getitem(value_t self, value_t key)
{
    value_t v = dict_get(self, key);
    if (v == VALUE_MISSING) {
        if (type_of(self) != &type_dict) {
            value_t missing = vm_getattr_opt(self, str_intern_cstr("__missing__"));
            if (!missing)
                return VALUE_NULL;
            if (missing != VALUE_MISSING)
                return vm_call(missing, &key, 1, VALUE_NULL);
        }
        return vm_raise_key_error(key);
    }
    return v;
}

static int dict_setitem(value_t self, value_t key, value_t v)
{
    if (v)
        return dict_set(self, key, v) ? 0 : -1;
    int r = dict_delete(self, key);
    if (r == 0) {
        vm_raise_key_error(key);
        return -1;
    }
    return r < 0 ? -1 : 0;
}

static int dict_contains(value_t self, value_t key)
{
    value_t v = dict_get(self, key);
    return v ? v != VALUE_MISSING : -1;
}

/* iteration: kind 0 keys, 1 values, 2 items */
static value_t dict_iterator_new(value_t dict, uint8_t kind)
{
    dict_iterator_obj_t *it = gc_alloc(sizeof *it, 0);
    if (!it)
        return VALUE_NULL;
    it->base.type = &type_dict_iterator;
    it->dict = dict;
    it->kind = kind;
    it->used = as_dict(dict)->used;
    return obj_value(it);
}

static value_t identity(value_t self) { return self; }

static value_t dict_iterator_next(value_t self)
{
    dict_iterator_obj_t *it = (dict_iterator_obj_t *)self;
    dict_obj_t *d = as_dict(it->dict);
    if (d->used != it->used) {
        it->used = (size_t)-1;
        return vm_raise_type(&type_RuntimeError, "dictionary changed size during iteration");
    }
    value_t k, v;
    if (!dict_next(it->dict, &it->index, &k, &v))
        return VALUE_STOP;
    if (it->kind == 0)
        return k;
    if (it->kind == 1)
        return v;
    value_t pair[2] = {k, v};
    return tuple_from_array(pair, 2);
}

type_t type_dict_iterator = {
    .base = {&type_type}, .name = "dict_keyiterator", .parent = &type_object,
    .iter = identity, .next = dict_iterator_next,
};

static value_t dict_iter(value_t self) { return dict_iterator_new(self, 0); }

/* ---- views ---- */
typedef struct { obj_t base; value_t dict; } dict_view_obj_t;

static value_t view_new(value_t dict, const type_t *type)
{
    dict_view_obj_t *v = gc_alloc(sizeof *v, 0);
    if (!v)
        return VALUE_NULL;
    v->base.type = type;
    v->dict = dict;
    return obj_value(v);
}

static bool view_len(value_t self, size_t *out)
{
    *out = as_dict(((dict_view_obj_t *)self)->dict)->used;
    return true;
}

static value_t view_iter(value_t self)
{
    dict_view_obj_t *v = (dict_view_obj_t *)self;
    uint8_t kind = v->base.type == &type_dict_keys ? 0 : v->base.type == &type_dict_values ? 1 : 2;
    return dict_iterator_new(v->dict, kind);
}

static value_t view_repr(value_t self)
{
    dict_view_obj_t *v = (dict_view_obj_t *)self;
    value_t l = list_from_iterable(self);
    if (!l)
        return VALUE_NULL;
    strbuf_t b;
    strbuf_init(&b);
    strbuf_add_cstr(&b, v->base.type->name);
    strbuf_add_char(&b, '(');
    if (!strbuf_add_value_repr(&b, l)) {
        strbuf_free(&b);
        return VALUE_NULL;
    }
    strbuf_add_char(&b, ')');
    return strbuf_finish(&b);
}

static int keys_contains(value_t self, value_t key)
{
    return dict_contains(((dict_view_obj_t *)self)->dict, key);
}

static int items_contains(value_t self, value_t item)
{
    value_t *kv;
    size_t n;
    if (type_of(item) != &type_tuple || !seq_items(item, &kv, &n) || n != 2)
        return 0;
    value_t v = dict_get(((dict_view_obj_t *)self)->dict, kv[0]);
    if (!v)
        return -1;
    if (v == VALUE_MISSING)
        return 0;
    return vm_equal(v, kv[1]);
}

static bool is_setlike(value_t v)
{
    return is_instance(v, &type_set) || is_instance(v, &type_frozenset) || type_of(v) == &type_dict_keys ||
           type_of(v) == &type_dict_items;
}

static value_t as_set_value(value_t v)
{
    if (is_instance(v, &type_set) || is_instance(v, &type_frozenset))
        return v;
    value_t s = set_new(&type_set);
    return s && set_update(s, v) ? s : VALUE_NULL;
}

/* keys and items views compare as sets, with sets and other such views */
static value_t view_compare(value_t a, value_t b, int op)
{
    if (!is_setlike(b))
        return VALUE_NOT_IMPLEMENTED;
    value_t sa = as_set_value(a), sb = sa ? as_set_value(b) : VALUE_NULL;
    return sb ? vm_compare(sa, sb, op) : VALUE_NULL;
}

/* view & other: the items of other the view contains (as CPython, which
 * asks the view, so other may hold what a set cannot, e.g. lists against an
 * items view); iterates the view instead when other is a bigger set. */
static value_t view_intersection(value_t view, value_t other)
{
    value_t r = set_new(&type_set);
    if (!r)
        return VALUE_NULL;
    size_t nv, no;
    bool other_set = type_of(other) == &type_set;
    if (other_set && view_len(view, &nv) && vm_len(other, &no) && nv <= no) {
        value_t it = vm_iter(view);
        for (value_t x; it && (x = vm_next(it)) != VALUE_STOP;) {
            int c = x ? set_contains(other, x) : -1;
            if (c < 0 || (c && set_add(r, x) < 0))
                return VALUE_NULL;
        }
        return it ? r : VALUE_NULL;
    }
    value_t it = vm_iter(other);
    for (value_t x; it && (x = vm_next(it)) != VALUE_STOP;) {
        int c = x ? type_of(view)->contains(view, x) : -1;
        if (c < 0 || (c && set_add(r, x) < 0))
            return VALUE_NULL;
    }
    return it ? r : VALUE_NULL;
}

/* keys and items views are set-like: view & other, other | view... give a
 * set; the other operand can be any iterable. */
static value_t view_binary_op(int op, value_t a, value_t b)
{
    int base = OP_BASE(op);
    if (base != OP_AND && base != OP_OR && base != OP_SUB && base != OP_XOR)
        return VALUE_NOT_IMPLEMENTED;
    if (op & OP_REFLECTED) {
        value_t t = a; a = b; b = t;
    }
    if (base == OP_AND)
        return view_intersection(op & OP_REFLECTED ? b : a, op & OP_REFLECTED ? a : b);
    value_t left = set_new(&type_set);
    if (!left || !set_update(left, a))
        return VALUE_NULL;
    value_t right = as_set_value(b);
    return right ? vm_binary_op(base, left, right) : VALUE_NULL;
}

static value_t view_isdisjoint(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("isdisjoint", n, kw, 2, 2))
        return VALUE_NULL;
    value_t it = vm_iter(a[1]);
    if (!it)
        return VALUE_NULL;
    for (;;) {
        value_t x = vm_next(it);
        if (!x)
            return VALUE_NULL;
        if (x == VALUE_STOP)
            return VALUE_TRUE;
        int c = type_of(a[0])->contains(a[0], x);
        if (c)
            return c < 0 ? VALUE_NULL : VALUE_FALSE;
    }
}

static const method_def_t view_methods[] = {{"isdisjoint", view_isdisjoint, 0}, {0, 0, 0}};

type_t type_dict_keys = {
    .base = {&type_type}, .name = "dict_keys", .parent = &type_object,
    .repr = view_repr, .len = view_len, .iter = view_iter, .contains = keys_contains, .compare = view_compare,
    .binary_op = view_binary_op, .methods = view_methods,
};
type_t type_dict_values = {
    .base = {&type_type}, .name = "dict_values", .parent = &type_object,
    .repr = view_repr, .len = view_len, .iter = view_iter,
};
type_t type_dict_items = {
    .base = {&type_type}, .name = "dict_items", .parent = &type_object,
    .repr = view_repr, .len = view_len, .iter = view_iter, .contains = items_contains, .compare = view_compare,
    .binary_op = view_binary_op, .methods = view_methods,
};

/* ---- methods ---- */
static value_t m_keys(const value_t *a, size_t n, value_t kw)
{
    return arg_check("keys", n, kw, 1, 1) ? view_new(a[0], &type_dict_keys) : VALUE_NULL;
}
static value_t m_values(const value_t *a, size_t n, value_t kw)
{
    return arg_check("values", n, kw, 1, 1) ? view_new(a[0], &type_dict_values) : VALUE_NULL;
}
static value_t m_items(const value_t *a, size_t n, value_t kw)
{
    return arg_check("items", n, kw, 1, 1) ? view_new(a[0], &type_dict_items) : VALUE_NULL;
}

static value_t m_get(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("get", n, kw, 2, 3))
        return VALUE_NULL;
    value_t v = dict_get(a[0], a[1]);
    if (v == VALUE_MISSING)
        return n == 3 ? a[2] : VALUE_NONE;
    return v;
}

static value_t m_setdefault(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("setdefault", n, kw, 2, 3))
        return VALUE_NULL;
    value_t v = dict_get(a[0], a[1]);
    if (v != VALUE_MISSING)
        return v;
    v = n == 3 ? a[2] : VALUE_NONE;
    return dict_set(a[0], a[1], v) ? v : VALUE_NULL;
}

static value_t m_pop(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("pop", n, kw, 2, 3))
        return VALUE_NULL;
    value_t old;
    int r = dict_remove(a[0], a[1], &old);
    if (r < 0)
        return VALUE_NULL;
    if (r == 0)
        return n == 3 ? a[2] : vm_raise_key_error(a[1]);
    return old;
}

static value_t m_popitem(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("popitem", n, kw, 1, 1))
        return VALUE_NULL;
    dict_obj_t *d = as_dict(a[0]);
    if (!d->used)
        return vm_raise_type(&type_KeyError, "popitem(): dictionary is empty");
    size_t i = d->nentries;
    while (!d->entries[i - 1].key)
        i--;
    value_t pair[2] = {d->entries[i - 1].key, d->entries[i - 1].value};
    value_t t = tuple_from_array(pair, 2);
    if (!t || dict_delete(a[0], pair[0]) < 0)
        return VALUE_NULL;
    return t;
}

static value_t m_clear(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("clear", n, kw, 1, 1))
        return VALUE_NULL;
    dict_obj_t *d = as_dict(a[0]);
    if (!dict_alloc_tables(d, MIN_SIZE))
        return VALUE_NULL;
    d->used = d->nentries = 0;
    keys_changed(d);
    return VALUE_NONE;
}

static value_t dict_copy(value_t self)
{
    value_t r = dict_new(as_dict(self)->used);
    if (!r || !dict_update(r, self))
        return VALUE_NULL;
    return r;
}

static value_t m_copy(const value_t *a, size_t n, value_t kw)
{
    return arg_check("copy", n, kw, 1, 1) ? dict_copy(a[0]) : VALUE_NULL;
}

static bool update_kwargs(value_t dict, const value_t *args, size_t nargs, value_t kw)
{
    if (!kw)
        return true;
    tuple_obj_t *names = as_tuple(kw);
    for (size_t i = 0; i < names->len; i++)
        if (!dict_set(dict, names->items[i], args[nargs + i]))
            return false;
    return true;
}

static value_t m_update(const value_t *a, size_t n, value_t kw)
{
    if (n > 2)
        return vm_raise_type(&type_TypeError, "update expected at most 1 argument, got %zu", n - 1);
    if (n == 2 && !dict_update(a[0], a[1]))
        return VALUE_NULL;
    return update_kwargs(a[0], a, n, kw) ? VALUE_NONE : VALUE_NULL;
}

static value_t m_fromkeys(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("fromkeys", n, kw, 2, 3))
        return VALUE_NULL;
    value_t d = dict_new(0);
    value_t it = d ? vm_iter(a[1]) : VALUE_NULL;
    if (!it)
        return VALUE_NULL;
    for (;;) {
        value_t k = vm_next(it);
        if (!k)
            return VALUE_NULL;
        if (k == VALUE_STOP)
            return d;
        if (!dict_set(d, k, n == 3 ? a[2] : VALUE_NONE))
            return VALUE_NULL;
    }
}

static const method_def_t dict_methods[] = {
    {"keys", m_keys, 0}, {"values", m_values, 0}, {"items", m_items, 0}, {"get", m_get, 0},
    {"setdefault", m_setdefault, 0}, {"pop", m_pop, 0}, {"popitem", m_popitem, 0},
    {"clear", m_clear, 0}, {"copy", m_copy, 0}, {"update", m_update, 0},
    {"fromkeys", m_fromkeys, METHOD_CLASS},
    {0, 0, 0},
};

static value_t dict_binary_op(int op, value_t a, value_t b)
{
    if (OP_BASE(op) != OP_OR || !is_instance(a, &type_dict) || !is_instance(b, &type_dict))
        return VALUE_NOT_IMPLEMENTED;
    if (op & OP_REFLECTED) {
        value_t t = a; a = b; b = t;
    }
    if (op & OP_INPLACE)
        return dict_update(a, b) ? a : VALUE_NULL;
    value_t r = dict_copy(a);
    if (!r || !dict_update(r, b))
        return VALUE_NULL;
    return r;
}

static value_t dict_make_new(const type_t *type, const value_t *args, size_t nargs, value_t kw)
{
    (void)type;
    if (nargs > 1)
        return vm_raise_type(&type_TypeError, "dict expected at most 1 argument, got %zu", nargs);
    value_t d = dict_new(0);
    if (!d)
        return VALUE_NULL;
    if (nargs && !dict_update(d, args[0]))
        return VALUE_NULL;
    return update_kwargs(d, args, nargs, kw) ? d : VALUE_NULL;
}

type_t type_dict = {
    .base = {&type_type}, .name = "dict", .parent = &type_object, .flags = TYPE_BASETYPE,
    .methods = dict_methods,
    .repr = dict_repr, .compare = dict_compare, .len = dict_len, .getitem = dict_getitem,
    .setitem = dict_setitem, .contains = dict_contains, .iter = dict_iter, .make_new = dict_make_new,
    .binary_op = dict_binary_op,
};
