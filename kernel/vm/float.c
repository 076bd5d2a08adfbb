/* Python floats: boxed IEEE doubles.
 *
 * Conversions are exact: digits come from the free-format algorithm of
 * Steele & White / Dragon4 run on big integers (shortest digits that read
 * back to the same double, the closest such when several exist, ties to
 * even), and fixed-precision digits round half-even on the exact binary
 * value, as CPython does with David Gay's dtoa. Parsing is correctly
 * rounded: a fast exact path for short inputs, else an exact big-integer
 * quotient rounded once. */
#include "vm/obj.h"
#include "vm/bigint.h"
#include "vm/gc.h"
#include "lib/math.h"
#include "lib/string.h"

/* ---- a fixed-size big integer for conversions ---- */
#define BN_LIMBS 72        /* 2304 bits: enough for any double scaled by 10^k */
typedef struct {
    size_t n;
    limb_t d[BN_LIMBS];
} bn_t;

static void bn_set(bn_t *a, uint64_t v)
{
    a->d[0] = (limb_t)v;
    a->d[1] = (limb_t)(v >> 32);
    a->n = mag_trim(a->d, 2);
}

static void bn_shl(bn_t *a, size_t s)
{
    if (!a->n)
        return;
    limb_t t[BN_LIMBS + 1];
    size_t n = mag_shl(t, a->d, a->n, s);
    memcpy(a->d, t, n * sizeof(limb_t));
    a->n = n;
}

static void bn_mul_small(bn_t *a, limb_t m)
{
    if (a->n)
        a->n = mag_mul_add_small(a->d, a->n, m, 0);
}

static void bn_mul_pow10(bn_t *a, int k)
{
    for (; k >= 9; k -= 9)
        bn_mul_small(a, 1000000000u);
    static const limb_t p10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
    if (k)
        bn_mul_small(a, p10[k]);
}

static int bn_cmp(const bn_t *a, const bn_t *b) { return mag_cmp(a->d, a->n, b->d, b->n); }

/* r = a + b */
static void bn_add(bn_t *r, const bn_t *a, const bn_t *b)
{
    r->n = mag_add(r->d, a->d, a->n, b->d, b->n);
}

/* a -= b, a >= b */
static void bn_sub(bn_t *a, const bn_t *b) { a->n = mag_sub(a->d, a->d, a->n, b->d, b->n); }

/* q = a / b (q < 10 expected), a = a % b */
static int bn_divmod_digit(bn_t *a, const bn_t *b)
{
    int q = 0;
    while (bn_cmp(a, b) >= 0) {
        bn_sub(a, b);
        q++;
    }
    return q;
}

/* d = m * 2^e with m an integer */
static void decompose(double d, uint64_t *m, int *e)
{
    uint64_t bits;
    memcpy(&bits, &d, 8);
    int be = (int)((bits >> 52) & 0x7ff);
    uint64_t frac = bits & ((1ull << 52) - 1);
    if (be == 0) {
        *m = frac;
        *e = -1074;
    } else {
        *m = frac | (1ull << 52);
        *e = be - 1075;
    }
}

static int estimate_k(uint64_t m, int e)
{
    int nbits = 64 - __builtin_clzll(m);
    double l = (double)(e + nbits - 1) * 0.30102999566398119521;
    int k = (int)l;
    if ((double)k < l)
        k++;            /* ceil */
    return k;
}

size_t float_digits(double d, int mode, int ndigits, char *out, size_t cap, int *decpt)
{
    uint64_t m;
    int e;
    if (d < 0)
        d = -d;
    decompose(d, &m, &e);
    bn_t R, S, Mp, Mm, T;
    bool even = (m & 1) == 0;
    bool unequal = mode == 0 && m == (1ull << 52) && e > -1074;
    /* v = R / S, gaps M+ / S and M- / S (times 2 so halves stay integral) */
    bn_set(&R, m);
    bn_set(&S, 1);
    bn_set(&Mp, 1);
    bn_set(&Mm, 1);
    if (e >= 0) {
        bn_shl(&R, (size_t)e);
        bn_shl(&Mp, (size_t)e);
        bn_shl(&Mm, (size_t)e);
    } else {
        bn_shl(&S, (size_t)-e);
    }
    bn_shl(&R, 1);
    bn_shl(&S, 1);
    if (unequal) {
        bn_shl(&R, 1);
        bn_shl(&S, 1);
        bn_shl(&Mp, 1);
    }
    int k = estimate_k(m, e);
    if (k >= 0)
        bn_mul_pow10(&S, k);
    else {
        bn_mul_pow10(&R, -k);
        bn_mul_pow10(&Mp, -k);
        bn_mul_pow10(&Mm, -k);
    }
    if (mode == 0) {
        /* fix the estimate: high = (R + M+) / S must be < 1 (<= for even) */
        bn_add(&T, &R, &Mp);
        int c = bn_cmp(&T, &S);
        if (c > 0 || (c == 0 && even)) {
            bn_mul_small(&S, 10);
            k++;
        } else {
            bn_t T10 = T;
            bn_mul_small(&T10, 10);
            c = bn_cmp(&T10, &S);
            if (c < 0 || (c == 0 && !even)) {
                bn_mul_small(&R, 10);
                bn_mul_small(&Mp, 10);
                bn_mul_small(&Mm, 10);
                k--;
            }
        }
        *decpt = k;
        size_t n = 0;
        for (;;) {
            bn_mul_small(&R, 10);
            bn_mul_small(&Mp, 10);
            bn_mul_small(&Mm, 10);
            int digit = bn_divmod_digit(&R, &S);
            int lc = bn_cmp(&R, &Mm);
            bool low = lc < 0 || (lc == 0 && even);
            bn_add(&T, &R, &Mp);
            int hc = bn_cmp(&T, &S);
            bool high = hc > 0 || (hc == 0 && even);
            if (low || high || n + 1 >= cap) {
                if (low && high) {
                    bn_t R2 = R;
                    bn_shl(&R2, 1);
                    int c2 = bn_cmp(&R2, &S);
                    if (c2 > 0 || (c2 == 0 && (digit & 1)))
                        digit++;
                } else if (high) {
                    digit++;
                }
                /* digit may become 10 only when the previous ones are 9s:
                 * free-format output never needs that carry (the value
                 * would then have a shorter form), but be safe. */
                out[n++] = (char)('0' + digit);
                break;
            }
            out[n++] = (char)('0' + digit);
        }
        /* carry a '9'+1 */
        while (n && out[n - 1] > '9') {
            out[n - 1] = '0';
            if (n == 1) {
                out[0] = '1';
                (*decpt)++;
                break;
            }
            out[n - 2]++;
            n--;
        }
        while (n > 1 && out[n - 1] == '0')
            n--;
        return n;
    }

    /* fixed precision: R / S in [0.1, 1) after the fix-up */
    if (bn_cmp(&R, &S) >= 0) {
        bn_mul_small(&S, 10);
        k++;
    } else {
        bn_t R10 = R;
        bn_mul_small(&R10, 10);
        if (bn_cmp(&R10, &S) < 0) {
            bn_mul_small(&R, 10);
            k--;
        }
    }
    *decpt = k;
    long want = mode == 2 ? ndigits : (long)k + ndigits;
    if (mode == 2 && want < 1)
        want = 1;
    if (want <= 0) {
        if (want < 0)
            return 0;
        bn_t R2 = R;
        bn_shl(&R2, 1);
        if (bn_cmp(&R2, &S) > 0) {
            out[0] = '1';
            *decpt = k + 1;
            return 1;
        }
        return 0;
    }
    size_t n = 0;
    bool exact = false;
    while ((long)n < want && n < cap) {
        bn_mul_small(&R, 10);
        int digit = bn_divmod_digit(&R, &S);
        out[n++] = (char)('0' + digit);
        if (!R.n) {
            exact = true;
            break;
        }
    }
    if (!exact) {
        bn_t R2 = R;
        bn_shl(&R2, 1);
        int c = bn_cmp(&R2, &S);
        if (c > 0 || (c == 0 && ((out[n - 1] - '0') & 1))) {
            size_t i = n;
            while (i > 0 && out[i - 1] == '9') {
                out[i - 1] = '0';
                i--;
            }
            if (i == 0) {
                out[0] = '1';
                n = 1;
                (*decpt)++;
            } else {
                out[i - 1]++;
            }
        }
    }
    while (n > 0 && out[n - 1] == '0')
        n--;
    return n;
}

/* ---- repr ---- */
static size_t put_exponent(char *p, int x)
{
    size_t n = 0;
    p[n++] = 'e';
    p[n++] = x < 0 ? '-' : '+';
    if (x < 0)
        x = -x;
    if (x >= 100)
        p[n++] = (char)('0' + x / 100);
    p[n++] = (char)('0' + (x / 10) % 10);
    p[n++] = (char)('0' + x % 10);
    return n;
}

size_t float_repr_buf(double d, char *buf)
{
    size_t n = 0;
    if (d != d) {
        memcpy(buf, "nan", 4);
        return 3;
    }
    if (math_signbit(d)) {
        buf[n++] = '-';
        d = -d;
    }
    if (d == MATH_INF) {
        memcpy(buf + n, "inf", 4);
        return n + 3;
    }
    if (d == 0) {
        memcpy(buf + n, "0.0", 4);
        return n + 3;
    }
    char digits[32];
    int decpt;
    size_t nd = float_digits(d, 0, 0, digits, sizeof digits, &decpt);
    if (decpt <= -4 || decpt > 16) {
        buf[n++] = digits[0];
        if (nd > 1) {
            buf[n++] = '.';
            memcpy(buf + n, digits + 1, nd - 1);
            n += nd - 1;
        }
        n += put_exponent(buf + n, decpt - 1);
    } else if (decpt <= 0) {
        buf[n++] = '0';
        buf[n++] = '.';
        for (int i = 0; i < -decpt; i++)
            buf[n++] = '0';
        memcpy(buf + n, digits, nd);
        n += nd;
    } else {
        for (int i = 0; i < decpt; i++)
            buf[n++] = (size_t)i < nd ? digits[i] : '0';
        buf[n++] = '.';
        if ((size_t)decpt < nd) {
            memcpy(buf + n, digits + decpt, nd - (size_t)decpt);
            n += nd - (size_t)decpt;
        } else {
            buf[n++] = '0';
        }
    }
    buf[n] = 0;
    return n;
}

/* ---- parsing ---- */
static const double exact_pow10[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

#define MAX_SIG_DIGITS 800

static bool match_word(const char *s, size_t len, const char *w)
{
    size_t n = strlen(w);
    if (len != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((s[i] | 0x20) != w[i])
            return false;
    return true;
}

bool float_parse(const char *s, size_t len, double *out)
{
    const char *p = s, *end = s + len;
    bool neg = false;
    if (p < end && (*p == '+' || *p == '-'))
        neg = *p++ == '-';
    size_t rest = (size_t)(end - p);
    if (match_word(p, rest, "inf") || match_word(p, rest, "infinity")) {
        *out = neg ? -MATH_INF : MATH_INF;
        return true;
    }
    if (match_word(p, rest, "nan")) {
        *out = neg ? -MATH_NAN : MATH_NAN;
        return true;
    }
    /* digits [. digits] [e [sign] digits], single underscores between digits */
    char sig[MAX_SIG_DIGITS];
    size_t nsig = 0;
    bool truncated = false, any_digit = false, seen_dot = false;
    long dec_exp = 0;           /* value = SIG * 10^(dec_exp + exponent) */
    char prev = 0;
    for (; p < end; p++) {
        char c = *p;
        if (c >= '0' && c <= '9') {
            any_digit = true;
            if (nsig == 0 && c == '0') {
                if (seen_dot)
                    dec_exp--;
            } else if (nsig < MAX_SIG_DIGITS) {
                sig[nsig++] = c;
                if (seen_dot)
                    dec_exp--;
            } else {
                if (c != '0')
                    truncated = true;
                if (!seen_dot)
                    dec_exp++;
            }
        } else if (c == '_') {
            if (!(prev >= '0' && prev <= '9') || p + 1 >= end || !(p[1] >= '0' && p[1] <= '9'))
                return false;
        } else if (c == '.' && !seen_dot) {
            seen_dot = true;
        } else {
            break;
        }
        prev = c;
    }
    if (!any_digit)
        return false;
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        bool eneg = false;
        if (p < end && (*p == '+' || *p == '-'))
            eneg = *p++ == '-';
        if (p >= end || !(*p >= '0' && *p <= '9'))
            return false;
        long ev = 0;
        char eprev = 0;
        for (; p < end; p++) {
            if (*p >= '0' && *p <= '9') {
                if (ev < 100000000)
                    ev = ev * 10 + (*p - '0');
            } else if (*p == '_' && eprev >= '0' && eprev <= '9' && p + 1 < end && p[1] >= '0' && p[1] <= '9') {
            } else {
                return false;
            }
            eprev = *p;
        }
        dec_exp += eneg ? -ev : ev;
    }
    if (p != end)
        return false;
    /* trailing zeros of sig are not significant */
    while (nsig && sig[nsig - 1] == '0') {
        nsig--;
        dec_exp++;
    }
    if (!nsig) {
        *out = neg ? -0.0 : 0.0;
        return true;
    }
    /* value = SIG * 10^E, SIG the integer of the nsig digits */
    long E = dec_exp;
    double r;
    long magnitude = (long)nsig + E;    /* value < 10^magnitude */
    if (magnitude > 310) {
        r = MATH_INF;
    } else if (magnitude < -330) {
        r = 0.0;
    } else if (nsig <= 15 && !truncated && E >= -22 && E <= 22 + 15 - (long)nsig) {
        double v = 0;
        for (size_t i = 0; i < nsig; i++)
            v = v * 10 + (sig[i] - '0');
        if (E > 22) {
            v *= exact_pow10[E - 22];
            E = 22;
        }
        r = E >= 0 ? v * exact_pow10[E] : v / exact_pow10[-E];
    } else {
        /* exact: N = SIG; value = N * 10^E */
        limb_t N[MAX_SIG_DIGITS / 9 + 4];
        size_t nn = 0;
        limb_t chunk = 0, mul = 1;
        for (size_t i = 0; i < nsig; i++) {
            chunk = chunk * 10 + (limb_t)(sig[i] - '0');
            mul *= 10;
            if (mul == 1000000000u) {
                nn = mag_mul_add_small(N, nn, mul, chunk);
                chunk = 0;
                mul = 1;
            }
        }
        if (mul > 1)
            nn = mag_mul_add_small(N, nn, mul, chunk);
        bool overflow;
        if (E >= 0) {
            limb_t big[MAX_SIG_DIGITS / 9 + 4 + 40];
            memcpy(big, N, nn * sizeof(limb_t));
            size_t nb = nn;
            long k = E;
            for (; k >= 9; k -= 9)
                nb = mag_mul_add_small(big, nb, 1000000000u, 0);
            static const limb_t p10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
            if (k)
                nb = mag_mul_add_small(big, nb, p10[k], 0);
            r = mag_to_double(big, nb, truncated, 0, &overflow);
        } else {
            /* D = 10^-E; q = (N << s) / D with >= 66 bits */
            limb_t D[130];
            D[0] = 1;
            size_t nd = 1;
            long k = -E;
            for (; k >= 9; k -= 9)
                nd = mag_mul_add_small(D, nd, 1000000000u, 0);
            static const limb_t p10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
            if (k)
                nd = mag_mul_add_small(D, nd, p10[k], 0);
            long bd = (long)mag_bit_length(D, nd), bn = (long)mag_bit_length(N, nn);
            long s = bd - bn + 66;
            if (s < 0)
                s = 0;
            limb_t num[MAX_SIG_DIGITS / 9 + 4 + 140];
            size_t nu = mag_shl(num, N, nn, (size_t)s);
            limb_t q[MAX_SIG_DIGITS / 9 + 4 + 140], rem[130], scratch[2 * 130 + MAX_SIG_DIGITS / 9 + 150];
            size_t ql;
            bool sticky = truncated;
            if (mag_cmp(num, nu, D, nd) < 0) {
                ql = 0;
                sticky = true;
            } else {
                mag_divmod(q, rem, num, nu, D, nd, scratch);
                ql = mag_trim(q, nu - nd + 1);
                sticky |= mag_trim(rem, nd) != 0;
            }
            r = mag_to_double(q, ql, sticky, -s, &overflow);
        }
    }
    *out = neg ? -r : r;
    return true;
}

/* ---- the float object ---- */
value_t float_new(double d)
{
    _Static_assert(sizeof(float_obj_t) == GC_BLOCK_SIZE, "a float is one GC block");
    float_obj_t *f = gc_alloc_leaf1();
    if (!f)
        return VALUE_NULL;
    f->base.type = &type_float;
    f->value = d;
    return obj_value(f);
}

bool is_float(value_t v) { return is_obj(v) && type_is_subtype(type_of(v), &type_float); }

bool vm_as_double(value_t v, double *out)
{
    if (is_small_int(v)) {
        *out = (double)small_int_value(v);
        return true;
    }
    if (is_float(v)) {
        *out = float_value(v);
        return true;
    }
    if (is_int(v)) {
        bool overflow;
        *out = int_as_double(v, &overflow);
        if (overflow) {
            vm_raise_type(&type_OverflowError, "int too large to convert to float");
            return false;
        }
        return true;
    }
    vm_raise_type(&type_TypeError, "must be real number, not %s", type_name_of(v));
    return false;
}

static value_t float_repr(value_t v)
{
    char buf[40];
    size_t n = float_repr_buf(float_value(v), buf);
    return str_new(buf, n);
}

intptr_t float_hash(double v)
{
    const uintptr_t P = ((uintptr_t)1 << 61) - 1;
    if (v != v)
        return 0;
    if (math_isinf(v))
        return v > 0 ? 314159 : -314159;
    int e;
    double m = math_frexp(v, &e);
    int sign = 1;
    if (m < 0) {
        sign = -1;
        m = -m;
    }
    uintptr_t x = 0;
    while (m) {
        x = ((x << 28) & P) | x >> (61 - 28);
        m *= 268435456.0;
        e -= 28;
        uintptr_t y = (uintptr_t)m;
        m -= (double)y;
        x += y;
        if (x >= P)
            x -= P;
    }
    e = e >= 0 ? e % 61 : 61 - 1 - ((-1 - e) % 61);
    x = ((x << e) & P) | x >> (61 - e);
    intptr_t h = (intptr_t)x * sign;
    return h == -1 ? -2 : h;
}

static bool float_hash_slot(value_t self, intptr_t *out)
{
    double d = float_value(self);
    *out = d != d ? (intptr_t)(self >> 4) : float_hash(d);
    return true;
}

/* Compare double x with int i exactly: -1, 0, 1 (x not nan). */
static int compare_double_int(double x, value_t i)
{
    if (math_isinf(x))
        return x > 0 ? 1 : -1;
    if (is_small_int(i)) {
        intptr_t n = small_int_value(i);
        if (n > -(1ll << 53) && n < (1ll << 53)) {
            double y = (double)n;
            return x < y ? -1 : x > y;
        }
    }
    /* compare floor(x) as an int, then the fraction */
    double fl = math_floor(x);
    value_t fi = int_from_double(fl);
    if (!fi)
        return 0;
    int c = int_cmp(fi, i);
    if (c)
        return c;
    return x > fl ? 1 : 0;
}

static value_t float_compare(value_t a, value_t b, int op)
{
    double x = float_value(a);
    int c;
    if (is_float(b)) {
        double y = float_value(b);
        switch (op) {
        case CMP_LT: return bool_value(x < y);
        case CMP_LE: return bool_value(x <= y);
        case CMP_EQ: return bool_value(x == y);
        case CMP_NE: return bool_value(x != y);
        case CMP_GT: return bool_value(x > y);
        default: return bool_value(x >= y);
        }
    } else if (is_int(b)) {
        if (x != x)
            return bool_value(op == CMP_NE);
        c = compare_double_int(x, b);
        if (vm_error_pending())
            return VALUE_NULL;
    } else {
        return VALUE_NOT_IMPLEMENTED;
    }
    switch (op) {
    case CMP_LT: return bool_value(c < 0);
    case CMP_LE: return bool_value(c <= 0);
    case CMP_EQ: return bool_value(c == 0);
    case CMP_NE: return bool_value(c != 0);
    case CMP_GT: return bool_value(c > 0);
    default: return bool_value(c >= 0);
    }
}

static int float_truth(value_t v) { return float_value(v) != 0.0; }

static bool float_divmod(double x, double y, double *floordiv, double *mod)
{
    double m = math_fmod(x, y);
    double div = (x - m) / y;
    if (m != 0) {
        if ((y < 0) != (m < 0)) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = math_copysign(0.0, y);
    }
    double fd;
    if (div != 0) {
        fd = math_floor(div);
        if (div - fd > 0.5)
            fd += 1.0;
    } else {
        fd = math_copysign(0.0, x / y);
    }
    *floordiv = fd;
    *mod = m;
    return true;
}

static value_t float_pow(double x, double y)
{
    if (y == 0)
        return float_new(1.0);
    if (x != x)
        return float_new(x);
    if (y != y)
        return float_new(x == 1.0 ? 1.0 : y);
    if (x == 0 && y < 0 && !math_isinf(y))
        return vm_raise_type(&type_ZeroDivisionError, "0.0 cannot be raised to a negative power");
    if (x < 0 && math_isfinite(x) && math_isfinite(y) && math_floor(y) != y)
        return vm_raise_type(&type_ValueError, "negative number cannot be raised to a fractional power");
    double r = math_pow(x, y);
    if (math_isinf(r) && math_isfinite(x) && math_isfinite(y))
        return vm_raise_type(&type_OverflowError, "(34, 'Numerical result out of range')");
    return float_new(r);
}

value_t float_binary_op(int op, value_t a, value_t b)
{
    if (op & OP_REFLECTED) {
        value_t t = a; a = b; b = t;
    }
    double x, y;
    if (is_float(a))
        x = float_value(a);
    else if (is_int(a)) {
        if (!vm_as_double(a, &x))
            return VALUE_NULL;
    } else
        return VALUE_NOT_IMPLEMENTED;
    if (is_float(b))
        y = float_value(b);
    else if (is_int(b)) {
        if (!vm_as_double(b, &y))
            return VALUE_NULL;
    } else
        return VALUE_NOT_IMPLEMENTED;
    switch (OP_BASE(op)) {
    case OP_ADD: return float_new(x + y);
    case OP_SUB: return float_new(x - y);
    case OP_MUL: return float_new(x * y);
    case OP_TRUEDIV:
        if (y == 0)
            return vm_raise_type(&type_ZeroDivisionError, "float division by zero");
        return float_new(x / y);
    case OP_FLOORDIV: case OP_MOD: case OP_DIVMOD: {
        if (y == 0)
            return vm_raise_type(&type_ZeroDivisionError, OP_BASE(op) == OP_FLOORDIV ? "float floor division by zero"
                                 : OP_BASE(op) == OP_MOD ? "float modulo" : "float divmod()");
        double q, m;
        float_divmod(x, y, &q, &m);
        if (OP_BASE(op) == OP_FLOORDIV)
            return float_new(q);
        if (OP_BASE(op) == OP_MOD)
            return float_new(m);
        value_t pair[2] = {float_new(q), VALUE_NULL};
        if (!pair[0] || !(pair[1] = float_new(m)))
            return VALUE_NULL;
        return tuple_from_array(pair, 2);
    }
    case OP_POW: return float_pow(x, y);
    default: return VALUE_NOT_IMPLEMENTED;
    }
}

static value_t float_unary_op(int op, value_t v)
{
    double d = float_value(v);
    switch (op) {
    case UOP_NEG: return float_new(-d);
    case UOP_POS: return type_of(v) == &type_float ? v : float_new(d);
    case UOP_ABS: return float_new(math_fabs(d));
    }
    return VALUE_NOT_IMPLEMENTED;
}

static bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static value_t float_from_string(const char *s, size_t len)
{
    const char *p = s, *e = s + len;
    while (p < e && is_space(*p))
        p++;
    while (e > p && is_space(e[-1]))
        e--;
    double d;
    if (p < e && float_parse(p, (size_t)(e - p), &d))
        return float_new(d);
    value_t str = str_new(s, len);
    value_t r = str ? vm_repr(str) : VALUE_NULL;
    if (!r)
        return VALUE_NULL;
    return vm_raise_type(&type_ValueError, "could not convert string to float: %s", str_data(r));
}

static value_t float_make_new(const type_t *type, const value_t *args, size_t nargs, value_t kw)
{
    (void)type;
    if (!arg_check("float", nargs, kw, 0, 1))
        return VALUE_NULL;
    if (!nargs)
        return float_new(0.0);
    value_t x = args[0];
    if (type_of(x) == &type_float)
        return x;
    if (is_float(x))
        return float_new(float_value(x));
    if (is_int(x)) {
        double d;
        return vm_as_double(x, &d) ? float_new(d) : VALUE_NULL;
    }
    if (is_str(x)) {
        /* non-ASCII text parses as its ASCII form; an error names the text as given */
        value_t t = str_ascii_numeric(x);
        value_t r = t ? float_from_string(str_data(t), str_len(t)) : VALUE_NULL;
        if (!r && t != x && vm_exception_matches(&type_ValueError)) {
            vm_take_exception();
            return float_from_string(str_data(x), str_len(x));
        }
        return r;
    }
    if (is_bytes(x) || type_of(x) == &type_bytearray) {
        struct buffer_info b;
        if (!vm_get_buffer(x, &b, false))
            return VALUE_NULL;
        return float_from_string((const char *)b.data, b.len);
    }
    value_t f = vm_getattr_opt(x, str_intern_cstr("__float__"));
    if (f && f != VALUE_MISSING)
        return vm_call(f, 0, 0, VALUE_NULL);
    if (!f)
        return VALUE_NULL;
    return vm_raise_type(&type_TypeError, "float() argument must be a string or a real number, not '%s'",
                         type_name_of(x));
}

/* round(x, ndigits) with CPython's exact half-even rounding */
value_t float_round(double x, value_t ndigits_value)
{
    if (!ndigits_value || ndigits_value == VALUE_NONE) {
        if (!math_isfinite(x))
            return int_from_double(x);
        return int_from_double(math_round_half_even(x));
    }
    int64_t nd;
    if (!is_int(ndigits_value))
        return vm_raise_type(&type_TypeError, "'%s' object cannot be interpreted as an integer",
                             type_name_of(ndigits_value));
    if (!int_as_i64(ndigits_value, &nd))
        return VALUE_NULL;
    if (!math_isfinite(x) || x == 0)
        return float_new(x);
    if (nd > 323)
        return float_new(x);
    if (nd < -308)
        return float_new(math_copysign(0.0, x));
    char digits[400];
    int decpt;
    size_t n = float_digits(x, 3, (int)nd, digits, sizeof digits, &decpt);
    if (!n)
        return float_new(math_copysign(0.0, x));
    /* rebuild "0.DIGITSe<decpt>" and parse it */
    char buf[440];
    size_t len = 0;
    buf[len++] = '0';
    buf[len++] = '.';
    memcpy(buf + len, digits, n);
    len += n;
    buf[len++] = 'e';
    int dp = decpt;
    if (dp < 0) {
        buf[len++] = '-';
        dp = -dp;
    }
    char tmp[8];
    int t = 0;
    do {
        tmp[t++] = (char)('0' + dp % 10);
        dp /= 10;
    } while (dp);
    while (t)
        buf[len++] = tmp[--t];
    double r;
    float_parse(buf, len, &r);
    if (math_isinf(r))
        return vm_raise_type(&type_OverflowError, "rounded value too large to represent");
    return float_new(math_copysign(r, x));
}

static value_t float_method_is_integer(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("is_integer", nargs, kw, 1, 1))
        return VALUE_NULL;
    double d = float_value(args[0]);
    return bool_value(math_isfinite(d) && math_floor(d) == d);
}

static value_t float_method_as_integer_ratio(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("as_integer_ratio", nargs, kw, 1, 1))
        return VALUE_NULL;
    double d = float_value(args[0]);
    if (d != d)
        return vm_raise_type(&type_ValueError, "cannot convert NaN to integer ratio");
    if (math_isinf(d))
        return vm_raise_type(&type_OverflowError, "cannot convert Infinity to integer ratio");
    uint64_t m;
    int e;
    decompose(d, &m, &e);
    if (m == 0) {
        value_t pair[2] = {small_int(0), small_int(1)};
        return tuple_from_array(pair, 2);
    }
    int tz = __builtin_ctzll(m);
    m >>= tz;
    e += tz;
    value_t num = int_from_u64(m), den = small_int(1);
    if (!num)
        return VALUE_NULL;
    if (d < 0 && !(num = int_binary_op(OP_SUB, small_int(0), num)))
        return VALUE_NULL;
    if (e > 0) {
        if (!(num = int_binary_op(OP_LSHIFT, num, small_int(e))))
            return VALUE_NULL;
    } else if (e < 0) {
        if (!(den = int_binary_op(OP_LSHIFT, small_int(1), small_int(-e))))
            return VALUE_NULL;
    }
    value_t pair[2] = {num, den};
    return tuple_from_array(pair, 2);
}

static value_t float_method_hex(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("hex", nargs, kw, 1, 1))
        return VALUE_NULL;
    double d = float_value(args[0]);
    char buf[40];
    if (!math_isfinite(d) || d == 0) {
        if (d == 0)
            return str_new_cstr(math_signbit(d) ? "-0x0.0p+0" : "0x0.0p+0");
        size_t n = float_repr_buf(d, buf);
        return str_new(buf, n);
    }
    uint64_t bits;
    memcpy(&bits, &d, 8);
    int be = (int)((bits >> 52) & 0x7ff);
    uint64_t frac = bits & ((1ull << 52) - 1);
    int e = be ? be - 1023 : -1022;
    strbuf_t b;
    strbuf_init(&b);
    if (bits >> 63)
        strbuf_add_char(&b, '-');
    strbuf_add_cstr(&b, be ? "0x1." : "0x0.");
    for (int i = 13; i--;)
        strbuf_add_char(&b, "0123456789abcdef"[(frac >> (i * 4)) & 15]);
    strbuf_printf(&b, "p%c%d", e < 0 ? '-' : '+', e < 0 ? -e : e);
    return strbuf_finish(&b);
}

static value_t float_method_conjugate(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("conjugate", nargs, kw, 1, 1))
        return VALUE_NULL;
    return type_of(args[0]) == &type_float ? args[0] : float_new(float_value(args[0]));
}

static value_t float_method_round(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("__round__", nargs, kw, 1, 2))
        return VALUE_NULL;
    return float_round(float_value(args[0]), nargs > 1 ? args[1] : VALUE_NULL);
}

static value_t float_method_trunc(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("__trunc__", nargs, kw, 1, 1))
        return VALUE_NULL;
    return int_from_double(float_value(args[0]));
}

static value_t float_method_format(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("__format__", nargs, kw, 2, 2))
        return VALUE_NULL;
    return vm_format(args[0], args[1]);
}

/* float.fromhex(s): [sign] (inf | nan | [0x] hexdigits [. hexdigits] [p exp]),
 * rounded half-even to the nearest double, subnormals included. */
static int fromhex_digit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static bool fromhex_word(const char **pp, const char *end, const char *word)
{
    const char *p = *pp;
    for (; *word; word++, p++)
        if (p >= end || (*p | 0x20) != *word)
            return false;
    *pp = p;
    return true;
}

static value_t float_method_fromhex(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("fromhex", nargs, kw, 2, 2))
        return VALUE_NULL;
    if (!is_str(args[1]))
        return vm_raise_type(&type_TypeError, "bad argument type for built-in operation");
    const char *p = str_data(args[1]), *end = p + str_len(args[1]);
    while (p < end && (*p == ' ' || (*p >= 9 && *p <= 13)))
        p++;
    while (end > p && (end[-1] == ' ' || (end[-1] >= 9 && end[-1] <= 13)))
        end--;
    bool neg = false;
    if (p < end && (*p == '+' || *p == '-'))
        neg = *p++ == '-';
    double result;
    if (fromhex_word(&p, end, "infinity") || fromhex_word(&p, end, "inf")) {
        result = neg ? -1.0 / 0.0 : 1.0 / 0.0;
        goto done;
    }
    if (fromhex_word(&p, end, "nan")) {
        result = 0.0 / 0.0;
        goto done;
    }
    if (end - p >= 2 && p[0] == '0' && (p[1] | 0x20) == 'x')
        p += 2;
    uint64_t m = 0;             /* the first 15 significant hex digits */
    int captured = 0;
    bool sticky = false, any = false, seen_dot = false;
    int64_t e = 0;              /* value = m * 2**e (before the p exponent) */
    for (; p < end; p++) {
        if (*p == '.') {
            if (seen_dot)
                break;
            seen_dot = true;
            continue;
        }
        int d = fromhex_digit(*p);
        if (d < 0)
            break;
        any = true;
        if (captured < 15 && (m || d)) {
            m = m << 4 | (uint64_t)d;
            captured++;
            if (seen_dot)
                e -= 4;
        } else if (captured >= 15) {
            sticky |= d != 0;
            if (!seen_dot)
                e += 4;
        } else if (seen_dot) {
            e -= 4;             /* a leading zero after the point */
        }
    }
    if (!any)
        goto invalid;
    if (p < end && (*p | 0x20) == 'p') {
        p++;
        bool eneg = false;
        if (p < end && (*p == '+' || *p == '-'))
            eneg = *p++ == '-';
        if (p >= end || *p < '0' || *p > '9')
            goto invalid;
        int64_t x = 0;
        for (; p < end && *p >= '0' && *p <= '9'; p++)
            if (x < 100000000)
                x = x * 10 + (*p - '0');
        e += eneg ? -x : x;
    }
    if (p != end)
        goto invalid;
    if (!m) {
        result = neg ? -0.0 : 0.0;
        goto done;
    }
    int bits = 64 - __builtin_clzll(m);
    int64_t top = bits - 1 + e;          /* exponent of the leading bit */
    if (top > 1023)
        goto overflow;
    int64_t keep = top >= -1022 ? 53 : 53 - (-1022 - top);
    if (keep < 0) {
        result = neg ? -0.0 : 0.0;
        goto done;
    }
    int shift = bits - (int)keep;
    if (shift > 0) {
        uint64_t rem = shift >= 64 ? m : m & ((UINT64_C(1) << shift) - 1);
        uint64_t half = UINT64_C(1) << (shift - 1);
        m = shift >= 64 ? 0 : m >> shift;
        e += shift;
        if (rem > half || (rem == half && (sticky || (m & 1))))
            m++;
    }
    result = math_ldexp((double)m, (int)e);
    if (result > 1.7976931348623157e308)
        goto overflow;
    if (neg)
        result = -result;
done:
    return float_new(result);
invalid:
    return vm_raise_type(&type_ValueError, "invalid hexadecimal floating-point string");
overflow:
    return vm_raise_type(&type_OverflowError, "hexadecimal value too large to represent as a float");
}

static const method_def_t float_methods[] = {
    {"fromhex", float_method_fromhex, METHOD_CLASS},
    {"is_integer", float_method_is_integer, METHOD_INSTANCE},
    {"as_integer_ratio", float_method_as_integer_ratio, METHOD_INSTANCE},
    {"hex", float_method_hex, METHOD_INSTANCE},
    {"conjugate", float_method_conjugate, METHOD_INSTANCE},
    {"__round__", float_method_round, METHOD_INSTANCE},
    {"__trunc__", float_method_trunc, METHOD_INSTANCE},
    {"__format__", float_method_format, METHOD_INSTANCE},
    {0, 0, 0},
};

static value_t float_getattr(value_t self, value_t name)
{
    const char *n = str_data(name);
    if (!strcmp(n, "real"))
        return self;
    if (!strcmp(n, "imag"))
        return float_new(0.0);
    return VALUE_MISSING;
}

type_t type_float = {
    .base = {&type_type}, .name = "float", .parent = &type_object, .flags = TYPE_BASETYPE,
    .methods = float_methods,
    .repr = float_repr, .hash = float_hash_slot, .compare = float_compare,
    .truth = float_truth, .unary_op = float_unary_op, .binary_op = float_binary_op,
    .getattr = float_getattr, .make_new = float_make_new,
};
