/* The few elementary functions the tensor ops need, freestanding, in
 * double precision (results are rounded to float by the callers, so they
 * are correctly rounded or within 1 ulp of float). */
#pragma once
#include <stdint.h>

static inline double tm_bits_double(uint64_t u) { double d; __builtin_memcpy(&d, &u, 8); return d; }

/* floor for |x| < 2^62 (all the callers need) */
static inline double tm_floor(double x)
{
    double t = (double)(int64_t)x;
    return t > x ? t - 1 : t;
}

/* sqrt by Newton's method from an exponent-halving guess (no libm call). */
static inline double tm_sqrt(double x)
{
    if (!(x > 0)) return x == 0 ? x : __builtin_nan("");
    if (x == __builtin_inf()) return x;
    uint64_t u;
    __builtin_memcpy(&u, &x, 8);
    double r = tm_bits_double((u >> 1) + 0x1FF8000000000000ull);
    for (int i = 0; i < 6; i++)
        r = 0.5 * (r + x / r);
    return r;
}

static inline double tm_exp(double x)
{
    if (x != x) return x;
    if (x > 709.78) return __builtin_inf();
    if (x < -745.2) return 0.0;
    const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
    double kf = tm_floor(x * 1.44269504088896338700 + 0.5);
    double r = (x - kf * ln2_hi) - kf * ln2_lo;
    double p = 1.0 / 479001600.0;                       /* 1/12! */
    static const double inv_fact[12] = { 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0,
                                         1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, 1.0 };
    for (int i = 0; i < 12; i++)
        p = p * r + inv_fact[i];
    int k = (int)kf;
    /* 2^k in two steps so that subnormal results are right */
    int k1 = k / 2, k2 = k - k1;
    return p * tm_bits_double((uint64_t)(k1 + 1023) << 52) * tm_bits_double((uint64_t)(k2 + 1023) << 52);
}

static inline double tm_log(double x)
{
    if (!(x > 0)) return x == 0 ? -__builtin_inf() : __builtin_nan("");
    if (x == __builtin_inf()) return x;
    uint64_t u;
    __builtin_memcpy(&u, &x, 8);
    int e = (int)((u >> 52) & 0x7FF);
    if (e == 0) {                                       /* subnormal */
        x *= 18014398509481984.0;                       /* 2^54 */
        __builtin_memcpy(&u, &x, 8);
        e = (int)((u >> 52) & 0x7FF) - 54;
    }
    e -= 1023;
    double m = tm_bits_double((u & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull);
    if (m > 1.41421356237309504880) {
        m *= 0.5;
        e++;
    }
    double s = (m - 1) / (m + 1), s2 = s * s, term = s, sum = 0;
    for (int i = 1; i <= 23; i += 2) {
        sum += term / i;
        term *= s2;
    }
    return 2 * sum + e * 6.93147180559945309417e-01;
}

/* sin and cos of x (|x| up to ~1e6 keeps ~1e-10 absolute accuracy). */
static inline void tm_sincos(double x, double *s, double *c)
{
    const double pio2_1 = 1.57079632673412561417e+00, pio2_2 = 6.07710050650619224932e-11,
                 pio2_3 = 2.02226624879595063154e-21;
    double kf = tm_floor(x * 0.63661977236758134308 + 0.5);
    double r = ((x - kf * pio2_1) - kf * pio2_2) - kf * pio2_3;
    double r2 = r * r, sn = r, cs = 1, ts = r, tc = 1;
    for (int i = 1; i <= 10; i++) {
        ts *= -r2 / ((2 * i) * (2 * i + 1));
        tc *= -r2 / ((2 * i - 1) * (2 * i));
        sn += ts;
        cs += tc;
    }
    int q = (int)((int64_t)kf & 3);
    switch (q) {
    case 0: *s = sn; *c = cs; break;
    case 1: *s = cs; *c = -sn; break;
    case 2: *s = -sn; *c = -cs; break;
    default: *s = -cs; *c = sn; break;
    }
}

static inline double tm_tanh(double x)
{
    if (x > 20) return 1;
    if (x < -20) return -1;
    if (__builtin_fabs(x) < 1e-4) return x - x * x * x / 3;
    double e = tm_exp(2 * x);
    return (e - 1) / (e + 1);
}

static inline double tm_erf(double x)
{
    double a = __builtin_fabs(x);
    if (a >= 4.5) return x > 0 ? 1 : -1;
    /* Maclaurin series: 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1)) */
    double x2 = a * a, term = a, sum = a;
    for (int n = 1; n < 100; n++) {
        term *= -x2 / n;
        double t = term / (2 * n + 1);
        sum += t;
        if (__builtin_fabs(t) < 1e-17 * __builtin_fabs(sum))
            break;
    }
    double r = sum * 1.12837916709551257390;
    if (r > 1) r = 1;
    return x < 0 ? -r : r;
}
