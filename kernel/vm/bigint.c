/* Magnitude arithmetic for big ints: schoolbook add/sub, schoolbook and
 * Karatsuba multiplication, Knuth's algorithm D for division. */
#include "vm/bigint.h"
#include "lib/string.h"

int mag_cmp(const limb_t *a, size_t na, const limb_t *b, size_t nb)
{
    if (na != nb)
        return na < nb ? -1 : 1;
    while (na--) {
        if (a[na] != b[na])
            return a[na] < b[na] ? -1 : 1;
    }
    return 0;
}

size_t mag_add(limb_t *r, const limb_t *a, size_t na, const limb_t *b, size_t nb)
{
    if (na < nb) {
        const limb_t *t = a; a = b; b = t;
        size_t tn = na; na = nb; nb = tn;
    }
    uint64_t carry = 0;
    size_t i = 0;
    for (; i < nb; i++) {
        carry += (uint64_t)a[i] + b[i];
        r[i] = (limb_t)carry;
        carry >>= 32;
    }
    for (; i < na; i++) {
        carry += a[i];
        r[i] = (limb_t)carry;
        carry >>= 32;
    }
    r[i] = (limb_t)carry;
    return mag_trim(r, na + 1);
}

size_t mag_sub(limb_t *r, const limb_t *a, size_t na, const limb_t *b, size_t nb)
{
    int64_t borrow = 0;
    size_t i = 0;
    for (; i < nb; i++) {
        int64_t t = (int64_t)a[i] - b[i] - borrow;
        r[i] = (limb_t)t;
        borrow = t < 0;
    }
    for (; i < na; i++) {
        int64_t t = (int64_t)a[i] - borrow;
        r[i] = (limb_t)t;
        borrow = t < 0;
    }
    return mag_trim(r, na);
}

static void mul_school(limb_t *r, const limb_t *a, size_t na, const limb_t *b, size_t nb)
{
    if (na > nb) {
        /* the outer loop over the shorter operand: a big int times a small
         * one (pidigits' q * k) is then one tight pass, not a loop setup
         * per limb of the big one */
        const limb_t *t = a;
        a = b;
        b = t;
        size_t tn = na;
        na = nb;
        nb = tn;
    }
    memset(r, 0, (na + nb) * sizeof(limb_t));
    for (size_t i = 0; i < na; i++) {
        uint64_t carry = 0, ai = a[i];
        if (!ai)
            continue;
        for (size_t j = 0; j < nb; j++) {
            carry += ai * b[j] + r[i + j];
            r[i + j] = (limb_t)carry;
            carry >>= 32;
        }
        r[i + nb] = (limb_t)carry;
    }
}

size_t mag_mul(limb_t *r, const limb_t *a, size_t na, const limb_t *b, size_t nb)
{
    if (!na || !nb)
        return 0;
    mul_school(r, a, na, b, nb);
    return mag_trim(r, na + nb);
}

size_t mag_mul_add_small(limb_t *a, size_t n, limb_t m, limb_t c)
{
    uint64_t carry = c;
    for (size_t i = 0; i < n; i++) {
        carry += (uint64_t)a[i] * m;
        a[i] = (limb_t)carry;
        carry >>= 32;
    }
    a[n] = (limb_t)carry;
    return mag_trim(a, n + 1);
}

limb_t mag_div_small(limb_t *q, const limb_t *a, size_t na, limb_t d)
{
    uint64_t rem = 0;
    for (size_t i = na; i--;) {
        uint64_t cur = (rem << 32) | a[i];
        q[i] = (limb_t)(cur / d);
        rem = cur % d;
    }
    return (limb_t)rem;
}

void mag_divmod(limb_t *q, limb_t *r, const limb_t *a, size_t na, const limb_t *b, size_t nb,
                limb_t *scratch)
{
    if (nb == 1) {
        r[0] = mag_div_small(q, a, na, b[0]);
        return;
    }
    limb_t *un = scratch;           /* na + 1 */
    limb_t *vn = scratch + na + 1;  /* nb */
    int s = __builtin_clz(b[nb - 1]);
    for (size_t i = nb - 1; i > 0; i--)
        vn[i] = s ? (b[i] << s) | (b[i - 1] >> (32 - s)) : b[i];
    vn[0] = b[0] << s;
    un[na] = s ? a[na - 1] >> (32 - s) : 0;
    for (size_t i = na - 1; i > 0; i--)
        un[i] = s ? (a[i] << s) | (a[i - 1] >> (32 - s)) : a[i];
    un[0] = a[0] << s;

    const uint64_t base = (uint64_t)1 << 32;
    for (size_t j = na - nb + 1; j--;) {
        uint64_t num = ((uint64_t)un[j + nb] << 32) | un[j + nb - 1];
        uint64_t qhat = num / vn[nb - 1];
        uint64_t rhat = num % vn[nb - 1];
        while (qhat >= base || qhat * vn[nb - 2] > ((rhat << 32) | un[j + nb - 2])) {
            qhat--;
            rhat += vn[nb - 1];
            if (rhat >= base)
                break;
        }
        /* un[j..j+nb] -= qhat * vn */
        int64_t borrow = 0;
        uint64_t carry = 0;
        for (size_t i = 0; i < nb; i++) {
            uint64_t p = qhat * vn[i] + carry;
            carry = p >> 32;
            int64_t t = (int64_t)un[i + j] - (int64_t)(p & 0xffffffffu) - borrow;
            un[i + j] = (limb_t)t;
            borrow = t < 0;
        }
        int64_t t = (int64_t)un[j + nb] - (int64_t)carry - borrow;
        un[j + nb] = (limb_t)t;
        if (t < 0) {
            /* qhat was one too large: add vn back */
            qhat--;
            uint64_t c = 0;
            for (size_t i = 0; i < nb; i++) {
                c += (uint64_t)un[i + j] + vn[i];
                un[i + j] = (limb_t)c;
                c >>= 32;
            }
            un[j + nb] += (limb_t)c;
        }
        q[j] = (limb_t)qhat;
    }
    for (size_t i = 0; i < nb; i++)
        r[i] = s ? (un[i] >> s) | (un[i + 1] << (32 - s)) : un[i];
}

size_t mag_shl(limb_t *r, const limb_t *a, size_t na, size_t s)
{
    size_t limbs = s / 32;
    unsigned bits = s % 32;
    r[na + limbs] = 0;
    if (bits) {
        for (size_t i = na; i--;) {
            r[i + limbs + 1] |= a[i] >> (32 - bits);
            r[i + limbs] = a[i] << bits;
        }
    } else {
        for (size_t i = na; i--;)
            r[i + limbs] = a[i];
    }
    for (size_t i = 0; i < limbs; i++)
        r[i] = 0;
    return mag_trim(r, na + limbs + 1);
}

size_t mag_shr(limb_t *r, const limb_t *a, size_t na, size_t s, bool *lost)
{
    size_t limbs = s / 32;
    unsigned bits = s % 32;
    bool l = false;
    if (limbs >= na) {
        for (size_t i = 0; i < na; i++)
            l |= a[i] != 0;
        if (lost)
            *lost = l;
        return 0;
    }
    for (size_t i = 0; i < limbs; i++)
        l |= a[i] != 0;
    if (bits)
        l |= (a[limbs] & ((1u << bits) - 1)) != 0;
    size_t n = na - limbs;
    for (size_t i = 0; i < n; i++) {
        uint64_t lo = a[i + limbs];
        uint64_t hi = i + limbs + 1 < na ? a[i + limbs + 1] : 0;
        r[i] = (limb_t)(((hi << 32) | lo) >> bits);
    }
    if (lost)
        *lost = l;
    return mag_trim(r, n);
}

size_t mag_bit_length(const limb_t *a, size_t n)
{
    n = mag_trim(a, n);
    if (!n)
        return 0;
    return (n - 1) * 32 + (32 - (size_t)__builtin_clz(a[n - 1]));
}

double mag_to_double(const limb_t *a, size_t n, bool sticky, long exp2, bool *overflow)
{
    *overflow = false;
    n = mag_trim(a, n);
    if (!n)
        return 0.0;
    size_t nbits = mag_bit_length(a, n);
    /* top: the 64 most significant bits, left-aligned */
    uint64_t top = 0;
    for (size_t i = 0; i < 3 && i < n; i++) {
        size_t idx = n - 1 - i;
        int shift = (int)(64 - (nbits - idx * 32));    /* where limb idx lands */
        if (shift >= 64)
            break;
        if (shift >= 0)
            top |= (uint64_t)a[idx] << shift;
        else if (shift <= -32)
            sticky |= a[idx] != 0;
        else {
            top |= (uint64_t)a[idx] >> -shift;
            sticky |= (a[idx] & ((1u << -shift) - 1)) != 0;
        }
    }
    if (nbits > 64) {
        /* limbs entirely below the top 64 bits */
        size_t low_limbs = (nbits - 64) / 32;
        for (size_t i = 0; i < low_limbs && i < n; i++)
            sticky |= a[i] != 0;
    }
    long e = (long)nbits + exp2;             /* value in [2^(e-1), 2^e) */
    if (e > 1024) {
        *overflow = true;
        return __builtin_inf();
    }
    long u = e - 53 > -1074 ? e - 53 : -1074;   /* exponent of the last kept bit */
    long k = e - u;                             /* bits to keep */
    uint64_t m;
    if (k <= 0) {
        if (k < 0)
            return 0.0;
        m = (top > (1ull << 63) || (top == (1ull << 63) && sticky)) ? 1 : 0;
    } else {
        m = top >> (64 - k);
        uint64_t rem = k == 64 ? 0 : top & ((1ull << (64 - k)) - 1);
        uint64_t half = 1ull << (63 - k);
        if (rem > half || (rem == half && (sticky || (m & 1))))
            m++;
    }
    if (!m)
        return 0.0;
    if (m >> 53) {
        m >>= 1;
        u++;
    }
    uint64_t bits;
    if (m < (1ull << 52)) {
        bits = m;                               /* subnormal, u == -1074 */
    } else {
        long biased = u + 52 + 1023;
        if (biased >= 2047) {
            *overflow = true;
            return __builtin_inf();
        }
        bits = ((uint64_t)biased << 52) | (m & ((1ull << 52) - 1));
    }
    double d;
    memcpy(&d, &bits, 8);
    return d;
}
