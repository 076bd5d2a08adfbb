#include "lib/format.h"
#include <stdint.h>

struct out {
    char *buf;
    size_t size;
    size_t len;     /* bytes the full result needs, as C's snprintf counts them */
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void put_repeat(struct out *o, char c, int n)
{
    while (n-- > 0)
        put(o, c);
}

enum { FLAG_LEFT = 1, FLAG_ZERO = 2, FLAG_SPACE = 4, FLAG_PLUS = 8 };

static void put_number(struct out *o, uint64_t value, int negative, unsigned base,
                       int upper, int flags, int width, int precision)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = digits[value % base];
        value /= base;
    } while (value);
    if (precision == 0 && n == 1 && tmp[0] == '0')
        n = 0;
    int zeros = precision > n ? precision - n : 0;
    char sign = negative ? '-' : (flags & FLAG_PLUS) ? '+' : (flags & FLAG_SPACE) ? ' ' : 0;
    int body = n + zeros + (sign ? 1 : 0);
    int pad = width > body ? width - body : 0;
    if ((flags & FLAG_ZERO) && !(flags & FLAG_LEFT) && precision < 0) {
        zeros += pad;
        pad = 0;
    }
    if (!(flags & FLAG_LEFT))
        put_repeat(o, ' ', pad);
    if (sign)
        put(o, sign);
    put_repeat(o, '0', zeros);
    while (n)
        put(o, tmp[--n]);
    if (flags & FLAG_LEFT)
        put_repeat(o, ' ', pad);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { buf, size, 0 };
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        fmt++;
        int flags = 0;
        for (;; fmt++) {
            if (*fmt == '-') flags |= FLAG_LEFT;
            else if (*fmt == '0') flags |= FLAG_ZERO;
            else if (*fmt == ' ') flags |= FLAG_SPACE;
            else if (*fmt == '+') flags |= FLAG_PLUS;
            else break;
        }
        int width = 0;
        if (*fmt == '*') {
            width = va_arg(ap, int);
            if (width < 0) { flags |= FLAG_LEFT; width = -width; }
            fmt++;
        } else {
            while (*fmt >= '0' && *fmt <= '9')
                width = width * 10 + (*fmt++ - '0');
        }
        int precision = -1;
        if (*fmt == '.') {
            fmt++;
            precision = 0;
            if (*fmt == '*') {
                precision = va_arg(ap, int);
                fmt++;
            } else {
                while (*fmt >= '0' && *fmt <= '9')
                    precision = precision * 10 + (*fmt++ - '0');
            }
        }
        int size_mod = 0;   /* 0 int, 1 long, 2 long long / size_t / ptrdiff_t / intmax_t */
        for (;; fmt++) {
            if (*fmt == 'l') size_mod++;
            else if (*fmt == 'z' || *fmt == 't' || *fmt == 'j') size_mod = 2;
            else if (*fmt == 'h') continue;
            else break;
        }
        switch (*fmt) {
        case 'd': case 'i': {
            int64_t v = size_mod ? va_arg(ap, int64_t) : va_arg(ap, int);
            uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
            put_number(&o, mag, v < 0, 10, 0, flags, width, precision);
            break;
        }
        case 'u': case 'x': case 'X': case 'o': {
            uint64_t v = size_mod ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
            unsigned base = *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16;
            put_number(&o, v, 0, base, *fmt == 'X', flags & ~(FLAG_PLUS | FLAG_SPACE), width, precision);
            break;
        }
        case 'p':
            put(&o, '0');
            put(&o, 'x');
            put_number(&o, (uintptr_t)va_arg(ap, void *), 0, 16, 0, FLAG_ZERO, 16, -1);
            break;
        case 'c': {
            int pad = width > 1 ? width - 1 : 0;
            if (!(flags & FLAG_LEFT)) put_repeat(&o, ' ', pad);
            put(&o, (char)va_arg(ap, int));
            if (flags & FLAG_LEFT) put_repeat(&o, ' ', pad);
            break;
        }
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            int n = 0;
            while (s[n] && (precision < 0 || n < precision))
                n++;
            int pad = width > n ? width - n : 0;
            if (!(flags & FLAG_LEFT)) put_repeat(&o, ' ', pad);
            for (int i = 0; i < n; i++)
                put(&o, s[i]);
            if (flags & FLAG_LEFT) put_repeat(&o, ' ', pad);
            break;
        }
        case '%':
            put(&o, '%');
            break;
        case 0:
            fmt--;      /* a lone '%' at the end: stop at the terminator */
            break;
        default:
            put(&o, '%');
            put(&o, *fmt);
            break;
        }
    }
    if (size)
        buf[o.len < size ? o.len : size - 1] = 0;
    return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
