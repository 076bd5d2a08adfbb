/* A freestanding libm subset for the VM's float type and the math module.
 * Written for this kernel; results are within about 1 ulp of the exact
 * value (sqrt, floor, ceil, trunc, fmod, frexp, ldexp, copysign, fabs and
 * modf are exact). Names carry a math_ prefix so they never clash with a
 * host C library in hosted tests. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define MATH_PI 3.14159265358979323846
#define MATH_E 2.7182818284590452354
#define MATH_INF __builtin_inf()
#define MATH_NAN __builtin_nan("")

static inline bool math_isnan(double x) { return x != x; }
static inline bool math_isinf(double x) { return x == MATH_INF || x == -MATH_INF; }
static inline bool math_isfinite(double x) { return !math_isnan(x) && !math_isinf(x); }
static inline double math_fabs(double x) { return __builtin_fabs(x); }
static inline double math_copysign(double x, double y) { return __builtin_copysign(x, y); }
static inline bool math_signbit(double x) { return __builtin_signbit(x) != 0; }

double math_sqrt(double x);
double math_floor(double x);
double math_ceil(double x);
double math_trunc(double x);
double math_round_half_even(double x);
double math_fmod(double x, double y);
double math_modf(double x, double *int_part);
double math_frexp(double x, int *exp);
double math_ldexp(double x, int exp);
double math_exp(double x);
double math_expm1(double x);
double math_log(double x);
double math_log1p(double x);
double math_log2(double x);
double math_log10(double x);
double math_pow(double x, double y);
double math_sin(double x);
double math_cos(double x);
double math_tan(double x);
double math_asin(double x);
double math_acos(double x);
double math_atan(double x);
double math_atan2(double y, double x);
double math_sinh(double x);
double math_cosh(double x);
double math_tanh(double x);
double math_hypot(double x, double y);
double math_erf(double x);
double math_erfc(double x);
double math_exp2(double x);
double math_cbrt(double x);
double math_remainder(double x, double y);      /* IEEE remainder; NaN for x inf or y 0 */
double math_nextafter(double x, double y);
double math_gamma(double x);                    /* NaN at the poles */
double math_lgamma(double x);                   /* log|Gamma(x)|; inf at the poles */
