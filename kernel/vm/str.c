/* str: immutable UTF-8 text with its length in code points cached, so
 * indexing an ASCII string (chars == len) is O(1); other strings walk the
 * UTF-8. Interned strings (attribute names, identifiers) live in one table
 * so a lookup can compare pointers first. */
#include "vm/obj.h"
#include "vm/gc.h"
#include "lib/string.h"
#include "vm/unicode.h"

/* ---- UTF-8 ---- */
size_t utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

uint32_t utf8_decode(const char **pp)
{
    const uint8_t *p = (const uint8_t *)*pp;
    uint32_t c = *p++;
    if (c >= 0xf0) {
        c = ((c & 0x07) << 18) | ((uint32_t)(p[0] & 0x3f) << 12) | ((uint32_t)(p[1] & 0x3f) << 6) | (p[2] & 0x3f);
        p += 3;
    } else if (c >= 0xe0) {
        c = ((c & 0x0f) << 12) | ((uint32_t)(p[0] & 0x3f) << 6) | (p[1] & 0x3f);
        p += 2;
    } else if (c >= 0xc0) {
        c = ((c & 0x1f) << 6) | (p[0] & 0x3f);
        p += 1;
    }
    *pp = (const char *)p;
    return c;
}

static size_t count_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((uint8_t)s[i] & 0xc0) != 0x80;
    return n;
}

/* Byte offset of code point `index` (index <= chars). The last answer is
 * remembered so that walking a non-ASCII str by index (the tokenizer's
 * source[i], then source[start:i]) is linear, not quadratic: the walk
 * starts from the nearest of the start, the remembered point and the end,
 * forwards or backwards. The memory is kept until the next collection:
 * only a collection can free a str and reuse its address (no str is given
 * back with gc_free or gc_realloc). gc_reuse_epoch would be stricter than
 * needed: it changes on every freed dict table, i.e. for almost every
 * object the tokenizer makes, and then each source[i] walked from 0. */
static struct { const str_obj_t *s; size_t index, off; uint64_t collections; } last_offset;

static size_t char_offset(const str_obj_t *s, size_t index)
{
    if (s->chars == s->len)
        return index;
    if (index >= s->chars)
        return s->len;
    struct gc_stats st;
    gc_get_stats(&st);
    size_t off = 0, at = 0;
    if (last_offset.s == s && last_offset.collections == st.collections) {
        off = last_offset.off;
        at = last_offset.index;
    }
    if (index < at && index < at - index) {
        off = at = 0;               /* nearer the start */
    } else if (index > at && s->chars - index < index - at) {
        off = s->len;               /* nearer the end */
        at = s->chars;
    }
    for (; at < index; at++) {
        off++;
        while (off < s->len && ((uint8_t)s->data[off] & 0xc0) == 0x80)
            off++;
    }
    for (; at > index; at--) {
        off--;
        while (off > 0 && ((uint8_t)s->data[off] & 0xc0) == 0x80)
            off--;
    }
    last_offset.s = s;
    last_offset.index = index;
    last_offset.off = off;
    last_offset.collections = st.collections;
    return off;
}

/* ---- construction ---- */
str_obj_t *str_alloc(const type_t *type, size_t len)
{
    str_obj_t *s = gc_alloc(sizeof(str_obj_t) + len + 1, GC_LEAF);
    if (!s)
        return 0;
    s->base.type = type;
    s->len = len;
    s->hash = -1;
    return s;
}

value_t str_finish(str_obj_t *s)
{
    s->data[s->len] = 0;
    s->chars = s->base.type == &type_str ? count_chars(s->data, s->len) : s->len;
    return obj_value(s);
}

value_t str_new(const char *data, size_t len)
{
    str_obj_t *s = str_alloc(&type_str, len);
    if (!s)
        return VALUE_NULL;
    memcpy(s->data, data, len);
    return str_finish(s);
}

value_t str_new_cstr(const char *s) { return str_new(s, strlen(s)); }

static bool utf8_valid(const uint8_t *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint8_t c = s[i];
        size_t n;
        uint32_t cp;
        if (c < 0x80) { i++; continue; }
        else if ((c & 0xe0) == 0xc0) { n = 1; cp = c & 0x1f; }
        else if ((c & 0xf0) == 0xe0) { n = 2; cp = c & 0x0f; }
        else if ((c & 0xf8) == 0xf0) { n = 3; cp = c & 0x07; }
        else return false;
        for (size_t k = 1; k <= n; k++) {
            if (i + k >= len || (s[i + k] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += n + 1;
    }
    return true;
}

value_t codec_decode(const uint8_t *data, size_t len, value_t encoding, value_t errors);

value_t str_from_utf8(const char *s, size_t len)
{
    if (!utf8_valid((const uint8_t *)s, len))
        return codec_decode((const uint8_t *)s, len, VALUE_NULL, VALUE_NULL);  /* raises CPython's message */
    return str_new(s, len);
}

bool is_str(value_t v) { return is_obj(v) && (type_of(v) == &type_str || type_is_subtype(type_of(v), &type_str)); }

static inline str_obj_t *as_str(value_t v) { return (str_obj_t *)v; }

intptr_t str_hash(value_t v)
{
    str_obj_t *s = as_str(v);
    if (s->hash != -1)
        return s->hash;
    /* FNV-1a, then a final mix */
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < s->len; i++) {
        h ^= (uint8_t)s->data[i];
        h *= 0x100000001b3ull;
    }
    h ^= h >> 29;
    intptr_t r = (intptr_t)(h >> 1);
    if (r == -1)
        r = -2;
    s->hash = r;
    return r;
}

bool str_equal(value_t a, value_t b)
{
    if (a == b)
        return true;
    str_obj_t *x = as_str(a), *y = as_str(b);
    if (x->len != y->len)
        return false;
    if (x->hash != -1 && y->hash != -1 && x->hash != y->hash)
        return false;
    return memcmp(x->data, y->data, x->len) == 0;
}

/* ---- interning ---- */
static value_t intern_table;        /* a GC block of values; VALUE_NULL = empty */
static size_t intern_cap, intern_count;

static bool intern_grow(void)
{
    size_t cap = intern_cap ? intern_cap * 2 : 1024;
    value_t *t = gc_alloc(cap * sizeof(value_t), 0);
    if (!t)
        return false;
    value_t *old = (value_t *)intern_table;
    for (size_t i = 0; i < intern_cap; i++) {
        if (!old[i])
            continue;
        size_t j = (size_t)str_hash(old[i]) & (cap - 1);
        while (t[j])
            j = (j + 1) & (cap - 1);
        t[j] = old[i];
    }
    intern_table = (value_t)t;
    intern_cap = cap;
    return true;
}

bool str_init(void)
{
    gc_add_root(&intern_table, 1);
    return intern_table || intern_grow();
}

value_t str_intern(const char *s, size_t len)
{
    if (!intern_table && !intern_grow())
        return VALUE_NULL;
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (uint8_t)s[i];
        h *= 0x100000001b3ull;
    }
    h ^= h >> 29;
    intptr_t hash = (intptr_t)(h >> 1);
    if (hash == -1)
        hash = -2;
    value_t *t = (value_t *)intern_table;
    size_t j = (size_t)hash & (intern_cap - 1);
    while (t[j]) {
        str_obj_t *e = as_str(t[j]);
        if (e->hash == hash && e->len == len && !memcmp(e->data, s, len))
            return t[j];
        j = (j + 1) & (intern_cap - 1);
    }
    value_t v = str_new(s, len);
    if (!v)
        return VALUE_NULL;
    as_str(v)->hash = hash;
    if ((intern_count + 1) * 2 > intern_cap) {
        if (!intern_grow())
            return VALUE_NULL;
        t = (value_t *)intern_table;
        j = (size_t)hash & (intern_cap - 1);
        while (t[j])
            j = (j + 1) & (intern_cap - 1);
    }
    t[j] = v;
    intern_count++;
    return v;
}

value_t str_intern_cstr(const char *s) { return str_intern(s, strlen(s)); }

/* ---- repr ---- */
static bool is_printable(uint32_t c)
{
    if (c < 0x80)
        return c >= 0x20 && c < 0x7f;
    return unicode_has(c, UNI_PRINTABLE);
}

value_t str_repr(value_t v)
{
    str_obj_t *s = as_str(v);
    bool single = false, dbl = false;
    for (size_t i = 0; i < s->len; i++) {
        single |= s->data[i] == '\'';
        dbl |= s->data[i] == '"';
    }
    char q = single && !dbl ? '"' : '\'';
    strbuf_t b;
    strbuf_init(&b);
    strbuf_add_char(&b, q);
    const char *p = s->data, *end = s->data + s->len;
    while (p < end) {
        uint32_t c = utf8_decode(&p);
        if (c == (uint32_t)q || c == '\\') {
            strbuf_add_char(&b, '\\');
            strbuf_add_char(&b, (char)c);
        } else if (c == '\n') {
            strbuf_add_cstr(&b, "\\n");
        } else if (c == '\r') {
            strbuf_add_cstr(&b, "\\r");
        } else if (c == '\t') {
            strbuf_add_cstr(&b, "\\t");
        } else if (is_printable(c)) {
            strbuf_add_codepoint(&b, c);
        } else if (c < 0x100) {
            strbuf_printf(&b, "\\x%02x", c);
        } else if (c < 0x10000) {
            strbuf_printf(&b, "\\u%04x", c);
        } else {
            strbuf_printf(&b, "\\U%08x", c);
        }
    }
    strbuf_add_char(&b, q);
    return strbuf_finish(&b);
}

/* ---- operations ---- */
value_t str_concat(value_t a, value_t b)
{
    str_obj_t *x = as_str(a), *y = as_str(b);
    if (!y->len && type_of(a) == &type_str)
        return a;
    if (!x->len && type_of(b) == &type_str)
        return b;
    str_obj_t *s = str_alloc(&type_str, x->len + y->len);
    if (!s)
        return VALUE_NULL;
    memcpy(s->data, x->data, x->len);
    memcpy(s->data + x->len, y->data, y->len);
    s->data[s->len] = 0;
    s->chars = x->chars + y->chars;
    return obj_value(s);
}

/* Repetition counts: ints or objects with __index__ (seq * Idx(2)). */
bool vm_is_index(value_t v)
{
    if (is_int(v))
        return true;
    value_t name = str_intern_cstr("__index__");
    value_t m = name ? type_lookup(type_of(v), name) : VALUE_NULL;
    return m && m != VALUE_MISSING;
}

/* A repeat count too big for a machine word is an OverflowError (CPython),
 * where vm_index, made for subscripts, says IndexError. */
bool vm_repeat_count(value_t count, intptr_t *n)
{
    if (vm_index(count, n))
        return true;
    if (vm_exception_matches(&type_IndexError)) {
        vm_take_exception();
        vm_raise_type(&type_OverflowError, "cannot fit 'int' into an index-sized integer");
    }
    return false;
}

static value_t repeat(value_t v, value_t count, const type_t *type)
{
    intptr_t n;
    if (!vm_repeat_count(count, &n))
        return VALUE_NULL;
    str_obj_t *x = as_str(v);
    if (n <= 0)
        return type == &type_str ? str_new("", 0) : bytes_new(0, 0);
    if (n == 1 && type_of(v) == type)
        return v;
    if (x->len && (size_t)n > ((size_t)1 << 40) / x->len)
        return vm_raise_memory_error();
    str_obj_t *s = str_alloc(type, x->len * (size_t)n);
    if (!s)
        return VALUE_NULL;
    for (intptr_t i = 0; i < n; i++)
        memcpy(s->data + x->len * (size_t)i, x->data, x->len);
    s->data[s->len] = 0;
    s->chars = x->chars * (size_t)n;
    return obj_value(s);
}

extern value_t str_percent_format(value_t fmt, value_t args);

static value_t str_binary_op(int op, value_t a, value_t b)
{
    int base = OP_BASE(op);
    if (op & OP_REFLECTED) {
        if (base == OP_MUL && vm_is_index(b))
            return repeat(a, b, &type_str);
        return VALUE_NOT_IMPLEMENTED;
    }
    if (base == OP_ADD) {
        if (!is_str(b))
            return vm_raise_type(&type_TypeError, "can only concatenate str (not \"%s\") to str", type_name_of(b));
        return str_concat(a, b);
    }
    if (base == OP_MUL && vm_is_index(b))
        return repeat(a, b, &type_str);
    if (base == OP_MOD)
        return str_percent_format(a, b);
    return VALUE_NOT_IMPLEMENTED;
}

value_t bytes_repeat(value_t v, value_t count) { return repeat(v, count, &type_bytes); }

static int compare_bytes(const str_obj_t *x, const str_obj_t *y)
{
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->data, y->data, n);
    if (c)
        return c < 0 ? -1 : 1;
    return x->len < y->len ? -1 : x->len > y->len;
}

static value_t str_compare(value_t a, value_t b, int op)
{
    if (!is_str(b))
        return VALUE_NOT_IMPLEMENTED;
    if (op == CMP_EQ)
        return bool_value(str_equal(a, b));
    if (op == CMP_NE)
        return bool_value(!str_equal(a, b));
    int c = compare_bytes(as_str(a), as_str(b));
    switch (op) {
    case CMP_LT: return bool_value(c < 0);
    case CMP_LE: return bool_value(c <= 0);
    case CMP_GT: return bool_value(c > 0);
    default: return bool_value(c >= 0);
    }
}

static bool str_hash_slot(value_t v, intptr_t *out)
{
    *out = str_hash(v);
    return true;
}

static bool str_len_slot(value_t v, size_t *out)
{
    *out = as_str(v)->chars;
    return true;
}

/* Byte search: offset of needle in hay[from..to), or -1. */
static intptr_t find_bytes(const char *hay, size_t from, size_t to, const char *needle, size_t n)
{
    if (n == 0)
        return from <= to ? (intptr_t)from : -1;
    if (to < n)
        return -1;
    for (size_t i = from; i + n <= to; i++) {
        if (hay[i] == needle[0] && !memcmp(hay + i, needle, n))
            return (intptr_t)i;
    }
    return -1;
}

static intptr_t rfind_bytes(const char *hay, size_t from, size_t to, const char *needle, size_t n)
{
    if (to < from + n)
        return n == 0 && from <= to ? (intptr_t)to : -1;
    for (size_t i = to - n + 1; i-- > from;) {
        if (hay[i] == needle[0] && !memcmp(hay + i, needle, n))
            return (intptr_t)i;
    }
    return n == 0 ? (intptr_t)to : -1;
}

static int str_contains(value_t self, value_t item)
{
    if (!is_str(item)) {
        vm_raise_type(&type_TypeError, "'in <string>' requires string as left operand, not %s", type_name_of(item));
        return -1;
    }
    str_obj_t *s = as_str(self), *n = as_str(item);
    return find_bytes(s->data, 0, s->len, n->data, n->len) >= 0;
}

static value_t str_slice(str_obj_t *s, value_t slice)
{
    intptr_t start, stop, step;
    size_t count;
    if (!slice_indices(slice, s->chars, &start, &stop, &step, &count))
        return VALUE_NULL;
    if (step == 1) {
        size_t a = char_offset(s, (size_t)start);
        size_t b = a + (s->chars == s->len ? count : 0);
        if (s->chars != s->len) {
            b = a;
            for (size_t k = 0; k < count; k++) {
                b++;
                while (b < s->len && ((uint8_t)s->data[b] & 0xc0) == 0x80)
                    b++;
            }
        }
        return str_new(s->data + a, b - a);
    }
    strbuf_t out;
    strbuf_init(&out);
    if (s->chars == s->len) {
        for (size_t k = 0; k < count; k++)
            strbuf_add_char(&out, s->data[start + (intptr_t)k * step]);
    } else {
        for (size_t k = 0; k < count; k++) {
            size_t off = char_offset(s, (size_t)(start + (intptr_t)k * step));
            const char *p = s->data + off;
            strbuf_add_codepoint(&out, utf8_decode(&p));
        }
    }
    return strbuf_finish(&out);
}

static value_t str_getitem(value_t self, value_t key)
{
    str_obj_t *s = as_str(self);
    if (type_of(key) == &type_slice)
        return str_slice(s, key);
    size_t i;
    if (!vm_is_index(key))    /* str words this one differently from list and tuple */
        return vm_raise_type(&type_TypeError, "string indices must be integers, not '%s'", type_name_of(key));
    if (!vm_seq_index(key, s->chars, &i, "string"))
        return VALUE_NULL;
    if (s->chars == s->len)
        return str_intern(s->data + i, 1);
    size_t off = char_offset(s, i);
    const char *p = s->data + off;
    utf8_decode(&p);
    return str_new(s->data + off, (size_t)(p - (s->data + off)));
}

static value_t str_iter(value_t self) { return seq_iterator_new(&type_str_iterator, self); }

static value_t str_iterator_next(value_t it)
{
    seq_iterator_obj_t *i = (seq_iterator_obj_t *)it;
    str_obj_t *s = as_str(i->seq);
    if (i->index >= s->len)
        return VALUE_STOP;
    const char *p = s->data + i->index;
    utf8_decode(&p);
    size_t n = (size_t)(p - (s->data + i->index));
    value_t r = n == 1 ? str_intern(s->data + i->index, 1) : str_new(s->data + i->index, n);
    i->index += n;
    return r;
}

static value_t identity_iter(value_t self) { return self; }

type_t type_str_iterator = {
    .base = {&type_type}, .name = "str_ascii_iterator", .parent = &type_object,
    .iter = identity_iter, .next = str_iterator_next,
};

/* ---- character classes and case mapping ----
 * Beyond ASCII, from the Unicode tables generated out of CPython's
 * unicodedata (unicode.h), so every answer is CPython's. */
static inline unsigned cp_flags(uint32_t c) { return unicode_flags(c); }

static inline bool cp_space(uint32_t c)
{
    if (c < 0x80)
        return c == ' ' || (c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x1f);
    return unicode_has(c, UNI_SPACE);
}

/* int() and float() of text read Unicode decimal digits and spaces as
 * their ASCII forms ('١٢' is 12), as CPython does: the ASCII version of s,
 * cut after a '?' at the first character that is neither. */
value_t str_ascii_numeric(value_t s)
{
    str_obj_t *x = as_str(s);
    if (x->chars == x->len)
        return s;
    str_obj_t *r = str_alloc(&type_str, x->chars);
    if (!r)
        return VALUE_NULL;
    const char *p = x->data, *end = p + x->len;
    size_t n = 0;
    while (p < end) {
        uint32_t c = utf8_decode(&p);
        const struct unicode_record *u = c < 0x7f ? 0 : unicode_lookup(c);
        if (!u) {
            r->data[n++] = (char)c;
        } else if (u->flags & UNI_SPACE) {
            r->data[n++] = ' ';
        } else if (u->flags & UNI_DECIMAL) {
            r->data[n++] = (char)('0' + u->decimal);
        } else {
            r->data[n++] = '?';
            break;
        }
    }
    r->len = n;
    r->data[n] = 0;
    r->chars = n;
    return obj_value(r);
}

/* ---- methods ---- */
static bool want_str(value_t v, const char *what)
{
    if (!is_str(v)) {
        vm_raise_type(&type_TypeError, "%s arg must be None or str", what);
        return false;
    }
    return true;
}

enum { CASE_UPPER, CASE_LOWER, CASE_FOLD, CASE_CAPITALIZE, CASE_TITLE, CASE_SWAP };

/* lower() of the capital sigma at byte `at` of data: the final form when it
 * ends a word, i.e. (Unicode's Final_Sigma, as CPython applies it) the
 * nearest character before it that is not case-ignorable is cased, and the
 * nearest one after it that is not case-ignorable is absent or uncased. */
static uint32_t sigma_lower(const char *data, size_t len, size_t at)
{
    bool final = false;
    size_t j = at;
    while (j > 0) {
        j--;
        while (j > 0 && ((uint8_t)data[j] & 0xc0) == 0x80)
            j--;
        const char *p = data + j;
        unsigned f = cp_flags(utf8_decode(&p));
        if (!(f & UNI_CASE_IGNORABLE)) {
            final = f & UNI_CASED;
            break;
        }
    }
    if (!final)
        return 0x3c3;
    const char *p = data + at, *end = data + len;
    utf8_decode(&p);
    while (p < end) {
        unsigned f = cp_flags(utf8_decode(&p));
        if (!(f & UNI_CASE_IGNORABLE))
            return f & UNI_CASED ? 0x3c3 : 0x3c2;
    }
    return 0x3c2;
}

/* ASCII text maps byte for byte (the common case, e.g. word counting). */
static value_t case_map_ascii(str_obj_t *s, int mode)
{
    str_obj_t *r = str_alloc(&type_str, s->len);
    if (!r)
        return VALUE_NULL;
    bool prev_cased = false;
    for (size_t i = 0; i < s->len; i++) {
        uint8_t c = (uint8_t)s->data[i];
        bool up = c >= 'A' && c <= 'Z', low = c >= 'a' && c <= 'z';
        bool to_upper = false, to_lower = false;
        switch (mode) {
        case CASE_UPPER: to_upper = low; break;
        case CASE_LOWER: case CASE_FOLD: to_lower = up; break;
        case CASE_CAPITALIZE: to_upper = i == 0 && low; to_lower = i > 0 && up; break;
        case CASE_TITLE: to_upper = !prev_cased && low; to_lower = prev_cased && up; prev_cased = up || low; break;
        default: to_upper = low; to_lower = up; break;
        }
        r->data[i] = (char)(to_upper ? c - 32 : to_lower ? c + 32 : c);
    }
    r->data[s->len] = 0;
    r->chars = s->len;
    return obj_value(r);
}

/* upper, lower, casefold, capitalize, title, swapcase with CPython's rules:
 * full mappings ('ß'.upper() == 'SS'), the title case of the first letter of
 * a word ('ǆ'.title() == 'ǅ'), the final sigma of lower(). */
static value_t case_map(value_t self, int mode)
{
    str_obj_t *s = as_str(self);
    if (s->chars == s->len)
        return case_map_ascii(s, mode);
    strbuf_t b;
    strbuf_init(&b);
    const char *p = s->data, *end = p + s->len;
    bool prev_cased = false, first = true;
    while (p < end) {
        size_t at = (size_t)(p - s->data);
        uint32_t c = utf8_decode(&p);
        unsigned f = cp_flags(c);
        int which;
        switch (mode) {
        case CASE_UPPER: which = UNI_MAP_UPPER; break;
        case CASE_LOWER: which = UNI_MAP_LOWER; break;
        case CASE_FOLD: which = UNI_MAP_FOLD; break;
        case CASE_CAPITALIZE: which = first ? UNI_MAP_TITLE : UNI_MAP_LOWER; break;
        case CASE_TITLE:
            which = prev_cased ? UNI_MAP_LOWER : UNI_MAP_TITLE;
            prev_cased = f & UNI_CASED;
            break;
        default: which = f & UNI_UPPER ? UNI_MAP_LOWER : f & UNI_LOWER ? UNI_MAP_UPPER : -1; break;
        }
        first = false;
        if (which < 0) {
            strbuf_add_codepoint(&b, c);
        } else if (c == 0x3a3 && which == UNI_MAP_LOWER) {
            strbuf_add_codepoint(&b, sigma_lower(s->data, s->len, at));
        } else {
            uint32_t out[3];
            int n = unicode_map(c, which, out);
            for (int i = 0; i < n; i++)
                strbuf_add_codepoint(&b, out[i]);
        }
    }
    return strbuf_finish(&b);
}

#define STR_METHOD0(cname, pyname, body)                                            \
    static value_t cname(const value_t *args, size_t nargs, value_t kw)            \
    {                                                                               \
        if (!arg_check(pyname, nargs, kw, 1, 1))                                    \
            return VALUE_NULL;                                                      \
        body                                                                        \
    }

STR_METHOD0(str_upper, "upper", return case_map(args[0], CASE_UPPER);)
STR_METHOD0(str_lower, "lower", return case_map(args[0], CASE_LOWER);)
STR_METHOD0(str_casefold, "casefold", return case_map(args[0], CASE_FOLD);)
STR_METHOD0(str_capitalize, "capitalize", return case_map(args[0], CASE_CAPITALIZE);)
STR_METHOD0(str_title, "title", return case_map(args[0], CASE_TITLE);)
STR_METHOD0(str_swapcase, "swapcase", return case_map(args[0], CASE_SWAP);)

/* True when every character has one of the flags `any` (False if empty,
 * unless empty_ok: "".isprintable() is True). */
static value_t test_chars(value_t self, unsigned any, bool empty_ok)
{
    str_obj_t *s = as_str(self);
    if (!s->len)
        return bool_value(empty_ok);
    const char *p = s->data, *end = p + s->len;
    while (p < end)
        if (!(cp_flags(utf8_decode(&p)) & any))
            return VALUE_FALSE;
    return VALUE_TRUE;
}

STR_METHOD0(str_isspace, "isspace", return test_chars(args[0], UNI_SPACE, false);)
STR_METHOD0(str_isdigit, "isdigit", return test_chars(args[0], UNI_DIGIT, false);)
STR_METHOD0(str_isdecimal, "isdecimal", return test_chars(args[0], UNI_DECIMAL, false);)
STR_METHOD0(str_isnumeric, "isnumeric", return test_chars(args[0], UNI_NUMERIC, false);)
STR_METHOD0(str_isalpha, "isalpha", return test_chars(args[0], UNI_ALPHA, false);)
STR_METHOD0(str_isalnum, "isalnum",
            return test_chars(args[0], UNI_ALPHA | UNI_DECIMAL | UNI_DIGIT | UNI_NUMERIC, false);)
STR_METHOD0(str_isprintable, "isprintable", return test_chars(args[0], UNI_PRINTABLE, true);)
STR_METHOD0(str_isascii, "isascii", return bool_value(as_str(args[0])->chars == as_str(args[0])->len);)

/* isupper/islower: no character of the other case (nor title case), and at
 * least one of this one. */
static value_t cased_test(value_t self, unsigned want, unsigned reject)
{
    str_obj_t *s = as_str(self);
    const char *p = s->data, *end = p + s->len;
    bool cased = false;
    while (p < end) {
        unsigned f = cp_flags(utf8_decode(&p));
        if (f & reject)
            return VALUE_FALSE;
        cased |= (f & want) != 0;
    }
    return bool_value(cased);
}
STR_METHOD0(str_isupper, "isupper", return cased_test(args[0], UNI_UPPER, UNI_LOWER | UNI_TITLE);)
STR_METHOD0(str_islower, "islower", return cased_test(args[0], UNI_LOWER, UNI_UPPER | UNI_TITLE);)

/* istitle: upper/title case letters only start words (after an uncased
 * character), lowercase ones only continue them; at least one cased. */
static value_t str_istitle(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("istitle", nargs, kw, 1, 1))
        return VALUE_NULL;
    str_obj_t *s = as_str(args[0]);
    const char *p = s->data, *end = p + s->len;
    bool cased = false, prev_cased = false;
    while (p < end) {
        unsigned f = cp_flags(utf8_decode(&p));
        if (f & (UNI_UPPER | UNI_TITLE)) {
            if (prev_cased)
                return VALUE_FALSE;
            prev_cased = cased = true;
        } else if (f & UNI_LOWER) {
            if (!prev_cased)
                return VALUE_FALSE;
            prev_cased = cased = true;
        } else {
            prev_cased = false;
        }
    }
    return bool_value(cased);
}

static value_t str_isidentifier(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("isidentifier", nargs, kw, 1, 1))
        return VALUE_NULL;
    str_obj_t *s = as_str(args[0]);
    if (!s->len)
        return VALUE_FALSE;
    const char *p = s->data, *end = p + s->len;
    unsigned need = UNI_ID_START;
    while (p < end) {
        if (!(cp_flags(utf8_decode(&p)) & need))
            return VALUE_FALSE;
        need = UNI_ID_CONTINUE;
    }
    return VALUE_TRUE;
}

/* strip family: mode 1 left, 2 right, 3 both */
static value_t do_strip(const value_t *args, size_t nargs, value_t kw, int mode, const char *name)
{
    if (!arg_check(name, nargs, kw, 1, 2))
        return VALUE_NULL;
    str_obj_t *s = as_str(args[0]);
    const char *chars = 0;
    size_t nchars = 0;
    if (nargs == 2 && args[1] != VALUE_NONE) {
        if (!want_str(args[1], name))
            return VALUE_NULL;
        chars = str_data(args[1]);
        nchars = str_len(args[1]);
    }
    size_t a = 0, b = s->len;
    /* work on code points */
    while (a < b) {
        const char *p = s->data + a;
        uint32_t c = utf8_decode(&p);
        bool strip;
        if (chars) {
            strip = false;
            const char *q = chars, *qe = chars + nchars;
            while (q < qe && !strip)
                strip = utf8_decode(&q) == c;
        } else {
            strip = cp_space(c);
        }
        if (!(mode & 1) || !strip)
            break;
        a = (size_t)(p - s->data);
    }
    while (b > a) {
        size_t start = b - 1;
        while (start > a && ((uint8_t)s->data[start] & 0xc0) == 0x80)
            start--;
        const char *p = s->data + start;
        uint32_t c = utf8_decode(&p);
        bool strip;
        if (chars) {
            strip = false;
            const char *q = chars, *qe = chars + nchars;
            while (q < qe && !strip)
                strip = utf8_decode(&q) == c;
        } else {
            strip = cp_space(c);
        }
        if (!(mode & 2) || !strip)
            break;
        b = start;
    }
    if (a == 0 && b == s->len && type_of(args[0]) == &type_str)
        return args[0];
    return str_new(s->data + a, b - a);
}

static value_t str_strip(const value_t *a, size_t n, value_t kw) { return do_strip(a, n, kw, 3, "strip"); }
static value_t str_lstrip(const value_t *a, size_t n, value_t kw) { return do_strip(a, n, kw, 1, "lstrip"); }
static value_t str_rstrip(const value_t *a, size_t n, value_t kw) { return do_strip(a, n, kw, 2, "rstrip"); }

/* Converts optional char-index start/end to a byte range. */
static bool byte_range(str_obj_t *s, const value_t *args, size_t nargs, size_t first, size_t *from, size_t *to)
{
    intptr_t start = 0, end = (intptr_t)s->chars;
    if (nargs > first && args[first] != VALUE_NONE && !vm_index(args[first], &start))
        return false;
    if (nargs > first + 1 && args[first + 1] != VALUE_NONE && !vm_index(args[first + 1], &end))
        return false;
    intptr_t n = (intptr_t)s->chars;
    if (start < 0 && (start += n) < 0)
        start = 0;
    if (end < 0 && (end += n) < 0)
        end = 0;
    if (end > n)
        end = n;
    if (start > n) {
        *from = s->len + 1;     /* empty, and even "" is not found */
        *to = s->len;
        return true;
    }
    *from = char_offset(s, (size_t)start);
    *to = end < start ? *from : char_offset(s, (size_t)end);
    return true;
}

static intptr_t char_index_of(str_obj_t *s, intptr_t byte_off)
{
    if (byte_off < 0 || s->chars == s->len)
        return byte_off;
    return (intptr_t)count_chars(s->data, (size_t)byte_off);
}

static value_t do_find(const value_t *args, size_t nargs, value_t kw, bool reverse, bool raise, const char *name)
{
    if (!arg_check(name, nargs, kw, 2, 4))
        return VALUE_NULL;
    if (!is_str(args[1]))
        return vm_raise_type(&type_TypeError, "must be str, not %s", type_name_of(args[1]));
    str_obj_t *s = as_str(args[0]), *n = as_str(args[1]);
    size_t from, to;
    if (!byte_range(s, args, nargs, 2, &from, &to))
        return VALUE_NULL;
    intptr_t r = -1;
    if (from <= to)
        r = reverse ? rfind_bytes(s->data, from, to, n->data, n->len) : find_bytes(s->data, from, to, n->data, n->len);
    if (r < 0 && raise)
        return vm_raise_type(&type_ValueError, "substring not found");
    return small_int(char_index_of(s, r));
}

static value_t str_find(const value_t *a, size_t n, value_t kw) { return do_find(a, n, kw, false, false, "find"); }
static value_t str_rfind(const value_t *a, size_t n, value_t kw) { return do_find(a, n, kw, true, false, "rfind"); }
static value_t str_index(const value_t *a, size_t n, value_t kw) { return do_find(a, n, kw, false, true, "index"); }
static value_t str_rindex(const value_t *a, size_t n, value_t kw) { return do_find(a, n, kw, true, true, "rindex"); }

static value_t str_count(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("count", nargs, kw, 2, 4))
        return VALUE_NULL;
    if (!is_str(args[1]))
        return vm_raise_type(&type_TypeError, "must be str, not %s", type_name_of(args[1]));
    str_obj_t *s = as_str(args[0]), *n = as_str(args[1]);
    size_t from, to;
    if (!byte_range(s, args, nargs, 2, &from, &to))
        return VALUE_NULL;
    if (from > to)
        return small_int(0);
    if (!n->len)
        return small_int((intptr_t)count_chars(s->data + from, to - from) + 1);
    intptr_t c = 0;
    for (intptr_t i = find_bytes(s->data, from, to, n->data, n->len); i >= 0;
         i = find_bytes(s->data, (size_t)i + n->len, to, n->data, n->len))
        c++;
    return small_int(c);
}

static value_t do_affix(const value_t *args, size_t nargs, value_t kw, bool end, const char *name)
{
    if (!arg_check(name, nargs, kw, 2, 4))
        return VALUE_NULL;
    str_obj_t *s = as_str(args[0]);
    size_t from, to;
    if (!byte_range(s, args, nargs, 2, &from, &to))
        return VALUE_NULL;
    value_t *items;
    size_t count;
    value_t one = args[1];
    if (type_of(args[1]) == &type_tuple) {
        seq_items(args[1], &items, &count);
    } else {
        items = &one;
        count = 1;
    }
    for (size_t i = 0; i < count; i++) {
        if (!is_str(items[i]))
            return vm_raise_type(&type_TypeError, "%s first arg must be str or a tuple of str, not %s", name,
                                 type_name_of(items[i]));
        str_obj_t *a = as_str(items[i]);
        if (from > to || to - from < a->len)
            continue;
        if (!memcmp(s->data + (end ? to - a->len : from), a->data, a->len))
            return VALUE_TRUE;
    }
    return VALUE_FALSE;
}

static value_t str_startswith(const value_t *a, size_t n, value_t kw) { return do_affix(a, n, kw, false, "startswith"); }
static value_t str_endswith(const value_t *a, size_t n, value_t kw) { return do_affix(a, n, kw, true, "endswith"); }

/* The character that ends at byte i (> 0), and where it starts. */
static size_t char_start_before(const char *data, size_t i)
{
    do
        i--;
    while (i > 0 && ((uint8_t)data[i] & 0xc0) == 0x80);
    return i;
}

static uint32_t char_before(const char *data, size_t i)
{
    const char *p = data + char_start_before(data, i);
    return utf8_decode(&p);
}

static value_t str_split_impl(const value_t *args, size_t nargs, value_t kw, bool right)
{
    static const char *const names[] = {"self", "sep", "maxsplit"};
    value_t a[3];
    if (!arg_parse(right ? "rsplit" : "split", args, nargs, kw, 3, names, a, 1))
        return VALUE_NULL;
    intptr_t maxsplit = -1;
    if (a[2] && !vm_index(a[2], &maxsplit))
        return VALUE_NULL;
    str_obj_t *s = as_str(a[0]);
    value_t list = list_new(0);
    if (!list)
        return VALUE_NULL;
    if (!a[1] || a[1] == VALUE_NONE) {
        /* runs of whitespace */
        if (!right) {
            size_t i = 0;
            while (i < s->len) {
                const char *p = s->data + i;
                while (i < s->len) {
                    p = s->data + i;
                    const char *q = p;
                    if (!cp_space(utf8_decode(&q)))
                        break;
                    i = (size_t)(q - s->data);
                }
                if (i >= s->len)
                    break;
                size_t start = i;
                if (maxsplit == 0) {
                    size_t end = s->len;
                    while (end > start) {
                        size_t k = end - 1;
                        while (k > start && ((uint8_t)s->data[k] & 0xc0) == 0x80)
                            k--;
                        const char *q = s->data + k;
                        if (!cp_space(utf8_decode(&q)))
                            break;
                        end = k;
                    }
                    value_t part = str_new(s->data + start, end - start);
                    if (!part || !list_append(list, part))
                        return VALUE_NULL;
                    break;
                }
                while (i < s->len) {
                    const char *q = s->data + i;
                    if (cp_space(utf8_decode(&q)))
                        break;
                    i = (size_t)(q - s->data);
                }
                value_t part = str_new(s->data + start, i - start);
                if (!part || !list_append(list, part))
                    return VALUE_NULL;
                if (maxsplit > 0)
                    maxsplit--;
            }
            return list;
        }
        /* rsplit(None): scan from the right, then reverse */
        size_t i = s->len;
        while (i > 0) {
            while (i > 0 && cp_space(char_before(s->data, i)))
                i = char_start_before(s->data, i);
            if (!i)
                break;
            size_t end = i;
            if (maxsplit == 0) {
                size_t start = 0;
                while (start < end) {
                    const char *q = s->data + start;
                    if (!cp_space(utf8_decode(&q)))
                        break;
                    start = (size_t)(q - s->data);
                }
                value_t part = str_new(s->data + start, end - start);
                if (!part || !list_append(list, part))
                    return VALUE_NULL;
                break;
            }
            while (i > 0 && !cp_space(char_before(s->data, i)))
                i = char_start_before(s->data, i);
            value_t part = str_new(s->data + i, end - i);
            if (!part || !list_append(list, part))
                return VALUE_NULL;
            if (maxsplit > 0)
                maxsplit--;
        }
        list_obj_t *l = as_list(list);
        for (size_t x = 0, y = l->len ? l->len - 1 : 0; x < y; x++, y--) {
            value_t t = l->items[x]; l->items[x] = l->items[y]; l->items[y] = t;
        }
        return list;
    }
    if (!is_str(a[1]))
        return vm_raise_type(&type_TypeError, "must be str or None, not %s", type_name_of(a[1]));
    str_obj_t *sep = as_str(a[1]);
    if (!sep->len)
        return vm_raise_type(&type_ValueError, "empty separator");
    if (!right) {
        size_t start = 0;
        intptr_t i;
        while (maxsplit != 0 && (i = find_bytes(s->data, start, s->len, sep->data, sep->len)) >= 0) {
            value_t part = str_new(s->data + start, (size_t)i - start);
            if (!part || !list_append(list, part))
                return VALUE_NULL;
            start = (size_t)i + sep->len;
            if (maxsplit > 0)
                maxsplit--;
        }
        value_t part = str_new(s->data + start, s->len - start);
        if (!part || !list_append(list, part))
            return VALUE_NULL;
        return list;
    }
    size_t end = s->len;
    intptr_t i;
    while (maxsplit != 0 && (i = rfind_bytes(s->data, 0, end, sep->data, sep->len)) >= 0) {
        value_t part = str_new(s->data + i + sep->len, end - (size_t)i - sep->len);
        if (!part || !list_append(list, part))
            return VALUE_NULL;
        end = (size_t)i;
        if (maxsplit > 0)
            maxsplit--;
    }
    value_t part = str_new(s->data, end);
    if (!part || !list_append(list, part))
        return VALUE_NULL;
    list_obj_t *l = as_list(list);
    for (size_t x = 0, y = l->len - 1; x < y; x++, y--) {
        value_t t = l->items[x]; l->items[x] = l->items[y]; l->items[y] = t;
    }
    return list;
}

static value_t str_split(const value_t *a, size_t n, value_t kw) { return str_split_impl(a, n, kw, false); }
static value_t str_rsplit(const value_t *a, size_t n, value_t kw) { return str_split_impl(a, n, kw, true); }

static value_t str_splitlines(const value_t *args, size_t nargs, value_t kw)
{
    static const char *const names[] = {"self", "keepends"};
    value_t a[2];
    if (!arg_parse("splitlines", args, nargs, kw, 2, names, a, 1))
        return VALUE_NULL;
    int keep = a[1] ? vm_truth(a[1]) : 0;
    str_obj_t *s = as_str(a[0]);
    value_t list = list_new(0);
    if (!list)
        return VALUE_NULL;
    size_t i = 0;
    while (i < s->len) {
        size_t start = i, end = s->len;
        /* line boundaries: \n \r \r\n \v \f \x1c \x1d \x1e \x85 U+2028 U+2029 */
        while (i < s->len) {
            const char *q = s->data + i;
            uint32_t c = utf8_decode(&q);
            if ((c >= 0x0a && c <= 0x0d) || (c >= 0x1c && c <= 0x1e) || c == 0x85 || c == 0x2028 || c == 0x2029) {
                end = i;
                i = (size_t)(q - s->data);
                if (c == '\r' && i < s->len && s->data[i] == '\n')
                    i++;
                break;
            }
            i = (size_t)(q - s->data);
        }
        value_t part = str_new(s->data + start, (keep ? i : end) - start);
        if (!part || !list_append(list, part))
            return VALUE_NULL;
    }
    return list;
}

value_t str_join(value_t sep, value_t iterable)
{
    value_t list = iterable;
    if (type_of(iterable) != &type_list && type_of(iterable) != &type_tuple) {
        list = list_from_iterable(iterable);
        if (!list)
            return VALUE_NULL;
    }
    value_t *items;
    size_t n;
    seq_items(list, &items, &n);
    str_obj_t *sp = as_str(sep);
    size_t total = 0, chars = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_str(items[i]))
            return vm_raise_type(&type_TypeError, "sequence item %zu: expected str instance, %s found", i,
                                 type_name_of(items[i]));
        total += str_len(items[i]);
        chars += as_str(items[i])->chars;
    }
    if (n == 1 && type_of(items[0]) == &type_str)
        return items[0];
    if (n > 1) {
        total += sp->len * (n - 1);
        chars += sp->chars * (n - 1);
    }
    str_obj_t *r = str_alloc(&type_str, total);
    if (!r)
        return VALUE_NULL;
    seq_items(list, &items, &n);
    char *p = r->data;
    for (size_t i = 0; i < n; i++) {
        if (i) {
            memcpy(p, sp->data, sp->len);
            p += sp->len;
        }
        memcpy(p, str_data(items[i]), str_len(items[i]));
        p += str_len(items[i]);
    }
    *p = 0;
    r->chars = chars;
    return obj_value(r);
}

static value_t str_join_method(const value_t *args, size_t nargs, value_t kw)
{
    if (nargs != 2 || (kw && as_tuple(kw)->len)) {
        if (kw && as_tuple(kw)->len)
            return vm_raise_type(&type_TypeError, "str.join() takes no keyword arguments");
        return vm_raise_type(&type_TypeError, "str.join() takes exactly one argument (%zu given)", nargs - 1);
    }
    return str_join(args[0], args[1]);
}

static value_t str_replace(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("replace", nargs, kw, 3, 4))
        return VALUE_NULL;
    if (!is_str(args[1]) || !is_str(args[2]))
        return vm_raise_type(&type_TypeError, "replace() argument %d must be str, not %s", is_str(args[1]) ? 2 : 1,
                             type_name_of(is_str(args[1]) ? args[2] : args[1]));
    intptr_t count = -1;
    if (nargs == 4 && !vm_index(args[3], &count))
        return VALUE_NULL;
    str_obj_t *s = as_str(args[0]), *old = as_str(args[1]), *new = as_str(args[2]);
    strbuf_t b;
    strbuf_init(&b);
    if (!old->len) {
        /* insert `new` between characters */
        const char *p = s->data, *end = p + s->len;
        if (count != 0) {
            strbuf_add(&b, new->data, new->len);
            if (count > 0)
                count--;
        }
        while (p < end) {
            const char *q = p;
            utf8_decode(&q);
            strbuf_add(&b, p, (size_t)(q - p));
            p = q;
            if (count != 0) {
                strbuf_add(&b, new->data, new->len);
                if (count > 0)
                    count--;
            }
        }
        return strbuf_finish(&b);
    }
    size_t start = 0;
    intptr_t i;
    while (count != 0 && (i = find_bytes(s->data, start, s->len, old->data, old->len)) >= 0) {
        strbuf_add(&b, s->data + start, (size_t)i - start);
        strbuf_add(&b, new->data, new->len);
        start = (size_t)i + old->len;
        if (count > 0)
            count--;
    }
    strbuf_add(&b, s->data + start, s->len - start);
    return strbuf_finish(&b);
}

static value_t do_partition(const value_t *args, size_t nargs, value_t kw, bool right)
{
    if (!arg_check(right ? "rpartition" : "partition", nargs, kw, 2, 2))
        return VALUE_NULL;
    if (!is_str(args[1]))
        return vm_raise_type(&type_TypeError, "must be str, not %s", type_name_of(args[1]));
    str_obj_t *s = as_str(args[0]), *sep = as_str(args[1]);
    if (!sep->len)
        return vm_raise_type(&type_ValueError, "empty separator");
    intptr_t i = right ? rfind_bytes(s->data, 0, s->len, sep->data, sep->len)
                       : find_bytes(s->data, 0, s->len, sep->data, sep->len);
    value_t parts[3];
    value_t empty = str_new("", 0);
    if (!empty)
        return VALUE_NULL;
    if (i < 0) {
        parts[0] = right ? empty : args[0];
        parts[1] = empty;
        parts[2] = right ? args[0] : empty;
    } else {
        parts[0] = str_new(s->data, (size_t)i);
        parts[1] = args[1];
        parts[2] = parts[0] ? str_new(s->data + i + sep->len, s->len - (size_t)i - sep->len) : VALUE_NULL;
        if (!parts[2])
            return VALUE_NULL;
    }
    return tuple_from_array(parts, 3);
}

static value_t str_partition(const value_t *a, size_t n, value_t kw) { return do_partition(a, n, kw, false); }
static value_t str_rpartition(const value_t *a, size_t n, value_t kw) { return do_partition(a, n, kw, true); }

/* mode: 0 center, 1 ljust, 2 rjust */
static value_t do_justify(const value_t *args, size_t nargs, value_t kw, int mode, const char *name)
{
    if (!arg_check(name, nargs, kw, 2, 3))
        return VALUE_NULL;
    intptr_t width;
    if (!vm_index(args[1], &width))
        return VALUE_NULL;
    const char *fill = " ";
    size_t fill_len = 1;
    if (nargs == 3) {
        if (!is_str(args[2]) || as_str(args[2])->chars != 1)
            return vm_raise_type(&type_TypeError, "The fill character must be exactly one character long");
        fill = str_data(args[2]);
        fill_len = str_len(args[2]);
    }
    str_obj_t *s = as_str(args[0]);
    if (width <= (intptr_t)s->chars)
        return type_of(args[0]) == &type_str ? args[0] : str_new(s->data, s->len);
    size_t pad = (size_t)width - s->chars, left;
    if (mode == 1)
        left = 0;
    else if (mode == 2)
        left = pad;
    else
        left = pad / 2 + (pad & (size_t)width & 1);
    strbuf_t b;
    strbuf_init(&b);
    for (size_t i = 0; i < left; i++)
        strbuf_add(&b, fill, fill_len);
    strbuf_add(&b, s->data, s->len);
    for (size_t i = left; i < pad; i++)
        strbuf_add(&b, fill, fill_len);
    return strbuf_finish(&b);
}

static value_t str_center(const value_t *a, size_t n, value_t kw) { return do_justify(a, n, kw, 0, "center"); }
static value_t str_ljust(const value_t *a, size_t n, value_t kw) { return do_justify(a, n, kw, 1, "ljust"); }
static value_t str_rjust(const value_t *a, size_t n, value_t kw) { return do_justify(a, n, kw, 2, "rjust"); }

static value_t str_zfill(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("zfill", nargs, kw, 2, 2))
        return VALUE_NULL;
    intptr_t width;
    if (!vm_index(args[1], &width))
        return VALUE_NULL;
    str_obj_t *s = as_str(args[0]);
    if (width <= (intptr_t)s->chars)
        return args[0];
    strbuf_t b;
    strbuf_init(&b);
    size_t i = 0;
    if (s->len && (s->data[0] == '+' || s->data[0] == '-')) {
        strbuf_add_char(&b, s->data[0]);
        i = 1;
    }
    for (size_t k = 0; k < (size_t)width - s->chars; k++)
        strbuf_add_char(&b, '0');
    strbuf_add(&b, s->data + i, s->len - i);
    return strbuf_finish(&b);
}

static value_t str_removeprefix(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("removeprefix", nargs, kw, 2, 2) || !want_str(args[1], "removeprefix"))
        return VALUE_NULL;
    str_obj_t *s = as_str(args[0]), *p = as_str(args[1]);
    if (p->len <= s->len && !memcmp(s->data, p->data, p->len))
        return str_new(s->data + p->len, s->len - p->len);
    return args[0];
}

static value_t str_removesuffix(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("removesuffix", nargs, kw, 2, 2) || !want_str(args[1], "removesuffix"))
        return VALUE_NULL;
    str_obj_t *s = as_str(args[0]), *p = as_str(args[1]);
    if (p->len && p->len <= s->len && !memcmp(s->data + s->len - p->len, p->data, p->len))
        return str_new(s->data, s->len - p->len);
    return args[0];
}

static value_t str_expandtabs(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("expandtabs", nargs, kw, 1, 2))
        return VALUE_NULL;
    intptr_t tab = 8;
    if (nargs == 2 && !vm_index(args[1], &tab))
        return VALUE_NULL;
    str_obj_t *s = as_str(args[0]);
    strbuf_t b;
    strbuf_init(&b);
    size_t col = 0;
    const char *p = s->data, *end = p + s->len;
    while (p < end) {
        const char *q = p;
        uint32_t c = utf8_decode(&q);
        if (c == '\t') {
            if (tab > 0) {
                size_t n = (size_t)tab - col % (size_t)tab;
                for (size_t i = 0; i < n; i++)
                    strbuf_add_char(&b, ' ');
                col += n;
            }
        } else {
            strbuf_add(&b, p, (size_t)(q - p));
            col = (c == '\n' || c == '\r') ? 0 : col + 1;
        }
        p = q;
    }
    return strbuf_finish(&b);
}

value_t codec_encode(value_t s, value_t encoding, value_t errors);
value_t codec_decode(const uint8_t *data, size_t len, value_t encoding, value_t errors);

static value_t str_encode(const value_t *args, size_t nargs, value_t kw)
{
    static const char *const names[] = {"self", "encoding", "errors"};
    value_t a[3];
    if (!arg_parse("encode", args, nargs, kw, 3, names, a, 1))
        return VALUE_NULL;
    /* Plain UTF-8 without surrogates is the stored form: no conversion. */
    if (!a[1] && !a[2] && utf8_valid((const uint8_t *)str_data(a[0]), str_len(a[0])))
        return bytes_new((const uint8_t *)str_data(a[0]), str_len(a[0]));
    return codec_encode(a[0], a[1], a[2]);
}

static value_t str_format_method(const value_t *args, size_t nargs, value_t kw);
static value_t str_dunder_format(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("__format__", nargs, kw, 2, 2))
        return VALUE_NULL;
    return vm_format(args[0], args[1]);
}

/* str.maketrans(dict) or (x, y[, z]): the {code point: replacement} dict
 * that translate() reads. */
static value_t str_maketrans(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("maketrans", nargs, kw, 1, 3))
        return VALUE_NULL;
    value_t table = dict_new(0);
    if (!table)
        return VALUE_NULL;
    if (nargs == 1) {
        if (!is_instance(args[0], &type_dict))
            return vm_raise_type(&type_TypeError, "if you give only one argument to maketrans it must be a dict");
        size_t pos = 0;
        value_t key, v;
        while (dict_next(args[0], &pos, &key, &v)) {
            if (is_str(key)) {
                if (as_str(key)->chars != 1)
                    return vm_raise_type(&type_ValueError, "string keys in translate table must be of length 1");
                const char *p = str_data(key);
                key = small_int(utf8_decode(&p));
            } else if (!is_int(key)) {
                return vm_raise_type(&type_TypeError, "keys in translate table must be strings or integers");
            }
            if (!dict_set(table, key, v))
                return VALUE_NULL;
        }
        return table;
    }
    if (!is_str(args[0]))
        return vm_raise_type(&type_TypeError, "first maketrans argument must be a string if there is a second argument");
    for (size_t i = 1; i < nargs; i++)
        if (!is_str(args[i]))
            return vm_raise_type(&type_TypeError, "maketrans() argument %zu must be str, not %s", i + 1,
                                 type_name_of(args[i]));
    str_obj_t *x = as_str(args[0]), *y = as_str(args[1]);
    if (x->chars != y->chars)
        return vm_raise_type(&type_ValueError, "the first two maketrans arguments must have equal length");
    const char *p = x->data, *q = y->data, *end = x->data + x->len;
    while (p < end) {
        value_t from = small_int(utf8_decode(&p));
        if (!dict_set(table, from, small_int(utf8_decode(&q))))
            return VALUE_NULL;
    }
    if (nargs == 3) {
        str_obj_t *z = as_str(args[2]);
        for (p = z->data, end = z->data + z->len; p < end;)
            if (!dict_set(table, small_int(utf8_decode(&p)), VALUE_NONE))
                return VALUE_NULL;
    }
    return table;
}

/* str.translate(table): each character's table[ord(c)] (any object with
 * __getitem__): a str, a code point, or None to delete it; characters the
 * table has no entry for (LookupError) stay. */
static value_t str_translate(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("translate", nargs, kw, 2, 2))
        return VALUE_NULL;
    str_obj_t *s = as_str(args[0]);
    value_t table = args[1];
    bool plain_dict = is_obj(table) && type_of(table) == &type_dict;
    strbuf_t b;
    strbuf_init(&b);
    const char *p = s->data, *end = p + s->len;
    while (p < end) {
        const char *start = p;
        value_t key = small_int(utf8_decode(&p));
        value_t v;
        if (plain_dict) {
            v = dict_get(table, key);
        } else {
            v = vm_getitem(table, key);
            if (!v && vm_exception_matches(&type_LookupError)) {
                vm_take_exception();
                v = VALUE_MISSING;
            }
        }
        if (!v)
            goto fail;
        if (v == VALUE_MISSING) {
            strbuf_add(&b, start, (size_t)(p - start));
        } else if (v == VALUE_NONE) {
            continue;
        } else if (is_str(v)) {
            strbuf_add(&b, str_data(v), str_len(v));
        } else if (is_int(v)) {
            int64_t c;
            if (!int_as_i64(v, &c) || c < 0 || c > 0x10ffff) {
                vm_take_exception();
                vm_raise_type(&type_ValueError, "character mapping must be in range(0x110000)");
                goto fail;
            }
            strbuf_add_codepoint(&b, (uint32_t)c);
        } else {
            vm_raise_type(&type_TypeError, "character mapping must return integer, None or str");
            goto fail;
        }
    }
    return strbuf_finish(&b);
fail:
    strbuf_free(&b);
    return VALUE_NULL;
}

static value_t str_format_map(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("format_map", nargs, kw, 2, 2))
        return VALUE_NULL;
    extern value_t str_format_args(value_t fmt, const value_t *args, size_t nargs, value_t kwnames);
    /* a mapping in place of kwnames: formatspec.c looks fields up in it
     * (a tuple would read as kwnames: pass it as a list, which fails the
     * same way, but for the type named in the message) */
    value_t mapping = args[1];
    if (type_of(mapping) == &type_tuple && !(mapping = list_from_iterable(mapping)))
        return VALUE_NULL;
    return str_format_args(args[0], args, 0, mapping);
}

static const method_def_t str_methods[] = {
    {"upper", str_upper, 0}, {"lower", str_lower, 0}, {"casefold", str_casefold, 0},
    {"capitalize", str_capitalize, 0}, {"title", str_title, 0}, {"swapcase", str_swapcase, 0},
    {"isspace", str_isspace, 0}, {"isdigit", str_isdigit, 0}, {"isdecimal", str_isdecimal, 0},
    {"isnumeric", str_isnumeric, 0}, {"isalpha", str_isalpha, 0}, {"isalnum", str_isalnum, 0},
    {"isascii", str_isascii, 0}, {"isupper", str_isupper, 0}, {"islower", str_islower, 0},
    {"isidentifier", str_isidentifier, 0}, {"istitle", str_istitle, 0}, {"isprintable", str_isprintable, 0},
    {"strip", str_strip, 0}, {"lstrip", str_lstrip, 0}, {"rstrip", str_rstrip, 0},
    {"find", str_find, 0}, {"rfind", str_rfind, 0}, {"index", str_index, 0}, {"rindex", str_rindex, 0},
    {"count", str_count, 0}, {"startswith", str_startswith, 0}, {"endswith", str_endswith, 0},
    {"split", str_split, 0}, {"rsplit", str_rsplit, 0}, {"splitlines", str_splitlines, 0},
    {"join", str_join_method, 0}, {"replace", str_replace, 0},
    {"partition", str_partition, 0}, {"rpartition", str_rpartition, 0},
    {"center", str_center, 0}, {"ljust", str_ljust, 0}, {"rjust", str_rjust, 0}, {"zfill", str_zfill, 0},
    {"removeprefix", str_removeprefix, 0}, {"removesuffix", str_removesuffix, 0},
    {"expandtabs", str_expandtabs, 0}, {"encode", str_encode, 0},
    {"format", str_format_method, 0}, {"__format__", str_dunder_format, 0}, {"format_map", str_format_map, 0},
    {"maketrans", str_maketrans, METHOD_STATIC}, {"translate", str_translate, 0},
    {0, 0, 0},
};

extern value_t str_format_args(value_t fmt, const value_t *args, size_t nargs, value_t kwnames);
static value_t str_format_method(const value_t *args, size_t nargs, value_t kw)
{
    return str_format_args(args[0], args + 1, nargs - 1, kw);
}

static value_t str_make_new(const type_t *type, const value_t *args, size_t nargs, value_t kw)
{
    (void)type;
    static const char *const names[] = {"object", "encoding", "errors"};
    value_t a[3];
    if (!arg_parse("str", args, nargs, kw, 3, names, a, 0))
        return VALUE_NULL;
    if (!a[0])
        return str_new("", 0);
    if (!a[1] && !a[2])
        return vm_str(a[0]);
    struct buffer_info b;
    if (!vm_get_buffer(a[0], &b, false)) {
        vm_take_exception();
        return vm_raise_type(&type_TypeError, "decoding to str: need a bytes-like object, %s found",
                             type_name_of(a[0]));
    }
    if (a[1]) {
        const char *e = str_data(a[1]);
        if (!strcmp(e, "latin-1") || !strcmp(e, "latin1")) {
            strbuf_t sb;
            strbuf_init(&sb);
            for (size_t i = 0; i < b.len; i++)
                strbuf_add_codepoint(&sb, b.data[i]);
            return strbuf_finish(&sb);
        }
    }
    return str_from_utf8((const char *)b.data, b.len);
}

type_t type_str = {
    .base = {&type_type}, .name = "str", .parent = &type_object, .flags = TYPE_BASETYPE,
    .methods = str_methods,
    .repr = str_repr, .hash = str_hash_slot, .compare = str_compare, .len = str_len_slot,
    .binary_op = str_binary_op, .getitem = str_getitem, .contains = str_contains,
    .iter = str_iter, .make_new = str_make_new,
};
