/* The VM's value representation, type objects and the object protocol.
 *
 * A value is one machine word (value_t):
 *
 *   ...............................1   small int: the word shifted right by
 *                                      one (63-bit signed, two's complement)
 *   ............................000    pointer to an object: a heap object
 *                                      from the GC heap (16-byte aligned) or
 *                                      a static object in the kernel image
 *                                      (None, True, the type objects...)
 *   ............................010    reserved for future immediates
 *   ............................100    (interned strings, short floats)
 *   ............................110
 *   0                                  VALUE_NULL: "no value"; returned by
 *                                      every function that raised (the
 *                                      exception is in vm_thread.exc)
 *
 * Why: small ints are the hot type in pystone/fannkuch-style code and need
 * no allocation; the low-bit tag makes `a + b` on two small ints one add and
 * one overflow check. Floats are boxed (16 bytes: type + double) — NaN
 * boxing would shrink ints to 48 bits or force pointer games; the
 * interpreter can reuse dead float boxes later. A pointer's low bits are
 * zero, so a word in the heap that holds a small int can never be taken for
 * a pointer by the collector.
 *
 * Every object begins with a pointer to its type. Types carry a table of
 * slots (function pointers): the C implementation of repr, hash, compare,
 * the operators, item access, iteration, calls. A user class gets a type
 * whose slots look up its dunder methods, so the interpreter reaches both
 * through the same table.
 *
 * Errors: functions returning value_t return VALUE_NULL after raising
 * (vm_raise*); functions returning int return -1; bool-returning ones
 * return false. Allocation failure raises MemoryError the same way.
 */
#pragma once
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uintptr_t value_t;
typedef struct type type_t;

#define VALUE_NULL ((value_t)0)

/* ---- small ints ---- */
#define SMALL_INT_MAX ((intptr_t)(((uintptr_t)1 << 62) - 1))
#define SMALL_INT_MIN (-SMALL_INT_MAX - 1)

static inline bool is_small_int(value_t v) { return v & 1; }
static inline intptr_t small_int_value(value_t v) { return (intptr_t)v >> 1; }
static inline value_t small_int(intptr_t i) { return ((uintptr_t)i << 1) | 1; }
static inline bool small_int_fits(int64_t i) { return i >= SMALL_INT_MIN && i <= SMALL_INT_MAX; }

/* ---- objects ---- */
typedef struct obj {
    const type_t *type;
} obj_t;

static inline bool is_obj(value_t v) { return (v & 7) == 0 && v != 0; }
static inline obj_t *as_obj(value_t v) { return (obj_t *)v; }
static inline value_t obj_value(const void *o) { return (value_t)o; }

/* The static singletons. */
extern obj_t none_obj, true_obj, false_obj, notimpl_obj, ellipsis_obj;
extern obj_t stop_obj, missing_obj;
#define VALUE_NONE ((value_t)&none_obj)
#define VALUE_TRUE ((value_t)&true_obj)
#define VALUE_FALSE ((value_t)&false_obj)
#define VALUE_NOT_IMPLEMENTED ((value_t)&notimpl_obj)
#define VALUE_ELLIPSIS ((value_t)&ellipsis_obj)
/* Internal sentinels, never visible to Python code:
 * VALUE_STOP    an iterator's next slot is exhausted (no exception raised)
 * VALUE_MISSING a lookup found nothing (no exception raised) */
#define VALUE_STOP ((value_t)&stop_obj)
#define VALUE_MISSING ((value_t)&missing_obj)

static inline value_t bool_value(bool b) { return b ? VALUE_TRUE : VALUE_FALSE; }

/* ---- operators ---- */
enum binary_op {
    OP_ADD, OP_SUB, OP_MUL, OP_MATMUL, OP_TRUEDIV, OP_FLOORDIV, OP_MOD, OP_POW,
    OP_LSHIFT, OP_RSHIFT, OP_AND, OP_OR, OP_XOR, OP_DIVMOD,
    OP_BINARY_COUNT,
    /* Flags or-ed into the op passed to a binary_op slot. */
    OP_INPLACE = 0x20,      /* a += b: the slot may mutate a */
    OP_REFLECTED = 0x40,    /* b.__radd__(a): the slot gets (b, a) */
};
#define OP_BASE(op) ((op) & 0x1f)
enum compare_op { CMP_LT, CMP_LE, CMP_EQ, CMP_NE, CMP_GT, CMP_GE };
enum unary_op { UOP_NEG, UOP_POS, UOP_INVERT, UOP_ABS };

/* Native calls use one convention: positional arguments in args[0..nargs),
 * then keyword values in args[nargs..nargs+len(kwnames)); kwnames is a
 * tuple of str or VALUE_NULL. For methods args[0] is self. */
typedef value_t (*native_fn_t)(const value_t *args, size_t nargs, value_t kwnames);

enum method_kind { METHOD_INSTANCE, METHOD_STATIC, METHOD_CLASS };
typedef struct method_def {
    const char *name;
    native_fn_t fn;
    uint8_t kind;           /* enum method_kind */
} method_def_t;

struct buffer_info {
    uint8_t *data;
    size_t len;
    bool readonly;
};

enum type_flags {
    TYPE_BASETYPE = 1,      /* Python code may subclass it */
    TYPE_HEAP = 2,          /* created at run time (a class statement) */
    TYPE_INT_SUBCLASS = 4,  /* bool */
    TYPE_EXCEPTION = 8,
};

struct type {
    obj_t base;                     /* type_type */
    const char *name;
    const type_t *parent;           /* the base class (builtins: single) */
    uint32_t flags;
    uint32_t instance_size;         /* bytes, for subclass instances */
    value_t dict;                   /* attributes; built from methods at vm_init */
    const method_def_t *methods;    /* NULL-terminated */
    value_t mro;                    /* tuple for heap types, else VALUE_NULL */

    value_t (*repr)(value_t self);
    value_t (*str)(value_t self);                   /* NULL: repr */
    bool (*hash)(value_t self, intptr_t *out);      /* NULL: unhashable */
    value_t (*compare)(value_t a, value_t b, int op);   /* may return NotImplemented */
    int (*truth)(value_t self);                     /* NULL: len, else true */
    bool (*len)(value_t self, size_t *out);
    value_t (*unary_op)(int op, value_t self);
    value_t (*binary_op)(int op, value_t a, value_t b); /* NotImplemented if unsupported */
    value_t (*getattr)(value_t self, value_t name); /* VALUE_MISSING: try the type dict */
    int (*setattr)(value_t self, value_t name, value_t v);  /* v NULL: delete */
    value_t (*getitem)(value_t self, value_t key);
    int (*setitem)(value_t self, value_t key, value_t v);   /* v NULL: delete */
    int (*contains)(value_t self, value_t item);    /* 1, 0, -1 */
    value_t (*iter)(value_t self);
    value_t (*next)(value_t self);                  /* VALUE_STOP when exhausted */
    value_t (*call)(value_t self, const value_t *args, size_t nargs, value_t kwnames);
    value_t (*make_new)(const type_t *type, const value_t *args, size_t nargs, value_t kwnames);
    bool (*buffer)(value_t self, struct buffer_info *out, bool writable);
    /* Descriptors (functions, properties, classmethods): the value an
     * attribute found in a type's dict gives for obj (VALUE_NULL obj: looked
     * up on the type itself). NULL: the attribute itself. */
    value_t (*descr_get)(value_t descr, value_t obj, const type_t *type);
};

extern type_t type_type, type_object, type_none, type_notimpl, type_ellipsis;
extern type_t type_int, type_bool, type_float;
extern type_t type_str, type_bytes, type_bytearray, type_memoryview;
extern type_t type_list, type_tuple, type_dict, type_set, type_frozenset;
extern type_t type_range, type_slice;
extern type_t type_native_function, type_bound_method;
extern type_t type_list_iterator, type_tuple_iterator, type_str_iterator, type_bytes_iterator,
    type_range_iterator, type_dict_keys, type_dict_values, type_dict_items,
    type_dict_iterator, type_set_iterator, type_dict_view_iterator;

static inline const type_t *type_of(value_t v)
{
    return is_small_int(v) ? &type_int : ((const obj_t *)v)->type;
}
bool type_is_subtype(const type_t *t, const type_t *base);
static inline bool is_instance(value_t v, const type_t *t)
{
    return type_of(v) == t || type_is_subtype(type_of(v), t);
}

/* ---- object layouts ---- */
typedef struct {
    obj_t base;
    bool negative;
    uint32_t len;           /* limbs in use; never 0, no leading zero limb */
    uint32_t limbs[];       /* magnitude, little-endian, base 2^32 */
} bigint_obj_t;

typedef struct { obj_t base; double value; } float_obj_t;

/* str and bytes: immutable, data inline and NUL-terminated. */
typedef struct {
    obj_t base;
    size_t len;             /* bytes */
    size_t chars;           /* code points (str); == len when ASCII */
    intptr_t hash;          /* -1: not computed yet */
    char data[];
} str_obj_t;

typedef struct {
    obj_t base;
    size_t len, cap;
    uint8_t *data;          /* GC block, leaf */
    int exports;            /* live memoryviews: no resizing while > 0 */
} bytearray_obj_t;

typedef struct {
    obj_t base;
    value_t owner;          /* bytes / bytearray */
    size_t start, len;      /* byte offset of item 0; item count ((size_t)-1/2: all of a growing owner) */
    bool readonly;
    bool released;
    char format;            /* struct-module code of the items: 'B', 'b', 'c', 'H', 'i', 'q', 'd'... */
    uint8_t itemsize;
    intptr_t step;          /* bytes between items (negative for reversed views) */
} memoryview_obj_t;

typedef struct {
    obj_t base;
    size_t len, cap;
    value_t *items;         /* GC block */
} list_obj_t;

typedef struct {
    obj_t base;
    size_t len;
    value_t items[];
} tuple_obj_t;

typedef struct {
    intptr_t hash;
    value_t key;            /* VALUE_NULL: deleted */
    value_t value;
} dict_entry_t;

/* Insertion-ordered compact dict, as CPython 3.6+: an index table of
 * int32 (EMPTY -1, DUMMY -2) into an append-only entries array. */
typedef struct {
    obj_t base;
    size_t used;            /* live entries */
    size_t nentries;        /* entries[0..nentries) in use, live or deleted */
    size_t entries_cap;
    size_t index_size;      /* power of two */
    int32_t *index;         /* GC block, leaf */
    dict_entry_t *entries;  /* GC block */
    /* A fresh number from one global counter on every change of keys (not
     * on a value update of an existing key), so equal versions mean the
     * same dict with the same entry layout: the interpreter's caches keep
     * (version, entry index). The top bit (DICT_WATCHED) marks a dict that
     * a type attribute cache depends on: changing its keys or values bumps
     * type_cache_epoch. */
    uint64_t version;
} dict_obj_t;
#define DICT_WATCHED ((uint64_t)1 << 63)
extern uint64_t type_cache_epoch;

typedef struct {
    value_t key;            /* VALUE_NULL empty, VALUE_MISSING dummy */
    intptr_t hash;
} set_entry_t;

/* CPython's set layout: open addressing, linear probes then perturbation,
 * so iteration order of a set of ints matches CPython's. */
typedef struct {
    obj_t base;
    size_t fill;            /* active + dummy */
    size_t used;            /* active */
    size_t mask;            /* table size - 1 */
    size_t finger;          /* pop() position */
    set_entry_t *table;     /* GC block */
} set_obj_t;

typedef struct {
    obj_t base;
    intptr_t start, stop, step;
    size_t len;
    value_t big;            /* VALUE_NULL, or beyond 64 bits: the tuple (start, stop, step, len) of ints */
} range_obj_t;

typedef struct { obj_t base; value_t start, stop, step; } slice_obj_t;

typedef struct {
    obj_t base;
    const char *name;
    native_fn_t fn;
    value_t self;           /* bound self for builtin methods; VALUE_NULL if none */
    const type_t *owner;    /* the type a method belongs to (self checks) */
} native_function_obj_t;

typedef struct { obj_t base; value_t self, func; } bound_method_obj_t;

typedef struct { obj_t base; value_t seq; size_t index; } seq_iterator_obj_t;
typedef struct { obj_t base; intptr_t next, step; size_t left; } range_iterator_obj_t;
typedef struct { obj_t base; value_t dict; size_t index; uint8_t kind; size_t used; } dict_iterator_obj_t;

/* ---- exceptions ---- */
typedef struct {
    obj_t base;
    value_t args;           /* tuple */
    value_t traceback;      /* owned by the interpreter; VALUE_NONE at first */
    value_t cause, context;
    bool suppress_context;
    value_t value;          /* StopIteration.value, etc. */
} exception_obj_t;

extern type_t type_BaseException, type_Exception, type_SystemExit, type_KeyboardInterrupt,
    type_GeneratorExit, type_StopIteration, type_ArithmeticError, type_OverflowError,
    type_ZeroDivisionError, type_AssertionError, type_AttributeError, type_EOFError,
    type_ImportError, type_LookupError, type_IndexError, type_KeyError, type_MemoryError,
    type_NameError, type_OSError, type_RuntimeError, type_NotImplementedError,
    type_RecursionError, type_TypeError, type_ValueError, type_UnicodeError,
    type_StopAsyncIteration, type_UnboundLocalError, type_SyntaxError;

/* The running thread of bytecode. One today; one per MEU later. */
struct vm_thread {
    value_t exc;            /* the pending exception, VALUE_NULL if none */
    int depth;              /* C recursion depth for repr/compare of nested containers */
};
extern struct vm_thread *vm_current;

value_t vm_raise(value_t exc);
value_t vm_raise_type(const type_t *type, const char *fmt, ...);
value_t vm_raise_memory_error(void);
value_t vm_raise_stop_iteration(value_t value);
value_t vm_raise_key_error(value_t key);
static inline bool vm_error_pending(void) { return vm_current->exc != VALUE_NULL; }
value_t vm_take_exception(void);            /* returns it and clears */
bool vm_exception_matches(const type_t *type);  /* pending exc is an instance of type */
value_t exception_new(const type_t *type, value_t args);
/* Attaches (name, context...) to the pending exception if it is exactly
 * `type` (NameError, AttributeError): see error.c, suggest.c. */
void vm_error_set_context(const type_t *type, value_t context);
value_t vm_enter_recursion(void);           /* VALUE_NULL on RecursionError */
void vm_leave_recursion(void);

/* ---- start-up ---- */
/* stack_top: the highest address of the C stack the collector must scan
 * (the caller's __builtin_frame_address(0) is right). Builds type dicts and
 * interned strings. Returns false if memory ran out. */
bool vm_init(void *stack_top);

/* ---- the object protocol (obj.c) ---- */
value_t vm_repr(value_t v);
value_t vm_str(value_t v);
bool vm_hash(value_t v, intptr_t *out);
int vm_truth(value_t v);
value_t vm_compare(value_t a, value_t b, int op);  /* result object */
int vm_compare_bool(value_t a, value_t b, int op);  /* 1/0/-1 */
int vm_equal(value_t a, value_t b);                 /* identity first, 1/0/-1 */
value_t vm_binary_op(int op, value_t a, value_t b);
value_t vm_unary_op(int op, value_t v);
bool vm_len(value_t v, size_t *out);
value_t vm_getitem(value_t obj, value_t key);
int vm_setitem(value_t obj, value_t key, value_t v);
int vm_delitem(value_t obj, value_t key);
int vm_contains(value_t container, value_t item);
value_t vm_iter(value_t v);
value_t vm_next(value_t it);                        /* VALUE_STOP or value or NULL */
value_t vm_getattr(value_t obj, value_t name);      /* raises AttributeError */
value_t vm_getattr_opt(value_t obj, value_t name);  /* VALUE_MISSING if absent */
int vm_setattr(value_t obj, value_t name, value_t v);
value_t vm_call(value_t f, const value_t *args, size_t nargs, value_t kwnames);
value_t vm_call_method(value_t obj, const char *name, const value_t *args, size_t nargs);
value_t type_lookup(const type_t *type, value_t name);  /* VALUE_MISSING if absent */
const char *type_name_of(value_t v);
bool vm_get_buffer(value_t v, struct buffer_info *out, bool writable);
/* Integer value of an int/bool (or __index__), for indices. */
bool vm_index(value_t v, intptr_t *out);
bool vm_is_index(value_t v);                       /* an int, or has __index__ */
bool vm_repeat_count(value_t count, intptr_t *n);  /* vm_index, OverflowError when too big */
/* Sequence index with negative wrap; raises IndexError "<what> index out of range". */
bool vm_seq_index(value_t key, size_t len, size_t *out, const char *what);

value_t native_function_new(const char *name, native_fn_t fn, value_t self, const type_t *owner);
value_t bound_method_new(value_t self, value_t func);
/* Argument checking for native functions: raises TypeError. */
bool arg_check(const char *fname, size_t nargs, value_t kwnames, size_t min, size_t max);
/* kwargs parsing: names[] of positional-or-keyword params; out[] gets
 * VALUE_NULL for those not given. */
bool arg_parse(const char *fname, const value_t *args, size_t nargs, value_t kwnames,
               size_t nparams, const char *const *names, value_t *out, size_t required);

/* ---- ints (int.c, bigint.c) ---- */
value_t int_from_i64(int64_t i);
value_t int_from_u64(uint64_t u);
value_t int_from_double(double d);                   /* raises on inf/nan */
bool int_as_i64(value_t v, int64_t *out);           /* OverflowError if too big */
bool is_int(value_t v);                              /* int or bool */
double int_as_double(value_t v, bool *overflow);
int int_sign(value_t v);
value_t int_binary_op(int op, value_t a, value_t b);
value_t int_exact(value_t v);                       /* an int, bool or int-subclass instance as a plain int */
value_t int_compare_values(value_t a, value_t b, int op);
int int_cmp(value_t a, value_t b);                   /* both ints: -1/0/1 */
value_t int_pow3(value_t base, value_t exp, value_t mod);
value_t int_to_str(value_t v, unsigned base, bool prefix);
/* Parse s[0..len) as Python's int(s, base) does (base 0: literal rules).
 * Raises ValueError. */
value_t int_from_str(const char *s, size_t len, unsigned base);
value_t int_to_bytes(value_t v, size_t length, bool little, bool is_signed);
value_t int_from_bytes(const uint8_t *data, size_t len, bool little, bool is_signed);
intptr_t int_hash(value_t v);
size_t int_bit_length(value_t v);
value_t bigint_normalize_value(bigint_obj_t *b);     /* small int if it fits */

/* ---- floats (float.c) ---- */
value_t float_new(double d);
static inline double float_value(value_t v) { return ((const float_obj_t *)v)->value; }
bool is_float(value_t v);
/* Float value of an int or float; false + TypeError otherwise. */
bool vm_as_double(value_t v, double *out);
/* repr(d) into buf (>= 32 bytes); returns its length. */
size_t float_repr_buf(double d, char *buf);
/* Correctly rounded parse of a Python float literal / float() argument,
 * whitespace already stripped. false if malformed. */
bool float_parse(const char *s, size_t len, double *out);
intptr_t float_hash(double d);
value_t float_binary_op(int op, value_t a, value_t b);

/* ---- formatting (formatspec.c): format(value, spec) for int/float/str ---- */
value_t vm_format(value_t v, value_t spec);
/* The interpreter's part of vm_format: an instance's __format__ written in
 * Python (VALUE_MISSING if its class has none). Weak: absent when only the
 * object core is linked (tests/unit/vm). */
value_t vm_format_heap(value_t v, value_t spec) __attribute__((weak));
value_t format_int(value_t v, const char *spec, size_t len);
value_t format_float(double d, const char *spec, size_t len);
value_t format_str(value_t s, const char *spec, size_t len);
/* Exact decimal digits of a finite double d (d != 0):
 * mode 0: shortest round-trip digits; mode 2: ndigits significant digits;
 * mode 3: ndigits after the decimal point (may be negative). Rounding is
 * half-even on the exact binary value. Writes digits without trailing
 * zeros to out, sets *decpt (value = 0.DIGITS * 10^decpt); returns digit
 * count (0 when the value rounds to zero in mode 3). */
size_t float_digits(double d, int mode, int ndigits, char *out, size_t cap, int *decpt);

/* ---- str and bytes (str.c, bytes.c) ---- */
value_t str_new(const char *s, size_t len);         /* validates nothing: caller gives UTF-8 */
value_t str_new_cstr(const char *s);
value_t str_ascii_numeric(value_t s);   /* for int()/float(): Unicode digits and spaces as ASCII */
value_t str_from_utf8(const char *s, size_t len);   /* validates; UnicodeError */
value_t str_intern(const char *s, size_t len);      /* the one str for these bytes */
value_t str_intern_cstr(const char *s);
static inline const char *str_data(value_t v) { return ((const str_obj_t *)v)->data; }
static inline size_t str_len(value_t v) { return ((const str_obj_t *)v)->len; }
bool is_str(value_t v);
intptr_t str_hash(value_t v);
bool str_equal(value_t a, value_t b);
value_t str_concat(value_t a, value_t b);
value_t str_repr(value_t s);
value_t str_join(value_t sep, value_t iterable);
str_obj_t *str_alloc(const type_t *type, size_t len);  /* data[len] = 0; caller fills */
value_t str_finish(str_obj_t *s);                   /* counts chars */
value_t bytes_new(const uint8_t *data, size_t len);
bool is_bytes(value_t v);
value_t bytearray_new(const uint8_t *data, size_t len);
value_t bytes_repr_common(const uint8_t *data, size_t len, const char *prefix, const char *suffix);
size_t utf8_encode(uint32_t cp, char *out);          /* out >= 4 bytes */
uint32_t utf8_decode(const char **p);                /* assumes valid UTF-8 */

/* A growable byte buffer outside the GC heap (holds no values). */
typedef struct {
    char *data;
    size_t len, cap;
    bool failed;            /* an allocation failed; finish raises MemoryError */
    char small[128];
} strbuf_t;
void strbuf_init(strbuf_t *b);
void strbuf_add(strbuf_t *b, const char *s, size_t n);
void strbuf_add_cstr(strbuf_t *b, const char *s);
void strbuf_add_char(strbuf_t *b, char c);
void strbuf_add_codepoint(strbuf_t *b, uint32_t cp);
void strbuf_printf(strbuf_t *b, const char *fmt, ...);
bool strbuf_add_value_repr(strbuf_t *b, value_t v);  /* false: exception raised */
bool strbuf_add_value_str(strbuf_t *b, value_t v);
value_t strbuf_finish(strbuf_t *b);                  /* -> str; frees the buffer */
value_t strbuf_finish_bytes(strbuf_t *b, const type_t *type);
void strbuf_free(strbuf_t *b);

/* ---- containers ---- */
value_t list_new(size_t len);                        /* items = None */
value_t list_from_array(const value_t *items, size_t n);
bool list_append(value_t list, value_t v);
value_t list_pop_index(value_t list, intptr_t index);
value_t list_from_iterable(value_t it);
bool list_sort(value_t list, value_t key, bool reverse);
static inline list_obj_t *as_list(value_t v) { return (list_obj_t *)v; }

value_t tuple_new(size_t len);                       /* items = None */
value_t tuple_from_array(const value_t *items, size_t n);
value_t tuple_from_iterable(value_t it);
static inline tuple_obj_t *as_tuple(value_t v) { return (tuple_obj_t *)v; }
extern tuple_obj_t empty_tuple_obj;
#define VALUE_EMPTY_TUPLE ((value_t)&empty_tuple_obj)
/* Items of a list or tuple without copying, else false (no exception). */
bool seq_items(value_t v, value_t **items, size_t *len);

value_t dict_new(size_t hint);
value_t dict_get(value_t dict, value_t key);         /* VALUE_MISSING if absent */
bool dict_set(value_t dict, value_t key, value_t v);
int dict_delete(value_t dict, value_t key);          /* 1 deleted, 0 absent, -1 */
value_t dict_get_str(value_t dict, const char *key); /* VALUE_MISSING if absent */
bool dict_set_str(value_t dict, const char *key, value_t v);
bool dict_next(value_t dict, size_t *pos, value_t *key, value_t *v);
bool dict_update(value_t dict, value_t other);
/* The entry index of key in an exact dict, -1 if absent, -2 on error. */
intptr_t dict_lookup_index(value_t dict, value_t key);
/* dict[key] = v with key's hash given: the entry index it is at, -2 on error. */
intptr_t dict_store_index(value_t dict, value_t key, intptr_t hash, value_t v);
static inline dict_obj_t *as_dict(value_t v) { return (dict_obj_t *)v; }

value_t set_new(const type_t *type);
int set_add(value_t set, value_t key);               /* 1 added, 0 present, -1 */
int set_contains(value_t set, value_t key);
int set_discard(value_t set, value_t key);
bool set_update(value_t set, value_t iterable);
bool set_next(value_t set, size_t *pos, value_t *key);

value_t range_new(intptr_t start, intptr_t stop, intptr_t step);
value_t range_reversed(value_t range);              /* reversed(range) */
value_t slice_new(value_t start, value_t stop, value_t step);
/* CPython's PySlice_GetIndicesEx: *count is the slice length. */
bool slice_indices(value_t slice, size_t len, intptr_t *start, intptr_t *stop,
                   intptr_t *step, size_t *count);
value_t seq_iterator_new(const type_t *type, value_t seq);

/* Register the C functions of a module-level builtin table (used later by
 * the interpreter's builtins module). */
value_t builtin_repr(const value_t *args, size_t nargs, value_t kwnames);
