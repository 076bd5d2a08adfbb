/* Text codecs for str.encode / bytes.decode: UTF-8, ASCII, Latin-1,
 * UTF-16 and UTF-32 (with and without BOM), with the error handlers
 * strict, ignore, replace, backslashreplace, xmlcharrefreplace (encode)
 * and surrogateescape. Messages are CPython's, since programs print them. */
#include "vm/obj.h"
#include "lib/string.h"
#include "lib/format.h"

extern uint32_t utf8_decode(const char **pp);

/* UnicodeEncodeError / UnicodeDecodeError live with the extra exception
 * classes in builtins.c, which the object-core test binary does not link:
 * weak references fall back to UnicodeError there. */
extern type_t type_UnicodeEncodeError __attribute__((weak));
extern type_t type_UnicodeDecodeError __attribute__((weak));

enum codec { CODEC_UTF8, CODEC_ASCII, CODEC_LATIN1, CODEC_UTF16, CODEC_UTF16LE, CODEC_UTF16BE,
             CODEC_UTF32, CODEC_UTF32LE, CODEC_UTF32BE, CODEC_UNKNOWN };
enum handler { ERR_STRICT, ERR_IGNORE, ERR_REPLACE, ERR_BACKSLASH, ERR_XMLCHARREF, ERR_SURROGATEESCAPE,
               ERR_UNKNOWN };

static const char *const codec_names[] = {"utf-8", "ascii", "latin-1", "utf-16", "utf-16-le", "utf-16-be",
                                          "utf-32", "utf-32-le", "utf-32-be"};

/* Python's normalisation: case-insensitive, '_' and ' ' count as '-'. */
static enum codec lookup_codec(value_t name)
{
    if (!name)
        return CODEC_UTF8;
    char buf[32];
    size_t n = str_len(name);
    if (n >= sizeof buf)
        return CODEC_UNKNOWN;
    const char *s = str_data(name);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c += 32;
        if (c == '_' || c == ' ')
            c = '-';
        buf[i] = c;
    }
    buf[n] = 0;
    static const struct { const char *name; enum codec codec; } aliases[] = {
        {"utf-8", CODEC_UTF8}, {"utf8", CODEC_UTF8}, {"u8", CODEC_UTF8}, {"utf", CODEC_UTF8},
        {"cp65001", CODEC_UTF8},
        {"ascii", CODEC_ASCII}, {"us-ascii", CODEC_ASCII}, {"646", CODEC_ASCII},
        {"latin-1", CODEC_LATIN1}, {"latin1", CODEC_LATIN1}, {"iso-8859-1", CODEC_LATIN1},
        {"iso8859-1", CODEC_LATIN1}, {"8859", CODEC_LATIN1}, {"l1", CODEC_LATIN1}, {"latin", CODEC_LATIN1},
        {"cp819", CODEC_LATIN1},
        {"utf-16", CODEC_UTF16}, {"utf16", CODEC_UTF16}, {"utf-16-le", CODEC_UTF16LE},
        {"utf-16le", CODEC_UTF16LE}, {"utf-16-be", CODEC_UTF16BE}, {"utf-16be", CODEC_UTF16BE},
        {"utf-32", CODEC_UTF32}, {"utf32", CODEC_UTF32}, {"utf-32-le", CODEC_UTF32LE},
        {"utf-32le", CODEC_UTF32LE}, {"utf-32-be", CODEC_UTF32BE}, {"utf-32be", CODEC_UTF32BE},
    };
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (!strcmp(buf, aliases[i].name))
            return aliases[i].codec;
    return CODEC_UNKNOWN;
}

static enum handler lookup_handler(value_t errors)
{
    if (!errors)
        return ERR_STRICT;
    const char *s = str_data(errors);
    if (!strcmp(s, "strict")) return ERR_STRICT;
    if (!strcmp(s, "ignore")) return ERR_IGNORE;
    if (!strcmp(s, "replace")) return ERR_REPLACE;
    if (!strcmp(s, "backslashreplace")) return ERR_BACKSLASH;
    if (!strcmp(s, "xmlcharrefreplace")) return ERR_XMLCHARREF;
    if (!strcmp(s, "surrogateescape")) return ERR_SURROGATEESCAPE;
    return ERR_UNKNOWN;
}

static bool check_args(value_t encoding, value_t errors, enum codec *codec, enum handler *handler)
{
    if (encoding && !is_str(encoding)) {
        vm_raise_type(&type_TypeError, "encoding must be str, not %s", type_name_of(encoding));
        return false;
    }
    if (errors && !is_str(errors)) {
        vm_raise_type(&type_TypeError, "errors must be str, not %s", type_name_of(errors));
        return false;
    }
    *codec = lookup_codec(encoding);
    if (*codec == CODEC_UNKNOWN) {
        vm_raise_type(&type_LookupError, "unknown encoding: %s", str_data(encoding));
        return false;
    }
    *handler = lookup_handler(errors);
    return true;
}

static void unknown_handler(value_t errors)
{
    vm_raise_type(&type_LookupError, "unknown error handler name '%s'", str_data(errors));
}

static void add_unit(strbuf_t *b, uint32_t v, int size, bool big)
{
    for (int k = 0; k < size; k++) {
        int shift = big ? 8 * (size - 1 - k) : 8 * k;
        strbuf_add_char(b, (char)(v >> shift));
    }
}

/* ---- encode ---- */
value_t codec_encode(value_t s, value_t encoding, value_t errors)
{
    enum codec codec;
    enum handler handler;
    if (!check_args(encoding, errors, &codec, &handler))
        return VALUE_NULL;
    const char *p = str_data(s), *end = p + str_len(s);
    strbuf_t b;
    strbuf_init(&b);
    if (codec == CODEC_UTF8) {
        /* str is stored as UTF-8: only lone surrogates (from surrogateescape
         * decoding) can fail. */
        size_t pos = 0;
        while (p < end) {
            const char *start = p;
            uint32_t c = utf8_decode(&p);
            if (c >= 0xD800 && c <= 0xDFFF) {
                if (handler == ERR_SURROGATEESCAPE && c >= 0xDC80 && c <= 0xDCFF)
                    strbuf_add_char(&b, (char)(c - 0xDC00));
                else if (handler == ERR_IGNORE)
                    ;
                else if (handler == ERR_REPLACE)
                    strbuf_add_char(&b, '?');
                else if (handler == ERR_BACKSLASH)
                    strbuf_printf(&b, "\\u%04x", (unsigned)c);
                else if (handler == ERR_XMLCHARREF)
                    strbuf_printf(&b, "&#%u;", (unsigned)c);
                else {
                    strbuf_free(&b);
                    if (handler == ERR_UNKNOWN)
                        return unknown_handler(errors), VALUE_NULL;
                    return vm_raise_type(&type_UnicodeEncodeError ? &type_UnicodeEncodeError : &type_UnicodeError,
                                         "'utf-8' codec can't encode character '\\u%04x' in position %zu: "
                                         "surrogates not allowed", (unsigned)c, pos);
                }
            } else
                strbuf_add(&b, start, (size_t)(p - start));
            pos++;
        }
        return strbuf_finish_bytes(&b, &type_bytes);
    }
    if (codec == CODEC_ASCII || codec == CODEC_LATIN1) {
        uint32_t limit = codec == CODEC_ASCII ? 0x80 : 0x100;
        size_t pos = 0;
        while (p < end) {
            uint32_t c = utf8_decode(&p);
            if (c < limit) {
                strbuf_add_char(&b, (char)c);
            } else if (handler == ERR_SURROGATEESCAPE && c >= 0xDC80 && c <= 0xDCFF) {
                strbuf_add_char(&b, (char)(c - 0xDC00));
            } else if (handler == ERR_IGNORE) {
            } else if (handler == ERR_REPLACE) {
                strbuf_add_char(&b, '?');
            } else if (handler == ERR_BACKSLASH) {
                if (c < 0x100) strbuf_printf(&b, "\\x%02x", (unsigned)c);
                else if (c < 0x10000) strbuf_printf(&b, "\\u%04x", (unsigned)c);
                else strbuf_printf(&b, "\\U%08x", (unsigned)c);
            } else if (handler == ERR_XMLCHARREF) {
                strbuf_printf(&b, "&#%u;", (unsigned)c);
            } else {
                strbuf_free(&b);
                if (handler == ERR_UNKNOWN)
                    return unknown_handler(errors), VALUE_NULL;
                /* CPython reports the whole run of unencodable characters. */
                size_t run = 1;
                const char *q = p;
                while (q < end) {
                    const char *save = q;
                    uint32_t d = utf8_decode(&q);
                    if (d < limit) {
                        q = save;
                        break;
                    }
                    run++;
                }
                char shown[16];
                if (c < 0x100) snprintf(shown, sizeof shown, "\\x%02x", (unsigned)c);
                else if (c < 0x10000) snprintf(shown, sizeof shown, "\\u%04x", (unsigned)c);
                else snprintf(shown, sizeof shown, "\\U%08x", (unsigned)c);
                const type_t *t = &type_UnicodeEncodeError ? &type_UnicodeEncodeError : &type_UnicodeError;
                const char *name = codec == CODEC_ASCII ? "ascii" : "latin-1";
                if (run == 1)
                    return vm_raise_type(t, "'%s' codec can't encode character '%s' in position %zu: "
                                         "ordinal not in range(%u)", name, shown, pos, (unsigned)limit);
                return vm_raise_type(t, "'%s' codec can't encode characters in position %zu-%zu: "
                                     "ordinal not in range(%u)", name, pos, pos + run - 1, (unsigned)limit);
            }
            pos++;
        }
        return strbuf_finish_bytes(&b, &type_bytes);
    }
    /* UTF-16 / UTF-32: the plain names write a little-endian BOM first. */
    bool wide = codec >= CODEC_UTF32;
    bool big = codec == CODEC_UTF16BE || codec == CODEC_UTF32BE;
    if (codec == CODEC_UTF16 || codec == CODEC_UTF32)
        add_unit(&b, 0xFEFF, wide ? 4 : 2, false);
    while (p < end) {
        uint32_t c = utf8_decode(&p);
        if (wide)
            add_unit(&b, c, 4, big);
        else if (c >= 0x10000) {
            c -= 0x10000;
            add_unit(&b, 0xD800 + (c >> 10), 2, big);
            add_unit(&b, 0xDC00 + (c & 0x3FF), 2, big);
        } else
            add_unit(&b, c, 2, big);
    }
    return strbuf_finish_bytes(&b, &type_bytes);
}

/* ---- decode ---- */
static const type_t *decode_error_type(void)
{
    return &type_UnicodeDecodeError ? &type_UnicodeDecodeError : &type_UnicodeError;
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 with *reason set
 * and *bad the number of bytes CPython reports as the invalid range. */
static size_t utf8_sequence(const uint8_t *p, size_t avail, const char **reason, size_t *bad)
{
    uint8_t c = p[0];
    if (c < 0x80)
        return 1;
    size_t need;
    uint8_t lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) need = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        *reason = "invalid start byte";
        *bad = 1;
        return 0;
    }
    for (size_t k = 1; k < need; k++) {
        if (k >= avail) {
            *reason = "unexpected end of data";
            *bad = avail;
            return 0;
        }
        uint8_t d = p[k];
        if (d < (k == 1 ? lo : 0x80) || d > (k == 1 ? hi : 0xBF)) {
            *reason = "invalid continuation byte";
            *bad = k;
            return 0;
        }
    }
    return need;
}

/* Applies the handler to the bad bytes data[pos, pos+n); false when it raised. */
static bool decode_error(strbuf_t *b, enum handler handler, value_t errors, const char *codec, const uint8_t *data,
                         size_t pos, size_t n, const char *reason)
{
    switch (handler) {
    case ERR_IGNORE:
        return true;
    case ERR_REPLACE:
        strbuf_add_codepoint(b, 0xFFFD);
        return true;
    case ERR_BACKSLASH:
        for (size_t k = 0; k < n; k++)
            strbuf_printf(b, "\\x%02x", data[pos + k]);
        return true;
    case ERR_SURROGATEESCAPE:
        for (size_t k = 0; k < n; k++) {
            if (data[pos + k] < 128)
                break;
            strbuf_add_codepoint(b, 0xDC00 + data[pos + k]);
        }
        return true;
    case ERR_UNKNOWN:
        unknown_handler(errors);
        return false;
    default:
        if (n == 1)
            vm_raise_type(decode_error_type(), "'%s' codec can't decode byte 0x%02x in position %zu: %s", codec,
                          data[pos], pos, reason);
        else
            vm_raise_type(decode_error_type(), "'%s' codec can't decode bytes in position %zu-%zu: %s", codec, pos,
                          pos + n - 1, reason);
        return false;
    }
}

value_t codec_decode(const uint8_t *data, size_t len, value_t encoding, value_t errors)
{
    enum codec codec;
    enum handler handler;
    if (!check_args(encoding, errors, &codec, &handler))
        return VALUE_NULL;
    strbuf_t b;
    strbuf_init(&b);
    if (codec == CODEC_UTF8) {
        if (handler == ERR_STRICT) {
            /* The common case: validate once, copy once. */
            size_t i = 0;
            const char *reason;
            size_t bad;
            while (i < len) {
                size_t n = utf8_sequence(data + i, len - i, &reason, &bad);
                if (!n)
                    break;
                i += n;
            }
            if (i == len) {
                strbuf_free(&b);
                return str_new((const char *)data, len);
            }
        }
        size_t i = 0;
        while (i < len) {
            const char *reason;
            size_t bad;
            size_t n = utf8_sequence(data + i, len - i, &reason, &bad);
            if (n) {
                strbuf_add(&b, (const char *)data + i, n);
                i += n;
                continue;
            }
            if (!decode_error(&b, handler, errors, "utf-8", data, i, bad, reason))
                return strbuf_free(&b), VALUE_NULL;
            i += bad;
        }
        return strbuf_finish(&b);
    }
    if (codec == CODEC_ASCII || codec == CODEC_LATIN1) {
        for (size_t i = 0; i < len; i++) {
            if (data[i] < 0x80 || codec == CODEC_LATIN1)
                strbuf_add_codepoint(&b, data[i]);
            else if (!decode_error(&b, handler, errors, "ascii", data, i, 1, "ordinal not in range(128)"))
                return strbuf_free(&b), VALUE_NULL;
        }
        return strbuf_finish(&b);
    }
    bool wide = codec >= CODEC_UTF32;
    size_t unit = wide ? 4 : 2;
    bool big = codec == CODEC_UTF16BE || codec == CODEC_UTF32BE;
    size_t i = 0;
    if (codec == CODEC_UTF16 || codec == CODEC_UTF32) {
        /* A BOM picks the byte order and is dropped; none means little-endian. */
        if (len >= unit) {
            uint32_t le = 0, be = 0;
            for (size_t k = 0; k < unit; k++) {
                le |= (uint32_t)data[k] << (8 * k);
                be = be << 8 | data[k];
            }
            if (le == 0xFEFF) i = unit;
            else if (be == 0xFEFF) i = unit, big = true;
        }
    }
    const char *name = codec_names[codec];
    if (codec == CODEC_UTF16 || codec == CODEC_UTF32)
        name = wide ? "utf-32-le" : "utf-16-le";
    if (big)
        name = wide ? "utf-32-be" : "utf-16-be";
    while (i < len) {
        if (len - i < unit) {
            if (!decode_error(&b, handler, errors, name, data, i, len - i, "truncated data"))
                return strbuf_free(&b), VALUE_NULL;
            break;
        }
        uint32_t c = 0;
        for (size_t k = 0; k < unit; k++)
            c |= (uint32_t)data[i + k] << (big ? 8 * (unit - 1 - k) : 8 * k);
        if (wide) {
            if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
                if (!decode_error(&b, handler, errors, name, data, i, 4,
                                  c > 0x10FFFF ? "code point not in range(0x110000)" : "code point in surrogate code point range(0xd800, 0xe000)"))
                    return strbuf_free(&b), VALUE_NULL;
            } else
                strbuf_add_codepoint(&b, c);
            i += 4;
            continue;
        }
        if (c >= 0xD800 && c <= 0xDBFF) {
            if (len - i < 4) {
                if (!decode_error(&b, handler, errors, name, data, i, len - i, "unexpected end of data"))
                    return strbuf_free(&b), VALUE_NULL;
                break;
            }
            uint32_t d = big ? (uint32_t)data[i + 2] << 8 | data[i + 3] : (uint32_t)data[i + 3] << 8 | data[i + 2];
            if (d >= 0xDC00 && d <= 0xDFFF) {
                strbuf_add_codepoint(&b, 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00));
                i += 4;
                continue;
            }
            if (!decode_error(&b, handler, errors, name, data, i, 2, "illegal UTF-16 surrogate"))
                return strbuf_free(&b), VALUE_NULL;
            i += 2;
            continue;
        }
        if (c >= 0xDC00 && c <= 0xDFFF) {
            if (!decode_error(&b, handler, errors, name, data, i, 2, "illegal encoding"))
                return strbuf_free(&b), VALUE_NULL;
            i += 2;
            continue;
        }
        strbuf_add_codepoint(&b, c);
        i += 2;
    }
    return strbuf_finish(&b);
}
