/* Magnitude arithmetic on little-endian arrays of 32-bit limbs. No
 * allocation here except where noted: the caller owns every buffer. Used by
 * int.c for Python ints and by float.c for exact decimal conversion. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint32_t limb_t;
#define LIMB_BITS 32

/* Length without leading zero limbs. */
static inline size_t mag_trim(const limb_t *a, size_t n)
{
    while (n && !a[n - 1])
        n--;
    return n;
}
int mag_cmp(const limb_t *a, size_t na, const limb_t *b, size_t nb);
/* r = a + b; r has room for max(na, nb) + 1 limbs (may alias a). Returns length. */
size_t mag_add(limb_t *r, const limb_t *a, size_t na, const limb_t *b, size_t nb);
/* r = a - b, a >= b; r has room for na limbs (may alias a). Returns length. */
size_t mag_sub(limb_t *r, const limb_t *a, size_t na, const limb_t *b, size_t nb);
/* r = a * b; r has na + nb limbs and must not alias. Returns length. */
size_t mag_mul(limb_t *r, const limb_t *a, size_t na, const limb_t *b, size_t nb);
/* a = a * m + c in place; a has room for n + 1 limbs. Returns length. */
size_t mag_mul_add_small(limb_t *a, size_t n, limb_t m, limb_t c);
/* q = a / d (q may alias a, q has na limbs); returns the remainder. */
limb_t mag_div_small(limb_t *q, const limb_t *a, size_t na, limb_t d);
/* q = a / b, r = a % b for nb >= 1, b normalized, na >= nb. q has
 * na - nb + 1 limbs, r has nb limbs. scratch: na + nb + 1 limbs. */
void mag_divmod(limb_t *q, limb_t *r, const limb_t *a, size_t na, const limb_t *b, size_t nb,
                limb_t *scratch);
/* r = a << s; r has na + s/32 + 1 limbs. Returns length. */
size_t mag_shl(limb_t *r, const limb_t *a, size_t na, size_t s);
/* r = a >> s; r has na limbs (may alias a). Returns length. *lost: any
 * nonzero bit shifted out. */
size_t mag_shr(limb_t *r, const limb_t *a, size_t na, size_t s, bool *lost);
size_t mag_bit_length(const limb_t *a, size_t n);
/* Correctly rounded (half-even) a * 2^exp2, where `sticky` says nonzero
 * bits lie below a. *overflow when the result is infinite. */
double mag_to_double(const limb_t *a, size_t n, bool sticky, long exp2, bool *overflow);
