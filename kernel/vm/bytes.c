/* bytes (immutable, laid out like str), bytearray (mutable, separate
 * buffer) and memoryview (a window on either). */
#include "vm/obj.h"
#include "vm/gc.h"
#include "lib/string.h"

extern value_t bytes_repeat(value_t v, value_t count);
extern value_t bytes_percent_format(value_t fmt, value_t args);
/* Defined with the extra exception classes in builtins.c, absent from the
 * object-core test binary: weak, with a fallback where used. */
extern type_t type_BufferError __attribute__((weak));

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
static bool has_buffer(value_t v) { return is_obj(v) && type_of(v)->buffer != 0; }

/* type(obj).name(obj), or VALUE_MISSING when the type has no such method. */
static value_t call_special(value_t obj, const char *name)
{
    value_t n = str_intern_cstr(name);
    if (!n)
        return VALUE_NULL;
    value_t m = type_lookup(type_of(obj), n);
    if (m == VALUE_MISSING || !m)
        return m;
    return vm_call(m, &obj, 1, VALUE_NULL);
}

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

/* An item index of bytes/bytearray with CPython's messages ("index out of
 * range" for bytes, "bytearray index out of range"); objects with
 * __index__ are accepted, as everywhere a sequence is indexed. */
static bool byte_index(value_t key, size_t len, size_t *out, const char *what)
{
    intptr_t i;
    if (!is_int(key)) {
        value_t idx = call_special(key, "__index__");
        if (!idx || idx == VALUE_MISSING) {
            if (idx)
                vm_raise_type(&type_TypeError, "%s indices must be integers or slices, not %s",
                              !strcmp(what, "bytearray") ? "bytearray" : "byte", type_name_of(key));
            return false;
        }
        key = idx;
    }
    if (!vm_index(key, &i))
        return false;
    if (i < 0)
        i += (intptr_t)len;
    if (i < 0 || (size_t)i >= len) {
        if (!strcmp(what, "bytearray"))
            vm_raise_type(&type_IndexError, "bytearray index out of range");
        else
            vm_raise_type(&type_IndexError, "index out of range");
        return false;
    }
    *out = (size_t)i;
    return true;
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
        any_buffer(self, &b);
        if (step == 1)
            return make_like(self, b.data + start, count);
        strbuf_t sb;
        strbuf_init(&sb);
        for (size_t k = 0; k < count; k++)
            strbuf_add_char(&sb, (char)b.data[start + (intptr_t)k * step]);
        return strbuf_finish_bytes(&sb, type_of(self) == &type_bytearray ? &type_bytearray : &type_bytes);
    }
    size_t i;
    if (!byte_index(key, b.len, &i, what))
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
        return base == OP_MUL && vm_is_index(b) ? bytes_repeat(a, b) : VALUE_NOT_IMPLEMENTED;
    if (base == OP_ADD)
        return concat(a, b);
    if (base == OP_MUL && vm_is_index(b))
        return bytes_repeat(a, b);
    if (base == OP_MOD)
        return bytes_percent_format(a, b);
    return VALUE_NOT_IMPLEMENTED;
}

static value_t bytes_getitem(value_t self, value_t key) { return b_getitem_impl(self, key, "bytes"); }

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
value_t codec_encode(value_t s, value_t encoding, value_t errors);

static value_t bytes_from_object(value_t x, value_t encoding, value_t errors, const type_t *type)
{
    strbuf_t sb;
    strbuf_init(&sb);
    if (is_str(x)) {
        if (!encoding)
            return vm_raise_type(&type_TypeError, "string argument without an encoding");
        value_t r = codec_encode(x, encoding, errors);
        if (!r || type == &type_bytes)
            return r;
        return bytearray_new((const uint8_t *)str_data(r), str_len(r));
    }
    if (encoding || errors)
        return vm_raise_type(&type_TypeError, encoding ? "encoding without a string argument"
                                                       : "errors without a string argument");
    if (type == &type_bytes && !is_int(x) && !has_buffer(x)) {
        value_t r = call_special(x, "__bytes__");
        if (!r)
            return VALUE_NULL;
        if (r != VALUE_MISSING) {
            if (!is_bytes(r))
                return vm_raise_type(&type_TypeError, "__bytes__ returned non-bytes (type %s)", type_name_of(r));
            return r;
        }
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
    if (has_buffer(x) && any_buffer(x, &b)) {
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
    return bytes_from_object(a[0], a[1], a[2], type);
}

/* ---- methods shared by bytes and bytearray ---- */
static void list_reverse_in_place(value_t list)
{
    list_obj_t *l = as_list(list);
    for (size_t i = 0, j = l->len; i + 1 < j; i++, j--) {
        value_t t = l->items[i];
        l->items[i] = l->items[j - 1];
        l->items[j - 1] = t;
    }
}

value_t codec_encode(value_t s, value_t encoding, value_t errors);
value_t codec_decode(const uint8_t *data, size_t len, value_t encoding, value_t errors);

static const type_t *result_type(value_t self)
{
    return type_of(self) == &type_bytearray ? &type_bytearray : &type_bytes;
}


/* The needle of find/count/index...: bytes-like, or an int in range(256). */
static bool needle_arg(value_t v, struct buffer_info *out, uint8_t *one)
{
    if (is_int(v)) {
        intptr_t x;
        if (!vm_index(v, &x))
            return false;
        if (x < 0 || x > 255) {
            vm_raise_type(&type_ValueError, "byte must be in range(0, 256)");
            return false;
        }
        *one = (uint8_t)x;
        out->data = one;
        out->len = 1;
        return true;
    }
    if (!has_buffer(v) || !any_buffer(v, out)) {
        if (has_buffer(v))
            vm_take_exception();
        vm_raise_type(&type_TypeError, "argument should be integer or bytes-like object, not '%s'", type_name_of(v));
        return false;
    }
    return true;
}

/* A bytes-like argument that must be one (sep of partition, old/new of replace...). */
static bool bytes_arg(value_t v, struct buffer_info *out)
{
    if (!has_buffer(v) || !any_buffer(v, out)) {
        if (has_buffer(v))
            vm_take_exception();
        vm_raise_type(&type_TypeError, "a bytes-like object is required, not '%s'", type_name_of(v));
        return false;
    }
    return true;
}

/* start/end arguments as str.find takes them: None means the default,
 * negatives count from the end. *empty is set when start lies beyond len
 * (so even an empty needle is not found there). */
static bool range_args(const value_t *args, size_t nargs, size_t first, size_t len, size_t *start, size_t *end,
                       bool *beyond)
{
    intptr_t s = 0, e = (intptr_t)len, n = (intptr_t)len;
    if (nargs > first && args[first] != VALUE_NONE && !vm_index(args[first], &s))
        return false;
    if (nargs > first + 1 && args[first + 1] != VALUE_NONE && !vm_index(args[first + 1], &e))
        return false;
    if (s < 0 && (s += n) < 0)
        s = 0;
    if (e < 0 && (e += n) < 0)
        e = 0;
    if (e > n)
        e = n;
    *beyond = s > n || s > e;
    *start = (size_t)(s > n ? n : s);
    *end = (size_t)(e < (intptr_t)*start ? (intptr_t)*start : e);
    return true;
}

static intptr_t rfind_mem(const uint8_t *h, size_t start, size_t end, const uint8_t *n, size_t nl)
{
    if (end - start < nl)
        return -1;
    for (size_t i = end - nl + 1; i-- > start;)
        if (!nl || (h[i] == n[0] && !memcmp(h + i, n, nl)))
            return (intptr_t)i;
    return -1;
}

/* find / rfind / index / rindex */
static value_t find_impl(const value_t *args, size_t nargs, value_t kw, const char *name, bool reverse, bool raise)
{
    if (!arg_check(name, nargs, kw, 2, 4))
        return VALUE_NULL;
    struct buffer_info b, n;
    uint8_t one;
    size_t start, end;
    bool beyond;
    any_buffer(args[0], &b);
    if (!range_args(args, nargs, 2, b.len, &start, &end, &beyond) || !needle_arg(args[1], &n, &one))
        return VALUE_NULL;
    any_buffer(args[0], &b);
    intptr_t r = -1;
    if (!beyond) {
        if (reverse)
            r = rfind_mem(b.data, start, end, n.data, n.len);
        else {
            r = find_mem(b.data, end, n.data, n.len, start);
        }
    }
    if (r < 0 && raise)
        return vm_raise_type(&type_ValueError, "subsection not found");
    return small_int(r);
}

static value_t m_find(const value_t *a, size_t n, value_t kw) { return find_impl(a, n, kw, "find", false, false); }
static value_t m_rfind(const value_t *a, size_t n, value_t kw) { return find_impl(a, n, kw, "rfind", true, false); }
static value_t m_index(const value_t *a, size_t n, value_t kw) { return find_impl(a, n, kw, "index", false, true); }
static value_t m_rindex(const value_t *a, size_t n, value_t kw) { return find_impl(a, n, kw, "rindex", true, true); }

static value_t m_count(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("count", nargs, kw, 2, 4))
        return VALUE_NULL;
    struct buffer_info b, n;
    uint8_t one;
    size_t start, end;
    bool beyond;
    any_buffer(args[0], &b);
    if (!range_args(args, nargs, 2, b.len, &start, &end, &beyond) || !needle_arg(args[1], &n, &one))
        return VALUE_NULL;
    any_buffer(args[0], &b);
    if (beyond)
        return small_int(0);
    if (!n.len)
        return small_int((intptr_t)(end - start) + 1);
    intptr_t c = 0;
    for (intptr_t i = find_mem(b.data, end, n.data, n.len, start); i >= 0;
         i = find_mem(b.data, end, n.data, n.len, (size_t)i + n.len))
        c++;
    return small_int(c);
}

static value_t affix(const value_t *args, size_t nargs, value_t kw, bool at_end)
{
    const char *name = at_end ? "endswith" : "startswith";
    if (!arg_check(name, nargs, kw, 2, 4))
        return VALUE_NULL;
    struct buffer_info b, p;
    value_t *items;
    size_t n;
    value_t one = args[1];
    if (type_of(args[1]) == &type_tuple)
        seq_items(args[1], &items, &n);
    else {
        items = &one;
        n = 1;
    }
    size_t start, end;
    bool beyond;
    any_buffer(args[0], &b);
    if (!range_args(args, nargs, 2, b.len, &start, &end, &beyond))
        return VALUE_NULL;
    for (size_t i = 0; i < n; i++) {
        if (!has_buffer(items[i]) || !any_buffer(items[i], &p)) {
            if (has_buffer(items[i]))
                vm_take_exception();
            if (n == 1 && items == &one)
                return vm_raise_type(&type_TypeError, "%s first arg must be bytes or a tuple of bytes, not %s", name,
                                     type_name_of(items[i]));
            return vm_raise_type(&type_TypeError, "a bytes-like object is required, not '%s'", type_name_of(items[i]));
        }
        any_buffer(args[0], &b);
        if (!beyond && p.len <= end - start &&
            !memcmp(b.data + (at_end ? end - p.len : start), p.data, p.len))
            return VALUE_TRUE;
    }
    return VALUE_FALSE;
}

static value_t m_startswith(const value_t *a, size_t n, value_t kw) { return affix(a, n, kw, false); }
static value_t m_endswith(const value_t *a, size_t n, value_t kw) { return affix(a, n, kw, true); }

static value_t m_decode(const value_t *args, size_t nargs, value_t kw)
{
    static const char *const names[] = {"self", "encoding", "errors"};
    value_t a[3];
    if (!arg_parse("decode", args, nargs, kw, 3, names, a, 1))
        return VALUE_NULL;
    struct buffer_info b;
    any_buffer(a[0], &b);
    return codec_decode(b.data, b.len, a[1], a[2]);
}

/* hex(sep=None, bytes_per_sep=1): a positive group size counts from the right. */
static value_t hex_impl(const uint8_t *data, size_t len, value_t sep_v, value_t per_v)
{
    char sep = 0;
    intptr_t per = 1;
    if (sep_v && sep_v != VALUE_NONE) {
        struct buffer_info sb;
        if (is_str(sep_v)) {
            if (str_len(sep_v) != 1 || (uint8_t)str_data(sep_v)[0] >= 0x80)
                return vm_raise_type(&type_ValueError, "sep must be ASCII.");
            sep = str_data(sep_v)[0];
        } else if (has_buffer(sep_v) && any_buffer(sep_v, &sb)) {
            if (sb.len != 1)
                return vm_raise_type(&type_ValueError, "sep must be length 1.");
            sep = (char)sb.data[0];
        } else
            return vm_raise_type(&type_TypeError, "sep must be str or bytes.");
        if (per_v && !vm_index(per_v, &per))
            return VALUE_NULL;
    }
    strbuf_t sb;
    strbuf_init(&sb);
    size_t group = (size_t)(per < 0 ? -per : per);
    for (size_t i = 0; i < len; i++) {
        if (sep && i && group) {
            /* from the right: a separator where the remaining count is a multiple */
            bool cut = per > 0 ? (len - i) % group == 0 : i % group == 0;
            if (cut)
                strbuf_add_char(&sb, sep);
        }
        strbuf_add_char(&sb, "0123456789abcdef"[data[i] >> 4]);
        strbuf_add_char(&sb, "0123456789abcdef"[data[i] & 15]);
    }
    return strbuf_finish(&sb);
}

static value_t m_hex(const value_t *args, size_t nargs, value_t kw)
{
    static const char *const names[] = {"self", "sep", "bytes_per_sep"};
    value_t a[3];
    if (!arg_parse("hex", args, nargs, kw, 3, names, a, 1))
        return VALUE_NULL;
    struct buffer_info b;
    if (!any_buffer(a[0], &b))
        return VALUE_NULL;
    return hex_impl(b.data, b.len, a[1], a[2]);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') return (c | 0x20) - 'a' + 10;
    return -1;
}

static bool is_ws(uint8_t c) { return c == ' ' || (c >= 9 && c <= 13); }

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
        if (is_ws((uint8_t)s[i])) {
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
        value_t x = as_list(list)->items[i];
        if (!has_buffer(x) || !any_buffer(x, &item)) {
            strbuf_free(&sb);
            if (has_buffer(x))
                vm_take_exception();
            return vm_raise_type(&type_TypeError, "sequence item %zu: expected a bytes-like object, %s found", i,
                                 type_name_of(x));
        }
        strbuf_add(&sb, (const char *)item.data, item.len);
    }
    return strbuf_finish_bytes(&sb, result_type(args[0]));
}

static value_t m_replace(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("replace", nargs, kw, 3, 4))
        return VALUE_NULL;
    struct buffer_info b, o, n;
    intptr_t count = -1;
    if (nargs == 4 && !vm_index(args[3], &count))
        return VALUE_NULL;
    if (!bytes_arg(args[1], &o) || !bytes_arg(args[2], &n))
        return VALUE_NULL;
    any_buffer(args[0], &b);
    any_buffer(args[1], &o);
    strbuf_t sb;
    strbuf_init(&sb);
    if (!o.len) {
        /* an empty pattern matches before every byte and at the end */
        size_t i = 0;
        for (; i <= b.len; i++) {
            if (count >= 0 && (intptr_t)i >= count)
                break;
            strbuf_add(&sb, (const char *)n.data, n.len);
            if (i < b.len)
                strbuf_add_char(&sb, (char)b.data[i]);
        }
        if (i < b.len)
            strbuf_add(&sb, (const char *)b.data + i, b.len - i);
        return strbuf_finish_bytes(&sb, result_type(args[0]));
    }
    size_t start = 0;
    intptr_t i, done = 0;
    while ((count < 0 || done < count) && (i = find_mem(b.data, b.len, o.data, o.len, start)) >= 0) {
        strbuf_add(&sb, (const char *)b.data + start, (size_t)i - start);
        strbuf_add(&sb, (const char *)n.data, n.len);
        start = (size_t)i + o.len;
        done++;
    }
    strbuf_add(&sb, (const char *)b.data + start, b.len - start);
    return strbuf_finish_bytes(&sb, result_type(args[0]));
}

static bool memchr_has(const uint8_t *p, size_t n, uint8_t c)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] == c)
            return true;
    return false;
}

static bool split_args(const char *name, const value_t *args, size_t nargs, value_t kw, value_t *a, intptr_t *max)
{
    static const char *const names[] = {"self", "sep", "maxsplit"};
    if (!arg_parse(name, args, nargs, kw, 3, names, a, 1))
        return false;
    *max = -1;
    if (a[2] && !vm_index(a[2], max))
        return false;
    if (a[1] == VALUE_NONE)
        a[1] = VALUE_NULL;
    return true;
}

static value_t split_impl(const value_t *args, size_t nargs, value_t kw, bool reverse)
{
    value_t a[3];
    intptr_t max;
    if (!split_args(reverse ? "rsplit" : "split", args, nargs, kw, a, &max))
        return VALUE_NULL;
    struct buffer_info b, s;
    if (a[1]) {
        if (!bytes_arg(a[1], &s))
            return VALUE_NULL;
        if (!s.len)
            return vm_raise_type(&type_ValueError, "empty separator");
    }
    value_t list = list_new(0);
    if (!list)
        return VALUE_NULL;
    any_buffer(a[0], &b);
    /* Pieces are collected as (start, end) first: making them allocates,
     * and a bytearray's data may not move meanwhile, but pointers into it
     * are re-read after every allocation anyway. */
    size_t len = b.len;
    intptr_t splits = 0;
    if (!a[1]) {
        if (!reverse) {
            size_t i = 0;
            while (i < len) {
                any_buffer(a[0], &b);
                while (i < len && is_ws(b.data[i]))
                    i++;
                if (i == len)
                    break;
                size_t st = i;
                if (max >= 0 && splits >= max)
                    i = len;
                else
                    while (i < len && !is_ws(b.data[i]))
                        i++;
                size_t e = i;   /* the rest after maxsplit keeps its trailing whitespace */
                value_t part = make_like(a[0], b.data + st, e - st);
                if (!part || !list_append(list, part))
                    return VALUE_NULL;
                splits++;
            }
            return list;
        }
        size_t i = len;
        while (i > 0) {
            any_buffer(a[0], &b);
            while (i > 0 && is_ws(b.data[i - 1]))
                i--;
            if (!i)
                break;
            size_t e = i, st;
            if (max >= 0 && splits >= max) {
                st = 0;         /* the rest keeps its leading whitespace */
                i = 0;
            } else {
                while (i > 0 && !is_ws(b.data[i - 1]))
                    i--;
                st = i;
            }
            value_t part = make_like(a[0], b.data + st, e - st);
            if (!part || !list_append(list, part))
                return VALUE_NULL;
            splits++;
        }
        list_reverse_in_place(list);
        return list;
    }
    if (!reverse) {
        size_t start = 0;
        for (;;) {
            any_buffer(a[0], &b);
            any_buffer(a[1], &s);
            intptr_t i = max >= 0 && splits >= max ? -1 : find_mem(b.data, b.len, s.data, s.len, start);
            size_t end = i < 0 ? b.len : (size_t)i;
            value_t part = make_like(a[0], b.data + start, end - start);
            if (!part || !list_append(list, part))
                return VALUE_NULL;
            if (i < 0)
                return list;
            start = (size_t)i + s.len;
            splits++;
        }
    }
    size_t end = len;
    for (;;) {
        any_buffer(a[0], &b);
        any_buffer(a[1], &s);
        intptr_t i = max >= 0 && splits >= max ? -1 : rfind_mem(b.data, 0, end, s.data, s.len);
        size_t st = i < 0 ? 0 : (size_t)i + s.len;
        value_t part = make_like(a[0], b.data + st, end - st);
        if (!part || !list_append(list, part))
            return VALUE_NULL;
        if (i < 0)
            break;
        end = (size_t)i;
        splits++;
    }
    list_reverse_in_place(list);
    return list;
}

static value_t m_split(const value_t *a, size_t n, value_t kw) { return split_impl(a, n, kw, false); }
static value_t m_rsplit(const value_t *a, size_t n, value_t kw) { return split_impl(a, n, kw, true); }

static value_t partition_impl(const value_t *args, size_t nargs, value_t kw, bool reverse)
{
    if (!arg_check(reverse ? "rpartition" : "partition", nargs, kw, 2, 2))
        return VALUE_NULL;
    struct buffer_info b, s;
    if (!bytes_arg(args[1], &s))
        return VALUE_NULL;
    if (!s.len)
        return vm_raise_type(&type_ValueError, "empty separator");
    any_buffer(args[0], &b);
    intptr_t i = reverse ? rfind_mem(b.data, 0, b.len, s.data, s.len) : find_mem(b.data, b.len, s.data, s.len, 0);
    value_t parts[3];
    if (i < 0) {
        value_t whole = make_like(args[0], b.data, b.len);
        value_t empty = make_like(args[0], 0, 0);
        value_t empty2 = make_like(args[0], 0, 0);
        if (!whole || !empty || !empty2)
            return VALUE_NULL;
        if (type_of(args[0]) == &type_bytes)
            whole = args[0];
        parts[0] = reverse ? empty : whole;
        parts[1] = empty2;
        parts[2] = reverse ? whole : empty;
    } else {
        size_t at = (size_t)i, sl = s.len;
        parts[0] = make_like(args[0], b.data, at);
        any_buffer(args[0], &b);
        any_buffer(args[1], &s);
        parts[1] = make_like(args[0], s.data, sl);
        any_buffer(args[0], &b);
        parts[2] = parts[0] && parts[1] ? make_like(args[0], b.data + at + sl, b.len - at - sl) : VALUE_NULL;
        if (!parts[2])
            return VALUE_NULL;
    }
    value_t t = tuple_new(3);
    if (!t)
        return VALUE_NULL;
    for (int k = 0; k < 3; k++)
        as_tuple(t)->items[k] = parts[k];
    return t;
}

static value_t m_partition(const value_t *a, size_t n, value_t kw) { return partition_impl(a, n, kw, false); }
static value_t m_rpartition(const value_t *a, size_t n, value_t kw) { return partition_impl(a, n, kw, true); }

static value_t m_splitlines(const value_t *args, size_t nargs, value_t kw)
{
    static const char *const names[] = {"self", "keepends"};
    value_t a[2];
    if (!arg_parse("splitlines", args, nargs, kw, 2, names, a, 1))
        return VALUE_NULL;
    bool keep = a[1] && vm_truth(a[1]) > 0;
    value_t list = list_new(0);
    if (!list)
        return VALUE_NULL;
    struct buffer_info b;
    any_buffer(a[0], &b);
    size_t i = 0, len = b.len;
    while (i < len) {
        any_buffer(a[0], &b);
        size_t st = i;
        while (i < len && b.data[i] != '\n' && b.data[i] != '\r')
            i++;
        size_t e = i;
        if (i < len) {
            i += (b.data[i] == '\r' && i + 1 < len && b.data[i + 1] == '\n') ? 2 : 1;
            if (keep)
                e = i;
        }
        value_t part = make_like(a[0], b.data + st, e - st);
        if (!part || !list_append(list, part))
            return VALUE_NULL;
    }
    return list;
}

static value_t strip_impl(const value_t *args, size_t nargs, value_t kw, int mode)
{
    if (!arg_check(mode == 3 ? "strip" : mode == 1 ? "lstrip" : "rstrip", nargs, kw, 1, 2))
        return VALUE_NULL;
    struct buffer_info b, c = {0, 0, true};
    if (nargs == 2 && args[1] != VALUE_NONE && !bytes_arg(args[1], &c))
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

static bool is_lower_c(uint8_t c) { return c >= 'a' && c <= 'z'; }
static bool is_upper_c(uint8_t c) { return c >= 'A' && c <= 'Z'; }
static bool is_alpha_c(uint8_t c) { return is_lower_c(c) || is_upper_c(c); }
static bool is_digit_c(uint8_t c) { return c >= '0' && c <= '9'; }

enum { CASE_LOWER, CASE_UPPER, CASE_SWAP, CASE_CAPITALIZE, CASE_TITLE };

static value_t case_impl(const value_t *args, size_t nargs, value_t kw, int mode, const char *name)
{
    if (!arg_check(name, nargs, kw, 1, 1))
        return VALUE_NULL;
    struct buffer_info b;
    any_buffer(args[0], &b);
    strbuf_t sb;
    strbuf_init(&sb);
    bool prev_cased = false;
    for (size_t i = 0; i < b.len; i++) {
        uint8_t c = b.data[i];
        bool up;
        switch (mode) {
        case CASE_LOWER: up = false; break;
        case CASE_UPPER: up = true; break;
        case CASE_SWAP: up = is_lower_c(c); break;
        case CASE_CAPITALIZE: up = i == 0; break;
        default: up = !prev_cased; break;
        }
        prev_cased = is_alpha_c(c);
        if (up && is_lower_c(c)) c -= 32;
        else if (!up && is_upper_c(c)) c += 32;
        strbuf_add_char(&sb, (char)c);
    }
    return strbuf_finish_bytes(&sb, result_type(args[0]));
}

static value_t m_upper(const value_t *a, size_t n, value_t kw) { return case_impl(a, n, kw, CASE_UPPER, "upper"); }
static value_t m_lower(const value_t *a, size_t n, value_t kw) { return case_impl(a, n, kw, CASE_LOWER, "lower"); }
static value_t m_swapcase(const value_t *a, size_t n, value_t kw) { return case_impl(a, n, kw, CASE_SWAP, "swapcase"); }
static value_t m_capitalize(const value_t *a, size_t n, value_t kw)
{
    return case_impl(a, n, kw, CASE_CAPITALIZE, "capitalize");
}
static value_t m_title(const value_t *a, size_t n, value_t kw) { return case_impl(a, n, kw, CASE_TITLE, "title"); }

enum { PRED_ALNUM, PRED_ALPHA, PRED_ASCII, PRED_DIGIT, PRED_LOWER, PRED_UPPER, PRED_SPACE, PRED_TITLE };

static value_t pred_impl(const value_t *args, size_t nargs, value_t kw, int pred)
{
    if (!arg_check("is", nargs, kw, 1, 1))
        return VALUE_NULL;
    struct buffer_info b;
    any_buffer(args[0], &b);
    if (pred == PRED_ASCII) {
        for (size_t i = 0; i < b.len; i++)
            if (b.data[i] >= 0x80)
                return VALUE_FALSE;
        return VALUE_TRUE;
    }
    if (!b.len)
        return VALUE_FALSE;
    if (pred == PRED_LOWER || pred == PRED_UPPER) {
        bool cased = false;
        for (size_t i = 0; i < b.len; i++) {
            if (pred == PRED_LOWER ? is_upper_c(b.data[i]) : is_lower_c(b.data[i]))
                return VALUE_FALSE;
            cased |= is_alpha_c(b.data[i]);
        }
        return bool_value(cased);
    }
    if (pred == PRED_TITLE) {
        bool prev_cased = false, any = false;
        for (size_t i = 0; i < b.len; i++) {
            uint8_t c = b.data[i];
            if (is_upper_c(c)) {
                if (prev_cased)
                    return VALUE_FALSE;
                prev_cased = any = true;
            } else if (is_lower_c(c)) {
                if (!prev_cased)
                    return VALUE_FALSE;
                prev_cased = any = true;
            } else
                prev_cased = false;
        }
        return bool_value(any);
    }
    for (size_t i = 0; i < b.len; i++) {
        uint8_t c = b.data[i];
        bool ok;
        switch (pred) {
        case PRED_ALNUM: ok = is_alpha_c(c) || is_digit_c(c); break;
        case PRED_ALPHA: ok = is_alpha_c(c); break;
        case PRED_DIGIT: ok = is_digit_c(c); break;
        default: ok = is_ws(c); break;
        }
        if (!ok)
            return VALUE_FALSE;
    }
    return VALUE_TRUE;
}

static value_t m_isalnum(const value_t *a, size_t n, value_t kw) { return pred_impl(a, n, kw, PRED_ALNUM); }
static value_t m_isalpha(const value_t *a, size_t n, value_t kw) { return pred_impl(a, n, kw, PRED_ALPHA); }
static value_t m_isascii(const value_t *a, size_t n, value_t kw) { return pred_impl(a, n, kw, PRED_ASCII); }
static value_t m_isdigit(const value_t *a, size_t n, value_t kw) { return pred_impl(a, n, kw, PRED_DIGIT); }
static value_t m_islower(const value_t *a, size_t n, value_t kw) { return pred_impl(a, n, kw, PRED_LOWER); }
static value_t m_isupper(const value_t *a, size_t n, value_t kw) { return pred_impl(a, n, kw, PRED_UPPER); }
static value_t m_isspace(const value_t *a, size_t n, value_t kw) { return pred_impl(a, n, kw, PRED_SPACE); }
static value_t m_istitle(const value_t *a, size_t n, value_t kw) { return pred_impl(a, n, kw, PRED_TITLE); }

/* center / ljust / rjust: fill must be a single byte */
static value_t pad_impl(const value_t *args, size_t nargs, value_t kw, const char *name, char align)
{
    if (!arg_check(name, nargs, kw, 2, 3))
        return VALUE_NULL;
    intptr_t width;
    if (!vm_index(args[1], &width))
        return VALUE_NULL;
    uint8_t fill = ' ';
    if (nargs == 3) {
        struct buffer_info f;
        bool ok = (is_bytes(args[2]) || type_of(args[2]) == &type_bytearray) && any_buffer(args[2], &f) && f.len == 1;
        if (!ok)
            return vm_raise_type(&type_TypeError, "%s() argument 2 must be a byte string of length 1, not %s", name,
                                 type_name_of(args[2]));
        fill = f.data[0];
    }
    struct buffer_info b;
    any_buffer(args[0], &b);
    if (width <= (intptr_t)b.len)
        return type_of(args[0]) == &type_bytes ? args[0] : make_like(args[0], b.data, b.len);
    size_t pad = (size_t)width - b.len, left;
    if (align == '<') left = 0;
    else if (align == '>') left = pad;
    else left = pad / 2 + (pad & (size_t)width & 1);   /* CPython's rounding for odd padding */
    strbuf_t sb;
    strbuf_init(&sb);
    for (size_t i = 0; i < left; i++)
        strbuf_add_char(&sb, (char)fill);
    strbuf_add(&sb, (const char *)b.data, b.len);
    for (size_t i = left; i < pad; i++)
        strbuf_add_char(&sb, (char)fill);
    return strbuf_finish_bytes(&sb, result_type(args[0]));
}

static value_t m_center(const value_t *a, size_t n, value_t kw) { return pad_impl(a, n, kw, "center", '^'); }
static value_t m_ljust(const value_t *a, size_t n, value_t kw) { return pad_impl(a, n, kw, "ljust", '<'); }
static value_t m_rjust(const value_t *a, size_t n, value_t kw) { return pad_impl(a, n, kw, "rjust", '>'); }

static value_t m_zfill(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("zfill", nargs, kw, 2, 2))
        return VALUE_NULL;
    intptr_t width;
    if (!vm_index(args[1], &width))
        return VALUE_NULL;
    struct buffer_info b;
    any_buffer(args[0], &b);
    if (width <= (intptr_t)b.len)
        return type_of(args[0]) == &type_bytes ? args[0] : make_like(args[0], b.data, b.len);
    strbuf_t sb;
    strbuf_init(&sb);
    size_t skip = b.len && (b.data[0] == '+' || b.data[0] == '-');
    strbuf_add(&sb, (const char *)b.data, skip);
    for (size_t i = b.len; i < (size_t)width; i++)
        strbuf_add_char(&sb, '0');
    strbuf_add(&sb, (const char *)b.data + skip, b.len - skip);
    return strbuf_finish_bytes(&sb, result_type(args[0]));
}

static value_t m_expandtabs(const value_t *args, size_t nargs, value_t kw)
{
    static const char *const names[] = {"self", "tabsize"};
    value_t a[2];
    if (!arg_parse("expandtabs", args, nargs, kw, 2, names, a, 1))
        return VALUE_NULL;
    intptr_t tab = 8;
    if (a[1] && !vm_index(a[1], &tab))
        return VALUE_NULL;
    struct buffer_info b;
    any_buffer(a[0], &b);
    strbuf_t sb;
    strbuf_init(&sb);
    size_t col = 0;
    for (size_t i = 0; i < b.len; i++) {
        uint8_t c = b.data[i];
        if (c == '\t') {
            if (tab > 0) {
                size_t spaces = (size_t)tab - col % (size_t)tab;
                for (size_t k = 0; k < spaces; k++)
                    strbuf_add_char(&sb, ' ');
                col += spaces;
            }
        } else {
            strbuf_add_char(&sb, (char)c);
            col = c == '\n' || c == '\r' ? 0 : col + 1;
        }
    }
    return strbuf_finish_bytes(&sb, result_type(a[0]));
}

static value_t affix_remove(const value_t *args, size_t nargs, value_t kw, bool suffix)
{
    if (!arg_check(suffix ? "removesuffix" : "removeprefix", nargs, kw, 2, 2))
        return VALUE_NULL;
    struct buffer_info b, p;
    if (!bytes_arg(args[1], &p))
        return VALUE_NULL;
    any_buffer(args[0], &b);
    if (p.len && p.len <= b.len && !memcmp(b.data + (suffix ? b.len - p.len : 0), p.data, p.len))
        return make_like(args[0], b.data + (suffix ? 0 : p.len), b.len - p.len);
    return type_of(args[0]) == &type_bytes ? args[0] : make_like(args[0], b.data, b.len);
}

static value_t m_removeprefix(const value_t *a, size_t n, value_t kw) { return affix_remove(a, n, kw, false); }
static value_t m_removesuffix(const value_t *a, size_t n, value_t kw) { return affix_remove(a, n, kw, true); }

static value_t m_translate(const value_t *args, size_t nargs, value_t kw)
{
    static const char *const names[] = {"self", "table", "delete"};
    value_t a[3];
    if (!arg_parse("translate", args, nargs, kw, 3, names, a, 2))
        return VALUE_NULL;
    struct buffer_info t = {0, 0, true}, d = {0, 0, true}, b;
    if (a[1] != VALUE_NONE) {
        if (!bytes_arg(a[1], &t))
            return VALUE_NULL;
        if (t.len != 256)
            return vm_raise_type(&type_ValueError, "translation table must be 256 characters long");
    }
    if (a[2] && !bytes_arg(a[2], &d))
        return VALUE_NULL;
    bool drop[256] = {false};
    for (size_t i = 0; i < d.len; i++)
        drop[d.data[i]] = true;
    if (a[1] != VALUE_NONE)
        any_buffer(a[1], &t);
    any_buffer(a[0], &b);
    strbuf_t sb;
    strbuf_init(&sb);
    for (size_t i = 0; i < b.len; i++)
        if (!drop[b.data[i]])
            strbuf_add_char(&sb, (char)(t.data ? t.data[b.data[i]] : b.data[i]));
    return strbuf_finish_bytes(&sb, result_type(a[0]));
}

static value_t m_maketrans(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("maketrans", nargs, kw, 2, 2))
        return VALUE_NULL;
    struct buffer_info f, t;
    if (!bytes_arg(args[0], &f) || !bytes_arg(args[1], &t))
        return VALUE_NULL;
    if (f.len != t.len)
        return vm_raise_type(&type_ValueError, "maketrans arguments must have same length");
    uint8_t table[256];
    for (int i = 0; i < 256; i++)
        table[i] = (uint8_t)i;
    for (size_t i = 0; i < f.len; i++)
        table[f.data[i]] = t.data[i];
    return bytes_new(table, 256);
}

static value_t m_bytes_dunder(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("__bytes__", nargs, kw, 1, 1))
        return VALUE_NULL;
    struct buffer_info b;
    any_buffer(args[0], &b);
    return bytes_new(b.data, b.len);
}

#define COMMON_METHODS                                                                                  \
    {"decode", m_decode, 0}, {"hex", m_hex, 0}, {"fromhex", m_fromhex, METHOD_CLASS},                   \
    {"maketrans", m_maketrans, METHOD_STATIC}, {"join", m_join, 0}, {"startswith", m_startswith, 0},    \
    {"endswith", m_endswith, 0}, {"find", m_find, 0}, {"rfind", m_rfind, 0}, {"index", m_index, 0},     \
    {"rindex", m_rindex, 0}, {"count", m_count, 0}, {"replace", m_replace, 0}, {"split", m_split, 0},   \
    {"rsplit", m_rsplit, 0}, {"partition", m_partition, 0}, {"rpartition", m_rpartition, 0},            \
    {"splitlines", m_splitlines, 0}, {"strip", m_strip, 0}, {"lstrip", m_lstrip, 0},                    \
    {"rstrip", m_rstrip, 0}, {"upper", m_upper, 0}, {"lower", m_lower, 0}, {"swapcase", m_swapcase, 0}, \
    {"capitalize", m_capitalize, 0}, {"title", m_title, 0}, {"isalnum", m_isalnum, 0},                  \
    {"isalpha", m_isalpha, 0}, {"isascii", m_isascii, 0}, {"isdigit", m_isdigit, 0},                    \
    {"islower", m_islower, 0}, {"isupper", m_isupper, 0}, {"isspace", m_isspace, 0},                    \
    {"istitle", m_istitle, 0}, {"center", m_center, 0}, {"ljust", m_ljust, 0}, {"rjust", m_rjust, 0},   \
    {"zfill", m_zfill, 0}, {"expandtabs", m_expandtabs, 0}, {"removeprefix", m_removeprefix, 0},        \
    {"removesuffix", m_removesuffix, 0}, {"translate", m_translate, 0}

static const method_def_t bytes_methods[] = {COMMON_METHODS, {"__bytes__", m_bytes_dunder, 0}, {0, 0, 0}};

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
        vm_raise_type(&type_BufferError ? &type_BufferError : &type_ValueError,
                      "Existing exports of data: object cannot be re-sized");
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
    if (has_buffer(other) && any_buffer(other, &o)) {
        bytearray_obj_t *b = as_bytearray(self);
        if (!ba_reserve(b, b->len + o.len))
            return false;
        any_buffer(other, &o);
        memmove(b->data + b->len, o.data, o.len);
        b->len += o.len;
        return true;
    }
    if (is_str(other)) {
        vm_raise_type(&type_TypeError, "expected iterable of integers; got: 'str'");
        return false;
    }
    value_t tmp = bytes_from_object(other, VALUE_NULL, VALUE_NULL, &type_bytes);
    return tmp && ba_extend(self, tmp);
}

static value_t bytearray_binary_op(int op, value_t a, value_t b)
{
    if ((op & OP_INPLACE) && OP_BASE(op) == OP_ADD) {
        if (!has_buffer(b))
            return vm_raise_type(&type_TypeError, "can't concat %s to bytearray", type_name_of(b));
        return ba_extend(a, b) ? a : VALUE_NULL;
    }
    if (OP_BASE(op) == OP_ADD && !(op & OP_REFLECTED))
        return concat(a, b);
    if (OP_BASE(op) == OP_MUL && vm_is_index(b)) {
        value_t r = bytes_repeat(bytes_new(as_bytearray(a)->data, as_bytearray(a)->len), b);
        if (!r)
            return VALUE_NULL;
        if (op & OP_INPLACE) {
            /* a *= n keeps the same object */
            bytearray_obj_t *ba = as_bytearray(a);
            if (!ba_reserve(ba, str_len(r)))
                return VALUE_NULL;
            memcpy(ba->data, str_data(r), str_len(r));
            ba->len = str_len(r);
            return a;
        }
        return bytearray_new((const uint8_t *)str_data(r), str_len(r));
    }
    if (OP_BASE(op) == OP_MOD && !(op & OP_REFLECTED)) {
        value_t r = bytes_percent_format(a, b);
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
        if (!v && step != 1) {
            /* del ba[::k]: compact the survivors in one pass */
            if (step < 0) {
                start += (intptr_t)(count - 1) * step;
                step = -step;
            }
            size_t w = 0;
            for (size_t r = 0; r < b->len; r++) {
                bool hit = (intptr_t)r >= start && ((intptr_t)r - start) % step == 0 &&
                           ((intptr_t)r - start) / step < (intptr_t)count;
                if (!hit)
                    b->data[w++] = b->data[r];
            }
            b->len = w;
            return 0;
        }
        if (v && is_int(v)) {
            vm_raise_type(&type_TypeError, "can assign only bytes, buffers, or iterables of ints in range(0, 256)");
            return -1;
        }
        value_t src = v ? bytes_from_object(v, VALUE_NULL, VALUE_NULL, &type_bytes) : bytes_new(0, 0);
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
    if (!byte_index(key, b->len, &i, "bytearray"))
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

static bool byte_value(value_t v, uint8_t *out)
{
    intptr_t x;
    if (!is_int(v)) {
        vm_raise_type(&type_TypeError, "'%s' object cannot be interpreted as an integer", type_name_of(v));
        return false;
    }
    if (!vm_index(v, &x))
        return false;
    if (x < 0 || x > 255) {
        vm_raise_type(&type_ValueError, "byte must be in range(0, 256)");
        return false;
    }
    *out = (uint8_t)x;
    return true;
}

static value_t ba_append(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("append", n, kw, 2, 2))
        return VALUE_NULL;
    uint8_t x;
    if (!byte_value(a[1], &x))
        return VALUE_NULL;
    bytearray_obj_t *b = as_bytearray(a[0]);
    if (!ba_reserve(b, b->len + 1))
        return VALUE_NULL;
    b->data[b->len++] = x;
    return VALUE_NONE;
}

static value_t ba_insert(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("insert", n, kw, 3, 3))
        return VALUE_NULL;
    intptr_t i;
    uint8_t x;
    if (!vm_index(a[1], &i) || !byte_value(a[2], &x))
        return VALUE_NULL;
    bytearray_obj_t *b = as_bytearray(a[0]);
    intptr_t len = (intptr_t)b->len;
    if (i < 0 && (i += len) < 0)
        i = 0;
    if (i > len)
        i = len;
    if (!ba_reserve(b, b->len + 1))
        return VALUE_NULL;
    memmove(b->data + i + 1, b->data + i, b->len - (size_t)i);
    b->data[i] = x;
    b->len++;
    return VALUE_NONE;
}

static value_t ba_remove(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("remove", n, kw, 2, 2))
        return VALUE_NULL;
    uint8_t x;
    if (!byte_value(a[1], &x))
        return VALUE_NULL;
    bytearray_obj_t *b = as_bytearray(a[0]);
    for (size_t i = 0; i < b->len; i++)
        if (b->data[i] == x) {
            memmove(b->data + i, b->data + i + 1, b->len - i - 1);
            b->len--;
            return VALUE_NONE;
        }
    return vm_raise_type(&type_ValueError, "value not found in bytearray");
}

static value_t ba_reverse(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("reverse", n, kw, 1, 1))
        return VALUE_NULL;
    bytearray_obj_t *b = as_bytearray(a[0]);
    for (size_t i = 0, j = b->len; i + 1 < j; i++, j--) {
        uint8_t t = b->data[i];
        b->data[i] = b->data[j - 1];
        b->data[j - 1] = t;
    }
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
    {"clear", ba_clear, 0}, {"copy", ba_copy, 0}, {"insert", ba_insert, 0}, {"remove", ba_remove, 0},
    {"reverse", ba_reverse, 0}, {0, 0, 0},
};

type_t type_bytearray = {
    .base = {&type_type}, .name = "bytearray", .parent = &type_object, .flags = TYPE_BASETYPE,
    .methods = bytearray_methods,
    .repr = bytearray_repr, .compare = b_compare, .len = bytearray_len,
    .binary_op = bytearray_binary_op, .getitem = bytearray_getitem, .setitem = bytearray_setitem,
    .contains = b_contains, .iter = bytes_iter, .make_new = bytes_make_new, .buffer = bytearray_buffer,
};

/* ---- memoryview ----
 * A window on a bytes/bytearray: item i is at owner byte start + i*step,
 * itemsize bytes long, decoded by format. The item count is re-clamped to
 * the owner's current length on every access (a bytearray may shrink). */
static inline memoryview_obj_t *as_mv(value_t v) { return (memoryview_obj_t *)v; }

static bool mv_alive(memoryview_obj_t *m)
{
    if (m->released) {
        vm_raise_type(&type_ValueError, "operation forbidden on released memoryview object");
        return false;
    }
    return true;
}

/* The owner's bytes and the number of items of the view that fit in them. */
static bool mv_span(value_t self, struct buffer_info *owner, size_t *count, bool writable)
{
    memoryview_obj_t *m = as_mv(self);
    if (!mv_alive(m) || !vm_get_buffer(m->owner, owner, writable))
        return false;
    size_t item = m->itemsize ? m->itemsize : 1;
    intptr_t step = m->step ? m->step : (intptr_t)item;
    size_t n = 0;
    if (m->start + item <= owner->len) {
        if (step > 0)
            n = (owner->len - m->start - item) / (size_t)step + 1;
        else
            n = m->start / (size_t)(-step) + 1;
    }
    *count = n < m->len ? n : m->len;
    return true;
}

static bool mv_contiguous(memoryview_obj_t *m)
{
    size_t item = m->itemsize ? m->itemsize : 1;
    return !m->step || m->step == (intptr_t)item;
}

static bool memoryview_buffer(value_t self, struct buffer_info *out, bool writable)
{
    memoryview_obj_t *m = as_mv(self);
    struct buffer_info b;
    size_t count;
    if (!mv_span(self, &b, &count, writable))
        return false;
    size_t item = m->itemsize ? m->itemsize : 1;
    if (mv_contiguous(m)) {
        out->data = b.data + m->start;
        out->len = count * item;
        out->readonly = m->readonly;
        return true;
    }
    if (writable) {
        vm_raise_type(&type_BufferError ? &type_BufferError : &type_TypeError,
                      "memoryview: underlying buffer is not C-contiguous");
        return false;
    }
    /* A strided view is read through a contiguous copy (the C stack keeps
     * the copy alive: interior pointers are roots there). */
    str_obj_t *copy = str_alloc(&type_bytes, count * item);
    if (!copy)
        return false;
    for (size_t k = 0; k < count; k++)
        memcpy(copy->data + k * item, b.data + (intptr_t)m->start + (intptr_t)k * m->step, item);
    out->data = (uint8_t *)copy->data;
    out->len = count * item;
    out->readonly = true;
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
    m->format = 'B';
    m->itemsize = 1;
    m->step = 1;
    return obj_value(m);
}

static value_t memoryview_make_new(const type_t *type, const value_t *args, size_t nargs, value_t kw)
{
    (void)type;
    static const char *const names[] = {"object"};
    value_t a[1];
    if (!arg_parse("memoryview", args, nargs, kw, 1, names, a, 1))
        return VALUE_NULL;
    struct buffer_info b;
    if (!has_buffer(a[0]) || !vm_get_buffer(a[0], &b, false)) {
        if (has_buffer(a[0]))
            return VALUE_NULL;
        return vm_raise_type(&type_TypeError, "memoryview: a bytes-like object is required, not '%s'",
                             type_name_of(a[0]));
    }
    if (type_of(a[0]) == &type_memoryview) {
        memoryview_obj_t *m = as_mv(a[0]), *c;
        value_t r = memoryview_new(m->owner, m->start, m->len, m->readonly);
        if (!r)
            return VALUE_NULL;
        c = as_mv(r);
        c->format = m->format;
        c->itemsize = m->itemsize;
        c->step = m->step;
        return r;
    }
    return memoryview_new(a[0], 0, (size_t)-1 / 2, b.readonly);
}

static value_t memoryview_repr(value_t self)
{
    strbuf_t b;
    strbuf_init(&b);
    strbuf_printf(&b, as_mv(self)->released ? "<released memory at %p>" : "<memory at %p>", (void *)self);
    return strbuf_finish(&b);
}

static bool memoryview_len(value_t self, size_t *out)
{
    struct buffer_info b;
    return mv_span(self, &b, out, false);
}

static uint64_t load_le(const uint8_t *p, size_t n)
{
    uint64_t v = 0;
    for (size_t k = 0; k < n; k++)
        v |= (uint64_t)p[k] << (8 * k);
    return v;
}

static void store_le(uint8_t *p, size_t n, uint64_t v)
{
    for (size_t k = 0; k < n; k++)
        p[k] = (uint8_t)(v >> (8 * k));
}

/* Item formats: the struct codes of one native (little-endian) item. */
static int format_size(char f)
{
    switch (f) {
    case 'B': case 'b': case 'c': case '?': return 1;
    case 'H': case 'h': case 'e': return 2;
    case 'I': case 'i': case 'f': return 4;
    case 'L': case 'l': case 'Q': case 'q': case 'N': case 'n': case 'd': case 'P': return 8;
    default: return 0;
    }
}

static bool format_signed(char f) { return f == 'b' || f == 'h' || f == 'i' || f == 'l' || f == 'q' || f == 'n'; }

static value_t mv_unpack(memoryview_obj_t *m, const uint8_t *p)
{
    size_t n = m->itemsize;
    switch (m->format) {
    case 'c': return bytes_new(p, 1);
    case '?': return bool_value(p[0] != 0);
    case 'f': {
        union { uint32_t u; float f; } u = {(uint32_t)load_le(p, 4)};
        return float_new(u.f);
    }
    case 'd': {
        union { uint64_t u; double d; } u = {load_le(p, 8)};
        return float_new(u.d);
    }
    default: {
        uint64_t v = load_le(p, n);
        if (format_signed(m->format)) {
            if (n < 8 && (v >> (8 * n - 1)) & 1)
                v |= ~(uint64_t)0 << (8 * n);
            return int_from_i64((int64_t)v);
        }
        return int_from_u64(v);
    }
    }
}

static bool mv_pack(memoryview_obj_t *m, uint8_t *p, value_t v)
{
    size_t n = m->itemsize;
    char f = m->format;
    if (f == 'c') {
        struct buffer_info b;
        if (!is_bytes(v) || !any_buffer(v, &b) || b.len != 1) {
            vm_raise_type(&type_ValueError, "memoryview: invalid value for format 'c'");
            return false;
        }
        p[0] = b.data[0];
        return true;
    }
    if (f == 'f' || f == 'd') {
        double d;
        if (!vm_as_double(v, &d)) {
            vm_take_exception();
            vm_raise_type(&type_TypeError, "memoryview: invalid type for format '%c'", f);
            return false;
        }
        if (f == 'f') {
            union { uint32_t u; float f; } u;
            u.f = (float)d;
            store_le(p, 4, u.u);
        } else {
            union { uint64_t u; double d; } u;
            u.d = d;
            store_le(p, 8, u.u);
        }
        return true;
    }
    if (f == '?') {
        int t = vm_truth(v);
        if (t < 0)
            return false;
        p[0] = (uint8_t)t;
        return true;
    }
    if (!is_int(v)) {
        vm_raise_type(&type_TypeError, "memoryview: invalid type for format '%c'", f);
        return false;
    }
    int64_t x;
    bool ok = int_as_i64(v, &x);
    if (!ok)
        vm_take_exception();
    bool fits;
    if (format_signed(f))
        fits = ok && (n == 8 || (x >= -((int64_t)1 << (8 * n - 1)) && x < ((int64_t)1 << (8 * n - 1))));
    else
        fits = ok && x >= 0 && (n == 8 || x < ((int64_t)1 << (8 * n)));
    if (!fits && !format_signed(f) && n == 8 && int_sign(v) > 0) {
        /* unsigned 64-bit values above INT64_MAX */
        value_t hi = int_to_str(v, 16, false);
        if (hi && str_len(hi) <= 16) {
            uint64_t u = 0;
            for (size_t k = 0; k < str_len(hi); k++)
                u = u << 4 | (uint64_t)hexval(str_data(hi)[k]);
            store_le(p, 8, u);
            return true;
        }
        vm_take_exception();
    }
    if (!fits) {
        vm_raise_type(&type_ValueError, "memoryview: invalid value for format '%c'", f);
        return false;
    }
    store_le(p, n, (uint64_t)x);
    return true;
}

static bool mv_item_index(value_t key, size_t count, size_t *out)
{
    intptr_t i;
    if (!is_int(key)) {
        vm_raise_type(&type_TypeError, "memoryview: invalid slice key");
        return false;
    }
    if (!vm_index(key, &i))
        return false;
    if (i < 0)
        i += (intptr_t)count;
    if (i < 0 || (size_t)i >= count) {
        vm_raise_type(&type_IndexError, "index out of bounds on dimension 1");
        return false;
    }
    *out = (size_t)i;
    return true;
}

static value_t memoryview_getitem(value_t self, value_t key)
{
    struct buffer_info b;
    size_t count;
    if (!mv_span(self, &b, &count, false))
        return VALUE_NULL;
    memoryview_obj_t *m = as_mv(self);
    intptr_t step = m->step ? m->step : 1;
    if (type_of(key) == &type_slice) {
        intptr_t start, stop, st;
        size_t n;
        if (!slice_indices(key, count, &start, &stop, &st, &n))
            return VALUE_NULL;
        value_t r = memoryview_new(m->owner, (size_t)((intptr_t)m->start + start * step), n, m->readonly);
        if (!r)
            return VALUE_NULL;
        as_mv(r)->format = m->format;
        as_mv(r)->itemsize = m->itemsize;
        as_mv(r)->step = step * st;
        return r;
    }
    size_t i;
    if (!mv_item_index(key, count, &i))
        return VALUE_NULL;
    return mv_unpack(m, b.data + (intptr_t)m->start + (intptr_t)i * step);
}

static int memoryview_setitem(value_t self, value_t key, value_t v)
{
    struct buffer_info b;
    size_t count;
    memoryview_obj_t *m = as_mv(self);
    if (!mv_alive(m))
        return -1;
    if (m->readonly) {
        vm_raise_type(&type_TypeError, "cannot modify read-only memory");
        return -1;
    }
    if (!v) {
        vm_raise_type(&type_TypeError, "cannot delete memory");
        return -1;
    }
    if (!mv_span(self, &b, &count, true))
        return -1;
    intptr_t step = m->step ? m->step : 1;
    if (type_of(key) == &type_slice) {
        intptr_t start, stop, st;
        size_t n;
        struct buffer_info src;
        if (!slice_indices(key, count, &start, &stop, &st, &n))
            return -1;
        if (!has_buffer(v) || !vm_get_buffer(v, &src, false)) {
            if (!has_buffer(v))
                vm_raise_type(&type_TypeError, "a bytes-like object is required, not '%s'", type_name_of(v));
            return -1;
        }
        if (src.len != n * m->itemsize) {
            vm_raise_type(&type_ValueError, "memoryview assignment: lvalue and rvalue have different structures");
            return -1;
        }
        /* copy first: source and destination may overlap */
        strbuf_t tmp;
        strbuf_init(&tmp);
        strbuf_add(&tmp, (const char *)src.data, src.len);
        value_t copy = strbuf_finish_bytes(&tmp, &type_bytes);
        if (!copy || !mv_span(self, &b, &count, true))
            return -1;
        for (size_t k = 0; k < n; k++)
            memcpy(b.data + (intptr_t)m->start + (start + (intptr_t)k * st) * step,
                   str_data(copy) + k * m->itemsize, m->itemsize);
        return 0;
    }
    size_t i;
    if (!mv_item_index(key, count, &i))
        return -1;
    return mv_pack(m, b.data + (intptr_t)m->start + (intptr_t)i * step, v) ? 0 : -1;
}

static value_t mv_tobytes(const value_t *a, size_t n, value_t kw)
{
    static const char *const names[] = {"self", "order"};
    value_t args[2];
    if (!arg_parse("tobytes", a, n, kw, 2, names, args, 1))
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
    struct buffer_info b;
    size_t count;
    if (!mv_span(a[0], &b, &count, false))
        return VALUE_NULL;
    value_t list = list_new(count);
    if (!list)
        return VALUE_NULL;
    memoryview_obj_t *m = as_mv(a[0]);
    intptr_t step = m->step ? m->step : 1;
    for (size_t i = 0; i < count; i++) {
        if (!mv_span(a[0], &b, &count, false))
            return VALUE_NULL;
        value_t item = mv_unpack(m, b.data + (intptr_t)m->start + (intptr_t)i * step);
        if (!item)
            return VALUE_NULL;
        as_list(list)->items[i] = item;
    }
    return list;
}

static value_t mv_release(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("release", n, kw, 1, 1))
        return VALUE_NULL;
    as_mv(a[0])->released = true;
    return VALUE_NONE;
}

static value_t mv_enter(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("__enter__", n, kw, 1, 1) || !mv_alive(as_mv(a[0])))
        return VALUE_NULL;
    return a[0];
}

static value_t mv_exit(const value_t *a, size_t n, value_t kw)
{
    (void)n;
    (void)kw;
    as_mv(a[0])->released = true;
    return VALUE_FALSE;
}

/* cast(format): reinterpret the bytes of a contiguous view as other items. */
static value_t mv_cast(const value_t *a, size_t n, value_t kw)
{
    static const char *const names[] = {"self", "format", "shape"};
    value_t args[3];
    if (!arg_parse("cast", a, n, kw, 3, names, args, 2))
        return VALUE_NULL;
    memoryview_obj_t *m = as_mv(a[0]);
    if (!mv_alive(m))
        return VALUE_NULL;
    if (!is_str(args[1]))
        return vm_raise_type(&type_TypeError, "memoryview: format argument must be a string");
    const char *f = str_data(args[1]);
    if (f[0] == '@')
        f++;
    int size = str_len(args[1]) <= 2 && f[0] && !f[1] ? format_size(f[0]) : 0;
    if (!size)
        return vm_raise_type(&type_ValueError,
                             "memoryview: destination format must be a native single character format prefixed with an optional '@'");
    bool src_bytes = m->format == 'B' || m->format == 'b' || m->format == 'c';
    bool dst_bytes = f[0] == 'B' || f[0] == 'b' || f[0] == 'c';
    if (!src_bytes && !dst_bytes)
        return vm_raise_type(&type_TypeError, "memoryview: cannot cast between two non-byte formats");
    if (!mv_contiguous(m))
        return vm_raise_type(&type_TypeError, "memoryview: casts are restricted to C-contiguous views");
    struct buffer_info b;
    if (!memoryview_buffer(a[0], &b, false))
        return VALUE_NULL;
    if (b.len % (size_t)size)
        return vm_raise_type(&type_TypeError, "memoryview: length is not a multiple of itemsize");
    if (args[2] && args[2] != VALUE_NONE) {
        value_t *items;
        size_t k;
        if (!seq_items(args[2], &items, &k) || k != 1)
            return vm_raise_type(&type_NotImplementedError, "memoryview: only one-dimensional casts are supported");
        intptr_t want;
        if (!vm_index(items[0], &want))
            return VALUE_NULL;
        if (want * size != (intptr_t)b.len)
            return vm_raise_type(&type_TypeError, "memoryview: product(shape) * itemsize != buffer size");
    }
    value_t r = memoryview_new(m->owner, m->start, b.len / (size_t)size, m->readonly);
    if (!r)
        return VALUE_NULL;
    as_mv(r)->format = f[0];
    as_mv(r)->itemsize = (uint8_t)size;
    as_mv(r)->step = size;
    return r;
}

static value_t mv_hex(const value_t *args, size_t nargs, value_t kw) { return m_hex(args, nargs, kw); }

static value_t memoryview_getattr(value_t self, value_t name)
{
    memoryview_obj_t *m = as_mv(self);
    const char *s = str_data(name);
    if (!strcmp(s, "obj")) return mv_alive(m) ? m->owner : VALUE_NULL;
    if (!strcmp(s, "readonly")) return mv_alive(m) ? bool_value(m->readonly) : VALUE_NULL;
    if (!strcmp(s, "itemsize")) return mv_alive(m) ? small_int(m->itemsize ? m->itemsize : 1) : VALUE_NULL;
    if (!strcmp(s, "format")) {
        char f[2] = {m->format ? m->format : 'B', 0};
        return mv_alive(m) ? str_new_cstr(f) : VALUE_NULL;
    }
    if (!strcmp(s, "ndim")) return mv_alive(m) ? small_int(1) : VALUE_NULL;
    if (!strcmp(s, "released")) return bool_value(m->released);
    if (!strcmp(s, "contiguous") || !strcmp(s, "c_contiguous") || !strcmp(s, "f_contiguous"))
        return mv_alive(m) ? bool_value(mv_contiguous(m)) : VALUE_NULL;
    if (!strcmp(s, "nbytes") || !strcmp(s, "shape") || !strcmp(s, "strides")) {
        struct buffer_info b;
        size_t count;
        if (!mv_span(self, &b, &count, false))
            return VALUE_NULL;
        size_t item = m->itemsize ? m->itemsize : 1;
        if (s[0] == 'n')
            return small_int((intptr_t)(count * item));
        value_t t = tuple_new(1);
        if (!t)
            return VALUE_NULL;
        as_tuple(t)->items[0] = small_int(s[1] == 'h' ? (intptr_t)count : (m->step ? m->step : 1));
        return t;
    }
    return VALUE_MISSING;
}

static value_t memoryview_compare(value_t a, value_t b, int op)
{
    if (op != CMP_EQ && op != CMP_NE)
        return VALUE_NOT_IMPLEMENTED;
    if (as_mv(a)->released)
        return bool_value((a == b) == (op == CMP_EQ));
    if (!has_buffer(b))
        return VALUE_NOT_IMPLEMENTED;
    /* compare item by item (as values), so formats matter as in CPython */
    value_t la = mv_tolist(&a, 1, VALUE_NULL);
    value_t lb = type_of(b) == &type_memoryview ? mv_tolist(&b, 1, VALUE_NULL) : list_from_iterable(b);
    if (!la || !lb)
        return VALUE_NULL;
    return vm_compare(la, lb, op);
}

static const method_def_t memoryview_methods[] = {
    {"tobytes", mv_tobytes, 0}, {"tolist", mv_tolist, 0}, {"release", mv_release, 0}, {"hex", mv_hex, 0},
    {"cast", mv_cast, 0}, {"__enter__", mv_enter, 0}, {"__exit__", mv_exit, 0}, {0, 0, 0},
};

static value_t memoryview_iterator_next(value_t self)
{
    seq_iterator_obj_t *it = (seq_iterator_obj_t *)self;
    struct buffer_info b;
    size_t count;
    if (!mv_span(it->seq, &b, &count, false))
        return VALUE_NULL;
    if (it->index >= count)
        return VALUE_STOP;
    memoryview_obj_t *m = as_mv(it->seq);
    size_t i = it->index++;
    return mv_unpack(m, b.data + (intptr_t)m->start + (intptr_t)i * (m->step ? m->step : 1));
}

type_t type_memoryview_iterator = {
    .base = {&type_type}, .name = "memory_iterator", .parent = &type_object,
    .iter = identity, .next = memoryview_iterator_next,
};

static value_t memoryview_iter(value_t self)
{
    if (!mv_alive(as_mv(self)))
        return VALUE_NULL;
    return seq_iterator_new(&type_memoryview_iterator, self);
}

static bool memoryview_hash(value_t self, intptr_t *out)
{
    memoryview_obj_t *m = as_mv(self);
    if (!m->readonly) {
        vm_raise_type(&type_ValueError, "cannot hash writable memoryview object");
        return false;
    }
    struct buffer_info b;
    if (!memoryview_buffer(self, &b, false))
        return false;
    value_t copy = bytes_new(b.data, b.len);
    if (!copy)
        return false;
    *out = str_hash(copy);
    return true;
}

type_t type_memoryview = {
    .base = {&type_type}, .name = "memoryview", .parent = &type_object, .methods = memoryview_methods,
    .repr = memoryview_repr, .len = memoryview_len, .getitem = memoryview_getitem,
    .setitem = memoryview_setitem, .iter = memoryview_iter, .buffer = memoryview_buffer,
    .compare = memoryview_compare, .make_new = memoryview_make_new, .getattr = memoryview_getattr,
    .hash = memoryview_hash,
};
