/* bytes (immutable, laid out like str), bytearray (mutable, separate
 * buffer) and memoryview (a window on either). */
#include "vm/obj.h"
#include "vm/gc.h"
#include "lib/string.h"

extern value_t bytes_repeat(value_t v, value_t count);

static inline str_obj_t *as_bytes(value_t v) { return (str_obj_t *)v; }
static inline bytearray_obj_t *as_bytearray(value_t v) { return (bytearray_obj_t *)v; }

value_t bytes_new(const uint8_t *data, size_t len)
{
    str_obj_t *s = str_alloc(&type_bytes, len);
    if (!s)
        return VALUE_NULL;
    if (len)
        memcpy(s->data, data, len);
    return str_finish(s);
}

bool is_bytes(value_t v) { return is_obj(v) && is_instance(v, &type_bytes); }

value_t bytes_repr_common(const uint8_t *data, size_t len, const char *prefix, const char *suffix)
{
    bool single = false, dbl = false;
    for (size_t i = 0; i < len; i++) {
        single |= data[i] == '\'';
        dbl |= data[i] == '"';
    }
    char q = single && !dbl ? '"' : '\'';
    strbuf_t b;
    strbuf_init(&b);
    strbuf_add_cstr(&b, prefix);
    strbuf_add_char(&b, q);
    for (size_t i = 0; i < len; i++) {
        uint8_t c = data[i];
        if (c == q || c == '\\') {
            strbuf_add_char(&b, '\\');
            strbuf_add_char(&b, (char)c);
        } else if (c == '\n') strbuf_add_cstr(&b, "\\n");
        else if (c == '\r') strbuf_add_cstr(&b, "\\r");
        else if (c == '\t') strbuf_add_cstr(&b, "\\t");
        else if (c < 0x20 || c >= 0x7f) strbuf_printf(&b, "\\x%02x", c);
        else strbuf_add_char(&b, (char)c);
    }
    strbuf_add_char(&b, q);
    strbuf_add_cstr(&b, suffix);
    return strbuf_finish(&b);
}

static bool any_buffer(value_t v, struct buffer_info *out) { return vm_get_buffer(v, out, false); }

/* ---- shared operations on (data, len) ---- */
static intptr_t find_mem(const uint8_t *h, size_t hl, const uint8_t *n, size_t nl, size_t from)
{
    if (nl == 0)
        return from <= hl ? (intptr_t)from : -1;
    for (size_t i = from; i + nl <= hl; i++)
        if (h[i] == n[0] && !memcmp(h + i, n, nl))
            return (intptr_t)i;
    return -1;
}

static value_t make_like(value_t self, const uint8_t *data, size_t len)
{
    return type_of(self) == &type_bytearray ? bytearray_new(data, len) : bytes_new(data, len);
}

static value_t b_compare_impl(value_t a, value_t b, int op)
{
    struct buffer_info x, y;
    if (!is_bytes(b) && type_of(b) != &type_bytearray && type_of(b) != &type_memoryview)
        return VALUE_NOT_IMPLEMENTED;
    any_buffer(a, &x);
    any_buffer(b, &y);
    size_t n = x.len < y.len ? x.len : y.len;
    int c = memcmp(x.data, y.data, n);
    c = c ? (c < 0 ? -1 : 1) : (x.len < y.len ? -1 : x.len > y.len);
    switch (op) {
    case CMP_LT: return bool_value(c < 0);
    case CMP_LE: return bool_value(c <= 0);
    case CMP_EQ: return bool_value(c == 0);
    case CMP_NE: return bool_value(c != 0);
    case CMP_GT: return bool_value(c > 0);
    default: return bool_value(c >= 0);
    }
}

static value_t b_getitem_impl(value_t self, value_t key, const char *what)
{
    struct buffer_info b;
    any_buffer(self, &b);
    if (type_of(key) == &type_slice) {
        intptr_t start, stop, step;
        size_t count;
        if (!slice_indices(key, b.len, &start, &stop, &step, &count))
            return VALUE_NULL;
        if (step == 1)
            return make_like(self, b.data + start, count);
        strbuf_t sb;
        strbuf_init(&sb);
        for (size_t k = 0; k < count; k++)
            strbuf_add_char(&sb, (char)b.data[start + (intptr_t)k * step]);
        return strbuf_finish_bytes(&sb, type_of(self) == &type_bytearray ? &type_bytearray : &type_bytes);
    }
    size_t i;
    if (!vm_seq_index(key, b.len, &i, what))
        return VALUE_NULL;
    any_buffer(self, &b);
    return small_int(b.data[i]);
}

static int b_contains_impl(value_t self, value_t item)
{
    struct buffer_info b, n;
    any_buffer(self, &b);
    if (is_int(item)) {
        intptr_t v;
        if (!vm_index(item, &v))
            return -1;
        if (v < 0 || v > 255) {
            vm_raise_type(&type_ValueError, "byte must be in range(0, 256)");
            return -1;
        }
        for (size_t i = 0; i < b.len; i++)
            if (b.data[i] == v)
                return 1;
        return 0;
    }
    if (!any_buffer(item, &n))
        return -1;
    return find_mem(b.data, b.len, n.data, n.len, 0) >= 0;
}

/* ---- bytes ---- */
static value_t bytes_repr(value_t self)
{
    return bytes_repr_common((const uint8_t *)as_bytes(self)->data, as_bytes(self)->len, "b", "");
}

static bool bytes_hash(value_t self, intptr_t *out)
{
    *out = str_hash(self);
    return true;
}

static bool bytes_len(value_t self, size_t *out)
{
    *out = as_bytes(self)->len;
    return true;
}

static bool bytes_buffer(value_t self, struct buffer_info *out, bool writable)
{
    if (writable)
        return false;
    out->data = (uint8_t *)as_bytes(self)->data;
    out->len = as_bytes(self)->len;
    out->readonly = true;
    return true;
}

static value_t concat(value_t a, value_t b)
{
    struct buffer_info x, y;
    if (!any_buffer(b, &y)) {
        vm_take_exception();
        return vm_raise_type(&type_TypeError, "can't concat %s to %s", type_name_of(b), type_name_of(a));
    }
    any_buffer(a, &x);
    strbuf_t sb;
    strbuf_init(&sb);
    strbuf_add(&sb, (const char *)x.data, x.len);
    any_buffer(b, &y);
    strbuf_add(&sb, (const char *)y.data, y.len);
    return strbuf_finish_bytes(&sb, type_of(a) == &type_bytearray ? &type_bytearray : &type_bytes);
}

static value_t bytes_binary_op(int op, value_t a, value_t b)
{
    int base = OP_BASE(op);
    if (op & OP_REFLECTED)
        return base == OP_MUL && is_int(b) ? bytes_repeat(a, b) : VALUE_NOT_IMPLEMENTED;
    if (base == OP_ADD)
        return concat(a, b);
    if (base == OP_MUL && is_int(b))
        return bytes_repeat(a, b);
    return VALUE_NOT_IMPLEMENTED;
}

static value_t bytes_getitem(value_t self, value_t key) { return b_getitem_impl(self, key, "index"); }

static value_t identity(value_t self) { return self; }

static value_t bytes_iterator_next(value_t self)
{
    seq_iterator_obj_t *it = (seq_iterator_obj_t *)self;
    struct buffer_info b;
    any_buffer(it->seq, &b);
    if (it->index >= b.len)
        return VALUE_STOP;
    return small_int(b.data[it->index++]);
}

type_t type_bytes_iterator = {
    .base = {&type_type}, .name = "bytes_iterator", .parent = &type_object,
    .iter = identity, .next = bytes_iterator_next,
};

static value_t bytes_iter(value_t self) { return seq_iterator_new(&type_bytes_iterator, self); }

/* bytes(x): int count, str + encoding, buffer, iterable of ints */
static value_t bytes_from_object(value_t x, value_t encoding, const type_t *type)
{
    strbuf_t sb;
    strbuf_init(&sb);
    if (is_str(x)) {
        if (!encoding)
            return vm_raise_type(&type_TypeError, "string argument without an encoding");
        value_t args[2] = {x, encoding};
        value_t r = vm_call_method(x, "encode", &args[1], 1);
        if (!r || type == &type_bytes)
            return r;
        return bytearray_new((const uint8_t *)str_data(r), str_len(r));
    }
    if (is_int(x)) {
        intptr_t n;
        if (!vm_index(x, &n))
            return VALUE_NULL;
        if (n < 0)
            return vm_raise_type(&type_ValueError, "negative count");
        for (intptr_t i = 0; i < n; i++)
            strbuf_add_char(&sb, 0);
        return strbuf_finish_bytes(&sb, type);
    }
    struct buffer_info b;
    if (type_of(x)->buffer && any_buffer(x, &b)) {
        strbuf_add(&sb, (const char *)b.data, b.len);
        return strbuf_finish_bytes(&sb, type);
    }
    value_t it = vm_iter(x);
    if (!it) {
        vm_take_exception();
        return vm_raise_type(&type_TypeError, "cannot convert '%s' object to bytes", type_name_of(x));
    }
    for (;;) {
        value_t v = vm_next(it);
        if (!v)
            return strbuf_free(&sb), VALUE_NULL;
        if (v == VALUE_STOP)
            break;
        intptr_t n;
        if (!vm_index(v, &n))
            return strbuf_free(&sb), VALUE_NULL;
        if (n < 0 || n > 255) {
            strbuf_free(&sb);
            return vm_raise_type(&type_ValueError, "bytes must be in range(0, 256)");
        }
        strbuf_add_char(&sb, (char)n);
    }
    return strbuf_finish_bytes(&sb, type);
}

static value_t bytes_make_new(const type_t *type, const value_t *args, size_t nargs, value_t kw)
{
    static const char *const names[] = {"source", "encoding", "errors"};
    value_t a[3];
    if (!arg_parse(type->name, args, nargs, kw, 3, names, a, 0))
        return VALUE_NULL;
    if (!a[0])
        return type == &type_bytearray ? bytearray_new(0, 0) : bytes_new(0, 0);
    return bytes_from_object(a[0], a[1], type);
}

/* ---- methods shared by bytes and bytearray ---- */
static value_t m_decode(const value_t *args, size_t nargs, value_t kw)
{
    static const char *const names[] = {"self", "encoding", "errors"};
    value_t a[3];
    if (!arg_parse("decode", args, nargs, kw, 3, names, a, 1))
        return VALUE_NULL;
    value_t sargs[2] = {a[0], a[1] ? a[1] : VALUE_NULL};
    struct buffer_info b;
    any_buffer(a[0], &b);
    if (a[1] && (!strcmp(str_data(a[1]), "latin-1") || !strcmp(str_data(a[1]), "latin1"))) {
        strbuf_t sb;
        strbuf_init(&sb);
        for (size_t i = 0; i < b.len; i++)
            strbuf_add_codepoint(&sb, b.data[i]);
        return strbuf_finish(&sb);
    }
    (void)sargs;
    return str_from_utf8((const char *)b.data, b.len);
}

static value_t m_hex(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("hex", nargs, kw, 1, 1))
        return VALUE_NULL;
    struct buffer_info b;
    any_buffer(args[0], &b);
    strbuf_t sb;
    strbuf_init(&sb);
    for (size_t i = 0; i < b.len; i++) {
        strbuf_add_char(&sb, "0123456789abcdef"[b.data[i] >> 4]);
        strbuf_add_char(&sb, "0123456789abcdef"[b.data[i] & 15]);
    }
    return strbuf_finish(&sb);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') return (c | 0x20) - 'a' + 10;
    return -1;
}

static value_t m_fromhex(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("fromhex", nargs, kw, 2, 2))
        return VALUE_NULL;
    if (!is_str(args[1]))
        return vm_raise_type(&type_TypeError, "fromhex() argument must be str, not %s", type_name_of(args[1]));
    const char *s = str_data(args[1]);
    size_t n = str_len(args[1]);
    strbuf_t sb;
    strbuf_init(&sb);
    for (size_t i = 0; i < n;) {
        if (s[i] == ' ') {
            i++;
            continue;
        }
        int hi = hexval(s[i]), lo = i + 1 < n ? hexval(s[i + 1]) : -1;
        if (hi < 0 || lo < 0) {
            strbuf_free(&sb);
            return vm_raise_type(&type_ValueError, "non-hexadecimal number found in fromhex() arg at position %zu",
                                 hi < 0 ? i : i + 1);
        }
        strbuf_add_char(&sb, (char)(hi * 16 + lo));
        i += 2;
    }
    const type_t *t = args[0] == obj_value(&type_bytearray) ? &type_bytearray : &type_bytes;
    return strbuf_finish_bytes(&sb, t);
}

static value_t m_join(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("join", nargs, kw, 2, 2))
        return VALUE_NULL;
    value_t list = list_from_iterable(args[1]);
    if (!list)
        return VALUE_NULL;
    strbuf_t sb;
    strbuf_init(&sb);
    struct buffer_info sep, item;
    for (size_t i = 0; i < as_list(list)->len; i++) {
        if (i) {
            any_buffer(args[0], &sep);
            strbuf_add(&sb, (const char *)sep.data, sep.len);
        }
        if (!any_buffer(as_list(list)->items[i], &item)) {
            strbuf_free(&sb);
            vm_take_exception();
            return vm_raise_type(&type_TypeError, "sequence item %zu: expected a bytes-like object, %s found", i,
                                 type_name_of(as_list(list)->items[i]));
        }
        strbuf_add(&sb, (const char *)item.data, item.len);
    }
    return strbuf_finish_bytes(&sb, type_of(args[0]) == &type_bytearray ? &type_bytearray : &type_bytes);
}

static value_t affix(const value_t *args, size_t nargs, value_t kw, bool end)
{
    if (!arg_check(end ? "endswith" : "startswith", nargs, kw, 2, 2))
        return VALUE_NULL;
    struct buffer_info b, p;
    value_t *items;
    size_t n;
    value_t one = args[1];
    if (!seq_items(args[1], &items, &n) || type_of(args[1]) != &type_tuple) {
        items = &one;
        n = 1;
    }
    any_buffer(args[0], &b);
    for (size_t i = 0; i < n; i++) {
        if (!any_buffer(items[i], &p))
            return VALUE_NULL;
        if (p.len <= b.len && !memcmp(b.data + (end ? b.len - p.len : 0), p.data, p.len))
            return VALUE_TRUE;
    }
    return VALUE_FALSE;
}

static value_t m_startswith(const value_t *a, size_t n, value_t kw) { return affix(a, n, kw, false); }
static value_t m_endswith(const value_t *a, size_t n, value_t kw) { return affix(a, n, kw, true); }

static value_t m_find(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("find", nargs, kw, 2, 2))
        return VALUE_NULL;
    struct buffer_info b, n;
    uint8_t one;
    if (is_int(args[1])) {
        intptr_t v;
        if (!vm_index(args[1], &v))
            return VALUE_NULL;
        one = (uint8_t)v;
        n.data = &one;
        n.len = 1;
    } else if (!any_buffer(args[1], &n))
        return VALUE_NULL;
    any_buffer(args[0], &b);
    return small_int(find_mem(b.data, b.len, n.data, n.len, 0));
}

static value_t m_count(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("count", nargs, kw, 2, 2))
        return VALUE_NULL;
    struct buffer_info b, n;
    if (!any_buffer(args[1], &n))
        return VALUE_NULL;
    any_buffer(args[0], &b);
    if (!n.len)
        return small_int((intptr_t)b.len + 1);
    intptr_t c = 0;
    for (intptr_t i = find_mem(b.data, b.len, n.data, n.len, 0); i >= 0;
         i = find_mem(b.data, b.len, n.data, n.len, (size_t)i + n.len))
        c++;
    return small_int(c);
}

static value_t m_replace(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("replace", nargs, kw, 3, 3))
        return VALUE_NULL;
    struct buffer_info b, o, n;
    if (!any_buffer(args[1], &o) || !any_buffer(args[2], &n))
        return VALUE_NULL;
    any_buffer(args[0], &b);
    strbuf_t sb;
    strbuf_init(&sb);
    size_t start = 0;
    intptr_t i;
    while (o.len && (i = find_mem(b.data, b.len, o.data, o.len, start)) >= 0) {
        strbuf_add(&sb, (const char *)b.data + start, (size_t)i - start);
        strbuf_add(&sb, (const char *)n.data, n.len);
        start = (size_t)i + o.len;
    }
    strbuf_add(&sb, (const char *)b.data + start, b.len - start);
    return strbuf_finish_bytes(&sb, type_of(args[0]) == &type_bytearray ? &type_bytearray : &type_bytes);
}

static bool memchr_has(const uint8_t *p, size_t n, uint8_t c)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] == c)
            return true;
    return false;
}

static bool is_ws(uint8_t c) { return c == ' ' || (c >= 9 && c <= 13); }

static value_t m_split(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("split", nargs, kw, 1, 2))
        return VALUE_NULL;
    struct buffer_info b, s;
    value_t list = list_new(0);
    if (!list)
        return VALUE_NULL;
    any_buffer(args[0], &b);
    if (nargs == 1 || args[1] == VALUE_NONE) {
        size_t i = 0;
        while (i < b.len) {
            while (i < b.len && is_ws(b.data[i]))
                i++;
            if (i == b.len)
                break;
            size_t start = i;
            while (i < b.len && !is_ws(b.data[i]))
                i++;
            any_buffer(args[0], &b);
            value_t part = make_like(args[0], b.data + start, i - start);
            if (!part || !list_append(list, part))
                return VALUE_NULL;
        }
        return list;
    }
    if (!any_buffer(args[1], &s))
        return VALUE_NULL;
    if (!s.len)
        return vm_raise_type(&type_ValueError, "empty separator");
    size_t start = 0;
    for (;;) {
        any_buffer(args[0], &b);
        any_buffer(args[1], &s);
        intptr_t i = find_mem(b.data, b.len, s.data, s.len, start);
        size_t end = i < 0 ? b.len : (size_t)i;
        value_t part = make_like(args[0], b.data + start, end - start);
        if (!part || !list_append(list, part))
            return VALUE_NULL;
        if (i < 0)
            return list;
        start = (size_t)i + s.len;
    }
}

static value_t strip_impl(const value_t *args, size_t nargs, value_t kw, int mode)
{
    if (!arg_check("strip", nargs, kw, 1, 2))
        return VALUE_NULL;
    struct buffer_info b, c = {0, 0, true};
    if (nargs == 2 && args[1] != VALUE_NONE && !any_buffer(args[1], &c))
        return VALUE_NULL;
    any_buffer(args[0], &b);
    size_t a = 0, e = b.len;
    #define STRIPPABLE(ch) (c.data ? memchr_has(c.data, c.len, ch) : is_ws(ch))
    while ((mode & 1) && a < e && STRIPPABLE(b.data[a]))
        a++;
    while ((mode & 2) && e > a && STRIPPABLE(b.data[e - 1]))
        e--;
    #undef STRIPPABLE
    return make_like(args[0], b.data + a, e - a);
}

static value_t m_strip(const value_t *a, size_t n, value_t kw) { return strip_impl(a, n, kw, 3); }
static value_t m_lstrip(const value_t *a, size_t n, value_t kw) { return strip_impl(a, n, kw, 1); }
static value_t m_rstrip(const value_t *a, size_t n, value_t kw) { return strip_impl(a, n, kw, 2); }

static value_t case_impl(const value_t *args, size_t nargs, value_t kw, bool upper)
{
    if (!arg_check(upper ? "upper" : "lower", nargs, kw, 1, 1))
        return VALUE_NULL;
    struct buffer_info b;
    any_buffer(args[0], &b);
    strbuf_t sb;
    strbuf_init(&sb);
    for (size_t i = 0; i < b.len; i++) {
        uint8_t c = b.data[i];
        if (upper && c >= 'a' && c <= 'z') c -= 32;
        if (!upper && c >= 'A' && c <= 'Z') c += 32;
        strbuf_add_char(&sb, (char)c);
    }
    return strbuf_finish_bytes(&sb, type_of(args[0]) == &type_bytearray ? &type_bytearray : &type_bytes);
}

static value_t m_upper(const value_t *a, size_t n, value_t kw) { return case_impl(a, n, kw, true); }
static value_t m_lower(const value_t *a, size_t n, value_t kw) { return case_impl(a, n, kw, false); }

#define COMMON_METHODS                                                                     \
    {"decode", m_decode, 0}, {"hex", m_hex, 0}, {"fromhex", m_fromhex, METHOD_CLASS},      \
    {"join", m_join, 0}, {"startswith", m_startswith, 0}, {"endswith", m_endswith, 0},     \
    {"find", m_find, 0}, {"count", m_count, 0}, {"replace", m_replace, 0},                 \
    {"split", m_split, 0}, {"strip", m_strip, 0}, {"lstrip", m_lstrip, 0},                 \
    {"rstrip", m_rstrip, 0}, {"upper", m_upper, 0}, {"lower", m_lower, 0}

static const method_def_t bytes_methods[] = {COMMON_METHODS, {0, 0, 0}};

static value_t b_compare(value_t a, value_t b, int op) { return b_compare_impl(a, b, op); }
static int b_contains(value_t s, value_t i) { return b_contains_impl(s, i); }

type_t type_bytes = {
    .base = {&type_type}, .name = "bytes", .parent = &type_object, .flags = TYPE_BASETYPE,
    .methods = bytes_methods,
    .repr = bytes_repr, .hash = bytes_hash, .compare = b_compare, .len = bytes_len,
    .binary_op = bytes_binary_op, .getitem = bytes_getitem, .contains = b_contains,
    .iter = bytes_iter, .make_new = bytes_make_new, .buffer = bytes_buffer,
};

/* ---- bytearray ---- */
static bool ba_reserve(bytearray_obj_t *b, size_t need)
{
    if (need <= b->cap)
        return true;
    if (b->exports) {
        vm_raise_type(&type_ValueError, "Existing exports of data: object cannot be re-sized");
        return false;
    }
    size_t cap = need + (need >> 3) + 16;
    uint8_t *d = gc_realloc(b->data, cap);
    if (!d)
        return false;
    b->data = d;
    b->cap = cap;
    return true;
}

value_t bytearray_new(const uint8_t *data, size_t len)
{
    bytearray_obj_t *b = gc_alloc(sizeof *b, 0);
    if (!b)
        return VALUE_NULL;
    b->base.type = &type_bytearray;
    if (len) {
        b->data = gc_alloc(len, GC_LEAF);
        if (!b->data)
            return VALUE_NULL;
        memcpy(b->data, data, len);
        b->cap = len;
    }
    b->len = len;
    return obj_value(b);
}

static value_t bytearray_repr(value_t self)
{
    return bytes_repr_common(as_bytearray(self)->data, as_bytearray(self)->len, "bytearray(b", ")");
}

static bool bytearray_len(value_t self, size_t *out)
{
    *out = as_bytearray(self)->len;
    return true;
}

static bool bytearray_buffer(value_t self, struct buffer_info *out, bool writable)
{
    (void)writable;
    out->data = as_bytearray(self)->data;
    out->len = as_bytearray(self)->len;
    out->readonly = false;
    return true;
}

static bool ba_extend(value_t self, value_t other)
{
    struct buffer_info o;
    if (type_of(other)->buffer && any_buffer(other, &o)) {
        bytearray_obj_t *b = as_bytearray(self);
        if (!ba_reserve(b, b->len + o.len))
            return false;
        any_buffer(other, &o);
        memmove(b->data + b->len, o.data, o.len);
        b->len += o.len;
        return true;
    }
    value_t tmp = bytes_from_object(other, VALUE_NULL, &type_bytes);
    return tmp && ba_extend(self, tmp);
}

static value_t bytearray_binary_op(int op, value_t a, value_t b)
{
    if ((op & OP_INPLACE) && OP_BASE(op) == OP_ADD)
        return ba_extend(a, b) ? a : VALUE_NULL;
    if (OP_BASE(op) == OP_ADD && !(op & OP_REFLECTED))
        return concat(a, b);
    if (OP_BASE(op) == OP_MUL && is_int(b)) {
        value_t r = bytes_repeat(bytes_new(as_bytearray(a)->data, as_bytearray(a)->len), b);
        return r ? bytearray_new((const uint8_t *)str_data(r), str_len(r)) : VALUE_NULL;
    }
    return VALUE_NOT_IMPLEMENTED;
}

static value_t bytearray_getitem(value_t self, value_t key) { return b_getitem_impl(self, key, "bytearray"); }

static int bytearray_setitem(value_t self, value_t key, value_t v)
{
    bytearray_obj_t *b = as_bytearray(self);
    if (type_of(key) == &type_slice) {
        intptr_t start, stop, step;
        size_t count;
        if (!slice_indices(key, b->len, &start, &stop, &step, &count))
            return -1;
        value_t src = v ? bytes_from_object(v, VALUE_NULL, &type_bytes) : bytes_new(0, 0);
        if (!src)
            return -1;
        size_t n = str_len(src);
        if (step != 1) {
            if (n != count) {
                vm_raise_type(&type_ValueError, "attempt to assign bytes of size %zu to extended slice of size %zu", n, count);
                return -1;
            }
            for (size_t k = 0; k < count; k++)
                b->data[start + (intptr_t)k * step] = (uint8_t)str_data(src)[k];
            return 0;
        }
        if (stop < start)
            stop = start;
        size_t newlen = b->len - (size_t)(stop - start) + n;
        if (!ba_reserve(b, newlen))
            return -1;
        memmove(b->data + start + n, b->data + stop, b->len - (size_t)stop);
        memcpy(b->data + start, str_data(src), n);
        b->len = newlen;
        return 0;
    }
    size_t i;
    if (!vm_seq_index(key, b->len, &i, "bytearray"))
        return -1;
    if (!v) {
        memmove(b->data + i, b->data + i + 1, b->len - i - 1);
        b->len--;
        return 0;
    }
    intptr_t x;
    if (!vm_index(v, &x))
        return -1;
    if (x < 0 || x > 255) {
        vm_raise_type(&type_ValueError, "byte must be in range(0, 256)");
        return -1;
    }
    b->data[i] = (uint8_t)x;
    return 0;
}

static value_t ba_append(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("append", n, kw, 2, 2))
        return VALUE_NULL;
    intptr_t x;
    if (!vm_index(a[1], &x))
        return VALUE_NULL;
    if (x < 0 || x > 255)
        return vm_raise_type(&type_ValueError, "byte must be in range(0, 256)");
    bytearray_obj_t *b = as_bytearray(a[0]);
    if (!ba_reserve(b, b->len + 1))
        return VALUE_NULL;
    b->data[b->len++] = (uint8_t)x;
    return VALUE_NONE;
}

static value_t ba_extend_m(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("extend", n, kw, 2, 2))
        return VALUE_NULL;
    return ba_extend(a[0], a[1]) ? VALUE_NONE : VALUE_NULL;
}

static value_t ba_pop(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("pop", n, kw, 1, 2))
        return VALUE_NULL;
    bytearray_obj_t *b = as_bytearray(a[0]);
    if (!b->len)
        return vm_raise_type(&type_IndexError, "pop from empty bytearray");
    intptr_t i = -1;
    if (n == 2 && !vm_index(a[1], &i))
        return VALUE_NULL;
    if (i < 0)
        i += (intptr_t)b->len;
    if (i < 0 || (size_t)i >= b->len)
        return vm_raise_type(&type_IndexError, "pop index out of range");
    uint8_t v = b->data[i];
    memmove(b->data + i, b->data + i + 1, b->len - (size_t)i - 1);
    b->len--;
    return small_int(v);
}

static value_t ba_clear(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("clear", n, kw, 1, 1))
        return VALUE_NULL;
    as_bytearray(a[0])->len = 0;
    return VALUE_NONE;
}

static value_t ba_copy(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("copy", n, kw, 1, 1))
        return VALUE_NULL;
    return bytearray_new(as_bytearray(a[0])->data, as_bytearray(a[0])->len);
}

static const method_def_t bytearray_methods[] = {
    COMMON_METHODS, {"append", ba_append, 0}, {"extend", ba_extend_m, 0}, {"pop", ba_pop, 0},
    {"clear", ba_clear, 0}, {"copy", ba_copy, 0}, {0, 0, 0},
};

type_t type_bytearray = {
    .base = {&type_type}, .name = "bytearray", .parent = &type_object, .flags = TYPE_BASETYPE,
    .methods = bytearray_methods,
    .repr = bytearray_repr, .compare = b_compare, .len = bytearray_len,
    .binary_op = bytearray_binary_op, .getitem = bytearray_getitem, .setitem = bytearray_setitem,
    .contains = b_contains, .iter = bytes_iter, .make_new = bytes_make_new, .buffer = bytearray_buffer,
};

/* ---- memoryview ---- */
static inline memoryview_obj_t *as_mv(value_t v) { return (memoryview_obj_t *)v; }

static bool memoryview_buffer(value_t self, struct buffer_info *out, bool writable)
{
    memoryview_obj_t *m = as_mv(self);
    struct buffer_info b;
    if (!vm_get_buffer(m->owner, &b, writable))
        return false;
    size_t start = m->start < b.len ? m->start : b.len;
    size_t len = m->len < b.len - start ? m->len : b.len - start;
    out->data = b.data + start;
    out->len = len;
    out->readonly = m->readonly;
    return true;
}

static value_t memoryview_new(value_t owner, size_t start, size_t len, bool readonly)
{
    memoryview_obj_t *m = gc_alloc(sizeof *m, 0);
    if (!m)
        return VALUE_NULL;
    m->base.type = &type_memoryview;
    m->owner = owner;
    m->start = start;
    m->len = len;
    m->readonly = readonly;
    return obj_value(m);
}

static value_t memoryview_make_new(const type_t *type, const value_t *args, size_t nargs, value_t kw)
{
    (void)type;
    if (!arg_check("memoryview", nargs, kw, 1, 1))
        return VALUE_NULL;
    struct buffer_info b;
    if (!vm_get_buffer(args[0], &b, false)) {
        vm_take_exception();
        return vm_raise_type(&type_TypeError, "memoryview: a bytes-like object is required, not '%s'",
                             type_name_of(args[0]));
    }
    if (type_of(args[0]) == &type_memoryview) {
        memoryview_obj_t *m = as_mv(args[0]);
        return memoryview_new(m->owner, m->start, m->len, m->readonly);
    }
    return memoryview_new(args[0], 0, (size_t)-1 / 2, b.readonly);
}

static value_t memoryview_repr(value_t self)
{
    strbuf_t b;
    strbuf_init(&b);
    strbuf_printf(&b, "<memory at %p>", (void *)self);
    return strbuf_finish(&b);
}

static bool memoryview_len(value_t self, size_t *out)
{
    struct buffer_info b;
    if (!memoryview_buffer(self, &b, false))
        return false;
    *out = b.len;
    return true;
}

static value_t memoryview_getitem(value_t self, value_t key)
{
    struct buffer_info b;
    if (!memoryview_buffer(self, &b, false))
        return VALUE_NULL;
    memoryview_obj_t *m = as_mv(self);
    if (type_of(key) == &type_slice) {
        intptr_t start, stop, step;
        size_t count;
        if (!slice_indices(key, b.len, &start, &stop, &step, &count))
            return VALUE_NULL;
        if (step != 1)
            return vm_raise_type(&type_NotImplementedError, "memoryview: slices with a step are not supported");
        return memoryview_new(m->owner, m->start + (size_t)start, count, m->readonly);
    }
    size_t i;
    if (!vm_seq_index(key, b.len, &i, "memoryview"))
        return VALUE_NULL;
    return small_int(b.data[i]);
}

static int memoryview_setitem(value_t self, value_t key, value_t v)
{
    struct buffer_info b;
    memoryview_obj_t *m = as_mv(self);
    if (m->readonly || !v) {
        vm_raise_type(&type_TypeError, "cannot modify read-only memory");
        return -1;
    }
    if (!memoryview_buffer(self, &b, true))
        return -1;
    if (type_of(key) == &type_slice) {
        intptr_t start, stop, step;
        size_t count;
        struct buffer_info src;
        if (!slice_indices(key, b.len, &start, &stop, &step, &count) || !vm_get_buffer(v, &src, false))
            return -1;
        if (src.len != count || step != 1) {
            vm_raise_type(&type_ValueError, "memoryview assignment: lvalue and rvalue have different structures");
            return -1;
        }
        memmove(b.data + start, src.data, count);
        return 0;
    }
    size_t i;
    intptr_t x;
    if (!vm_seq_index(key, b.len, &i, "memoryview") || !vm_index(v, &x))
        return -1;
    if (x < 0 || x > 255) {
        vm_raise_type(&type_ValueError, "memoryview: invalid value for format 'B'");
        return -1;
    }
    b.data[i] = (uint8_t)x;
    return 0;
}

static value_t mv_tobytes(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("tobytes", n, kw, 1, 1))
        return VALUE_NULL;
    struct buffer_info b;
    if (!memoryview_buffer(a[0], &b, false))
        return VALUE_NULL;
    return bytes_new(b.data, b.len);
}

static value_t mv_tolist(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("tolist", n, kw, 1, 1))
        return VALUE_NULL;
    return list_from_iterable(a[0]);
}

static value_t mv_release(const value_t *a, size_t n, value_t kw)
{
    (void)a;
    if (!arg_check("release", n, kw, 1, 1))
        return VALUE_NULL;
    return VALUE_NONE;
}

static const method_def_t memoryview_methods[] = {
    {"tobytes", mv_tobytes, 0}, {"tolist", mv_tolist, 0}, {"release", mv_release, 0}, {"hex", m_hex, 0},
    {0, 0, 0},
};

type_t type_memoryview = {
    .base = {&type_type}, .name = "memoryview", .parent = &type_object, .methods = memoryview_methods,
    .repr = memoryview_repr, .len = memoryview_len, .getitem = memoryview_getitem,
    .setitem = memoryview_setitem, .iter = bytes_iter, .buffer = memoryview_buffer,
    .compare = b_compare, .make_new = memoryview_make_new,
};
