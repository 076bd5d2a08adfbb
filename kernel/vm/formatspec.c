/* Formatting: format(value, spec) for int, float and str (the engine
 * behind f-strings and str.format), str.format itself, and printf-style
 * str % args. Float digits come from float_digits (exact, half-even). */
#include "vm/obj.h"
#include "vm/gc.h"
#include "lib/math.h"
#include "lib/string.h"

typedef struct {
    uint32_t fill;
    char align;             /* '<' '>' '=' '^' or 0 */
    char sign;              /* '+' '-' ' ' or 0 */
    bool z, alt, zero;
    intptr_t width;         /* -1: none */
    char grouping;          /* ',' '_' or 0 */
    intptr_t precision;     /* -1: none */
    char type;              /* 0: none */
} spec_t;

static bool parse_spec(const char *s, size_t len, spec_t *sp)
{
    const char *p = s, *end = s + len;
    sp->fill = ' ';
    sp->align = 0;
    sp->sign = 0;
    sp->z = sp->alt = sp->zero = false;
    sp->width = sp->precision = -1;
    sp->grouping = 0;
    sp->type = 0;
    bool fill_given = false;
    if (p < end) {
        const char *q = p;
        uint32_t c = utf8_decode(&q);
        if (q < end && strchr("<>=^", *q) && *q) {
            sp->fill = c;
            sp->align = *q;
            p = q + 1;
            fill_given = true;
        } else if (strchr("<>=^", *p) && *p) {
            sp->align = *p++;
        }
    }
    if (p < end && (*p == '+' || *p == '-' || *p == ' '))
        sp->sign = *p++;
    if (p < end && *p == 'z') {
        sp->z = true;
        p++;
    }
    if (p < end && *p == '#') {
        sp->alt = true;
        p++;
    }
    if (p < end && *p == '0') {
        sp->zero = true;
        if (!fill_given) {
            sp->fill = '0';
            if (!sp->align)
                sp->align = '=';
        }
        p++;
    }
    if (p < end && *p >= '0' && *p <= '9') {
        sp->width = 0;
        while (p < end && *p >= '0' && *p <= '9')
            sp->width = sp->width * 10 + (*p++ - '0');
    }
    if (p < end && (*p == ',' || *p == '_'))
        sp->grouping = *p++;
    if (p < end && *p == '.') {
        p++;
        if (p >= end || *p < '0' || *p > '9') {
            vm_raise_type(&type_ValueError, "Format specifier missing precision");
            return false;
        }
        sp->precision = 0;
        while (p < end && *p >= '0' && *p <= '9')
            sp->precision = sp->precision * 10 + (*p++ - '0');
    }
    if (p < end)
        sp->type = *p++;
    if (p != end) {
        vm_raise_type(&type_ValueError, "Invalid format specifier");
        return false;
    }
    return true;
}

/* Inserts separators every `every` digits into digits[0..n); pads with
 * zeros (and separators) up to min_width when min_width > 0. */
static void add_grouped(strbuf_t *out, const char *digits, size_t n, char sep, int every, size_t min_width)
{
    char tmp[512];
    size_t cap = n * 2 + min_width * 2 + 8;
    char *buf = cap <= sizeof tmp ? tmp : 0;
    strbuf_t big;
    if (!buf) {
        /* huge numbers: no grouping buffer, fall back to the slow path */
        strbuf_init(&big);
        for (size_t i = 0; i < cap; i++)
            strbuf_add_char(&big, 0);
        buf = big.data;
        if (big.failed) {
            out->failed = true;
            return;
        }
    }
    size_t len = 0;
    int count = 0;
    /* build reversed */
    for (size_t i = n; i-- > 0;) {
        if (sep && count == every) {
            buf[len++] = sep;
            count = 0;
        }
        buf[len++] = digits[i];
        count++;
    }
    while (len < min_width) {
        if (sep && count == every) {
            buf[len++] = sep;
            count = 0;
            if (len >= min_width) {
                buf[len++] = '0';
                count++;
            }
            continue;
        }
        buf[len++] = '0';
        count++;
    }
    for (size_t i = len; i-- > 0;)
        strbuf_add_char(out, buf[i]);
    if (buf != tmp)
        strbuf_free(&big);
}

static size_t count_cp(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((uint8_t)s[i] & 0xc0) != 0x80;
    return c;
}

/* Pads sign + body to the spec's width and alignment. `numeric`: the body
 * is a number (default right alignment, '=' allowed). */
static value_t finish(const spec_t *sp, const char *sign, const char *body, size_t body_len, char default_align)
{
    char align = sp->align ? sp->align : default_align;
    size_t sl = strlen(sign);
    size_t w = count_cp(body, body_len) + sl;
    size_t pad = sp->width > 0 && (size_t)sp->width > w ? (size_t)sp->width - w : 0;
    strbuf_t b;
    strbuf_init(&b);
    size_t left = align == '<' ? 0 : align == '^' ? pad / 2 : pad;
    if (align == '=') {
        strbuf_add_cstr(&b, sign);
        for (size_t i = 0; i < pad; i++)
            strbuf_add_codepoint(&b, sp->fill);
        strbuf_add(&b, body, body_len);
        return strbuf_finish(&b);
    }
    for (size_t i = 0; i < left; i++)
        strbuf_add_codepoint(&b, sp->fill);
    strbuf_add_cstr(&b, sign);
    strbuf_add(&b, body, body_len);
    for (size_t i = left; i < pad; i++)
        strbuf_add_codepoint(&b, sp->fill);
    return strbuf_finish(&b);
}

/* ---- strings ---- */
static value_t format_str_spec(value_t s, const spec_t *sp)
{
    if (sp->type && sp->type != 's')
        return vm_raise_type(&type_ValueError, "Unknown format code '%c' for object of type 'str'", sp->type);
    if (sp->sign)
        return vm_raise_type(&type_ValueError, "Sign not allowed in string format specifier");
    if (sp->alt)
        return vm_raise_type(&type_ValueError, "Alternate form (#) not allowed in string format specifier");
    if (sp->align == '=')
        return vm_raise_type(&type_ValueError, "'=' alignment not allowed in string format specifier");
    if (sp->grouping)
        return vm_raise_type(&type_ValueError, "Cannot specify '%c' with 's'.", sp->grouping);
    const char *data = str_data(s);
    size_t len = str_len(s);
    if (sp->precision >= 0) {
        size_t i = 0, c = 0;
        while (i < len && c < (size_t)sp->precision) {
            i++;
            while (i < len && ((uint8_t)data[i] & 0xc0) == 0x80)
                i++;
            c++;
        }
        len = i;
    }
    if (sp->width <= 0 && len == str_len(s))
        return s;
    return finish(sp, "", data, len, '<');
}

value_t format_str(value_t s, const char *spec, size_t len)
{
    spec_t sp;
    if (!parse_spec(spec, len, &sp))
        return VALUE_NULL;
    return format_str_spec(s, &sp);
}

/* ---- floats ---- */
static void add_exponent(strbuf_t *b, int e, bool upper)
{
    strbuf_printf(b, "%c%c%02d", upper ? 'E' : 'e', e < 0 ? '-' : '+', e < 0 ? -e : e);
}

/* Formats |d| (finite) per type/precision into b. */
static void float_body(strbuf_t *b, double d, char type, intptr_t prec, bool alt, bool add_dot_0)
{
    bool upper = type == 'E' || type == 'F' || type == 'G';
    char lt = (char)(type | 0x20);
    char small[40];
    char *digits = small;
    strbuf_t big;
    size_t cap = sizeof small;
    int decpt = 1;
    size_t nd = 0;
    if (lt == 'r') {
        /* repr rules */
        char buf[40];
        size_t n = float_repr_buf(d, buf);
        strbuf_add(b, buf, n);
        return;
    }
    if (prec > 1100 && lt != 'f')
        prec = 1100;
    size_t need = (lt == 'f' ? 400 : 0) + (size_t)prec + 8;
    if (need > cap) {
        strbuf_init(&big);
        for (size_t i = 0; i < need; i++)
            strbuf_add_char(&big, 0);
        if (big.failed) {
            b->failed = true;
            return;
        }
        digits = big.data;
        cap = need;
    }
    if (d == 0) {
        nd = 0;
        decpt = 1;
    } else if (lt == 'f') {
        nd = float_digits(d, 3, (int)(prec > 1100 ? 1100 : prec), digits, cap, &decpt);
    } else if (lt == 'e') {
        nd = float_digits(d, 2, (int)prec + 1, digits, cap, &decpt);
    } else {
        nd = float_digits(d, 2, (int)prec, digits, cap, &decpt);
    }
    if (!nd)
        decpt = 1;      /* rounded to zero */
#define DIGIT(i) ((i) >= 0 && (size_t)(i) < nd ? digits[i] : '0')
    if (lt == 'f') {
        if (decpt <= 0)
            strbuf_add_char(b, '0');
        for (int i = 0; i < decpt; i++)
            strbuf_add_char(b, DIGIT(i));
        if (prec > 0 || alt)
            strbuf_add_char(b, '.');
        for (intptr_t i = 0; i < prec; i++)
            strbuf_add_char(b, DIGIT(decpt + i));
    } else if (lt == 'e') {
        strbuf_add_char(b, DIGIT(0));
        if (prec > 0 || alt)
            strbuf_add_char(b, '.');
        for (intptr_t i = 1; i <= prec; i++)
            strbuf_add_char(b, DIGIT(i));
        add_exponent(b, d == 0 ? 0 : decpt - 1, upper);
    } else {
        /* g */
        int exp = decpt - 1;
        intptr_t limit = add_dot_0 ? prec - 1 : prec;
        if (decpt <= -4 || decpt > limit) {
            strbuf_add_char(b, DIGIT(0));
            intptr_t frac = alt ? prec - 1 : (intptr_t)nd - 1;
            if (frac > 0 || alt)
                strbuf_add_char(b, '.');
            for (intptr_t i = 1; i <= frac; i++)
                strbuf_add_char(b, DIGIT(i));
            add_exponent(b, exp, upper);
        } else {
            intptr_t frac = alt ? prec - decpt : (intptr_t)nd - decpt;
            if (d == 0)
                frac = alt ? prec - 1 : 0;
            if (frac < 0)
                frac = 0;
            if (decpt <= 0)
                strbuf_add_char(b, '0');
            for (int i = 0; i < decpt; i++)
                strbuf_add_char(b, DIGIT(i));
            if (frac > 0 || alt)
                strbuf_add_char(b, '.');
            for (intptr_t i = 0; i < frac; i++)
                strbuf_add_char(b, DIGIT(decpt + i));
            if (add_dot_0 && frac == 0 && !alt)
                strbuf_add_cstr(b, ".0");
        }
    }
#undef DIGIT
    if (digits != small)
        strbuf_free(&big);
}

static value_t format_number(const spec_t *sp, bool negative, const char *prefix, const char *body, size_t len)
{
    char sign[8];
    size_t sl = 0;
    if (negative)
        sign[sl++] = '-';
    else if (sp->sign == '+')
        sign[sl++] = '+';
    else if (sp->sign == ' ')
        sign[sl++] = ' ';
    for (const char *p = prefix; *p; p++)
        sign[sl++] = *p;
    sign[sl] = 0;
    /* split the leading digits for grouping */
    size_t int_len = 0;
    while (int_len < len && body[int_len] >= '0' && body[int_len] <= '9')
        int_len++;
    bool is_hex_digits = false;
    if (prefix[0] == '0' || sp->type == 'x' || sp->type == 'X' || sp->type == 'b' || sp->type == 'o') {
        is_hex_digits = true;
        int_len = len;
    }
    if (!sp->grouping && !(sp->fill == '0' && sp->align == '=' && sp->zero && 0))
        return finish(sp, sign, body, len, '>');
    strbuf_t b;
    strbuf_init(&b);
    int every = (is_hex_digits && sp->type != 'd' && sp->type != 'n' && sp->type) ? 4 : 3;
    size_t min_width = 0;
    if (sp->align == '=' && sp->fill == '0' && sp->width > 0) {
        size_t other = sl + (len - int_len);
        min_width = (size_t)sp->width > other ? (size_t)sp->width - other : 0;
    }
    add_grouped(&b, body, int_len, sp->grouping, every, min_width);
    strbuf_add(&b, body + int_len, len - int_len);
    if (b.failed)
        return strbuf_finish(&b);
    value_t grouped = strbuf_finish(&b);
    if (!grouped)
        return VALUE_NULL;
    return finish(sp, sign, str_data(grouped), str_len(grouped), '>');
}

static value_t format_float_spec(double d, const spec_t *sp)
{
    char type = sp->type;
    intptr_t prec = sp->precision;
    bool add_dot_0 = false;
    if (!type) {
        add_dot_0 = true;
        type = prec < 0 ? 'r' : 'g';
    } else if (!strchr("eEfFgGn%", type)) {
        return vm_raise_type(&type_ValueError, "Unknown format code '%c' for object of type 'float'", type);
    }
    if (type == 'n')
        type = 'g';
    if (prec < 0)
        prec = 6;
    if ((type | 0x20) == 'g' && prec == 0)
        prec = 1;
    bool percent = type == '%';
    if (percent) {
        d *= 100;
        type = 'f';
    }
    bool negative = math_signbit(d) && d == d;
    double ad = math_fabs(d);
    strbuf_t b;
    strbuf_init(&b);
    if (ad != ad || math_isinf(ad)) {
        bool upper = type == 'E' || type == 'F' || type == 'G';
        strbuf_add_cstr(&b, ad != ad ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf"));
    } else {
        float_body(&b, ad, type, prec, sp->alt, add_dot_0);
    }
    if (percent)
        strbuf_add_char(&b, '%');
    bool finite = ad == ad && !math_isinf(ad);
    if (sp->z && negative && finite) {
        /* negative zero after rounding becomes positive */
        bool all_zero = true;
        for (size_t i = 0; i < b.len; i++)
            if (b.data[i] >= '1' && b.data[i] <= '9')
                all_zero = false;
        if (all_zero)
            negative = false;
    }
    value_t body = strbuf_finish(&b);
    if (!body)
        return VALUE_NULL;
    if (!finite) {
        spec_t s2 = *sp;
        s2.grouping = 0;
        return format_number(&s2, negative, "", str_data(body), str_len(body));
    }
    return format_number(sp, negative, "", str_data(body), str_len(body));
}

value_t format_float(double d, const char *spec, size_t len)
{
    spec_t sp;
    if (!parse_spec(spec, len, &sp))
        return VALUE_NULL;
    return format_float_spec(d, &sp);
}

/* ---- ints ---- */
static value_t format_int_spec(value_t v, const spec_t *sp)
{
    char type = sp->type ? sp->type : 'd';
    if (strchr("eEfFgG%", type)) {
        double d;
        if (!vm_as_double(v, &d))
            return VALUE_NULL;
        return format_float_spec(d, sp);
    }
    if (!strchr("bcdoxXn", type))
        return vm_raise_type(&type_ValueError, "Unknown format code '%c' for object of type 'int'", type);
    if (sp->precision >= 0)
        return vm_raise_type(&type_ValueError, "Precision not allowed in integer format specifier");
    if (sp->grouping == ',' && strchr("bcoxXn", type))
        return vm_raise_type(&type_ValueError, "Cannot specify ',' with '%c'.", type);
    if (type == 'c') {
        if (sp->sign)
            return vm_raise_type(&type_ValueError, "Sign not allowed with integer format specifier 'c'");
        int64_t c;
        if (!int_as_i64(v, &c))
            return VALUE_NULL;
        if (c < 0 || c > 0x10ffff)
            return vm_raise_type(&type_OverflowError, "%%c arg not in range(0x110000)");
        char buf[4];
        size_t n = utf8_encode((uint32_t)c, buf);
        return finish(sp, "", buf, n, '<');
    }
    unsigned base = type == 'b' ? 2 : type == 'o' ? 8 : (type == 'x' || type == 'X') ? 16 : 10;
    bool negative = int_sign(v) < 0;
    value_t mag = negative ? vm_unary_op(UOP_NEG, v) : v;
    if (!mag)
        return VALUE_NULL;
    value_t digits = int_to_str(mag, base, false);
    if (!digits)
        return VALUE_NULL;
    const char *prefix = "";
    if (sp->alt)
        prefix = base == 2 ? "0b" : base == 8 ? "0o" : type == 'x' ? "0x" : type == 'X' ? "0X" : "";
    if (type == 'X') {
        str_obj_t *s = (str_obj_t *)digits;
        value_t up = str_new(s->data, s->len);
        if (!up)
            return VALUE_NULL;
        for (char *p = ((str_obj_t *)up)->data; *p; p++)
            if (*p >= 'a' && *p <= 'f')
                *p -= 32;
        digits = up;
    }
    spec_t s2 = *sp;
    if (!s2.type)
        s2.type = 'd';
    return format_number(&s2, negative, prefix, str_data(digits), str_len(digits));
}

value_t format_int(value_t v, const char *spec, size_t len)
{
    spec_t sp;
    if (!parse_spec(spec, len, &sp))
        return VALUE_NULL;
    return format_int_spec(v, &sp);
}

value_t vm_format(value_t v, value_t spec)
{
    const char *s = spec ? str_data(spec) : "";
    size_t len = spec ? str_len(spec) : 0;
    if (vm_format_heap && !is_small_int(v) && (type_of(v)->flags & TYPE_HEAP)) {
        value_t r = vm_format_heap(v, spec);   /* a class's __format__ (kernel/vm/class.c) */
        if (r != VALUE_MISSING)
            return r;
    }
    if (is_small_int(v) || type_of(v) == &type_int)
        return format_int(v, s, len);
    if (type_of(v) == &type_bool)
        return len ? format_int(small_int(v == VALUE_TRUE), s, len) : vm_str(v);
    if (is_float(v))
        return format_float(float_value(v), s, len);
    if (is_str(v))
        return format_str(v, s, len);
    if (is_int(v))
        return format_int(v, s, len);
    if (len)
        return vm_raise_type(&type_TypeError, "unsupported format string passed to %s.__format__", type_name_of(v));
    return vm_str(v);
}

/* ---- str.format ---- */
/* ascii(v): repr with non-ASCII code points escaped (\\xNN, \\uNNNN, \\UNNNNNNNN). */
extern uint32_t utf8_decode(const char **pp);
static value_t ascii_of(value_t v, bool as_bytes)
{
    value_t r = vm_repr(v);
    if (!r)
        return VALUE_NULL;
    strbuf_t b;
    strbuf_init(&b);
    const char *p = str_data(r), *end = p + str_len(r);
    while (p < end) {
        uint32_t c = utf8_decode(&p);
        if (c < 0x80) strbuf_add_char(&b, (char)c);
        else if (c < 0x100) strbuf_printf(&b, "\\x%02x", (unsigned)c);
        else if (c < 0x10000) strbuf_printf(&b, "\\u%04x", (unsigned)c);
        else strbuf_printf(&b, "\\U%08x", (unsigned)c);
    }
    return as_bytes ? strbuf_finish_bytes(&b, &type_bytes) : strbuf_finish(&b);
}

static value_t lookup_field(const char *name, size_t len, size_t *auto_index, const value_t *args, size_t nargs,
                            value_t kwnames)
{
    size_t i = 0;
    while (i < len && name[i] != '.' && name[i] != '[')
        i++;
    value_t obj;
    /* str.format_map(mapping) passes the mapping as kwnames */
    bool mapping = kwnames && type_of(kwnames) != &type_tuple;
    if (mapping && (i == 0 || (name[0] >= '0' && name[0] <= '9')))
        return vm_raise_type(&type_ValueError, "Format string contains positional fields");
    if (mapping) {
        value_t key = str_new(name, i);
        if (!key || !(obj = vm_getitem(kwnames, key)))
            return VALUE_NULL;
    } else if (i == 0) {
        if (*auto_index == (size_t)-1)
            return vm_raise_type(&type_ValueError, "cannot switch from manual field specification to automatic field numbering");
        if (*auto_index >= nargs)
            return vm_raise_type(&type_IndexError, "Replacement index %zu out of range for positional args tuple", *auto_index);
        obj = args[(*auto_index)++];
    } else if (name[0] >= '0' && name[0] <= '9') {
        size_t idx = 0;
        for (size_t k = 0; k < i; k++)
            idx = idx * 10 + (size_t)(name[k] - '0');
        if (*auto_index != 0 && *auto_index != (size_t)-1)
            return vm_raise_type(&type_ValueError, "cannot switch from automatic field numbering to manual field specification");
        *auto_index = (size_t)-1;
        if (idx >= nargs)
            return vm_raise_type(&type_IndexError, "Replacement index %zu out of range for positional args tuple", idx);
        obj = args[idx];
    } else {
        obj = VALUE_NULL;
        size_t nk = kwnames ? as_tuple(kwnames)->len : 0;
        for (size_t k = 0; k < nk; k++) {
            value_t kn = as_tuple(kwnames)->items[k];
            if (str_len(kn) == i && !memcmp(str_data(kn), name, i))
                obj = args[nargs + k];
        }
        if (!obj) {
            value_t key = str_new(name, i);
            return key ? vm_raise_key_error(key) : VALUE_NULL;
        }
    }
    while (i < len) {
        if (name[i] == '.') {
            size_t j = ++i;
            while (i < len && name[i] != '.' && name[i] != '[')
                i++;
            value_t attr = str_intern(name + j, i - j);
            if (!attr || !(obj = vm_getattr(obj, attr)))
                return VALUE_NULL;
        } else {
            size_t j = ++i;
            while (i < len && name[i] != ']')
                i++;
            value_t key;
            bool digits = i > j;
            for (size_t k = j; k < i; k++)
                digits &= name[k] >= '0' && name[k] <= '9';
            key = digits ? int_from_str(name + j, i - j, 10) : str_new(name + j, i - j);
            if (!key || !(obj = vm_getitem(obj, key)))
                return VALUE_NULL;
            i++;
        }
    }
    return obj;
}

value_t str_format_args(value_t fmt, const value_t *args, size_t nargs, value_t kwnames)
{
    const char *s = str_data(fmt);
    size_t len = str_len(fmt);
    size_t auto_index = 0;
    strbuf_t b;
    strbuf_init(&b);
    for (size_t i = 0; i < len;) {
        char c = s[i];
        if (c == '}') {
            if (i + 1 < len && s[i + 1] == '}') {
                strbuf_add_char(&b, '}');
                i += 2;
                continue;
            }
            strbuf_free(&b);
            return vm_raise_type(&type_ValueError, "Single '}' encountered in format string");
        }
        if (c != '{') {
            strbuf_add_char(&b, c);
            i++;
            continue;
        }
        if (i + 1 < len && s[i + 1] == '{') {
            strbuf_add_char(&b, '{');
            i += 2;
            continue;
        }
        /* find the matching '}' (one level of nesting in the spec) */
        size_t j = i + 1, depth = 1;
        while (j < len && depth) {
            if (s[j] == '{')
                depth++;
            else if (s[j] == '}')
                depth--;
            if (depth)
                j++;
        }
        if (j >= len) {
            strbuf_free(&b);
            return vm_raise_type(&type_ValueError, "expected '}' before end of string");
        }
        const char *field = s + i + 1;
        size_t flen = j - i - 1, name_len = 0;
        while (name_len < flen && field[name_len] != '!' && field[name_len] != ':')
            name_len++;
        char conv = 0;
        size_t k = name_len;
        if (k < flen && field[k] == '!') {
            conv = k + 1 < flen ? field[k + 1] : 0;
            k += 2;
        }
        value_t spec = VALUE_NULL;
        if (k < flen && field[k] == ':') {
            value_t raw = str_new(field + k + 1, flen - k - 1);
            if (!raw)
                return strbuf_free(&b), VALUE_NULL;
            spec = strchr(str_data(raw), '{') ? str_format_args(raw, args, nargs, kwnames) : raw;
            if (!spec)
                return strbuf_free(&b), VALUE_NULL;
        }
        value_t obj = lookup_field(field, name_len, &auto_index, args, nargs, kwnames);
        if (!obj)
            return strbuf_free(&b), VALUE_NULL;
        if (conv == 'r')
            obj = vm_repr(obj);
        else if (conv == 'a')
            obj = ascii_of(obj, false);
        else if (conv == 's')
            obj = vm_str(obj);
        else if (conv) {
            strbuf_free(&b);
            return vm_raise_type(&type_ValueError, "Unknown conversion specifier %c", conv);
        }
        value_t r = obj ? vm_format(obj, spec) : VALUE_NULL;
        if (!r)
            return strbuf_free(&b), VALUE_NULL;
        strbuf_add(&b, str_data(r), str_len(r));
        i = j + 1;
    }
    return strbuf_finish(&b);
}

/* ---- printf-style: str % args and bytes % args ---- */

static value_t ascii_bytes(value_t v) { return ascii_of(v, true); }

/* The bytes %s / %b take: a buffer, or what __bytes__ returns. */
static value_t bytes_of(value_t v)
{
    struct buffer_info bi;
    if (is_obj(v) && type_of(v)->buffer && vm_get_buffer(v, &bi, false))
        return bytes_new(bi.data, bi.len);
    if (is_obj(v) && type_of(v)->buffer)
        return VALUE_NULL;
    value_t name = str_intern_cstr("__bytes__");
    value_t m = name ? type_lookup(type_of(v), name) : VALUE_NULL;
    if (m && m != VALUE_MISSING)
        return vm_call(m, &v, 1, VALUE_NULL);
    return vm_raise_type(&type_TypeError,
                         "%%b requires a bytes-like object, or an object that implements __bytes__, not '%s'",
                         type_name_of(v));
}

static value_t percent_format(value_t fmt, value_t args, bool bytes_mode);

value_t str_percent_format(value_t fmt, value_t args) { return percent_format(fmt, args, false); }
value_t bytes_percent_format(value_t fmt, value_t args) { return percent_format(fmt, args, true); }

static value_t percent_format(value_t fmt, value_t args, bool bytes_mode)
{
    struct buffer_info fb;
    if (bytes_mode && !vm_get_buffer(fmt, &fb, false))
        return VALUE_NULL;
    /* A bytearray format is copied: arguments' __str__ could resize it. */
    value_t fmt_copy = bytes_mode ? bytes_new(fb.data, fb.len) : fmt;
    if (!fmt_copy)
        return VALUE_NULL;
    const char *s = str_data(fmt_copy);
    size_t len = str_len(fmt_copy);
    value_t *items;
    size_t nitems;
    value_t single = args;
    bool is_tuple = type_of(args) == &type_tuple;
    if (is_tuple)
        seq_items(args, &items, &nitems);
    else {
        items = &single;
        nitems = 1;
    }
    bool mapping = !is_tuple && !is_str(args) && type_of(args)->getitem && type_of(args) != &type_list &&
                   !is_bytes(args) && type_of(args) != &type_bytearray && type_of(args) != &type_memoryview;
    size_t next = 0;
    strbuf_t b;
    strbuf_init(&b);
    for (size_t i = 0; i < len;) {
        if (s[i] != '%') {
            strbuf_add_char(&b, s[i++]);
            continue;
        }
        i++;
        if (i >= len) {
            strbuf_free(&b);
            return vm_raise_type(&type_ValueError, "incomplete format");
        }
        value_t arg = VALUE_NULL;
        if (s[i] == '(') {
            size_t j = ++i;
            int depth = 1;
            while (i < len && depth) {
                if (s[i] == '(') depth++;
                if (s[i] == ')') depth--;
                if (depth)
                    i++;
            }
            if (i >= len) {
                strbuf_free(&b);
                return vm_raise_type(&type_ValueError, "incomplete format key");
            }
            value_t key = bytes_mode ? bytes_new((const uint8_t *)s + j, i - j) : str_new(s + j, i - j);
            i++;
            if (!key || !(arg = vm_getitem(args, key)))
                return strbuf_free(&b), VALUE_NULL;
            mapping = true;
        }
        spec_t sp;
        sp.fill = ' ';
        sp.align = '>';
        sp.sign = 0;
        sp.z = sp.alt = sp.zero = false;
        sp.width = sp.precision = -1;
        sp.grouping = 0;
        sp.type = 0;
        bool left = false;
        for (; i < len && strchr("-+ #0", s[i]) && s[i]; i++) {
            switch (s[i]) {
            case '-': left = true; break;
            case '+': sp.sign = '+'; break;
            case ' ': if (sp.sign != '+') sp.sign = ' '; break;
            case '#': sp.alt = true; break;
            case '0': sp.zero = true; break;
            }
        }
        if (i < len && s[i] == '*') {
            i++;
            if (next >= nitems)
                goto not_enough;
            intptr_t w;
            if (!vm_index(items[next++], &w))
                return strbuf_free(&b), VALUE_NULL;
            if (w < 0) {
                left = true;
                w = -w;
            }
            sp.width = w;
        } else if (i < len && s[i] >= '0' && s[i] <= '9') {
            sp.width = 0;
            while (i < len && s[i] >= '0' && s[i] <= '9')
                sp.width = sp.width * 10 + (s[i++] - '0');
        }
        if (i < len && s[i] == '.') {
            i++;
            sp.precision = 0;
            if (i < len && s[i] == '*') {
                i++;
                if (next >= nitems)
                    goto not_enough;
                if (!vm_index(items[next++], &sp.precision))
                    return strbuf_free(&b), VALUE_NULL;
            } else {
                while (i < len && s[i] >= '0' && s[i] <= '9')
                    sp.precision = sp.precision * 10 + (s[i++] - '0');
            }
        }
        while (i < len && (s[i] == 'l' || s[i] == 'h' || s[i] == 'L'))
            i++;
        if (i >= len) {
            strbuf_free(&b);
            return vm_raise_type(&type_ValueError, "incomplete format");
        }
        char conv = s[i++];
        if (conv == '%') {
            strbuf_add_char(&b, '%');
            continue;
        }
        if (!arg) {
            if (mapping && !is_tuple) {
                arg = args;
            } else {
                if (next >= nitems)
                    goto not_enough;
                arg = items[next++];
            }
        }
        if (left)
            sp.align = '<';
        else if (sp.zero && strchr("diouxXeEfFgG", conv)) {
            sp.fill = '0';
            sp.align = '=';
        }
        value_t r;
        if (bytes_mode && (conv == 's' || conv == 'b' || conv == 'r' || conv == 'a' || conv == 'c')) {
            value_t raw;
            if (conv == 'c') {
                struct buffer_info cb;
                uint8_t one;
                intptr_t code;
                if (is_int(arg) && vm_index(arg, &code) && code >= 0 && code < 256) {
                    one = (uint8_t)code;
                    raw = bytes_new(&one, 1);
                } else if (!is_int(arg) && (is_bytes(arg) || type_of(arg) == &type_bytearray) &&
                           vm_get_buffer(arg, &cb, false) && cb.len == 1) {
                    raw = bytes_new(cb.data, 1);
                } else {
                    if (vm_error_pending())
                        vm_take_exception();
                    strbuf_free(&b);
                    return vm_raise_type(is_int(arg) ? &type_OverflowError : &type_TypeError,
                                         is_int(arg) ? "%%c arg not in range(256)"
                                                     : "%%c requires an integer in range(256) or a single byte");
                }
            } else
                raw = conv == 's' || conv == 'b' ? bytes_of(arg) : ascii_bytes(arg);
            if (!raw)
                return strbuf_free(&b), VALUE_NULL;
            size_t n = str_len(raw);
            if (sp.precision >= 0 && (size_t)sp.precision < n && conv != 'c')
                n = (size_t)sp.precision;
            size_t pad = sp.width > (intptr_t)n ? (size_t)sp.width - n : 0;
            if (!left)
                for (size_t k = 0; k < pad; k++)
                    strbuf_add_char(&b, ' ');
            strbuf_add(&b, str_data(raw), n);
            if (left)
                for (size_t k = 0; k < pad; k++)
                    strbuf_add_char(&b, ' ');
            continue;
        }
        switch (conv) {
        case 's': case 'r': case 'a': {
            value_t t = conv == 's' ? vm_str(arg) : conv == 'a' ? ascii_of(arg, false) : vm_repr(arg);
            if (!t)
                return strbuf_free(&b), VALUE_NULL;
            spec_t ss = sp;
            ss.sign = 0;
            ss.alt = false;
            if (ss.align == '=')
                ss.align = '>';
            ss.fill = ' ';
            r = format_str_spec(t, &ss);
            break;
        }
        case 'd': case 'i': case 'u': {
            value_t iv = arg;
            if (is_float(arg)) {
                iv = int_from_double(float_value(arg));
            } else if (!is_int(arg)) {
                strbuf_free(&b);
                return vm_raise_type(&type_TypeError, "%%%c format: a real number is required, not %s", conv,
                                     type_name_of(arg));
            }
            if (!iv)
                return strbuf_free(&b), VALUE_NULL;
            sp.type = 'd';
            sp.alt = false;
            if (sp.precision >= 0) {
                /* %.3d: minimum digits */
                value_t digits = int_to_str(vm_unary_op(UOP_ABS, iv), 10, false);
                if (!digits)
                    return strbuf_free(&b), VALUE_NULL;
                strbuf_t t;
                strbuf_init(&t);
                for (intptr_t k = (intptr_t)str_len(digits); k < sp.precision; k++)
                    strbuf_add_char(&t, '0');
                strbuf_add(&t, str_data(digits), str_len(digits));
                value_t body = strbuf_finish(&t);
                if (!body)
                    return strbuf_free(&b), VALUE_NULL;
                sp.precision = -1;
                r = format_number(&sp, int_sign(iv) < 0, "", str_data(body), str_len(body));
            } else {
                sp.precision = -1;
                r = format_int_spec(iv, &sp);
            }
            break;
        }
        case 'x': case 'X': case 'o': {
            if (!is_int(arg)) {
                strbuf_free(&b);
                return vm_raise_type(&type_TypeError, "%%%c format: an integer is required, not %s", conv,
                                     type_name_of(arg));
            }
            sp.type = conv;
            sp.precision = -1;
            r = format_int_spec(arg, &sp);
            break;
        }
        case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': {
            double d;
            if (!vm_as_double(arg, &d)) {
                vm_take_exception();
                strbuf_free(&b);
                return vm_raise_type(&type_TypeError, "must be real number, not %s", type_name_of(arg));
            }
            sp.type = conv;
            r = format_float_spec(d, &sp);
            break;
        }
        case 'c': {
            if (is_str(arg)) {
                if (((str_obj_t *)arg)->chars != 1) {
                    strbuf_free(&b);
                    return vm_raise_type(&type_TypeError, "%%c requires int or char");
                }
                r = arg;
            } else {
                sp.type = 'c';
                sp.sign = 0;
                r = format_int_spec(arg, &sp);
            }
            if (r && sp.width > 0) {
                spec_t ss = sp;
                ss.type = 0;
                ss.fill = ' ';
                if (ss.align == '=')
                    ss.align = '>';
                r = format_str_spec(r, &ss);
            }
            break;
        }
        default:
            strbuf_free(&b);
            return vm_raise_type(&type_ValueError, "unsupported format character '%c' (0x%x) at index %zu", conv,
                                 (unsigned)(uint8_t)conv, i - 1);
        }
        if (!r)
            return strbuf_free(&b), VALUE_NULL;
        strbuf_add(&b, str_data(r), str_len(r));
    }
    if (next < nitems && !mapping) {
        strbuf_free(&b);
        return vm_raise_type(&type_TypeError, "not all arguments converted during %s formatting",
                             bytes_mode ? "bytes" : "string");
    }
    return bytes_mode ? strbuf_finish_bytes(&b, &type_bytes) : strbuf_finish(&b);
not_enough:
    strbuf_free(&b);
    return vm_raise_type(&type_TypeError, "not enough arguments for format string");
}
