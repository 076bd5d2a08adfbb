/* Python ints: tagged small ints (63-bit) with overflow-checked promotion
 * to arbitrary precision (bigint_obj_t: sign + base-2^32 magnitude, always
 * normalized: a value that fits a small int is never a bigint object).
 * Also bool, which is an int subclass. */
#include "vm/obj.h"
#include "vm/bigint.h"
#include "vm/gc.h"
#include "lib/string.h"

/* CPython 3.11's default limit on decimal <-> int conversions. */
size_t int_max_str_digits = 4300;

#define HASH_BITS 61
#define HASH_MODULUS (((uintptr_t)1 << HASH_BITS) - 1)

/* ---- a signed view of any int value ---- */
typedef struct {
    bool neg;
    size_t len;
    const limb_t *d;
    limb_t buf[2];
} intview_t;

static void view_of(value_t v, intview_t *w)
{
    if (is_small_int(v) || v == VALUE_TRUE || v == VALUE_FALSE) {
        intptr_t i = is_small_int(v) ? small_int_value(v) : v == VALUE_TRUE;
        uint64_t m = i < 0 ? -(uint64_t)i : (uint64_t)i;
        w->neg = i < 0;
        w->buf[0] = (limb_t)m;
        w->buf[1] = (limb_t)(m >> 32);
        w->len = mag_trim(w->buf, 2);
        w->d = w->buf;
    } else {
        const bigint_obj_t *b = (const bigint_obj_t *)v;
        w->neg = b->negative;
        w->len = b->len;
        w->d = b->limbs;
    }
}

bool is_int(value_t v)
{
    if (is_small_int(v))
        return true;
    const type_t *t = type_of(v);
    return t == &type_int || t == &type_bool || (t->flags & TYPE_INT_SUBCLASS);
}

static bigint_obj_t *big_alloc(size_t limbs)
{
    if (limbs > ((size_t)1 << 31)) {
        vm_raise_memory_error();
        return 0;
    }
    bigint_obj_t *b = gc_alloc(sizeof(bigint_obj_t) + (limbs ? limbs : 1) * sizeof(limb_t), GC_LEAF);
    if (b)
        b->base.type = &type_int;
    return b;
}

/* b->limbs[0..len) holds the magnitude; make it a value. */
static value_t big_make(bigint_obj_t *b, size_t len, bool neg)
{
    len = mag_trim(b->limbs, len);
    if (len == 0)
        return small_int(0);
    if (len <= 2) {
        uint64_t m = b->limbs[0] | (len == 2 ? (uint64_t)b->limbs[1] << 32 : 0);
        if (m <= (uint64_t)SMALL_INT_MAX)
            return small_int(neg ? -(intptr_t)m : (intptr_t)m);
        if (neg && m == (uint64_t)SMALL_INT_MAX + 1)
            return small_int(SMALL_INT_MIN);
    }
    b->len = (uint32_t)len;
    b->negative = neg;
    return obj_value(b);
}

value_t bigint_normalize_value(bigint_obj_t *b) { return big_make(b, b->len, b->negative); }

static value_t make_from_mag(const limb_t *d, size_t len, bool neg)
{
    bigint_obj_t *b = big_alloc(len);
    if (!b)
        return VALUE_NULL;
    memcpy(b->limbs, d, len * sizeof(limb_t));
    return big_make(b, len, neg);
}

value_t int_from_u64(uint64_t u)
{
    if (u <= (uint64_t)SMALL_INT_MAX)
        return small_int((intptr_t)u);
    limb_t d[2] = {(limb_t)u, (limb_t)(u >> 32)};
    return make_from_mag(d, 2, false);
}

value_t int_from_i64(int64_t i)
{
    if (small_int_fits(i))
        return small_int((intptr_t)i);
    uint64_t m = i < 0 ? -(uint64_t)i : (uint64_t)i;
    limb_t d[2] = {(limb_t)m, (limb_t)(m >> 32)};
    return make_from_mag(d, 2, i < 0);
}

bool int_as_i64(value_t v, int64_t *out)
{
    if (is_small_int(v)) {
        *out = small_int_value(v);
        return true;
    }
    intview_t w;
    view_of(v, &w);
    if (w.len <= 2) {
        uint64_t m = w.len ? w.d[0] | (w.len == 2 ? (uint64_t)w.d[1] << 32 : 0) : 0;
        if (!w.neg && m <= (uint64_t)INT64_MAX) {
            *out = (int64_t)m;
            return true;
        }
        if (w.neg && m <= (uint64_t)INT64_MAX + 1) {
            *out = (int64_t)-m;
            return true;
        }
    }
    vm_raise_type(&type_OverflowError, "Python int too large to convert to C long");
    return false;
}

int int_sign(value_t v)
{
    intview_t w;
    view_of(v, &w);
    return w.len == 0 ? 0 : w.neg ? -1 : 1;
}

double int_as_double(value_t v, bool *overflow)
{
    *overflow = false;
    if (is_small_int(v)) {
        intptr_t i = small_int_value(v);
        return (double)i;   /* one correctly rounded conversion */
    }
    intview_t w;
    view_of(v, &w);
    double d = mag_to_double(w.d, w.len, false, 0, overflow);
    return w.neg ? -d : d;
}

value_t int_from_double(double d)
{
    if (d != d)
        return vm_raise_type(&type_ValueError, "cannot convert float NaN to integer");
    if (d == __builtin_inf() || d == -__builtin_inf())
        return vm_raise_type(&type_OverflowError, "cannot convert float infinity to integer");
    if (d > -4.6e18 && d < 4.6e18) {
        int64_t i = (int64_t)d;
        return int_from_i64(i);
    }
    uint64_t bits;
    memcpy(&bits, &d, 8);
    bool neg = bits >> 63;
    int exp = (int)((bits >> 52) & 0x7ff) - 1075;   /* |d| = mant * 2^exp */
    uint64_t mant = (bits & ((1ull << 52) - 1)) | (1ull << 52);
    limb_t m[2] = {(limb_t)mant, (limb_t)(mant >> 32)};
    bigint_obj_t *b = big_alloc(2 + (size_t)exp / 32 + 1);
    if (!b)
        return VALUE_NULL;
    size_t len = mag_shl(b->limbs, m, 2, (size_t)exp);
    return big_make(b, len, neg);
}

size_t int_bit_length(value_t v)
{
    intview_t w;
    view_of(v, &w);
    return mag_bit_length(w.d, w.len);
}

/* ---- comparisons and hashing ---- */
int int_cmp(value_t a, value_t b)
{
    if (is_small_int(a) && is_small_int(b))
        return (intptr_t)a < (intptr_t)b ? -1 : (intptr_t)a > (intptr_t)b;
    intview_t x, y;
    view_of(a, &x);
    view_of(b, &y);
    if (x.len == 0 && y.len == 0)
        return 0;
    if (x.neg != y.neg)
        return x.neg ? -1 : 1;
    int c = mag_cmp(x.d, x.len, y.d, y.len);
    return x.neg ? -c : c;
}

static value_t cmp_result(int c, int op)
{
    switch (op) {
    case CMP_LT: return bool_value(c < 0);
    case CMP_LE: return bool_value(c <= 0);
    case CMP_EQ: return bool_value(c == 0);
    case CMP_NE: return bool_value(c != 0);
    case CMP_GT: return bool_value(c > 0);
    default: return bool_value(c >= 0);
    }
}

value_t int_compare_values(value_t a, value_t b, int op)
{
    if (!is_int(b))
        return VALUE_NOT_IMPLEMENTED;
    return cmp_result(int_cmp(a, b), op);
}

intptr_t int_hash(value_t v)
{
    if (is_small_int(v)) {
        intptr_t i = small_int_value(v);
        if (i > -(intptr_t)HASH_MODULUS && i < (intptr_t)HASH_MODULUS)
            return i == -1 ? -2 : i;
    }
    intview_t w;
    view_of(v, &w);
    uintptr_t x = 0;
    for (size_t i = w.len; i--;) {
        x = ((x << 32) & HASH_MODULUS) | (x >> (HASH_BITS - 32));
        x += w.d[i];
        if (x >= HASH_MODULUS)
            x -= HASH_MODULUS;
    }
    intptr_t h = w.neg ? -(intptr_t)x : (intptr_t)x;
    return h == -1 ? -2 : h;
}

static bool int_hash_slot(value_t self, intptr_t *out)
{
    *out = int_hash(self);
    return true;
}

/* ---- arithmetic on views ---- */
static value_t add_views(const intview_t *a, const intview_t *b, bool negate_b)
{
    bool bneg = b->neg ^ negate_b;
    size_t n = a->len > b->len ? a->len : b->len;
    bigint_obj_t *r = big_alloc(n + 1);
    if (!r)
        return VALUE_NULL;
    if (a->neg == bneg)
        return big_make(r, mag_add(r->limbs, a->d, a->len, b->d, b->len), a->neg);
    int c = mag_cmp(a->d, a->len, b->d, b->len);
    if (c == 0)
        return small_int(0);
    if (c > 0)
        return big_make(r, mag_sub(r->limbs, a->d, a->len, b->d, b->len), a->neg);
    return big_make(r, mag_sub(r->limbs, b->d, b->len, a->d, a->len), bneg);
}

static size_t karatsuba_threshold = 48;

/* r = a * b (r has na + nb limbs, zeroed by the callee). Karatsuba above
 * the threshold; scratch comes from the GC heap. */
static bool mul_mag(limb_t *r, const limb_t *a, size_t na, const limb_t *b, size_t nb)
{
    if (na < nb) {
        const limb_t *t = a; a = b; b = t;
        size_t tn = na; na = nb; nb = tn;
    }
    if (nb < karatsuba_threshold) {
        if (nb == 0)
            memset(r, 0, na * sizeof(limb_t));
        else
            mag_mul(r, a, na, b, nb);
        return true;
    }
    if (na >= 2 * nb) {
        /* unbalanced: multiply b by slices of a */
        memset(r, 0, (na + nb) * sizeof(limb_t));
        limb_t *t = gc_alloc((2 * nb) * sizeof(limb_t), GC_LEAF);
        if (!t)
            return false;
        for (size_t off = 0; off < na; off += nb) {
            size_t len = na - off < nb ? na - off : nb;
            if (!mul_mag(t, a + off, len, b, nb))
                return false;
            size_t tl = mag_trim(t, len + nb);
            mag_add(r + off, r + off, mag_trim(r + off, na + nb - off), t, tl);
        }
        gc_free(t);
        return true;
    }
    /* a = a1*B^h + a0, b = b1*B^h + b0 */
    size_t h = nb / 2;
    const limb_t *a0 = a, *a1 = a + h, *b0 = b, *b1 = b + h;
    size_t na0 = mag_trim(a0, h), na1 = na - h, nb0 = mag_trim(b0, h), nb1 = nb - h;
    size_t sa = na1 + 1, sb = nb1 + 1;
    limb_t *tmp = gc_alloc((sa + sb + sa + sb + 2 * h + na1 + nb1 + 4) * sizeof(limb_t), GC_LEAF);
    if (!tmp)
        return false;
    limb_t *as = tmp, *bs = as + sa, *prod = bs + sb;       /* prod: sa + sb */
    limb_t *z0 = prod + sa + sb, *z2 = z0 + 2 * h;          /* z2: na1 + nb1 */
    memset(tmp, 0, (sa + sb) * sizeof(limb_t));
    size_t las = mag_add(as, a1, na1, a0, na0);
    size_t lbs = mag_add(bs, b1, nb1, b0, nb0);
    memset(z0, 0, 2 * h * sizeof(limb_t));
    if (!mul_mag(z0, a0, na0, b0, nb0) || !mul_mag(z2, a1, na1, b1, nb1) ||
        !mul_mag(prod, as, las, bs, lbs))
        return false;
    size_t lz0 = mag_trim(z0, na0 + nb0), lz2 = mag_trim(z2, na1 + nb1);
    size_t lp = mag_trim(prod, las + lbs);
    lp = mag_sub(prod, prod, lp, z0, lz0);
    lp = mag_sub(prod, prod, lp, z2, lz2);
    memset(r, 0, (na + nb) * sizeof(limb_t));
    memcpy(r, z0, lz0 * sizeof(limb_t));
    memcpy(r + 2 * h, z2, lz2 * sizeof(limb_t));
    mag_add(r + h, r + h, mag_trim(r + h, na + nb - h), prod, lp);
    gc_free(tmp);
    return true;
}

static value_t mul_views(const intview_t *a, const intview_t *b)
{
    if (!a->len || !b->len)
        return small_int(0);
    bigint_obj_t *r = big_alloc(a->len + b->len + 1);
    if (!r)
        return VALUE_NULL;
    if (!mul_mag(r->limbs, a->d, a->len, b->d, b->len))
        return VALUE_NULL;
    return big_make(r, a->len + b->len, a->neg != b->neg);
}

/* Floor division and modulo. q or r may be NULL. */
static bool divmod_views(const intview_t *a, const intview_t *b, value_t *q, value_t *r)
{
    if (!b->len) {
        vm_raise_type(&type_ZeroDivisionError, "integer division or modulo by zero");
        return false;
    }
    size_t qn = a->len >= b->len ? a->len - b->len + 1 : 1;
    bigint_obj_t *qo = big_alloc(qn + 1), *ro = big_alloc(b->len + 1);
    if (!qo || !ro)
        return false;
    size_t ql, rl;
    if (mag_cmp(a->d, a->len, b->d, b->len) < 0) {
        ql = 0;
        memcpy(ro->limbs, a->d, a->len * sizeof(limb_t));
        rl = a->len;
    } else {
        limb_t *scratch = 0;
        if (b->len > 1) {
            scratch = gc_alloc((a->len + b->len + 2) * sizeof(limb_t), GC_LEAF);
            if (!scratch)
                return false;
        }
        mag_divmod(qo->limbs, ro->limbs, a->d, a->len, b->d, b->len, scratch);
        if (scratch)
            gc_free(scratch);
        ql = mag_trim(qo->limbs, qn);
        rl = mag_trim(ro->limbs, b->len);
    }
    bool neg = a->neg != b->neg;
    if (neg && rl) {
        /* floor: q = -(q + 1), r = |b| - r with b's sign */
        limb_t one = 1;
        ql = mag_add(qo->limbs, qo->limbs, ql, &one, 1);
        rl = mag_sub(ro->limbs, b->d, b->len, ro->limbs, rl);
    }
    if (q && !(*q = big_make(qo, ql, neg)))
        return false;
    if (r && !(*r = big_make(ro, rl, b->neg)))
        return false;
    return true;
}

/* Two's complement in n limbs. */
static void to_twos(limb_t *out, size_t n, const intview_t *v)
{
    memset(out, 0, n * sizeof(limb_t));
    memcpy(out, v->d, v->len * sizeof(limb_t));
    if (v->neg) {
        for (size_t i = 0; i < n; i++)
            out[i] = ~out[i];
        for (size_t i = 0; i < n && ++out[i] == 0; i++)
            ;
    }
}

static value_t bitwise_views(int op, const intview_t *a, const intview_t *b)
{
    size_t n = (a->len > b->len ? a->len : b->len) + 1;
    bigint_obj_t *r = big_alloc(n);
    limb_t *t = gc_alloc(n * sizeof(limb_t), GC_LEAF);
    if (!r || !t)
        return VALUE_NULL;
    to_twos(r->limbs, n, a);
    to_twos(t, n, b);
    for (size_t i = 0; i < n; i++) {
        if (op == OP_AND)
            r->limbs[i] &= t[i];
        else if (op == OP_OR)
            r->limbs[i] |= t[i];
        else
            r->limbs[i] ^= t[i];
    }
    gc_free(t);
    bool neg = r->limbs[n - 1] >> 31;
    if (neg) {
        for (size_t i = 0; i < n; i++)
            r->limbs[i] = ~r->limbs[i];
        for (size_t i = 0; i < n && ++r->limbs[i] == 0; i++)
            ;
    }
    return big_make(r, n, neg);
}

static value_t shift_views(const intview_t *a, intptr_t s, bool left)
{
    if (s < 0)
        return vm_raise_type(&type_ValueError, "negative shift count");
    if (!a->len)
        return small_int(0);
    if (left) {
        if ((uintptr_t)s / 32 > ((size_t)1 << 31))
            return vm_raise_type(&type_OverflowError, "too many digits in integer");
        bigint_obj_t *r = big_alloc(a->len + (size_t)s / 32 + 1);
        if (!r)
            return VALUE_NULL;
        return big_make(r, mag_shl(r->limbs, a->d, a->len, (size_t)s), a->neg);
    }
    bigint_obj_t *r = big_alloc(a->len);
    if (!r)
        return VALUE_NULL;
    bool lost;
    size_t len = mag_shr(r->limbs, a->d, a->len, (size_t)s, &lost);
    if (a->neg && lost) {
        /* floor toward -inf */
        limb_t one = 1;
        bigint_obj_t *r2 = big_alloc(len + 1);
        if (!r2)
            return VALUE_NULL;
        len = mag_add(r2->limbs, r->limbs, len, &one, 1);
        return big_make(r2, len, true);
    }
    return big_make(r, len, a->neg);
}

static value_t pow_views(value_t base, const intview_t *e)
{
    /* square and multiply, most significant bit first */
    value_t result = small_int(1);
    size_t bits = mag_bit_length(e->d, e->len);
    for (size_t i = bits; i--;) {
        intview_t x;
        view_of(result, &x);
        result = mul_views(&x, &x);
        if (!result)
            return VALUE_NULL;
        if ((e->d[i / 32] >> (i % 32)) & 1) {
            intview_t y, z;
            view_of(result, &y);
            view_of(base, &z);
            result = mul_views(&y, &z);
            if (!result)
                return VALUE_NULL;
        }
    }
    return result;
}

static value_t int_floordiv_small(intptr_t x, intptr_t y, bool want_q, bool want_r, value_t *r)
{
    intptr_t q = x / y, m = x % y;
    if (m && ((m < 0) != (y < 0))) {
        q--;
        m += y;
    }
    if (want_r)
        *r = small_int(m);
    return want_q ? int_from_i64(q) : VALUE_NONE;
}

static value_t true_divide(value_t a, value_t b)
{
    intview_t x, y;
    view_of(a, &x);
    view_of(b, &y);
    if (!y.len)
        return vm_raise_type(&type_ZeroDivisionError, "division by zero");
    if (!x.len)
        return float_new((x.neg != y.neg) ? -0.0 : 0.0);
    size_t bx = mag_bit_length(x.d, x.len), by = mag_bit_length(y.d, y.len);
    if (bx <= 53 && by <= 53) {
        bool o;
        double d = int_as_double(a, &o) / int_as_double(b, &o);
        return float_new(d);
    }
    /* q = (x << s) / y with at least 55 significant bits, then round once */
    long s = (long)by - (long)bx + 55;
    if (s < 0)
        s = 0;
    if ((long)bx - (long)by > 1100)
        return vm_raise_type(&type_OverflowError, "integer division result too large for a float");
    size_t nx = x.len + (size_t)s / 32 + 2;
    limb_t *num = gc_alloc(nx * sizeof(limb_t), GC_LEAF);
    if (!num)
        return VALUE_NULL;
    size_t ln = mag_shl(num, x.d, x.len, (size_t)s);
    size_t qn = ln >= y.len ? ln - y.len + 1 : 1;
    limb_t *q = gc_alloc((qn + y.len + ln + y.len + 2) * sizeof(limb_t), GC_LEAF);
    if (!q)
        return VALUE_NULL;
    limb_t *r = q + qn, *scratch = r + y.len;
    bool sticky;
    size_t ql;
    if (mag_cmp(num, ln, y.d, y.len) < 0) {
        ql = 0;
        sticky = true;
    } else {
        mag_divmod(q, r, num, ln, y.d, y.len, scratch);
        ql = mag_trim(q, qn);
        sticky = mag_trim(r, y.len) != 0;
    }
    bool overflow;
    double d = mag_to_double(q, ql, sticky, -s, &overflow);
    if (overflow)
        return vm_raise_type(&type_OverflowError, "integer division result too large for a float");
    return float_new(x.neg != y.neg ? -d : d);
}

static value_t int_pow(value_t a, value_t b)
{
    intview_t e;
    view_of(b, &e);
    if (e.neg) {
        bool o1, o2;
        double x = int_as_double(a, &o1), y = int_as_double(b, &o2);
        if (o1 || o2)
            return vm_raise_type(&type_OverflowError, "int too large to convert to float");
        if (x == 0.0)
            return vm_raise_type(&type_ZeroDivisionError, "0.0 cannot be raised to a negative power");
        return float_binary_op(OP_POW, float_new(x), float_new(y));
    }
    if (is_small_int(a) && is_small_int(b)) {
        intptr_t x = small_int_value(a), n = small_int_value(b);
        int64_t r = 1, base = x;
        bool ok = true;
        while (n) {
            if (n & 1 && __builtin_mul_overflow(r, base, &r)) {
                ok = false;
                break;
            }
            n >>= 1;
            if (n && __builtin_mul_overflow(base, base, &base)) {
                ok = false;
                break;
            }
        }
        if (ok)
            return int_from_i64(r);
        /* |base| >= 2 and the result overflows: guard absurd sizes */
    }
    intview_t av;
    view_of(a, &av);
    if (av.len == 1 && av.d[0] == 1)
        return (av.neg && (e.len && (e.d[0] & 1))) ? small_int(-1) : small_int(1);
    if (!av.len)
        return e.len ? small_int(0) : small_int(1);
    if (e.len > 1 || (double)mag_bit_length(av.d, av.len) * (double)e.d[0] > 1e10)
        return vm_raise_memory_error();
    return pow_views(a, &e);
}

value_t int_binary_op(int op, value_t a, value_t b)
{
    if (op & OP_REFLECTED) {
        value_t t = a; a = b; b = t;
        op &= ~OP_REFLECTED;
        if (!is_int(a))
            return VALUE_NOT_IMPLEMENTED;
    }
    if (!is_int(b))
        return VALUE_NOT_IMPLEMENTED;
    int base = OP_BASE(op);
    if (is_small_int(a) && is_small_int(b)) {
        intptr_t x = small_int_value(a), y = small_int_value(b), r;
        switch (base) {
        case OP_ADD:
            return int_from_i64((int64_t)x + y);
        case OP_SUB:
            return int_from_i64((int64_t)x - y);
        case OP_MUL:
            if (!__builtin_mul_overflow(x, y, &r))
                return int_from_i64(r);
            break;
        case OP_FLOORDIV:
            if (!y)
                return vm_raise_type(&type_ZeroDivisionError, "integer division or modulo by zero");
            return int_floordiv_small(x, y, true, false, 0);
        case OP_MOD: {
            if (!y)
                return vm_raise_type(&type_ZeroDivisionError, "integer modulo by zero");
            value_t m;
            int_floordiv_small(x, y, false, true, &m);
            return m;
        }
        case OP_DIVMOD: {
            if (!y)
                return vm_raise_type(&type_ZeroDivisionError, "integer division or modulo by zero");
            value_t pair[2];
            pair[0] = int_floordiv_small(x, y, true, true, &pair[1]);
            if (!pair[0])
                return VALUE_NULL;
            return tuple_from_array(pair, 2);
        }
        case OP_AND: return small_int(x & y);
        case OP_OR: return small_int(x | y);
        case OP_XOR: return small_int(x ^ y);
        case OP_LSHIFT:
            if (y < 0)
                return vm_raise_type(&type_ValueError, "negative shift count");
            if (x == 0)
                return small_int(0);
            if (y < 62) {
                intptr_t s = x << y;
                if ((s >> y) == x && small_int_fits(s))
                    return small_int(s);
            }
            break;
        case OP_RSHIFT:
            if (y < 0)
                return vm_raise_type(&type_ValueError, "negative shift count");
            return small_int(y >= 63 ? (x < 0 ? -1 : 0) : x >> y);
        default:
            break;
        }
    }
    intview_t x, y;
    view_of(a, &x);
    view_of(b, &y);
    switch (base) {
    case OP_ADD: return add_views(&x, &y, false);
    case OP_SUB: return add_views(&x, &y, true);
    case OP_MUL: return mul_views(&x, &y);
    case OP_FLOORDIV: {
        value_t q;
        return divmod_views(&x, &y, &q, 0) ? q : VALUE_NULL;
    }
    case OP_MOD: {
        value_t r;
        if (!y.len)
            return vm_raise_type(&type_ZeroDivisionError, "integer modulo by zero");
        return divmod_views(&x, &y, 0, &r) ? r : VALUE_NULL;
    }
    case OP_DIVMOD: {
        value_t pair[2];
        if (!divmod_views(&x, &y, &pair[0], &pair[1]))
            return VALUE_NULL;
        return tuple_from_array(pair, 2);
    }
    case OP_TRUEDIV: return true_divide(a, b);
    case OP_POW: return int_pow(a, b);
    case OP_AND: case OP_OR: case OP_XOR: return bitwise_views(base, &x, &y);
    case OP_LSHIFT: case OP_RSHIFT: {
        if (y.neg && y.len)
            return vm_raise_type(&type_ValueError, "negative shift count");
        if (y.len > 2 || (y.len == 2 && y.d[1] >> 30)) {
            if (base == OP_RSHIFT || !x.len)
                return small_int(x.neg && x.len ? -1 : 0);
            return vm_raise_type(&type_OverflowError, "too many digits in integer");
        }
        intptr_t s = (intptr_t)(y.len ? y.d[0] | (y.len == 2 ? (uint64_t)y.d[1] << 32 : 0) : 0);
        return shift_views(&x, s, base == OP_LSHIFT);
    }
    default:
        return VALUE_NOT_IMPLEMENTED;
    }
}

/* pow(base, exp, mod) */
static value_t modular_inverse(value_t a, value_t m)
{
    /* extended Euclid on a mod m, m > 0 */
    value_t old_r = a, r = m, old_s = small_int(1), s = small_int(0);
    while (r != small_int(0)) {
        value_t qr = int_binary_op(OP_DIVMOD, old_r, r);
        if (!qr)
            return VALUE_NULL;
        value_t q = as_tuple(qr)->items[0], rem = as_tuple(qr)->items[1];
        old_r = r;
        r = rem;
        value_t qs = int_binary_op(OP_MUL, q, s);
        if (!qs)
            return VALUE_NULL;
        value_t ns = int_binary_op(OP_SUB, old_s, qs);
        if (!ns)
            return VALUE_NULL;
        old_s = s;
        s = ns;
    }
    if (old_r != small_int(1))
        return vm_raise_type(&type_ValueError, "base is not invertible for the given modulus");
    return int_binary_op(OP_MOD, old_s, m);
}

value_t int_pow3(value_t base, value_t exp, value_t mod)
{
    if (!is_int(base) || !is_int(exp) || !is_int(mod))
        return vm_raise_type(&type_TypeError, "pow() 3rd argument not allowed unless all arguments are integers");
    int ms = int_sign(mod);
    if (ms == 0)
        return vm_raise_type(&type_ValueError, "pow() 3rd argument cannot be 0");
    value_t m = ms < 0 ? int_binary_op(OP_SUB, small_int(0), mod) : mod;
    if (!m)
        return VALUE_NULL;
    if (int_sign(exp) < 0) {
        value_t b = int_binary_op(OP_MOD, base, m);
        if (!b)
            return VALUE_NULL;
        base = modular_inverse(b, m);
        if (!base)
            return VALUE_NULL;
        exp = int_binary_op(OP_SUB, small_int(0), exp);
        if (!exp)
            return VALUE_NULL;
    }
    value_t b = int_binary_op(OP_MOD, base, m);
    if (!b)
        return VALUE_NULL;
    value_t result = int_binary_op(OP_MOD, small_int(1), m);
    intview_t e;
    view_of(exp, &e);
    size_t bits = mag_bit_length(e.d, e.len);
    for (size_t i = bits; i--;) {
        result = int_binary_op(OP_MUL, result, result);
        if (!result || !(result = int_binary_op(OP_MOD, result, m)))
            return VALUE_NULL;
        view_of(exp, &e);
        if ((e.d[i / 32] >> (i % 32)) & 1) {
            result = int_binary_op(OP_MUL, result, b);
            if (!result || !(result = int_binary_op(OP_MOD, result, m)))
                return VALUE_NULL;
        }
    }
    if (ms < 0 && result != small_int(0))
        result = int_binary_op(OP_ADD, result, mod);
    return result;
}

static value_t int_unary_op(int op, value_t v)
{
    intview_t w;
    view_of(v, &w);
    switch (op) {
    case UOP_POS:
        return type_of(v) == &type_int ? v : make_from_mag(w.d, w.len, w.neg);
    case UOP_NEG:
        if (is_small_int(v))
            return int_from_i64(-(int64_t)small_int_value(v));
        return make_from_mag(w.d, w.len, !w.neg);
    case UOP_ABS:
        if (is_small_int(v)) {
            intptr_t i = small_int_value(v);
            return int_from_i64(i < 0 ? -(int64_t)i : i);
        }
        return make_from_mag(w.d, w.len, false);
    case UOP_INVERT:
        if (is_small_int(v))
            return small_int(~small_int_value(v));
        /* ~x == -(x + 1) */
        return int_binary_op(OP_SUB, small_int(-1), v);
    }
    return VALUE_NOT_IMPLEMENTED;
}

static int int_truth(value_t v)
{
    if (v == VALUE_TRUE)
        return 1;
    if (v == VALUE_FALSE)
        return 0;
    return is_small_int(v) ? v != small_int(0) : 1;
}

/* ---- strings ---- */
static const char digit_chars[] = "0123456789abcdefghijklmnopqrstuvwxyz";

static value_t too_many_digits(void)
{
    return vm_raise_type(&type_ValueError,
                         "Exceeds the limit (%zu digits) for integer string conversion; "
                         "use sys.set_int_max_str_digits() to increase the limit", int_max_str_digits);
}

value_t int_to_str(value_t v, unsigned base, bool prefix)
{
    intview_t w;
    view_of(v, &w);
    size_t bits = mag_bit_length(w.d, w.len);
    bool pow2 = (base & (base - 1)) == 0;
    if (!pow2 && int_max_str_digits && bits > int_max_str_digits * 3322 / 1000 + 40)
        return too_many_digits();
    /* enough room for base 2 plus sign and prefix */
    size_t cap = bits + 4;
    char small[80];
    char *buf = cap <= sizeof small ? small : gc_alloc(cap, GC_LEAF);
    if (!buf)
        return VALUE_NULL;
    char *p = buf + cap;
    if (!w.len) {
        *--p = '0';
    } else if (pow2) {
        unsigned sh = (unsigned)__builtin_ctz(base);
        for (size_t i = 0; i < bits; i += sh) {
            unsigned d = 0;
            for (unsigned k = 0; k < sh; k++) {
                size_t bit = i + k;
                if (bit < bits && ((w.d[bit / 32] >> (bit % 32)) & 1))
                    d |= 1u << k;
            }
            *--p = digit_chars[d];
        }
    } else {
        /* divide by the largest power of base that fits a limb */
        limb_t chunk = base;
        unsigned per = 1;
        while ((uint64_t)chunk * base <= 0xffffffffu) {
            chunk *= base;
            per++;
        }
        limb_t *t = gc_alloc(w.len * sizeof(limb_t), GC_LEAF);
        if (!t)
            return VALUE_NULL;
        memcpy(t, w.d, w.len * sizeof(limb_t));
        size_t n = w.len;
        while (n) {
            limb_t rem = mag_div_small(t, t, n, chunk);
            n = mag_trim(t, n);
            for (unsigned k = 0; k < per && (n || rem); k++) {
                *--p = digit_chars[rem % base];
                rem /= base;
            }
        }
        gc_free(t);
        if (!pow2 && int_max_str_digits && (size_t)(buf + cap - p) > int_max_str_digits)
            return too_many_digits();
    }
    if (prefix) {
        if (base == 16) *--p = 'x';
        if (base == 8) *--p = 'o';
        if (base == 2) *--p = 'b';
        *--p = '0';
    }
    if (w.neg && w.len)
        *--p = '-';
    value_t s = str_new(p, (size_t)(buf + cap - p));
    if (buf != small)
        gc_free(buf);
    return s;
}

static value_t int_repr(value_t v) { return int_to_str(v, 10, false); }

static bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static value_t invalid_literal(const char *s, size_t len, unsigned base)
{
    value_t str = str_new(s, len > 200 ? 200 : len);
    value_t r = str ? vm_repr(str) : VALUE_NULL;
    if (!r)
        return VALUE_NULL;
    return vm_raise_type(&type_ValueError, "invalid literal for int() with base %u: %s", base, str_data(r));
}

/* int(str, base): non-ASCII text parses as its ASCII form, but an error
 * names the text as given. */
static value_t int_from_text(value_t x, unsigned base)
{
    value_t t = str_ascii_numeric(x);
    if (!t || t == x)
        return t ? int_from_str(str_data(x), str_len(x), base) : VALUE_NULL;
    value_t r = int_from_str(str_data(t), str_len(t), base);
    if (!r && vm_exception_matches(&type_ValueError)) {
        vm_take_exception();
        return invalid_literal(str_data(x), str_len(x), base);
    }
    return r;
}

value_t int_from_str(const char *s0, size_t len0, unsigned base)
{
    const char *s = s0, *end = s0 + len0;
    unsigned given_base = base;
    if (base != 0 && (base < 2 || base > 36))
        return vm_raise_type(&type_ValueError, "int() base must be >= 2 and <= 36, or 0");
    while (s < end && is_space(*s))
        s++;
    while (end > s && is_space(end[-1]))
        end--;
    bool neg = false;
    if (s < end && (*s == '+' || *s == '-'))
        neg = *s++ == '-';
    bool prefixed = false;
    if (end - s >= 2 && s[0] == '0') {
        char c = (char)(s[1] | 0x20);
        unsigned pb = c == 'x' ? 16 : c == 'o' ? 8 : c == 'b' ? 2 : 0;
        if (pb && (base == 0 || base == pb)) {
            base = pb;
            s += 2;
            prefixed = true;
        }
    }
    bool base0_decimal = false;
    if (base == 0) {
        base = 10;
        base0_decimal = true;
    }
    /* validate: digits with single underscores between them */
    size_t ndigits = 0;
    bool leading_nonzero = false, last_underscore = prefixed;   /* "0x_1" is fine */
    if (prefixed && s < end && *s == '_') {
        s++;
        last_underscore = true;
    }
    const char *digits = s;
    for (const char *p = s; p < end; p++) {
        char c = *p;
        if (c == '_') {
            if (last_underscore || p == digits)
                return invalid_literal(s0, len0, given_base);
            last_underscore = true;
            continue;
        }
        unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
                   : (c | 0x20) >= 'a' && (c | 0x20) <= 'z' ? (unsigned)((c | 0x20) - 'a' + 10) : 99;
        if (d >= base)
            return invalid_literal(s0, len0, given_base);
        if (d)
            leading_nonzero = leading_nonzero || (ndigits == 0 || true);
        ndigits++;
        last_underscore = false;
    }
    if (!ndigits || (last_underscore && end > digits && end[-1] == '_'))
        return invalid_literal(s0, len0, given_base);
    if (base0_decimal && digits[0] == '0') {
        /* "00" is fine, "012" is not */
        for (const char *p = digits; p < end; p++)
            if (*p != '0' && *p != '_')
                return invalid_literal(s0, len0, given_base);
    }
    (void)leading_nonzero;
    bool pow2 = (base & (base - 1)) == 0;
    if (!pow2 && int_max_str_digits && ndigits > int_max_str_digits)
        return vm_raise_type(&type_ValueError,
                             "Exceeds the limit (%zu digits) for integer string conversion: value has %zu digits; "
                             "use sys.set_int_max_str_digits() to increase the limit",
                             int_max_str_digits, ndigits);
    /* fast path: fits in 62 bits */
    if (ndigits <= 12 || (base == 10 && ndigits <= 18)) {
        int64_t acc = 0;
        for (const char *p = digits; p < end; p++) {
            if (*p == '_')
                continue;
            char c = *p;
            unsigned d = c <= '9' ? (unsigned)(c - '0') : (unsigned)((c | 0x20) - 'a' + 10);
            acc = acc * base + d;
        }
        return int_from_i64(neg ? -acc : acc);
    }
    size_t limbs = ndigits * 6 / 32 + 2;     /* log2(36) < 6 */
    bigint_obj_t *b = big_alloc(limbs + 1);
    if (!b)
        return VALUE_NULL;
    size_t n = 0;
    limb_t chunk_val = 0, chunk_mul = 1;
    for (const char *p = digits; p < end; p++) {
        if (*p == '_')
            continue;
        char c = *p;
        unsigned d = c <= '9' ? (unsigned)(c - '0') : (unsigned)((c | 0x20) - 'a' + 10);
        chunk_val = chunk_val * base + d;
        chunk_mul *= base;
        if ((uint64_t)chunk_mul * base > 0xffffffffu) {
            n = mag_mul_add_small(b->limbs, n, chunk_mul, chunk_val);
            chunk_val = 0;
            chunk_mul = 1;
        }
    }
    if (chunk_mul > 1)
        n = mag_mul_add_small(b->limbs, n, chunk_mul, chunk_val);
    return big_make(b, n, neg);
}

/* ---- bytes ---- */
value_t int_to_bytes(value_t v, size_t length, bool little, bool is_signed)
{
    intview_t w;
    view_of(v, &w);
    if (w.neg && w.len && !is_signed)
        return vm_raise_type(&type_OverflowError, "can't convert negative int to unsigned");
    size_t bits = mag_bit_length(w.d, w.len);
    /* bits needed: unsigned: bits; signed: bits + 1, except -2^(k-1) */
    size_t need = bits;
    if (is_signed && w.len) {
        need = bits + 1;
        if (w.neg) {
            /* a power of two magnitude fits in exactly `bits` bits */
            bool pow2 = true;
            for (size_t i = 0; i + 1 < w.len; i++)
                pow2 &= w.d[i] == 0;
            pow2 &= (w.d[w.len - 1] & (w.d[w.len - 1] - 1)) == 0;
            if (pow2)
                need = bits;
        }
    }
    if (need > length * 8)
        return vm_raise_type(&type_OverflowError, "int too big to convert");
    str_obj_t *s = str_alloc(&type_bytes, length);
    if (!s)
        return VALUE_NULL;
    view_of(v, &w);
    uint8_t *out = (uint8_t *)s->data;
    unsigned borrow = w.neg ? 1 : 0;      /* two's complement: ~(m) + 1 */
    for (size_t i = 0; i < length; i++) {
        size_t limb = i / 4;
        unsigned byte = limb < w.len ? (w.d[limb] >> (8 * (i % 4))) & 0xff : 0;
        if (w.neg) {
            unsigned t = (~byte & 0xff) + borrow;
            byte = t & 0xff;
            borrow = t >> 8;
        }
        out[little ? i : length - 1 - i] = (uint8_t)byte;
    }
    return str_finish(s);
}

value_t int_from_bytes(const uint8_t *data, size_t len, bool little, bool is_signed)
{
    bigint_obj_t *b = big_alloc(len / 4 + 2);
    if (!b)
        return VALUE_NULL;
    data = data ? data : (const uint8_t *)"";
    bool neg = is_signed && len && (data[little ? len - 1 : 0] & 0x80);
    unsigned carry = neg ? 1 : 0;
    size_t n = len / 4 + 2;
    memset(b->limbs, 0, n * sizeof(limb_t));
    for (size_t i = 0; i < len; i++) {
        unsigned byte = data[little ? i : len - 1 - i];
        if (neg) {
            unsigned t = (~byte & 0xff) + carry;
            byte = t & 0xff;
            carry = t >> 8;
        }
        b->limbs[i / 4] |= (limb_t)byte << (8 * (i % 4));
    }
    return big_make(b, n, neg);
}

/* ---- the int type ---- */
static value_t int_method_bit_length(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("bit_length", nargs, kw, 1, 1))
        return VALUE_NULL;
    return small_int((intptr_t)int_bit_length(args[0]));
}

static value_t int_method_bit_count(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("bit_count", nargs, kw, 1, 1))
        return VALUE_NULL;
    intview_t w;
    view_of(args[0], &w);
    size_t c = 0;
    for (size_t i = 0; i < w.len; i++)
        c += (size_t)__builtin_popcount(w.d[i]);
    return small_int((intptr_t)c);
}

static bool parse_byteorder(value_t v, bool *little)
{
    if (!v) {
        *little = false;
        return true;
    }
    if (is_str(v) && !strcmp(str_data(v), "little")) {
        *little = true;
        return true;
    }
    if (is_str(v) && !strcmp(str_data(v), "big")) {
        *little = false;
        return true;
    }
    vm_raise_type(&type_ValueError, "byteorder must be either 'little' or 'big'");
    return false;
}

static value_t int_method_to_bytes(const value_t *args, size_t nargs, value_t kw)
{
    static const char *const names[] = {"self", "length", "byteorder", "signed"};
    value_t a[4];
    if (!arg_parse("to_bytes", args, nargs, kw, 4, names, a, 1))
        return VALUE_NULL;
    intptr_t length = 1;
    if (a[1] && !vm_index(a[1], &length))
        return VALUE_NULL;
    if (length < 0)
        return vm_raise_type(&type_ValueError, "length argument must be non-negative");
    bool little;
    if (!parse_byteorder(a[2], &little))
        return VALUE_NULL;
    int sig = a[3] ? vm_truth(a[3]) : 0;
    if (sig < 0)
        return VALUE_NULL;
    return int_to_bytes(a[0], (size_t)length, little, sig);
}

static value_t int_method_from_bytes(const value_t *args, size_t nargs, value_t kw)
{
    static const char *const names[] = {"cls", "bytes", "byteorder", "signed"};
    value_t a[4];
    if (!arg_parse("from_bytes", args, nargs, kw, 4, names, a, 2))
        return VALUE_NULL;
    bool little;
    if (!parse_byteorder(a[2], &little))
        return VALUE_NULL;
    int sig = a[3] ? vm_truth(a[3]) : 0;
    if (sig < 0)
        return VALUE_NULL;
    struct buffer_info buf;
    if (vm_get_buffer(a[1], &buf, false))
        return int_from_bytes(buf.data, buf.len, little, sig);
    vm_take_exception();
    value_t b = vm_call(obj_value(&type_bytes), &a[1], 1, VALUE_NULL);
    if (!b)
        return VALUE_NULL;
    return int_from_bytes((const uint8_t *)str_data(b), str_len(b), little, sig);
}

static value_t int_method_conjugate(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("conjugate", nargs, kw, 1, 1))
        return VALUE_NULL;
    return is_small_int(args[0]) || type_of(args[0]) == &type_int ? args[0]
                                                                   : small_int(args[0] == VALUE_TRUE);
}

static value_t int_method_index(const value_t *args, size_t nargs, value_t kw)
{
    return int_method_conjugate(args, nargs, kw);
}

static value_t int_method_as_integer_ratio(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("as_integer_ratio", nargs, kw, 1, 1))
        return VALUE_NULL;
    value_t pair[2] = {int_method_conjugate(args, nargs, kw), small_int(1)};
    return tuple_from_array(pair, 2);
}

static value_t int_method_format(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("__format__", nargs, kw, 2, 2))
        return VALUE_NULL;
    return vm_format(args[0], args[1]);
}

static const method_def_t int_methods[] = {
    {"bit_length", int_method_bit_length, METHOD_INSTANCE},
    {"bit_count", int_method_bit_count, METHOD_INSTANCE},
    {"to_bytes", int_method_to_bytes, METHOD_INSTANCE},
    {"from_bytes", int_method_from_bytes, METHOD_CLASS},
    {"conjugate", int_method_conjugate, METHOD_INSTANCE},
    {"__index__", int_method_index, METHOD_INSTANCE},
    {"as_integer_ratio", int_method_as_integer_ratio, METHOD_INSTANCE},
    {"__format__", int_method_format, METHOD_INSTANCE},
    {0, 0, 0},
};

value_t int_exact(value_t v)
{
    if (is_small_int(v) || type_of(v) == &type_int)
        return v;
    if (v == VALUE_TRUE || v == VALUE_FALSE)
        return small_int(v == VALUE_TRUE);
    return int_binary_op(OP_ADD, v, small_int(0));       /* an int subclass: the sum is a plain int */
}

static value_t int_getattr(value_t self, value_t name)
{
    const char *n = str_data(name);
    if (!strcmp(n, "real") || !strcmp(n, "numerator"))
        return int_exact(self);
    if (!strcmp(n, "imag"))
        return small_int(0);
    if (!strcmp(n, "denominator"))
        return small_int(1);
    return VALUE_MISSING;
}

static value_t int_make_new(const type_t *type, const value_t *args, size_t nargs, value_t kw)
{
    (void)type;
    static const char *const names[] = {"x", "base"};
    value_t a[2];
    if (!arg_parse("int", args, nargs, kw, 2, names, a, 0))
        return VALUE_NULL;
    if (!a[0]) {
        if (a[1])
            return vm_raise_type(&type_TypeError, "int() missing string argument");
        return small_int(0);
    }
    value_t x = a[0];
    if (a[1]) {
        intptr_t base;
        if (!vm_index(a[1], &base))
            return VALUE_NULL;
        if (base != 0 && (base < 2 || base > 36))
            return vm_raise_type(&type_ValueError, "int() base must be >= 2 and <= 36, or 0");
        if (!is_str(x) && !is_bytes(x) && type_of(x) != &type_bytearray)
            return vm_raise_type(&type_TypeError, "int() can't convert non-string with explicit base");
        if (is_str(x))
            return int_from_text(x, (unsigned)base);
        struct buffer_info b;
        if (!vm_get_buffer(x, &b, false))
            return VALUE_NULL;
        return int_from_str((const char *)b.data, b.len, (unsigned)base);
    }
    if (is_small_int(x) || type_of(x) == &type_int)
        return x;
    if (is_int(x))
        return int_method_conjugate(&x, 1, VALUE_NULL);
    if (is_float(x))
        return int_from_double(float_value(x));
    if (is_str(x))
        return int_from_text(x, 10);
    if (is_bytes(x) || type_of(x) == &type_bytearray) {
        struct buffer_info b;
        if (!vm_get_buffer(x, &b, false))
            return VALUE_NULL;
        return int_from_str((const char *)b.data, b.len, 10);
    }
    value_t r = vm_getattr_opt(x, str_intern_cstr("__int__"));
    if (r == VALUE_MISSING)
        r = vm_getattr_opt(x, str_intern_cstr("__index__"));
    if (r && r != VALUE_MISSING)
        return vm_call(r, 0, 0, VALUE_NULL);
    if (!r)
        return VALUE_NULL;
    return vm_raise_type(&type_TypeError,
                         "int() argument must be a string, a bytes-like object or a real number, not '%s'",
                         type_name_of(x));
}

type_t type_int = {
    .base = {&type_type}, .name = "int", .parent = &type_object, .flags = TYPE_BASETYPE,
    .methods = int_methods,
    .repr = int_repr, .hash = int_hash_slot, .compare = int_compare_values,
    .truth = int_truth, .unary_op = int_unary_op, .binary_op = int_binary_op,
    .getattr = int_getattr, .make_new = int_make_new,
};

/* ---- bool ---- */
obj_t true_obj = {&type_bool};
obj_t false_obj = {&type_bool};

static value_t bool_repr(value_t v)
{
    return str_intern_cstr(v == VALUE_TRUE ? "True" : "False");
}

static value_t bool_binary_op(int op, value_t a, value_t b)
{
    int base = OP_BASE(op);
    if ((base == OP_AND || base == OP_OR || base == OP_XOR) && type_of(a) == &type_bool &&
        type_of(b) == &type_bool) {
        bool x = a == VALUE_TRUE, y = b == VALUE_TRUE;
        return bool_value(base == OP_AND ? x & y : base == OP_OR ? x | y : x ^ y);
    }
    return int_binary_op(op, a, b);
}

static value_t bool_make_new(const type_t *type, const value_t *args, size_t nargs, value_t kw)
{
    (void)type;
    if (!arg_check("bool", nargs, kw, 0, 1))
        return VALUE_NULL;
    if (!nargs)
        return VALUE_FALSE;
    int t = vm_truth(args[0]);
    return t < 0 ? VALUE_NULL : bool_value(t);
}

type_t type_bool = {
    .base = {&type_type}, .name = "bool", .parent = &type_int, .flags = TYPE_INT_SUBCLASS,
    .repr = bool_repr, .hash = int_hash_slot, .compare = int_compare_values,
    .truth = int_truth, .unary_op = int_unary_op, .binary_op = bool_binary_op,
    .getattr = int_getattr, .make_new = bool_make_new,
};
