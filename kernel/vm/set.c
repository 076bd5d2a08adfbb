/* set and frozenset: CPython's layout and probing (linear probes of 9,
 * then perturbation; grow at 3/5 full to 4x used), so that a set of ints
 * iterates in the same order as on CPython. */
#include "vm/obj.h"
#include "vm/gc.h"
#include "lib/string.h"

#define MIN_SIZE 8
#define LINEAR_PROBES 9
#define PERTURB_SHIFT 5
#define DUMMY VALUE_MISSING

extern int repr_enter(value_t v);
extern void repr_leave(void);

static inline set_obj_t *as_set(value_t v) { return (set_obj_t *)v; }
static inline bool is_anyset(value_t v) { return is_instance(v, &type_set) || is_instance(v, &type_frozenset); }

value_t set_new(const type_t *type)
{
    set_obj_t *s = gc_alloc(sizeof(set_obj_t), 0);
    if (!s)
        return VALUE_NULL;
    s->base.type = type;
    s->table = gc_alloc(MIN_SIZE * sizeof(set_entry_t), 0);
    if (!s->table)
        return VALUE_NULL;
    s->mask = MIN_SIZE - 1;
    return obj_value(s);
}

static void insert_clean(set_entry_t *table, size_t mask, value_t key, intptr_t hash)
{
    size_t perturb = (size_t)hash, i = (size_t)hash & mask;
    for (;;) {
        set_entry_t *e = &table[i];
        if (!e->key)
            goto found;
        if (i + LINEAR_PROBES <= mask) {
            for (int j = 0; j < LINEAR_PROBES; j++) {
                e++;
                if (!e->key)
                    goto found;
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
        continue;
    found:
        e->key = key;
        e->hash = hash;
        return;
    }
}

static bool table_resize(set_obj_t *s, size_t minused)
{
    size_t size = MIN_SIZE;
    while (size <= minused)
        size <<= 1;
    set_entry_t *table = gc_alloc(size * sizeof(set_entry_t), 0);
    if (!table)
        return false;
    set_entry_t *old = s->table;
    size_t old_size = s->mask + 1;
    for (size_t i = 0; i < old_size; i++)
        if (old[i].key && old[i].key != DUMMY)
            insert_clean(table, size - 1, old[i].key, old[i].hash);
    s->table = table;
    s->mask = size - 1;
    s->fill = s->used;
    gc_free(old);
    return true;
}

/* 1 added, 0 present, -1 error */
static int add_entry(set_obj_t *s, value_t key, intptr_t hash)
{
    for (;;) {
        size_t mask = s->mask, i = (size_t)hash & mask, perturb = (size_t)hash;
        set_entry_t *freeslot = 0;
        for (;;) {
            set_entry_t *e = &s->table[i];
            int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
            do {
                if (!e->key) {
                    if (freeslot) {
                        freeslot->key = key;
                        freeslot->hash = hash;
                        s->used++;
                        return 1;
                    }
                    e->key = key;
                    e->hash = hash;
                    s->fill++;
                    s->used++;
                    if (s->fill * 5 < mask * 3)
                        return 1;
                    return table_resize(s, s->used > 50000 ? s->used * 2 : s->used * 4) ? 1 : -1;
                }
                if (e->key == DUMMY) {
                    if (!freeslot)
                        freeslot = e;
                } else if (e->hash == hash) {
                    if (e->key == key)
                        return 0;
                    set_entry_t *table = s->table;
                    value_t k = e->key;
                    int eq = vm_equal(k, key);
                    if (eq < 0)
                        return -1;
                    if (table != s->table || s->mask != mask)
                        goto restart;
                    if (eq)
                        return 0;
                }
                e++;
            } while (probes--);
            perturb >>= PERTURB_SHIFT;
            i = (i * 5 + 1 + perturb) & mask;
        }
    restart:;
    }
}

/* the entry holding key, NULL if absent; *err on error */
static set_entry_t *find_entry(set_obj_t *s, value_t key, intptr_t hash, bool *err)
{
    *err = false;
    size_t mask = s->mask, i = (size_t)hash & mask, perturb = (size_t)hash;
    for (;;) {
        set_entry_t *e = &s->table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (!e->key)
                return 0;
            if (e->key != DUMMY && e->hash == hash) {
                if (e->key == key)
                    return e;
                int eq = vm_equal(e->key, key);
                if (eq < 0) {
                    *err = true;
                    return 0;
                }
                if (eq)
                    return e;
            }
            e++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

static bool hash_key(value_t key, intptr_t *hash)
{
    return vm_hash(key, hash);
}

int set_add(value_t set, value_t key)
{
    intptr_t hash;
    if (!hash_key(key, &hash))
        return -1;
    return add_entry(as_set(set), key, hash);
}

int set_contains(value_t set, value_t key)
{
    intptr_t hash;
    if (!vm_hash(key, &hash)) {
        /* a set as a key is looked up as a frozenset */
        if (is_instance(key, &type_set) && vm_exception_matches(&type_TypeError)) {
            vm_take_exception();
            value_t f = set_new(&type_frozenset);
            if (!f || !set_update(f, key))
                return -1;
            return set_contains(set, f);
        }
        return -1;
    }
    bool err;
    set_entry_t *e = find_entry(as_set(set), key, hash, &err);
    return err ? -1 : e != 0;
}

int set_discard(value_t set, value_t key)
{
    intptr_t hash;
    if (!vm_hash(key, &hash))
        return -1;
    bool err;
    set_obj_t *s = as_set(set);
    set_entry_t *e = find_entry(s, key, hash, &err);
    if (err)
        return -1;
    if (!e)
        return 0;
    e->key = DUMMY;
    e->hash = -1;
    s->used--;
    return 1;
}

bool set_next(value_t set, size_t *pos, value_t *key)
{
    set_obj_t *s = as_set(set);
    while (*pos <= s->mask) {
        set_entry_t *e = &s->table[(*pos)++];
        if (e->key && e->key != DUMMY) {
            *key = e->key;
            return true;
        }
    }
    return false;
}

static bool merge_set(set_obj_t *s, set_obj_t *o)
{
    if (!o->used)
        return true;
    if ((s->fill + o->used) * 5 >= s->mask * 3)
        if (!table_resize(s, (s->used + o->used) * 2))
            return false;
    if (s->fill == 0 && s->mask == o->mask) {
        for (size_t i = 0; i <= o->mask; i++)
            if (o->table[i].key && o->table[i].key != DUMMY) {
                s->table[i] = o->table[i];
                s->fill++;
                s->used++;
            }
        return true;
    }
    for (size_t i = 0; i <= o->mask; i++) {
        set_entry_t e = o->table[i];
        if (e.key && e.key != DUMMY && add_entry(s, e.key, e.hash) < 0)
            return false;
    }
    return true;
}

bool set_update(value_t set, value_t iterable)
{
    if (is_anyset(iterable))
        return merge_set(as_set(set), as_set(iterable));
    if (is_instance(iterable, &type_dict)) {
        size_t pos = 0;
        value_t k;
        while (dict_next(iterable, &pos, &k, 0))
            if (set_add(set, k) < 0)
                return false;
        return true;
    }
    value_t it = vm_iter(iterable);
    if (!it)
        return false;
    for (;;) {
        value_t x = vm_next(it);
        if (!x)
            return false;
        if (x == VALUE_STOP)
            return true;
        if (set_add(set, x) < 0)
            return false;
    }
}

static value_t set_copy_as(value_t set, const type_t *type)
{
    value_t r = set_new(type);
    if (!r || !merge_set(as_set(r), as_set(set)))
        return VALUE_NULL;
    return r;
}

/* ---- slots ---- */
static value_t set_repr(value_t self)
{
    set_obj_t *s = as_set(self);
    bool frozen = type_of(self) == &type_frozenset;
    if (!s->used)
        return str_new_cstr(frozen ? "frozenset()" : "set()");
    int e = repr_enter(self);
    if (e <= 0)
        return e == 0 ? str_new_cstr(frozen ? "frozenset(...)" : "set(...)") : VALUE_NULL;
    strbuf_t b;
    strbuf_init(&b);
    strbuf_add_cstr(&b, frozen ? "frozenset({" : "{");
    size_t pos = 0;
    value_t k;
    bool first = true;
    while (set_next(self, &pos, &k)) {
        if (!first)
            strbuf_add(&b, ", ", 2);
        first = false;
        if (!strbuf_add_value_repr(&b, k)) {
            repr_leave();
            strbuf_free(&b);
            return VALUE_NULL;
        }
    }
    strbuf_add_cstr(&b, frozen ? "})" : "}");
    repr_leave();
    return strbuf_finish(&b);
}

static bool set_len(value_t self, size_t *out)
{
    *out = as_set(self)->used;
    return true;
}

static int set_contains_slot(value_t self, value_t key) { return set_contains(self, key); }

/* is a a subset of b */
static int subset(value_t a, value_t b)
{
    if (as_set(a)->used > as_set(b)->used)
        return 0;
    size_t pos = 0;
    value_t k;
    while (set_next(a, &pos, &k)) {
        int c = set_contains(b, k);
        if (c <= 0)
            return c;
    }
    return 1;
}

static value_t set_compare(value_t a, value_t b, int op)
{
    if (!is_anyset(b))
        return VALUE_NOT_IMPLEMENTED;
    size_t na = as_set(a)->used, nb = as_set(b)->used;
    int r;
    switch (op) {
    case CMP_EQ: case CMP_NE:
        r = na == nb ? subset(a, b) : 0;
        if (r < 0)
            return VALUE_NULL;
        return bool_value(op == CMP_EQ ? r : !r);
    case CMP_LE: r = subset(a, b); break;
    case CMP_GE: r = subset(b, a); break;
    case CMP_LT: r = na < nb ? subset(a, b) : 0; break;
    default: r = na > nb ? subset(b, a) : 0; break;
    }
    return r < 0 ? VALUE_NULL : bool_value(r);
}

static bool frozenset_hash(value_t self, intptr_t *out)
{
    set_obj_t *s = as_set(self);
    uint64_t h = 0;
    for (size_t i = 0; i <= s->mask; i++) {
        set_entry_t *e = &s->table[i];
        if (e->key && e->key != DUMMY) {
            uint64_t x = (uint64_t)e->hash;
            h ^= ((x ^ 89869747ull) ^ (x << 16)) * 3644798167ull;
        }
    }
    h ^= ((uint64_t)s->used + 1) * 1927868237ull;
    h ^= (h >> 11) ^ (h >> 25);
    h = h * 69069u + 907133923ull;
    if (h == (uint64_t)-1)
        h = 590923713ull;
    *out = (intptr_t)h;
    return true;
}

static value_t set_intersection(value_t a, value_t b)
{
    value_t r = set_new(type_of(a) == &type_frozenset ? &type_frozenset : &type_set);
    if (!r)
        return VALUE_NULL;
    if (is_anyset(b) && as_set(b)->used > as_set(a)->used) {
        value_t t = a; a = b; b = t;
    }
    value_t src = b;
    if (!is_anyset(b)) {
        src = list_from_iterable(b);
        if (!src)
            return VALUE_NULL;
        value_t *items;
        size_t n;
        seq_items(src, &items, &n);
        for (size_t i = 0; i < n; i++) {
            int c = set_contains(a, items[i]);
            if (c < 0 || (c && set_add(r, items[i]) < 0))
                return VALUE_NULL;
        }
        return r;
    }
    size_t pos = 0;
    value_t k;
    while (set_next(b, &pos, &k)) {
        int c = set_contains(a, k);
        if (c < 0 || (c && set_add(r, k) < 0))
            return VALUE_NULL;
    }
    return r;
}

static value_t set_difference(value_t a, value_t b)
{
    value_t r = set_new(type_of(a) == &type_frozenset ? &type_frozenset : &type_set);
    if (!r)
        return VALUE_NULL;
    value_t other = b;
    if (!is_anyset(b) && !is_instance(b, &type_dict)) {
        other = set_new(&type_set);
        if (!other || !set_update(other, b))
            return VALUE_NULL;
    }
    size_t pos = 0;
    value_t k;
    while (set_next(a, &pos, &k)) {
        int c = is_instance(other, &type_dict) ? (dict_get(other, k) != VALUE_MISSING) : set_contains(other, k);
        if (c < 0 || (!c && set_add(r, k) < 0))
            return VALUE_NULL;
    }
    return r;
}

static value_t set_symmetric_difference(value_t a, value_t b)
{
    value_t other = b;
    if (!is_anyset(b)) {
        other = set_new(&type_set);
        if (!other || !set_update(other, b))
            return VALUE_NULL;
    }
    value_t r = set_copy_as(a, type_of(a) == &type_frozenset ? &type_frozenset : &type_set);
    if (!r)
        return VALUE_NULL;
    size_t pos = 0;
    value_t k;
    while (set_next(other, &pos, &k)) {
        int d = set_discard(r, k);
        if (d < 0 || (!d && set_add(r, k) < 0))
            return VALUE_NULL;
    }
    return r;
}

static value_t set_union(value_t a, value_t b)
{
    value_t r = set_copy_as(a, type_of(a) == &type_frozenset ? &type_frozenset : &type_set);
    if (!r || !set_update(r, b))
        return VALUE_NULL;
    return r;
}

static bool replace_contents(value_t target, value_t src)
{
    set_obj_t *t = as_set(target), *s = as_set(src);
    t->table = s->table;
    t->mask = s->mask;
    t->fill = s->fill;
    t->used = s->used;
    return true;
}

static value_t set_binary_op(int op, value_t a, value_t b)
{
    if (!is_anyset(a) || !is_anyset(b))
        return VALUE_NOT_IMPLEMENTED;
    if (op & OP_REFLECTED) {
        value_t t = a; a = b; b = t;
    }
    value_t r;
    switch (OP_BASE(op)) {
    case OP_OR: r = set_union(a, b); break;
    case OP_AND: r = set_intersection(a, b); break;
    case OP_SUB: r = set_difference(a, b); break;
    case OP_XOR: r = set_symmetric_difference(a, b); break;
    default: return VALUE_NOT_IMPLEMENTED;
    }
    if (r && (op & OP_INPLACE) && type_of(a) != &type_frozenset) {
        replace_contents(a, r);
        return a;
    }
    return r;
}

static value_t identity(value_t self) { return self; }

static value_t set_iterator_next(value_t self)
{
    dict_iterator_obj_t *it = (dict_iterator_obj_t *)self;
    set_obj_t *s = as_set(it->dict);
    if (s->used != it->used) {
        it->used = (size_t)-1;
        return vm_raise_type(&type_RuntimeError, "Set changed size during iteration");
    }
    value_t k;
    if (!set_next(it->dict, &it->index, &k))
        return VALUE_STOP;
    return k;
}

type_t type_set_iterator = {
    .base = {&type_type}, .name = "set_iterator", .parent = &type_object,
    .iter = identity, .next = set_iterator_next,
};

static value_t set_iter(value_t self)
{
    dict_iterator_obj_t *it = gc_alloc(sizeof *it, 0);
    if (!it)
        return VALUE_NULL;
    it->base.type = &type_set_iterator;
    it->dict = self;
    it->used = as_set(self)->used;
    return obj_value(it);
}

/* ---- methods ---- */
static value_t m_add(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("add", n, kw, 2, 2))
        return VALUE_NULL;
    return set_add(a[0], a[1]) < 0 ? VALUE_NULL : VALUE_NONE;
}

static value_t m_discard(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("discard", n, kw, 2, 2))
        return VALUE_NULL;
    return set_discard(a[0], a[1]) < 0 ? VALUE_NULL : VALUE_NONE;
}

static value_t m_remove(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("remove", n, kw, 2, 2))
        return VALUE_NULL;
    int r = set_discard(a[0], a[1]);
    if (r < 0)
        return VALUE_NULL;
    return r ? VALUE_NONE : vm_raise_key_error(a[1]);
}

static value_t m_pop(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("pop", n, kw, 1, 1))
        return VALUE_NULL;
    set_obj_t *s = as_set(a[0]);
    if (!s->used)
        return vm_raise_type(&type_KeyError, "pop from an empty set");
    set_entry_t *e = &s->table[s->finger & s->mask];
    while (!e->key || e->key == DUMMY) {
        e++;
        if (e > &s->table[s->mask])
            e = s->table;
    }
    value_t k = e->key;
    e->key = DUMMY;
    e->hash = -1;
    s->used--;
    s->finger = (size_t)(e - s->table) + 1;
    return k;
}

static value_t m_clear(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("clear", n, kw, 1, 1))
        return VALUE_NULL;
    set_obj_t *s = as_set(a[0]);
    set_entry_t *t = gc_alloc(MIN_SIZE * sizeof(set_entry_t), 0);
    if (!t)
        return VALUE_NULL;
    s->table = t;
    s->mask = MIN_SIZE - 1;
    s->fill = s->used = 0;
    return VALUE_NONE;
}

static value_t m_copy(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("copy", n, kw, 1, 1))
        return VALUE_NULL;
    if (type_of(a[0]) == &type_frozenset)
        return a[0];
    return set_copy_as(a[0], type_of(a[0]));
}

typedef value_t (*setop_t)(value_t, value_t);

static value_t multi(const value_t *a, size_t n, setop_t op, bool inplace)
{
    value_t r = a[0];
    if (n == 1 && !inplace)
        return set_copy_as(a[0], type_of(a[0]));
    for (size_t i = 1; i < n; i++) {
        r = op(r, a[i]);
        if (!r)
            return VALUE_NULL;
    }
    if (inplace) {
        if (r != a[0])
            replace_contents(a[0], r);
        return VALUE_NONE;
    }
    return r;
}

static value_t m_union(const value_t *a, size_t n, value_t kw) { (void)kw; return multi(a, n, set_union, false); }
static value_t m_intersection(const value_t *a, size_t n, value_t kw) { (void)kw; return multi(a, n, set_intersection, false); }
static value_t m_difference(const value_t *a, size_t n, value_t kw) { (void)kw; return multi(a, n, set_difference, false); }
static value_t m_symmetric_difference(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("symmetric_difference", n, kw, 2, 2))
        return VALUE_NULL;
    return set_symmetric_difference(a[0], a[1]);
}
static value_t m_update(const value_t *a, size_t n, value_t kw)
{
    (void)kw;
    for (size_t i = 1; i < n; i++)
        if (!set_update(a[0], a[i]))
            return VALUE_NULL;
    return VALUE_NONE;
}
static value_t m_intersection_update(const value_t *a, size_t n, value_t kw) { (void)kw; return multi(a, n, set_intersection, true); }
static value_t m_difference_update(const value_t *a, size_t n, value_t kw) { (void)kw; return multi(a, n, set_difference, true); }
static value_t m_symmetric_difference_update(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("symmetric_difference_update", n, kw, 2, 2))
        return VALUE_NULL;
    return multi(a, n, set_symmetric_difference, true);
}

static value_t as_set_arg(value_t v)
{
    if (is_anyset(v))
        return v;
    value_t s = set_new(&type_set);
    if (!s || !set_update(s, v))
        return VALUE_NULL;
    return s;
}

static value_t m_issubset(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("issubset", n, kw, 2, 2))
        return VALUE_NULL;
    value_t o = as_set_arg(a[1]);
    if (!o)
        return VALUE_NULL;
    int r = subset(a[0], o);
    return r < 0 ? VALUE_NULL : bool_value(r);
}

static value_t m_issuperset(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("issuperset", n, kw, 2, 2))
        return VALUE_NULL;
    value_t o = as_set_arg(a[1]);
    if (!o)
        return VALUE_NULL;
    int r = subset(o, a[0]);
    return r < 0 ? VALUE_NULL : bool_value(r);
}

static value_t m_isdisjoint(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("isdisjoint", n, kw, 2, 2))
        return VALUE_NULL;
    value_t i = set_intersection(a[0], a[1]);
    return i ? bool_value(as_set(i)->used == 0) : VALUE_NULL;
}

static const method_def_t set_methods[] = {
    {"add", m_add, 0}, {"discard", m_discard, 0}, {"remove", m_remove, 0}, {"pop", m_pop, 0},
    {"clear", m_clear, 0}, {"copy", m_copy, 0}, {"union", m_union, 0}, {"intersection", m_intersection, 0},
    {"difference", m_difference, 0}, {"symmetric_difference", m_symmetric_difference, 0},
    {"update", m_update, 0}, {"intersection_update", m_intersection_update, 0},
    {"difference_update", m_difference_update, 0},
    {"symmetric_difference_update", m_symmetric_difference_update, 0},
    {"issubset", m_issubset, 0}, {"issuperset", m_issuperset, 0}, {"isdisjoint", m_isdisjoint, 0},
    {0, 0, 0},
};

static const method_def_t frozenset_methods[] = {
    {"copy", m_copy, 0}, {"union", m_union, 0}, {"intersection", m_intersection, 0},
    {"difference", m_difference, 0}, {"symmetric_difference", m_symmetric_difference, 0},
    {"issubset", m_issubset, 0}, {"issuperset", m_issuperset, 0}, {"isdisjoint", m_isdisjoint, 0},
    {0, 0, 0},
};

static value_t set_make_new(const type_t *type, const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check(type->name, nargs, kw, 0, 1))
        return VALUE_NULL;
    if (type == &type_frozenset && nargs && type_of(args[0]) == &type_frozenset)
        return args[0];
    value_t s = set_new(type);
    if (!s || (nargs && !set_update(s, args[0])))
        return VALUE_NULL;
    return s;
}

type_t type_set = {
    .base = {&type_type}, .name = "set", .parent = &type_object, .flags = TYPE_BASETYPE,
    .methods = set_methods,
    .repr = set_repr, .compare = set_compare, .len = set_len, .contains = set_contains_slot,
    .iter = set_iter, .binary_op = set_binary_op, .make_new = set_make_new,
};

type_t type_frozenset = {
    .base = {&type_type}, .name = "frozenset", .parent = &type_object, .flags = TYPE_BASETYPE,
    .methods = frozenset_methods,
    .repr = set_repr, .hash = frozenset_hash, .compare = set_compare, .len = set_len,
    .contains = set_contains_slot, .iter = set_iter, .binary_op = set_binary_op, .make_new = set_make_new,
};
