/* A freestanding libm subset (see math.h).
 *
 * Methods: exact bit manipulation for floor/ceil/trunc/fmod/frexp/ldexp;
 * Cody-Waite argument reduction and Taylor polynomials for exp, log, the
 * trigonometric functions (Payne-Hanek reduction with a table of 2/pi bits
 * for huge arguments) and atan (with a table of atan(j/8)); pow goes
 * through log and exp in double-double arithmetic; hypot corrects its
 * square root with an exact residual. Constants were computed to 400
 * decimal digits and split into double pairs (hi + lo). */
#include "lib/math.h"

#pragma STDC FP_CONTRACT OFF

static inline uint64_t bits_of(double x)
{
    uint64_t b;
    __builtin_memcpy(&b, &x, 8);
    return b;
}

static inline double from_bits(uint64_t b)
{
    double x;
    __builtin_memcpy(&x, &b, 8);
    return x;
}

/* ---- exact helpers ---- */
double math_sqrt(double x)
{
#if defined(__x86_64__)
    double r;
    __asm__("sqrtsd %1, %0" : "=x"(r) : "x"(x));
    return r;
#elif defined(__aarch64__)
    double r;
    __asm__("fsqrt %d0, %d1" : "=w"(r) : "w"(x));
    return r;
#else
    if (x < 0 || x != x)
        return MATH_NAN;
    if (x == 0 || math_isinf(x))
        return x;
    double r = x > 1 ? x : 1;
    for (int i = 0; i < 200; i++) {
        double n = 0.5 * (r + x / r);
        if (n == r)
            break;
        r = n;
    }
    return r;
#endif
}

double math_trunc(double x)
{
    uint64_t b = bits_of(x);
    int e = (int)((b >> 52) & 0x7ff) - 1023;
    if (e >= 52)
        return x;                               /* integral, inf or nan */
    if (e < 0)
        return from_bits(b & (1ull << 63));     /* +-0 */
    uint64_t mask = (1ull << (52 - e)) - 1;
    return from_bits(b & ~mask);
}

double math_floor(double x)
{
    double t = math_trunc(x);
    return (t > x) ? t - 1.0 : t;
}

double math_ceil(double x)
{
    double t = math_trunc(x);
    if (t < x)
        return t + 1.0;
    return t == 0 ? math_copysign(0.0, x) : t;
}

double math_round_half_even(double x)
{
    if (!math_isfinite(x))
        return x;
    double t = math_trunc(x);
    double diff = math_fabs(x - t);     /* exact */
    if (diff > 0.5 || (diff == 0.5 && math_fmod(t, 2.0) != 0))
        t += x < 0 ? -1.0 : 1.0;
    return t;
}

double math_modf(double x, double *int_part)
{
    double t = math_trunc(x);
    *int_part = t;
    if (math_isinf(x))
        return math_copysign(0.0, x);
    return math_copysign(x - t, x);
}

double math_frexp(double x, int *exp)
{
    *exp = 0;
    if (x == 0 || !math_isfinite(x))
        return x;
    uint64_t b = bits_of(x);
    int e = (int)((b >> 52) & 0x7ff);
    if (e == 0) {                               /* subnormal: normalize first */
        x *= 18014398509481984.0;               /* 2^54 */
        b = bits_of(x);
        e = (int)((b >> 52) & 0x7ff) - 54;
    }
    *exp = e - 1022;
    return from_bits((b & ~(0x7ffull << 52)) | (1022ull << 52));
}

/* m * 2^e correctly rounded (half-even), m != 0 any 64-bit integer. */
static double make_double(uint64_t m, int e, bool negative)
{
    int nbits = 64 - __builtin_clzll(m);
    int top = nbits + e;                        /* value in [2^(top-1), 2^top) */
    double r;
    if (top > 1024) {
        r = MATH_INF;
    } else {
        int u = top - 53 > -1074 ? top - 53 : -1074;
        int drop = u - e;                       /* low bits to round away */
        uint64_t q;
        if (drop <= 0) {
            q = drop <= -64 ? 0 : m << -drop;
        } else if (drop >= 64) {
            q = (drop == 64 && m > (1ull << 63)) ? 1 : 0;
        } else {
            q = m >> drop;
            uint64_t rem = m & ((1ull << drop) - 1), half = 1ull << (drop - 1);
            if (rem > half || (rem == half && (q & 1)))
                q++;
        }
        if (q >> 53) {
            q >>= 1;
            u++;
        }
        if (q == 0)
            r = 0.0;
        else if (q < (1ull << 52))
            r = from_bits(q);
        else if (u + 52 + 1023 >= 2047)
            r = MATH_INF;
        else
            r = from_bits(((uint64_t)(u + 52 + 1023) << 52) | (q & ((1ull << 52) - 1)));
    }
    return negative ? -r : r;
}

double math_ldexp(double x, int exp)
{
    if (x == 0 || !math_isfinite(x) || exp == 0)
        return x;
    int e;
    double m = math_frexp(x, &e);               /* x = m * 2^e, |m| in [0.5, 1) */
    long total = (long)e + exp;
    if (total > 1100)
        total = 1100;
    if (total < -1200)
        total = -1200;
    uint64_t mi = (uint64_t)(math_fabs(m) * 9007199254740992.0);    /* 53-bit integer */
    return make_double(mi, (int)total - 53, m < 0);
}

double math_fmod(double x, double y)
{
    if (x != x || y != y || math_isinf(x) || y == 0)
        return MATH_NAN;
    if (math_isinf(y))
        return x;
    double ax = math_fabs(x), ay = math_fabs(y);
    if (ax < ay)
        return x;
    int ex, ey;
    double mx = math_frexp(ax, &ex), my = math_frexp(ay, &ey);
    uint64_t a = (uint64_t)(mx * 9007199254740992.0), b = (uint64_t)(my * 9007199254740992.0);
    /* (a * 2^(ex-ey)) mod b, shifting in at most 10 bits at a time */
    uint64_t r = a % b;
    int k = ex - ey;
    while (k > 0) {
        int s = k > 10 ? 10 : k;
        r = (r << s) % b;
        k -= s;
    }
    if (r == 0)
        return math_copysign(0.0, x);
    return make_double(r, ey - 53, x < 0);
}

/* ---- double-double arithmetic ---- */
typedef struct { double hi, lo; } dd_t;

static inline dd_t two_sum(double a, double b)
{
    double s = a + b;
    double bb = s - a;
    dd_t r = {s, (a - (s - bb)) + (b - bb)};
    return r;
}

static inline dd_t quick_two_sum(double a, double b)
{
    double s = a + b;
    dd_t r = {s, b - (s - a)};
    return r;
}

static inline void split(double a, double *hi, double *lo)
{
    double t = 134217729.0 * a;     /* 2^27 + 1 */
    *hi = t - (t - a);
    *lo = a - *hi;
}

static inline dd_t two_prod(double a, double b)
{
    double p = a * b, ah, al, bh, bl;
    split(a, &ah, &al);
    split(b, &bh, &bl);
    dd_t r = {p, ((ah * bh - p) + ah * bl + al * bh) + al * bl};
    return r;
}

static inline dd_t dd_add(dd_t a, dd_t b)
{
    dd_t s = two_sum(a.hi, b.hi);
    s.lo += a.lo + b.lo;
    return quick_two_sum(s.hi, s.lo);
}

static inline dd_t dd_mul(dd_t a, dd_t b)
{
    dd_t p = two_prod(a.hi, b.hi);
    p.lo += a.hi * b.lo + a.lo * b.hi;
    return quick_two_sum(p.hi, p.lo);
}

static inline dd_t dd_mul_d(dd_t a, double b)
{
    dd_t p = two_prod(a.hi, b);
    p.lo += a.lo * b;
    return quick_two_sum(p.hi, p.lo);
}

static inline dd_t dd_div(dd_t a, dd_t b)
{
    double q1 = a.hi / b.hi;
    dd_t r = dd_add(a, dd_mul_d(b, -q1));
    double q2 = r.hi / b.hi;
    r = dd_add(r, dd_mul_d(b, -q2));
    double q3 = r.hi / b.hi;
    dd_t q = quick_two_sum(q1, q2);
    return dd_add(q, (dd_t){q3, 0});
}

/* ---- constants ---- */
static const double LN2_HI = 0x1.62e42fefa39efp-1, LN2_LO = 0x1.abc9e3b39803fp-56;
static const double LN2_HI40 = 0x1.62e42fefa2000p-1, LN2_LO40 = 0x1.9ef35793c7673p-41;
static const double INV_LN2 = 0x1.71547652b82fep+0;
static const double INV_LN10_HI = 0x1.bcb7b1526e50ep-2, INV_LN10_LO = 0x1.95355baaafad3p-57;
static const double LOG10_2_HI = 0x1.34413509f79ffp-2, LOG10_2_LO = -0x1.9dc1da994fd21p-59;
static const double INV_LN2_LO = 0x1.777d0ffda0d24p-56;
static const double PIO2_HI = 0x1.921fb54442d18p+0, PIO2_LO = 0x1.1a62633145c07p-54;
static const double PI_HI = 0x1.921fb54442d18p+1, PI_LO = 0x1.1a62633145c07p-53;
static const double PIO2_1 = 0x1.921fb54400000p+0, PIO2_2 = 0x1.0b4611a600000p-34,
                    PIO2_3 = 0x1.3198a2e037073p-69;
static const double TWO_OVER_SQRTPI_HI = 0x1.20dd750429b6dp+0, TWO_OVER_SQRTPI_LO = 0x1.1ae3a914fed80p-56;

/* ---- exp ---- */
/* exp(r + rlo) for |r| <= ln2/2 + tiny, as hi + lo */
static dd_t exp_kernel(double r, double rlo)
{
    /* tail = r^2 * (1/2! + r/3! + ... + r^11/13!) */
    static const double c[] = {
        1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320,
        1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800.0,
        1.0 / 87178291200.0,
    };
    double p = c[12];
    for (int i = 11; i >= 0; i--)
        p = c[i] + r * p;
    double tail = r * r * p;
    dd_t s = two_sum(1.0, r);
    double lo = s.lo + (tail + rlo * (1.0 + r + tail));
    return quick_two_sum(s.hi, lo);
}

/* 2^k * (hi + lo) with a single rounding */
static double scale_dd(dd_t v, int k)
{
    if (k > -1000) {
        double r = v.hi + v.lo;
        if (k <= 1023)
            return r * from_bits((uint64_t)(k + 1023) << 52);
        return r * 0x1p1023 * from_bits((uint64_t)(k - 1023 + 1023) << 52);
    }
    /* subnormal results: round once from an exact 64-bit integer */
    double m = v.hi * 0x1p62;
    uint64_t mi = (uint64_t)m;
    double rest = (m - (double)mi) + v.lo * 0x1p62;
    if (rest < 0) {
        mi--;
        rest += 1.0;
    }
    if (rest > 0)
        mi |= 1;                /* sticky */
    return make_double(mi, k - 62, false);
}

double math_exp(double x)
{
    if (x != x)
        return x;
    if (x > 709.782712893384)
        return MATH_INF;
    if (x < -745.1332191019412)
        return 0.0;
    if (math_fabs(x) < 0x1p-54)
        return 1.0 + x;
    double kf = math_round_half_even(x * INV_LN2);
    int k = (int)kf;
    double hi = x - kf * LN2_HI40;          /* exact */
    double lo = kf * LN2_LO40;
    double r = hi - lo;
    double rlo = (hi - r) - lo;
    return scale_dd(exp_kernel(r, rlo), k);
}

static double exp_dd(dd_t t)
{
    if (t.hi != t.hi)
        return t.hi;
    if (t.hi > 709.8)
        return MATH_INF;
    if (t.hi < -745.2)
        return 0.0;
    double kf = math_round_half_even(t.hi * INV_LN2);
    int k = (int)kf;
    dd_t r = two_sum(t.hi - kf * LN2_HI40, -kf * LN2_LO40);
    r.lo += t.lo;
    r = quick_two_sum(r.hi, r.lo);
    return scale_dd(exp_kernel(r.hi, r.lo), k);
}

double math_expm1(double x)
{
    if (x != x)
        return x;
    if (x > 709.782712893384)
        return MATH_INF;
    if (x < -40)
        return -1.0;
    double ax = math_fabs(x);
    if (ax < 0x1p-54)
        return x;
    if (ax < 0.34657359027997264) {
        /* x + x^2 (1/2 + x/6 + ...) */
        double p = 1.0 / 121645100408832000.0;      /* 1/19! */
        static const double c[] = {
            1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320,
            1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800.0,
            1.0 / 87178291200.0, 1.0 / 1307674368000.0, 1.0 / 20922789888000.0,
            1.0 / 355687428096000.0, 1.0 / 6402373705728000.0,
        };
        for (int i = 16; i >= 0; i--)
            p = c[i] + x * p;
        return x + x * x * p;
    }
    double kf = math_round_half_even(x * INV_LN2);
    int k = (int)kf;
    double hi = x - kf * LN2_HI40, lo = kf * LN2_LO40;
    double r = hi - lo, rlo = (hi - r) - lo;
    dd_t e = exp_kernel(r, rlo);
    if (k > 60)
        return scale_dd(e, k) - 1.0;
    /* 2^k * e - 1 with the subtraction done in double-double */
    double s = from_bits((uint64_t)(k + 1023) << 52);
    dd_t v = {e.hi * s, e.lo * s};
    v = dd_add(v, (dd_t){-1.0, 0});
    return v.hi + v.lo;
}

/* ---- log ---- */
/* x = 2^k * (1 + f), 1 + f in [sqrt(1/2), sqrt(2)) */
static double reduce_log(double x, int *k)
{
    int e;
    double m = math_frexp(x, &e);
    if (m < 0.70710678118654752440) {
        m *= 2;
        e--;
    }
    *k = e;
    return m - 1.0;     /* exact */
}

/* log(1 + f) for f in [sqrt(1/2) - 1, sqrt(2) - 1] */
static double log1p_kernel(double f)
{
    double s = f / (2.0 + f);
    double z = s * s;
    /* R = sum 2 z^n / (2n+1), n >= 1 */
    double R = 2.0 / 25;
    for (int n = 11; n >= 1; n--)
        R = 2.0 / (2 * n + 1) + z * R;
    R *= z;
    double hfsq = 0.5 * f * f;
    return f - (hfsq - s * (hfsq + R));
}

double math_log(double x)
{
    if (x != x || x == MATH_INF)
        return x;
    if (x < 0)
        return MATH_NAN;
    if (x == 0)
        return -MATH_INF;
    int k;
    double f = reduce_log(x, &k);
    double kf = k;
    double l = log1p_kernel(f);
    return kf * LN2_HI40 + (l + kf * LN2_LO40);
}

/* log(x) in double-double, relative error about 2^-66 */
static dd_t log_dd(double x)
{
    int k;
    double f = reduce_log(x, &k);
    dd_t d = quick_two_sum(2.0, f);
    dd_t s = dd_div((dd_t){f, 0}, d);
    dd_t z = dd_mul(s, s);
    double zd = z.hi;
    /* 2s + (2/3) s^3 + s^5 * (2/5 + (2/7) z + ...) */
    double tail = 2.0 / 27;
    for (int n = 12; n >= 2; n--)
        tail = 2.0 / (2 * n + 1) + zd * tail;
    dd_t s2 = {2 * s.hi, 2 * s.lo};
    dd_t two_thirds = dd_div((dd_t){2.0, 0}, (dd_t){3.0, 0});
    dd_t s3 = dd_mul(dd_mul(z, s), two_thirds);
    double s5 = zd * zd * s.hi * tail;
    dd_t l = dd_add(s2, dd_add(s3, (dd_t){s5, 0}));
    dd_t kl = dd_add(two_prod((double)k, LN2_HI), two_prod((double)k, LN2_LO));
    return dd_add(kl, l);
}

double math_log1p(double x)
{
    if (x != x || x == MATH_INF)
        return x;
    if (x < -1)
        return MATH_NAN;
    if (x == -1)
        return -MATH_INF;
    if (math_fabs(x) < 0x1p-54)
        return x;
    if (x > -0.2928932188134524 && x < 0.41421356237309503)
        return log1p_kernel(x);
    double u = 1.0 + x;
    /* correct for the rounding of 1 + x */
    double c = (u > 1.0) ? (x - (u - 1.0)) : ((1.0 - u) + x);
    return math_log(u) + c / u;
}

double math_log2(double x)
{
    if (x != x || x == MATH_INF)
        return x;
    if (x < 0)
        return MATH_NAN;
    if (x == 0)
        return -MATH_INF;
    int k;
    double f = reduce_log(x, &k);
    if (f == 0)
        return k;
    dd_t l = log_dd(x);
    /* (log(x) - k ln2) / ln2 + k, in double-double */
    dd_t kl = dd_add(two_prod((double)k, LN2_HI), two_prod((double)k, LN2_LO));
    dd_t frac = dd_add(l, (dd_t){-kl.hi, -kl.lo});
    dd_t q = dd_mul(frac, (dd_t){INV_LN2, INV_LN2_LO});
    dd_t r = dd_add((dd_t){(double)k, 0}, q);
    return r.hi + r.lo;
}

double math_log10(double x)
{
    if (x != x || x == MATH_INF)
        return x;
    if (x < 0)
        return MATH_NAN;
    if (x == 0)
        return -MATH_INF;
    dd_t l = log_dd(x);
    dd_t r = dd_mul(l, (dd_t){INV_LN10_HI, INV_LN10_LO});
    (void)LOG10_2_HI;
    (void)LOG10_2_LO;
    return r.hi + r.lo;
}

/* ---- pow ---- */
static bool is_integer(double y) { return math_isfinite(y) && math_trunc(y) == y; }
static bool is_odd_integer(double y)
{
    return is_integer(y) && math_fabs(y) < 9007199254740992.0 && math_fmod(y, 2.0) != 0;
}

double math_pow(double x, double y)
{
    if (y == 0 || x == 1.0)
        return 1.0;
    if (x != x || y != y)
        return MATH_NAN;
    double ax = math_fabs(x);
    if (math_isinf(y)) {
        if (ax == 1.0)
            return 1.0;
        return ((ax > 1.0) == (y > 0)) ? MATH_INF : 0.0;
    }
    bool odd = is_odd_integer(y);
    if (math_isinf(x)) {
        if (x > 0)
            return y > 0 ? MATH_INF : 0.0;
        return y > 0 ? (odd ? -MATH_INF : MATH_INF) : (odd ? -0.0 : 0.0);
    }
    if (x == 0) {
        if (y > 0)
            return odd ? x : 0.0;
        return odd ? math_copysign(MATH_INF, x) : MATH_INF;
    }
    bool negate = false;
    if (x < 0) {
        if (!is_integer(y))
            return MATH_NAN;
        negate = odd;
    }
    double r;
    if (is_integer(y) && math_fabs(y) <= 64) {
        /* exact-ish powering in double-double */
        long n = (long)math_fabs(y);
        dd_t acc = {1.0, 0}, base = {ax, 0};
        bool ok = true;
        while (n) {
            if (n & 1)
                acc = dd_mul(acc, base);
            n >>= 1;
            if (n)
                base = dd_mul(base, base);
            if (!(math_fabs(acc.hi) < 1e300 && math_fabs(acc.hi) > 1e-300 && math_fabs(base.hi) < 1e300 &&
                  math_fabs(base.hi) > 1e-300)) {
                ok = false;
                break;
            }
        }
        if (ok) {
            if (y < 0)
                acc = dd_div((dd_t){1.0, 0}, acc);
            r = acc.hi + acc.lo;
            return negate ? -r : r;
        }
    }
    dd_t l = log_dd(ax);
    dd_t t = dd_mul_d(l, y);
    r = exp_dd(t);
    return negate ? -r : r;
}

/* ---- trigonometry ---- */
static const uint32_t two_over_pi[] = {
    0xa2f9836e, 0x4e441529, 0xfc2757d1, 0xf534ddc0, 0xdb629599, 0x3c439041, 0xfe5163ab,
    0xdebbc561, 0xb7246e3a, 0x424dd2e0, 0x06492eea, 0x09d1921c, 0xfe1deb1c, 0xb129a73e,
    0xe88235f5, 0x2ebb4484, 0xe99c7026, 0xb45f7e41, 0x3991d639, 0x835339f4, 0x9c845f8b,
    0xbdf9283b, 0x1ff897ff, 0xde05980f, 0xef2f118b, 0x5a0a6d1f, 0x6d367ecf, 0x27cb09b7,
    0x4f463f66, 0x9e5fea2d, 0x7527bac7, 0xebe5f17b, 0x3d0739f7, 0x8a5292ea, 0x6bfb5fb1,
    0x1f8d5d08, 0x56033046, 0xfc7b6bab, 0xf0cfbc20, 0x9ae2040e, 0x55a18dbd, 0xc8bef75f,
};

/* bit i (1-based) of the binary fraction of 2/pi */
static inline unsigned two_over_pi_bit(int i)
{
    i--;
    return (two_over_pi[i / 32] >> (31 - i % 32)) & 1;
}

/* Payne-Hanek: x = n * pi/2 + r for huge |x|; returns n mod 4. */
static int reduce_huge(double x, dd_t *r)
{
    int e;
    double m = math_frexp(math_fabs(x), &e);
    uint64_t mi = (uint64_t)(m * 9007199254740992.0);
    int ex = e - 53;                            /* |x| = mi * 2^ex, ex >= 0 here */
    enum { L = 192 };
    int i0 = ex - 1 > 1 ? ex - 1 : 1;
    /* W = bits i0 .. i0+L-1 of 2/pi as an integer (6 limbs, little-endian) */
    uint32_t w[6] = {0};
    for (int j = 0; j < L; j++)
        if (two_over_pi_bit(i0 + j))
            w[(L - 1 - j) / 32] |= 1u << ((L - 1 - j) % 32);
    /* P = mi * W: 8 limbs */
    uint32_t p[8] = {0};
    uint32_t mlimb[2] = {(uint32_t)mi, (uint32_t)(mi >> 32)};
    for (int a = 0; a < 2; a++) {
        uint64_t carry = 0;
        for (int b = 0; b < 6; b++) {
            carry += (uint64_t)mlimb[a] * w[b] + p[a + b];
            p[a + b] = (uint32_t)carry;
            carry >>= 32;
        }
        for (int k = a + 6; carry && k < 8; k++) {
            carry += p[k];
            p[k] = (uint32_t)carry;
            carry >>= 32;
        }
    }
    /* the binary point of P sits `sh` bits up */
    int sh = i0 + L - 1 - ex;
    #define PBIT(i) (((i) >= 0 && (i) < 256) ? (p[(i) / 32] >> ((i) % 32)) & 1 : 0)
    int q = (int)(PBIT(sh) | (PBIT(sh + 1) << 1));
    uint64_t hi = 0, lo = 0;                    /* 128 fraction bits */
    for (int j = 0; j < 64; j++)
        hi = (hi << 1) | PBIT(sh - 1 - j);
    for (int j = 64; j < 128; j++)
        lo = (lo << 1) | PBIT(sh - 1 - j);
    #undef PBIT
    bool neg = false;
    if (hi >> 63) {                             /* fraction >= 1/2: take f - 1 */
        q = (q + 1) & 3;
        neg = true;
        hi = ~hi;
        lo = ~lo + 1;
        if (lo == 0)
            hi++;
    }
    double fh = (double)(hi >> 11) * 0x1p-53;
    double fl = ((double)(hi & 0x7ff) * 0x1p-64) + (double)lo * 0x1p-128;
    dd_t f = quick_two_sum(fh, fl);
    dd_t res = dd_mul(f, (dd_t){PIO2_HI, PIO2_LO});
    if (neg) {
        res.hi = -res.hi;
        res.lo = -res.lo;
    }
    if (x < 0) {
        res.hi = -res.hi;
        res.lo = -res.lo;
        q = (4 - q) & 3;
    }
    *r = res;
    return q;
}

/* x = n * pi/2 + r, |r| <= pi/4 (about); returns n mod 4 */
static int reduce_pio2(double x, dd_t *r)
{
    double ax = math_fabs(x);
    if (ax <= 0.78539816339744830962) {
        r->hi = x;
        r->lo = 0;
        return 0;
    }
    if (ax < 0x1p20) {
        double n = math_round_half_even(x * 0x1.45f306dc9c883p-1);
        double t = x - n * PIO2_1;              /* exact */
        double w = n * PIO2_2;                  /* exact */
        double u = t - w;
        double ulo = (t - u) - w;
        double w3 = n * PIO2_3;
        double v = u - w3;
        double vlo = ((u - v) - w3) + ulo;
        dd_t res = quick_two_sum(v, vlo);
        *r = res;
        return (int)((long)n & 3);
    }
    return reduce_huge(x, r);
}

static double sin_kernel(double x, double y)
{
    static const double s[] = {
        -1.0 / 6, 1.0 / 120, -1.0 / 5040, 1.0 / 362880, -1.0 / 39916800, 1.0 / 6227020800.0,
        -1.0 / 1307674368000.0, 1.0 / 355687428096000.0,
    };
    double z = x * x, v = z * x;
    double p = s[7];
    for (int i = 6; i >= 1; i--)
        p = s[i] + z * p;
    return x + ((v * (s[0] + z * p)) + (y - 0.5 * z * y));
}

static double cos_kernel(double x, double y)
{
    static const double c[] = {
        1.0 / 24, -1.0 / 720, 1.0 / 40320, -1.0 / 3628800, 1.0 / 479001600, -1.0 / 87178291200.0,
        1.0 / 20922789888000.0, -1.0 / 6402373705728000.0,
    };
    double z = x * x;
    double p = c[7];
    for (int i = 6; i >= 0; i--)
        p = c[i] + z * p;
    double tail = z * z * p;
    double hz = 0.5 * z;
    double w = 1.0 - hz;
    return w + (((1.0 - w) - hz) + (tail - x * y));
}

double math_sin(double x)
{
    if (!math_isfinite(x))
        return MATH_NAN;
    if (math_fabs(x) < 0x1p-27)
        return x;
    dd_t r;
    int q = reduce_pio2(x, &r);
    switch (q) {
    case 0: return sin_kernel(r.hi, r.lo);
    case 1: return cos_kernel(r.hi, r.lo);
    case 2: return -sin_kernel(r.hi, r.lo);
    default: return -cos_kernel(r.hi, r.lo);
    }
}

double math_cos(double x)
{
    if (!math_isfinite(x))
        return MATH_NAN;
    if (math_fabs(x) < 0x1p-27)
        return 1.0;
    dd_t r;
    int q = reduce_pio2(x, &r);
    switch (q) {
    case 0: return cos_kernel(r.hi, r.lo);
    case 1: return -sin_kernel(r.hi, r.lo);
    case 2: return -cos_kernel(r.hi, r.lo);
    default: return sin_kernel(r.hi, r.lo);
    }
}

double math_tan(double x)
{
    if (!math_isfinite(x))
        return MATH_NAN;
    if (math_fabs(x) < 0x1p-27)
        return x;
    dd_t r;
    int q = reduce_pio2(x, &r);
    double s = sin_kernel(r.hi, r.lo), c = cos_kernel(r.hi, r.lo);
    return (q & 1) ? -c / s : s / c;
}

static const double atan_table_hi[] = {
    0.0, 0x1.fd5ba9aac2f6ep-4, 0x1.f5b75f92c80ddp-3, 0x1.6f61941e4def1p-2, 0x1.dac670561bb4fp-2,
    0x1.1e00babdefeb4p-1, 0x1.4978fa3269ee1p-1, 0x1.700a7c5784634p-1, 0x1.921fb54442d18p-1,
};
static const double atan_table_lo[] = {
    0.0, -0x1.cd37686760c17p-59, 0x1.8ab6e3cf7afbdp-57, -0x1.c63aae6f6e918p-56, 0x1.a2b7f222f65e2p-56,
    -0x1.928df287a668fp-58, 0x1.2419a87f2a458p-56, -0x1.8c34d25aadef6p-56, 0x1.1a62633145c07p-55,
};

/* atan(t) for t in [0, 1] */
static double atan_unit(double t)
{
    int j = (int)(t * 8 + 0.5);
    double c = j / 8.0;
    double u = (t - c) / (1.0 + t * c);
    double z = u * u;
    double p = -1.0 / 19;
    for (int n = 8; n >= 1; n--)
        p = ((n & 1) ? -1.0 : 1.0) / (2 * n + 1) + z * p;
    double a = u + u * z * p;
    return atan_table_hi[j] + (a + atan_table_lo[j]);
}

double math_atan(double x)
{
    if (x != x)
        return x;
    double ax = math_fabs(x);
    if (ax < 0x1p-27)
        return x;
    double r;
    if (ax <= 1.0) {
        r = atan_unit(ax);
    } else if (ax > 0x1p60) {
        r = PIO2_HI;
    } else {
        double inv = 1.0 / ax;
        /* pi/2 - atan(1/ax), with the rounding of 1/ax corrected */
        dd_t p = two_prod(inv, ax);
        double corr = -((p.hi - 1.0) + p.lo) * inv;     /* 1/ax - inv, approx */
        double a = atan_unit(inv);
        r = PIO2_HI - ((a + corr / (1.0 + inv * inv)) - PIO2_LO);
    }
    return x < 0 ? -r : r;
}

double math_atan2(double y, double x)
{
    if (x != x || y != y)
        return MATH_NAN;
    if (y == 0) {
        if (x > 0 || (x == 0 && !math_signbit(x)))
            return y;
        return math_copysign(PI_HI, y);
    }
    if (x == 0)
        return math_copysign(PIO2_HI, y);
    if (math_isinf(x)) {
        if (math_isinf(y))
            return math_copysign(x > 0 ? PIO2_HI / 2 : 3 * PIO2_HI / 2, y);
        return x > 0 ? math_copysign(0.0, y) : math_copysign(PI_HI, y);
    }
    if (math_isinf(y))
        return math_copysign(PIO2_HI, y);
    double ay = math_fabs(y), ax = math_fabs(x);
    double a;
    int ey, ex;
    math_frexp(ay, &ey);
    math_frexp(ax, &ex);
    if (ey - ex > 60)
        a = PIO2_HI + PIO2_LO;
    else if (x < 0 && ey - ex < -60)
        a = 0.0;
    else
        a = math_atan(ay / ax);
    if (x < 0)
        a = PI_HI - (a - PI_LO);
    return y < 0 ? -a : a;
}

double math_asin(double x)
{
    if (x != x)
        return x;
    if (math_fabs(x) > 1)
        return MATH_NAN;
    if (math_fabs(x) < 0x1p-27)
        return x;
    return math_atan2(x, math_sqrt((1.0 - x) * (1.0 + x)));
}

double math_acos(double x)
{
    if (x != x)
        return x;
    if (math_fabs(x) > 1)
        return MATH_NAN;
    return math_atan2(math_sqrt((1.0 - x) * (1.0 + x)), x);
}

/* ---- hyperbolic ---- */
double math_sinh(double x)
{
    if (!math_isfinite(x))
        return x;
    double ax = math_fabs(x), r;
    if (ax < 0x1p-27)
        return x;
    if (ax < 22) {
        double e = math_expm1(ax);
        r = 0.5 * (e + e / (e + 1.0));
    } else if (ax < 709) {
        r = 0.5 * math_exp(ax);
    } else {
        double w = math_exp(0.5 * ax);
        r = (0.5 * w) * w;
    }
    return x < 0 ? -r : r;
}

double math_cosh(double x)
{
    if (x != x)
        return x;
    double ax = math_fabs(x);
    if (math_isinf(x))
        return MATH_INF;
    if (ax < 0.34657359027997264) {
        double e = math_expm1(ax);
        return 1.0 + (e * e) / (2.0 * (1.0 + e));
    }
    if (ax < 22) {
        double e = math_exp(ax);
        return 0.5 * e + 0.5 / e;
    }
    if (ax < 709)
        return 0.5 * math_exp(ax);
    double w = math_exp(0.5 * ax);
    return (0.5 * w) * w;
}

double math_tanh(double x)
{
    if (x != x)
        return x;
    double ax = math_fabs(x), r;
    if (ax < 0x1p-27)
        return x;
    if (ax < 1) {
        double e = math_expm1(-2 * ax);
        r = -e / (e + 2.0);
    } else if (ax < 22) {
        double e = math_expm1(2 * ax);
        r = 1.0 - 2.0 / (e + 2.0);
    } else {
        r = 1.0;
    }
    return x < 0 ? -r : r;
}

double math_hypot(double x, double y)
{
    if (math_isinf(x) || math_isinf(y))
        return MATH_INF;
    if (x != x || y != y)
        return MATH_NAN;
    double a = math_fabs(x), b = math_fabs(y);
    if (a < b) {
        double t = a; a = b; b = t;
    }
    if (b == 0)
        return a;
    int e;
    math_frexp(a, &e);
    a = math_ldexp(a, -e);
    b = math_ldexp(b, -e);
    dd_t p1 = two_prod(a, a), p2 = two_prod(b, b);
    dd_t s = two_sum(p1.hi, p2.hi);
    double slo = s.lo + p1.lo + p2.lo;
    dd_t sum = quick_two_sum(s.hi, slo);
    double h = math_sqrt(sum.hi);
    dd_t hh = two_prod(h, h);
    double corr = ((sum.hi - hh.hi) - hh.lo + sum.lo) / (2.0 * h);
    return math_ldexp(h + corr, e);
}

/* ---- error function ---- */
/* exp(-x*x) with x*x taken exactly */
static double exp_minus_square(double x)
{
    dd_t sq = two_prod(x, x);
    return exp_dd((dd_t){-sq.hi, -sq.lo});
}

/* erf by the series 2/sqrt(pi) exp(-x^2) sum 2^n x^(2n+1) / (1*3*...*(2n+1)), |x| < 2.5 */
static double erf_series(double x)
{
    double x2 = x * x;
    dd_t term = {x, 0}, sum = {x, 0};
    for (int n = 1; n < 200; n++) {
        term = dd_mul_d(term, 2.0 * x2);
        term = dd_div(term, (dd_t){2.0 * n + 1, 0});
        sum = dd_add(sum, term);
        if (math_fabs(term.hi) < math_fabs(sum.hi) * 0x1p-60)
            break;
    }
    dd_t r = dd_mul(sum, (dd_t){TWO_OVER_SQRTPI_HI, TWO_OVER_SQRTPI_LO});
    r = dd_mul_d(r, exp_minus_square(x));
    return r.hi + r.lo;
}

/* erfc by its continued fraction, x >= 1.5:
 * erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))) */
static double erfc_continued(double x)
{
    /* evaluate bottom-up with a fixed depth */
    int depth = x < 2 ? 200 : x < 3 ? 100 : x < 6 ? 60 : 30;
    double f = x;
    for (int k = depth; k >= 1; k--)
        f = x + (k * 0.5) / f;
    return exp_minus_square(x) * (0.5 * TWO_OVER_SQRTPI_HI) / f;
}

double math_erf(double x)
{
    if (x != x)
        return x;
    double ax = math_fabs(x);
    if (ax < 0x1p-28)
        return x * TWO_OVER_SQRTPI_HI;
    double r;
    if (ax < 2.5)
        r = erf_series(ax);
    else if (ax < 6)
        r = 1.0 - erfc_continued(ax);
    else
        r = 1.0;
    return x < 0 ? -r : r;
}

double math_erfc(double x)
{
    if (x != x)
        return x;
    if (x == MATH_INF)
        return 0.0;
    if (x < 1.5)
        return 1.0 - math_erf(x);
    if (x > 27.3)
        return 0.0;
    return erfc_continued(x);
}

/* ---- exp2, cbrt, remainder, nextafter, gamma, lgamma ---- */
double math_exp2(double x)
{
    if (x != x)
        return x;
    if (x >= 1024)
        return MATH_INF;
    if (x < -1075)
        return 0.0;
    if (x == math_trunc(x))
        return math_ldexp(1.0, (int)x);     /* exact */
    return exp_dd(dd_mul_d((dd_t){LN2_HI, LN2_LO}, x));
}

double math_cbrt(double x)
{
    if (x != x || x == 0 || math_isinf(x))
        return x;
    double ax = math_fabs(x);
    dd_t third = dd_div((dd_t){1.0, 0}, (dd_t){3.0, 0});
    double y = exp_dd(dd_mul(log_dd(ax), third));
    /* one Newton step with the residual y^3 - ax in double-double */
    dd_t y3 = dd_mul_d(two_prod(y, y), y);
    dd_t res = dd_add(y3, (dd_t){-ax, 0});
    y -= (res.hi + res.lo) / (3 * y * y);
    return x < 0 ? -y : y;
}

/* IEEE 754 remainder: x - n*y, n the integer nearest x/y (ties to even);
 * exact. */
double math_remainder(double x, double y)
{
    if (x != x || y != y || math_isinf(x) || y == 0)
        return MATH_NAN;
    if (math_isinf(y))
        return x;
    double ax = math_fabs(x), ay = math_fabs(y);
    double m = math_fmod(ax, ay);           /* exact, in [0, ay) */
    double c = ay - m;                      /* exact: m and ay are within a factor 2 or m is tiny */
    double r;
    if (m < c) {
        r = m;
    } else if (m > c) {
        r = -c;
    } else {
        /* halfway: keep the even quotient. The quotient (ax - m) / ay is
         * even when ax mod 2ay is m (2ay may overflow: then ax < 2ay). */
        bool even = ay > 0x1p1022 ? ax < ay : math_fmod(ax, 2 * ay) == m;
        r = even ? m : -c;
    }
    return math_signbit(x) ? -r : r;       /* remainder(-0.0, y) is -0.0 */
}

double math_nextafter(double x, double y)
{
    if (x != x || y != y)
        return x + y;
    if (x == y)
        return y;
    if (x == 0)
        return math_copysign(from_bits(1), y);
    uint64_t b = bits_of(x);
    /* away from zero when moving in x's direction, else towards it */
    if ((x < y) == (x > 0))
        b++;
    else
        b--;
    return from_bits(b);
}

/* sin(pi * x), exact at integers and half-integers. */
static double sinpi(double x)
{
    double r = math_fmod(math_fabs(x), 2.0);    /* exact */
    double s;
    if (r <= 0.25)
        s = math_sin(PI_HI * r);
    else if (r <= 0.75)
        s = math_cos(PI_HI * (r - 0.5));
    else if (r <= 1.25)
        s = math_sin(PI_HI * (1.0 - r));
    else if (r <= 1.75)
        s = -math_cos(PI_HI * (r - 1.5));
    else
        s = math_sin(PI_HI * (r - 2.0));
    return x < 0 ? -s : s;
}

/* log Gamma(y) for y = y.hi + y.lo >= 10 in double-double, by Stirling's
 * series: (y - 1/2) log y - y + log(2 pi)/2 + sum B2k / (2k (2k-1) y^(2k-1));
 * eight terms leave an error below 1e-17 at y = 10. */
static const double HALF_LOG_2PI_HI = 0x1.d67f1c864beb5p-1, HALF_LOG_2PI_LO = -0x1.65b5a1b7ff5dfp-55;

static dd_t lgamma_large(dd_t y)
{
    static const double b[] = {
        1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188, -691.0 / 360360, 1.0 / 156, -3617.0 / 122400,
    };
    double r = 1.0 / y.hi, r2 = r * r, series = b[7];
    for (int k = 6; k >= 0; k--)
        series = b[k] + r2 * series;
    dd_t l = dd_add(log_dd(y.hi), (dd_t){y.lo / y.hi, 0});
    dd_t a = dd_mul(l, dd_add(y, (dd_t){-0.5, 0}));
    a = dd_add(a, (dd_t){-y.hi, -y.lo});
    a = dd_add(a, (dd_t){HALF_LOG_2PI_HI, HALF_LOG_2PI_LO});
    return dd_add(a, (dd_t){series * r, 0});
}

/* y = x + n >= 10 (n >= 0 the fewest) and prod = x (x+1) ... (x+n-1), so
 * Gamma(x) = Gamma(y) / prod; x > 0. */
static dd_t shift_up(double x, dd_t *prod)
{
    dd_t y = {x, 0};
    *prod = (dd_t){1.0, 0};
    while (y.hi < 10) {
        *prod = dd_mul(*prod, y);
        y = dd_add(y, (dd_t){1.0, 0});
    }
    return y;
}

/* Gamma(x); NaN for the poles (0, negative integers), for the caller's
 * domain error. */
double math_gamma(double x)
{
    if (x != x)
        return x;
    if (x == MATH_INF)
        return x;
    if (x == -MATH_INF || (x <= 0 && x == math_trunc(x)))
        return MATH_NAN;
    if (x == math_trunc(x) && x <= 23) {
        double f = 1.0;                         /* (x-1)!, exact up to 22! */
        for (int k = 2; k < (int)x; k++)
            f *= k;
        return f;
    }
    if (x > 171.7)
        return MATH_INF;
    if (x < 0.5) {
        /* reflection: Gamma(x) Gamma(1-x) = pi / sin(pi x) */
        if (x < -190)
            return math_fmod(math_floor(x), 2.0) == 0 ? 0.0 : -0.0;     /* underflow, with the sign of Gamma */
        return PI_HI / (sinpi(x) * math_gamma(1.0 - x));
    }
    dd_t prod;
    double g = exp_dd(lgamma_large(shift_up(x, &prod)));
    return prod.hi == 1.0 && prod.lo == 0 ? g : g / (prod.hi + prod.lo);
}

/* log|Gamma(x)|; +inf at the poles (the caller raises). */
double math_lgamma(double x)
{
    if (x != x)
        return x;
    if (math_isinf(x))
        return MATH_INF;
    if (x <= 0 && x == math_trunc(x))
        return MATH_INF;
    if (x == 1.0 || x == 2.0)
        return 0.0;
    double ax = math_fabs(x);
    if (ax < 0x1p-60)
        return -math_log(ax);
    if (x > 0x1p60)
        return x * (math_log(x) - 1.0);     /* the other terms are below an ulp; may overflow */
    if (x < 0.5) {
        /* log(pi / |sin(pi x)|) - lgamma(1 - x) */
        return math_log(PI_HI / math_fabs(sinpi(x))) - math_lgamma(1.0 - x);
    }
    dd_t prod;
    dd_t l = lgamma_large(shift_up(x, &prod));
    if (prod.hi != 1.0 || prod.lo != 0) {
        dd_t lp = dd_add(log_dd(prod.hi), (dd_t){prod.lo / prod.hi, 0});     /* prod > 0: x >= 0.5 */
        l = dd_add(l, (dd_t){-lp.hi, -lp.lo});
    }
    return l.hi + l.lo;
}
