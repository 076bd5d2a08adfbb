/* A growable byte buffer for building strings: starts in place, moves to
 * the kernel heap when it outgrows that. It holds bytes, never values, so
 * the collector need not see it. */
#include "vm/obj.h"
#include "vm/gc.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/heap.h"

void strbuf_init(strbuf_t *b)
{
    b->data = b->small;
    b->len = 0;
    b->cap = sizeof b->small;
    b->failed = false;
}

static bool reserve(strbuf_t *b, size_t extra)
{
    if (b->failed)
        return false;
    if (b->len + extra <= b->cap)
        return true;
    size_t cap = b->cap * 2;
    while (cap < b->len + extra)
        cap *= 2;
    char *p;
    if (b->data == b->small) {
        p = kmalloc(cap);
        if (p)
            memcpy(p, b->data, b->len);
    } else {
        p = krealloc(b->data, cap);
    }
    if (!p) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void strbuf_add(strbuf_t *b, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

void strbuf_add_cstr(strbuf_t *b, const char *s) { strbuf_add(b, s, strlen(s)); }

void strbuf_add_char(strbuf_t *b, char c)
{
    if (b->len < b->cap || reserve(b, 1))
        b->data[b->len++] = c;
}

void strbuf_add_codepoint(strbuf_t *b, uint32_t cp)
{
    char tmp[4];
    strbuf_add(b, tmp, utf8_encode(cp, tmp));
}

void strbuf_printf(strbuf_t *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        strbuf_add(b, tmp, (size_t)n);
        return;
    }
    if (!reserve(b, (size_t)n + 1))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

bool strbuf_add_value_repr(strbuf_t *b, value_t v)
{
    value_t r = vm_repr(v);
    if (!r)
        return false;
    strbuf_add(b, str_data(r), str_len(r));
    return true;
}

bool strbuf_add_value_str(strbuf_t *b, value_t v)
{
    value_t r = vm_str(v);
    if (!r)
        return false;
    strbuf_add(b, str_data(r), str_len(r));
    return true;
}

void strbuf_free(strbuf_t *b)
{
    if (b->data != b->small)
        kfree(b->data);
    b->data = b->small;
    b->len = 0;
    b->cap = sizeof b->small;
}

value_t strbuf_finish(strbuf_t *b)
{
    if (b->failed) {
        strbuf_free(b);
        return vm_raise_memory_error();
    }
    value_t s = str_new(b->data, b->len);
    strbuf_free(b);
    return s;
}

value_t strbuf_finish_bytes(strbuf_t *b, const type_t *type)
{
    if (b->failed) {
        strbuf_free(b);
        return vm_raise_memory_error();
    }
    value_t s = type == &type_bytearray ? bytearray_new((const uint8_t *)b->data, b->len)
                                        : bytes_new((const uint8_t *)b->data, b->len);
    strbuf_free(b);
    return s;
}
