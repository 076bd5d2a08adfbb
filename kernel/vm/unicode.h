/* Unicode character properties and case mappings for str.
 *
 * The tables (unicode_db.c) are generated at build time from the host
 * CPython's unicodedata by toolchain/tensoros/unicode_tables.py, every
 * property read off CPython's own str methods, so str.upper(), isalpha(),
 * isprintable()... answer as CPython's do. A code point's record is found
 * through a three-level trie (about 21 KB); characters whose mappings are
 * several characters ('ß'.upper() == 'SS') are in a small sorted table. */
#ifndef VM_UNICODE_H
#define VM_UNICODE_H

#include <stdbool.h>
#include <stdint.h>

/* unicode_record.flags: one bit per str predicate (as CPython's one-char
 * str.isalpha() etc. answer), plus what case mapping needs. */
#define UNI_ALPHA           (1u << 0)
#define UNI_DECIMAL         (1u << 1)
#define UNI_DIGIT           (1u << 2)
#define UNI_NUMERIC         (1u << 3)
#define UNI_LOWER           (1u << 4)
#define UNI_UPPER           (1u << 5)
#define UNI_TITLE           (1u << 6)   /* general category Lt */
#define UNI_CASED           (1u << 7)
#define UNI_CASE_IGNORABLE  (1u << 8)
#define UNI_SPACE           (1u << 9)
#define UNI_PRINTABLE       (1u << 10)
#define UNI_ID_START        (1u << 11)  /* XID_Start or '_' */
#define UNI_ID_CONTINUE     (1u << 12)
#define UNI_SPECIAL         (1u << 13)  /* mappings in unicode_specials */

enum { UNI_MAP_LOWER, UNI_MAP_UPPER, UNI_MAP_TITLE, UNI_MAP_FOLD };

struct unicode_record {
    uint16_t flags;
    uint8_t decimal;        /* the digit's value when UNI_DECIMAL */
    int32_t map[4];         /* lower, upper, title, fold: cp + map[k] */
};

struct unicode_special {
    uint32_t cp;
    uint16_t map[4];        /* offsets in unicode_special_pool */
};

extern const char unicode_db_version[];
extern const struct unicode_record unicode_records[];
extern const struct unicode_special unicode_specials[];
extern const unsigned unicode_special_count;
extern const uint32_t unicode_special_pool[];

const struct unicode_record *unicode_lookup(uint32_t cp);

static inline unsigned unicode_flags(uint32_t cp) { return unicode_lookup(cp)->flags; }
static inline bool unicode_has(uint32_t cp, unsigned flags) { return (unicode_lookup(cp)->flags & flags) != 0; }

/* The full mapping `which` (UNI_MAP_*) of cp: 1 to 3 code points written
 * to out, their count returned. No context: the final sigma rule of lower()
 * is str.c's. */
int unicode_map(uint32_t cp, int which, uint32_t out[3]);

#endif
