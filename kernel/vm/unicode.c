/* Case mappings over the generated tables (unicode_db.c, see unicode.h). */
#include "vm/unicode.h"

int unicode_map(uint32_t cp, int which, uint32_t out[3])
{
    const struct unicode_record *r = unicode_lookup(cp);
    if (!(r->flags & UNI_SPECIAL)) {
        out[0] = (uint32_t)((int32_t)cp + r->map[which]);
        return 1;
    }
    /* binary search of the ~100 characters with multi-character mappings */
    unsigned lo = 0, hi = unicode_special_count;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        if (unicode_specials[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == unicode_special_count || unicode_specials[lo].cp != cp) {
        out[0] = cp;            /* cannot happen with consistent tables */
        return 1;
    }
    const uint32_t *s = unicode_special_pool + unicode_specials[lo].map[which];
    int n = (int)s[0];
    for (int i = 0; i < n; i++)
        out[i] = s[i + 1];
    return n;
}
