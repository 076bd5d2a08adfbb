/* Code objects: loading the serialized TPYC / TPYB formats of
 * runtime/compiler/BYTECODE.md §9 into VM objects, with every check a
 * loader owes (bad magic/version, truncation, unknown tags and opcodes,
 * operands out of range, bad exception tables) plus a stack-depth check,
 * so that no input file can make the interpreter read or write outside a
 * frame. Bad input raises ValueError("bad bytecode file: ..."). */
#include "vm/interp.h"
#include "vm/gc.h"
#include "lib/string.h"

enum operand_kind { K_INVALID, K_NONE, K_CONST, K_NAME, K_LOCAL, K_CELL, K_JUMP, K_COUNT, K_OPERATOR, K_FLAGS };

static const uint8_t opcode_kind[128] = {
    [0] = K_NONE, [1] = K_NONE, [2] = K_COUNT, [3] = K_COUNT, [5] = K_CONST, [6] = K_NONE,
    [7] = K_NONE, [8] = K_NONE, [9] = K_NONE,
    [10] = K_LOCAL, [11] = K_LOCAL, [12] = K_LOCAL, [13] = K_CELL, [14] = K_CELL, [15] = K_CELL,
    [16] = K_CELL, [17] = K_CELL, [18] = K_NAME, [19] = K_NAME, [20] = K_NAME, [21] = K_NAME,
    [22] = K_NAME, [23] = K_NAME, [24] = K_NAME, [25] = K_NAME, [26] = K_NAME, [27] = K_NAME,
    [30] = K_OPERATOR, [31] = K_OPERATOR, [32] = K_OPERATOR, [33] = K_NONE, [34] = K_NONE,
    [35] = K_NONE, [36] = K_COUNT, [37] = K_NONE, [38] = K_JUMP, [39] = K_NONE,
    [40] = K_COUNT, [41] = K_COUNT, [42] = K_COUNT, [43] = K_COUNT, [44] = K_COUNT, [45] = K_FLAGS,
    [46] = K_COUNT, [47] = K_COUNT, [48] = K_COUNT, [49] = K_COUNT, [50] = K_COUNT, [51] = K_COUNT,
    [52] = K_COUNT, [53] = K_NONE, [54] = K_COUNT, [55] = K_FLAGS,
    [60] = K_JUMP, [61] = K_JUMP, [62] = K_JUMP, [63] = K_JUMP, [64] = K_JUMP,
    [70] = K_COUNT, [71] = K_COUNT, [72] = K_COUNT, [73] = K_COUNT, [74] = K_FLAGS, [75] = K_FLAGS,
    [80] = K_COUNT, [81] = K_NONE, [82] = K_NONE, [83] = K_NONE, [84] = K_NONE, [85] = K_NONE,
    [90] = K_NONE, [91] = K_NONE, [92] = K_NONE,
    [100] = K_NAME, [101] = K_NAME, [102] = K_NONE,
};

/* ---- the code type ---- */
static value_t code_repr(value_t self)
{
    code_obj_t *co = (code_obj_t *)self;
    strbuf_t b;
    strbuf_init(&b);
    strbuf_printf(&b, "<code object %s, file \"%s\", line %u>", str_data(co->name), str_data(co->filename),
                  co->firstlineno);
    return strbuf_finish(&b);
}

static value_t code_getattr(value_t self, value_t name)
{
    code_obj_t *co = (code_obj_t *)self;
    if (name == NAME(co_name)) return co->name;
    if (name == NAME(co_qualname)) return co->qualname;
    if (name == NAME(co_filename)) return co->filename;
    if (name == NAME(co_firstlineno)) return small_int(co->firstlineno);
    if (name == NAME(co_argcount)) return small_int(co->argcount);
    if (name == NAME(co_flags)) return small_int(co->flags);
    if (name == NAME(co_varnames)) return co->varnames;
    if (name == NAME(co_consts)) return co->consts;
    if (name == NAME(co_names)) return co->names;
    if (name == NAME(co_freevars)) return co->freevars;
    if (name == NAME(co_cellvars)) return co->cellvars;
    return VALUE_MISSING;
}

static bool code_hash(value_t self, intptr_t *out) { *out = (intptr_t)(self >> 4); return true; }

type_t type_code = {
    .base = {&type_type}, .name = "code", .parent = &type_object,
    .repr = code_repr, .getattr = code_getattr, .hash = code_hash,
};

int code_line_of(const code_obj_t *co, uint32_t pc)
{
    const uint8_t *p = co->linetable, *end = p + co->nlinetable;
    long line = co->firstlineno;
    uint32_t start = 0;
    while (p < end) {
        uint64_t v[2];
        for (int k = 0; k < 2; k++) {
            uint64_t r = 0;
            unsigned shift = 0;
            for (;;) {
                if (p >= end)
                    return (int)line;
                uint8_t b = *p++;
                if (shift < 64)
                    r |= (uint64_t)(b & 0x7f) << shift;
                shift += 7;
                if (!(b & 0x80))
                    break;
            }
            v[k] = r;
        }
        line += (v[1] & 1) ? -(long)((v[1] + 1) >> 1) : (long)(v[1] >> 1);
        if (pc >= start && pc - start < v[0])
            return (int)line;
        start += (uint32_t)v[0];
    }
    return (int)line;
}

/* ---- reading ---- */
struct reader {
    const uint8_t *p, *end;
    const char *error;
    int depth;
};

static bool need(struct reader *r, size_t n)
{
    if ((size_t)(r->end - r->p) < n) {
        if (!r->error)
            r->error = "truncated data";
        return false;
    }
    return true;
}

static bool rd_u8(struct reader *r, uint32_t *out)
{
    if (!need(r, 1)) return false;
    *out = *r->p++;
    return true;
}

static bool rd_u16(struct reader *r, uint32_t *out)
{
    if (!need(r, 2)) return false;
    *out = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8;
    r->p += 2;
    return true;
}

static bool rd_u32(struct reader *r, uint32_t *out)
{
    if (!need(r, 4)) return false;
    *out = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 | (uint32_t)r->p[2] << 16 | (uint32_t)r->p[3] << 24;
    r->p += 4;
    return true;
}

static bool rd_u64(struct reader *r, uint64_t *out)
{
    if (!need(r, 8)) return false;
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | r->p[i];
    r->p += 8;
    *out = v;
    return true;
}

/* UTF-8 with lone surrogates allowed (CPython's surrogatepass). */
static bool utf8_valid(const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        if (c < 0x80) { i++; continue; }
        size_t k;
        uint32_t cp;
        if ((c & 0xe0) == 0xc0) { k = 1; cp = c & 0x1f; }
        else if ((c & 0xf0) == 0xe0) { k = 2; cp = c & 0x0f; }
        else if ((c & 0xf8) == 0xf0) { k = 3; cp = c & 0x07; }
        else return false;
        if (n - i <= k)
            return false;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xc0) != 0x80)
                return false;
            cp = cp << 6 | (s[i + j] & 0x3f);
        }
        if ((k == 1 && cp < 0x80) || (k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10ffff)))
            return false;
        i += k + 1;
    }
    return true;
}

static value_t rd_str(struct reader *r, bool intern)
{
    uint32_t n;
    if (!rd_u32(r, &n) || !need(r, n))
        return VALUE_NULL;
    if (!utf8_valid(r->p, n)) {
        r->error = "invalid UTF-8 in a string";
        return VALUE_NULL;
    }
    value_t s = intern ? str_intern((const char *)r->p, n) : str_new((const char *)r->p, n);
    r->p += n;
    if (!s)
        r->error = "out of memory";
    return s;
}

static value_t rd_str_tuple(struct reader *r, uint32_t *count)
{
    uint32_t n;
    if (!rd_u32(r, &n))
        return VALUE_NULL;
    if (n > (size_t)(r->end - r->p) / 4) {
        r->error = "truncated data";
        return VALUE_NULL;
    }
    value_t t = tuple_new(n);
    if (!t) {
        r->error = "out of memory";
        return VALUE_NULL;
    }
    for (uint32_t i = 0; i < n; i++) {
        value_t s = rd_str(r, true);
        if (!s)
            return VALUE_NULL;
        as_tuple(t)->items[i] = s;
    }
    *count = n;
    return t;
}

static value_t rd_object(struct reader *r);

static value_t rd_code(struct reader *r);

static value_t rd_object(struct reader *r)
{
    uint32_t tag;
    if (!rd_u8(r, &tag))
        return VALUE_NULL;
    switch (tag) {
    case 'N': return VALUE_NONE;
    case 'T': return VALUE_TRUE;
    case 'F': return VALUE_FALSE;
    case 'E': return VALUE_ELLIPSIS;
    case 'i': {
        uint64_t v;
        if (!rd_u64(r, &v))
            return VALUE_NULL;
        value_t x = int_from_i64((int64_t)v);
        if (!x) r->error = "out of memory";
        return x;
    }
    case 'I': {
        uint32_t sign, n;
        if (!rd_u8(r, &sign) || !rd_u32(r, &n) || !need(r, n))
            return VALUE_NULL;
        if (sign > 1) {
            r->error = "bad int sign";
            return VALUE_NULL;
        }
        value_t x = int_from_bytes(r->p, n, true, false);
        r->p += n;
        if (x && sign)
            x = int_binary_op(OP_SUB, small_int(0), x);
        if (!x) r->error = "out of memory";
        return x;
    }
    case 'f': {
        uint64_t bits;
        if (!rd_u64(r, &bits))
            return VALUE_NULL;
        double d;
        memcpy(&d, &bits, 8);
        value_t x = float_new(d);
        if (!x) r->error = "out of memory";
        return x;
    }
    case 's':
        return rd_str(r, false);
    case 'b': {
        uint32_t n;
        if (!rd_u32(r, &n) || !need(r, n))
            return VALUE_NULL;
        value_t x = bytes_new(r->p, n);
        r->p += n;
        if (!x) r->error = "out of memory";
        return x;
    }
    case '(': {
        uint32_t n;
        if (!rd_u32(r, &n))
            return VALUE_NULL;
        if (n > (size_t)(r->end - r->p)) {
            r->error = "truncated data";
            return VALUE_NULL;
        }
        if (++r->depth > 64) {
            r->error = "constants nested too deeply";
            return VALUE_NULL;
        }
        value_t t = tuple_new(n);
        if (!t) {
            r->error = "out of memory";
            return VALUE_NULL;
        }
        for (uint32_t i = 0; i < n; i++) {
            value_t x = rd_object(r);
            if (!x)
                return VALUE_NULL;
            as_tuple(t)->items[i] = x;
        }
        r->depth--;
        return t;
    }
    case 'C': {
        if (++r->depth > 64) {
            r->error = "code objects nested too deeply";
            return VALUE_NULL;
        }
        value_t c = rd_code(r);
        r->depth--;
        return c;
    }
    default:
        r->error = "unknown tag";
        return VALUE_NULL;
    }
}

/* Stack effect of one instruction (falling through / jumping); false if
 * the operand is not valid for the opcode. */
static bool stack_effect(uint32_t op, uint32_t arg, int *fall, int *jump, bool *jumps, bool *terminates)
{
    *jumps = false;
    *terminates = false;
    *jump = 0;
    int n = (int)arg;
    switch (op) {
    case 0: *fall = 0; break;
    case 1: *fall = -1; break;
    case 2: if (arg < 1) return false; *fall = 1; break;
    case 3: if (arg < 2) return false; *fall = 0; break;
    case 5: *fall = 1; break;
    case 6: *fall = -1; *terminates = true; break;
    case 7: *fall = -1; break;
    case 8: case 9: *fall = 1; break;
    case 10: *fall = 1; break;
    case 11: *fall = -1; break;
    case 12: *fall = 0; break;
    case 13: *fall = 1; break;
    case 14: *fall = -1; break;
    case 15: *fall = 0; break;
    case 16: case 17: case 18: *fall = 1; break;
    case 19: *fall = -1; break;
    case 20: *fall = 0; break;
    case 21: *fall = 1; break;
    case 22: *fall = -1; break;
    case 23: *fall = 0; break;
    case 24: *fall = 0; break;
    case 25: *fall = -2; break;
    case 26: *fall = -1; break;
    case 27: *fall = 1; break;
    case 30: if (arg > 3) return false; *fall = 0; break;
    case 31: if ((arg & ~16u) > 12) return false; *fall = -1; break;
    case 32: if (arg > 9) return false; *fall = -1; break;
    case 33: *fall = -1; break;
    case 34: *fall = -3; break;
    case 35: *fall = -2; break;
    case 36: if (arg != 2 && arg != 3) return false; *fall = 1 - n; break;
    case 37: *fall = 0; break;
    case 38: *fall = 1; *jump = -1; *jumps = true; break;
    case 39: *fall = 0; break;
    case 40: case 41: case 42: case 44: *fall = 1 - n; break;
    case 43: if (arg > 0x3fffff) return false; *fall = 1 - 2 * n; break;
    case 45: if (arg > 7) return false; *fall = (arg & 4) ? -1 : 0; break;
    case 46: case 47: case 49: case 50: case 51: case 52: if (arg < 1) return false; *fall = -1; break;
    case 48: if (arg < 1) return false; *fall = -2; break;
    case 53: *fall = 0; break;
    case 54: *fall = n - 1; break;
    case 55: *fall = (int)(arg & 0xfff) + (int)(arg >> 12); break;
    case 60: *fall = 0; *jump = 0; *jumps = true; *terminates = true; break;
    case 61: case 62: *fall = -1; *jump = -1; *jumps = true; break;
    case 63: case 64: *fall = -1; *jump = 0; *jumps = true; break;
    case 70: *fall = -n; break;
    case 71: *fall = -n - 1; break;
    case 72: *fall = -n - 1; break;
    case 73: *fall = -n - 2; break;
    case 74: if (arg > 1) return false; *fall = -1 - (int)(arg & 1); break;
    case 75: if (arg > 7) return false; *fall = -(int)((arg & 1) + ((arg >> 1) & 1) + ((arg >> 2) & 1)); break;
    case 80: if (arg > 2) return false; *fall = -n; *terminates = true; break;
    case 81: *fall = -1; *terminates = true; break;
    case 82: *fall = 1; break;
    case 83: *fall = -1; break;
    case 84: *fall = 1; break;
    case 85: *fall = 1; break;
    case 90: *fall = 0; break;
    case 91: *fall = 0; break;
    case 92: *fall = -1; break;
    case 100: *fall = -1; break;
    case 101: *fall = 1; break;
    case 102: *fall = -1; break;
    default: return false;
    }
    return true;
}

/* Minimum depth an instruction needs before it runs (what it pops or reads). */
static int stack_needs(uint32_t op, uint32_t arg)
{
    int n = (int)arg;
    switch (op) {
    case 1: case 6: case 7: case 11: case 14: case 19: case 22: case 24: case 26: case 27:
    case 30: case 37: case 53: case 54: case 55: case 61: case 62: case 63: case 64:
    case 81: case 82: case 83: case 84: case 91: case 102: case 38:
        return 1;
    case 2: case 3: return n;
    case 25: case 31: case 32: case 33: case 35: case 39: case 100: case 92: return 2;
    case 101: return 1;
    case 34: return 3;
    case 85: return 3;
    case 36: case 40: case 41: case 42: case 44: return n;
    case 43: return 2 * n;
    case 45: return (arg & 4) ? 2 : 1;
    case 46: case 47: case 49: case 50: case 51: case 52: return n + 1;
    case 48: return n + 2;
    case 70: return n + 1;
    case 71: return n + 2;
    case 72: return n + 2;
    case 73: return n + 3;
    case 74: return 2 + (int)(arg & 1);
    case 75: return 1 + (int)((arg & 1) + ((arg >> 1) & 1) + ((arg >> 2) & 1));
    case 80: return n;
    case 90: return 1;
    default: return 0;
    }
}

static bool check_stack(code_obj_t *co, const char **error)
{
    uint32_t n = co->ninstr;
    int32_t *depth = gc_alloc((size_t)n * sizeof(int32_t) + 16, GC_LEAF);
    uint32_t *work = gc_alloc((size_t)n * sizeof(uint32_t) + 16, GC_LEAF);
    if (!depth || !work) {
        *error = "out of memory";
        return false;
    }
    for (uint32_t i = 0; i < n; i++)
        depth[i] = -1;
    size_t top = 0;
    int max = (int)co->stacksize;
#define SEED(pc, d)                                              \
    do {                                                         \
        uint32_t pc_ = (pc);                                     \
        int d_ = (d);                                            \
        if (d_ < 0 || d_ > max) { *error = "stack depth out of range"; goto fail; } \
        if (depth[pc_] < 0) { depth[pc_] = d_; work[top++] = pc_; }           \
        else if (depth[pc_] != d_) { *error = "inconsistent stack depth"; goto fail; } \
    } while (0)
    if (n)
        SEED(0, 0);
    /* Handlers are reachable with depth+1 from the entries' ranges; seed
     * them when any covered instruction is reached: simplest is to seed
     * each handler once its range is visited (below). */
    while (top) {
        uint32_t pc = work[--top];
        int d = depth[pc];
        uint32_t w = co->code[pc], op = w & 0xff, arg = w >> 8;
        int fall, jmp;
        bool jumps, term;
        if (!stack_effect(op, arg, &fall, &jmp, &jumps, &term)) {
            *error = "bad operand";
            goto fail;
        }
        if (d < stack_needs(op, arg)) {
            static char msg[160];
            extern int snprintf(char *, size_t, const char *, ...);
            snprintf(msg, sizeof msg, "stack underflow in %s at %u (opcode %u, depth %d)", str_data(co->qualname), pc,
                     op, d);
            *error = msg;
            goto fail;
        }
        for (uint32_t e = 0; e < co->nexc; e++) {
            uint32_t *ent = co->exctab + 4 * e;
            if (ent[0] <= pc && pc < ent[1])
                SEED(ent[2], (int)ent[3] + 1);
        }
        if (jumps)
            SEED(arg, d + jmp);
        if (!term) {
            if (pc + 1 >= n) {
                *error = "execution runs off the end";
                goto fail;
            }
            SEED(pc + 1, d + fall);
        }
        if (op == 92 || op == 90) {
            /* YIELD_FROM re-executes with `it` only; fine: depth checked above */
        }
    }
#undef SEED
    gc_free(depth);
    gc_free(work);
    return true;
fail:
    gc_free(depth);
    gc_free(work);
    return false;
}

static value_t rd_code(struct reader *r)
{
    code_obj_t *co = gc_alloc(sizeof *co, 0);
    if (!co) {
        r->error = "out of memory";
        return VALUE_NULL;
    }
    co->base.type = &type_code;
    co->name = co->qualname = co->filename = VALUE_NONE;
    co->consts = co->names = co->varnames = co->cellvars = co->freevars = VALUE_EMPTY_TUPLE;
    if (!rd_u32(r, &co->argcount) || !rd_u32(r, &co->posonlyargcount) || !rd_u32(r, &co->kwonlyargcount) ||
        !rd_u32(r, &co->flags) || !rd_u32(r, &co->stacksize) || !rd_u32(r, &co->firstlineno))
        return VALUE_NULL;
    if (!(co->name = rd_str(r, true)) || !(co->qualname = rd_str(r, false)) || !(co->filename = rd_str(r, false)))
        return VALUE_NULL;
    uint32_t n;
    if (!rd_u32(r, &n))
        return VALUE_NULL;
    if (n == 0 || n > (size_t)(r->end - r->p) / 4 || n > (1u << 24)) {
        r->error = n ? "truncated data" : "empty code";
        return VALUE_NULL;
    }
    co->ninstr = n;
    co->code = gc_alloc((size_t)n * 4, GC_LEAF);
    if (!co->code) {
        r->error = "out of memory";
        return VALUE_NULL;
    }
    for (uint32_t i = 0; i < n; i++)
        rd_u32(r, &co->code[i]);
    uint32_t nconsts;
    if (!rd_u32(r, &nconsts))
        return VALUE_NULL;
    if (nconsts > (size_t)(r->end - r->p)) {
        r->error = "truncated data";
        return VALUE_NULL;
    }
    co->consts = tuple_new(nconsts);
    if (!co->consts) {
        r->error = "out of memory";
        return VALUE_NULL;
    }
    for (uint32_t i = 0; i < nconsts; i++) {
        value_t x = rd_object(r);
        if (!x)
            return VALUE_NULL;
        as_tuple(co->consts)->items[i] = x;
    }
    uint32_t nnames;
    if (!(co->names = rd_str_tuple(r, &nnames)) || !(co->varnames = rd_str_tuple(r, &co->nlocals)) ||
        !(co->cellvars = rd_str_tuple(r, &co->ncellvars)) || !(co->freevars = rd_str_tuple(r, &co->nfreevars)))
        return VALUE_NULL;
    if (!rd_u32(r, &co->nexc))
        return VALUE_NULL;
    if (co->nexc > (size_t)(r->end - r->p) / 16) {
        r->error = "truncated data";
        return VALUE_NULL;
    }
    co->exctab = gc_alloc((size_t)co->nexc * 16 + 16, GC_LEAF);
    if (!co->exctab) {
        r->error = "out of memory";
        return VALUE_NULL;
    }
    uint32_t prev_end = 0;
    for (uint32_t e = 0; e < co->nexc; e++) {
        uint32_t *ent = co->exctab + 4 * e;
        for (int k = 0; k < 4; k++)
            rd_u32(r, &ent[k]);
        if (!(ent[0] < ent[1] && ent[1] <= n) || ent[2] >= n || ent[3] > co->stacksize || ent[0] < prev_end) {
            r->error = "bad exception table entry";
            return VALUE_NULL;
        }
        prev_end = ent[1];
    }
    if (!rd_u32(r, &co->nlinetable) || !need(r, co->nlinetable))
        return VALUE_NULL;
    co->linetable = gc_alloc(co->nlinetable + 1, GC_LEAF);
    if (!co->linetable) {
        r->error = "out of memory";
        return VALUE_NULL;
    }
    memcpy(co->linetable, r->p, co->nlinetable);
    r->p += co->nlinetable;

    if (co->argcount + co->kwonlyargcount + !!(co->flags & CO_VARARGS) + !!(co->flags & CO_VARKEYWORDS) >
            co->nlocals || co->posonlyargcount > co->argcount || co->stacksize > (1u << 20) ||
        co->flags > 0x3f) {
        r->error = "bad code header";
        return VALUE_NULL;
    }
    if ((co->flags & CO_HAS_DOCSTRING) && nconsts == 0) {
        r->error = "docstring flag without constants";
        return VALUE_NULL;
    }
    uint32_t ncells = co->ncellvars + co->nfreevars;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t w = co->code[i], op = w & 0xff, arg = w >> 8;
        if (op >= 128 || opcode_kind[op] == K_INVALID) {
            r->error = "unknown opcode";
            return VALUE_NULL;
        }
        uint32_t limit = 0xffffffff;
        switch (opcode_kind[op]) {
        case K_NONE: limit = 1; break;
        case K_CONST: limit = nconsts; break;
        case K_NAME: limit = nnames; break;
        case K_LOCAL: limit = co->nlocals; break;
        case K_CELL: limit = ncells; break;
        case K_JUMP: limit = n; break;
        default: break;
        }
        if (arg >= limit) {
            r->error = opcode_kind[op] == K_NONE ? "operand given to an opcode without one" : "operand out of range";
            return VALUE_NULL;
        }
        if (op == 71 || op == 73) {
            /* keyword names come from the constant before: checked at run time */
        }
    }
    const char *err = 0;
    if (!check_stack(co, &err)) {
        r->error = err;
        return VALUE_NULL;
    }
    return obj_value(co);
}

static bool rd_header(struct reader *r, const char *magic)
{
    if (!need(r, 8) || memcmp(r->p, magic, 4)) {
        r->error = "bad magic";
        return false;
    }
    r->p += 4;
    uint32_t version, reserved;
    rd_u16(r, &version);
    rd_u16(r, &reserved);
    if (version != 1) {
        r->error = "unsupported format version";
        return false;
    }
    return true;
}

value_t code_load(const uint8_t *data, size_t len)
{
    struct reader r = {data, data + len, 0, 0};
    value_t c = VALUE_NULL;
    if (rd_header(&r, "TPYC")) {
        uint32_t tag;
        if (rd_u8(&r, &tag)) {
            if (tag != 'C')
                r.error = "file does not hold a code object";
            else
                c = rd_code(&r);
        }
    }
    if (c && r.p != r.end) {
        c = VALUE_NULL;
        r.error = "trailing data";
    }
    if (!c) {
        if (vm_error_pending() && !r.error)
            return VALUE_NULL;
        if (vm_error_pending())
            vm_take_exception();
        return vm_raise_type(&type_ValueError, "bad bytecode file: %s", r.error ? r.error : "invalid");
    }
    return c;
}

long bundle_parse(const uint8_t *data, size_t len, bundle_entry_t *out, size_t cap)
{
    struct reader r = {data, data + len, 0, 0};
    uint32_t count = 0;
    if (rd_header(&r, "TPYB") && rd_u32(&r, &count)) {
        for (uint32_t i = 0; i < count; i++) {
            uint32_t nlen, flags, blen;
            if (!rd_u32(&r, &nlen) || !need(&r, nlen))
                break;
            const char *name = (const char *)r.p;
            r.p += nlen;
            if (!rd_u32(&r, &flags) || !rd_u32(&r, &blen) || !need(&r, blen))
                break;
            if (i < cap) {
                out[i].name = name;
                out[i].name_len = nlen;
                out[i].flags = flags;
                out[i].data = r.p;
                out[i].len = blen;
            }
            r.p += blen;
        }
    }
    if (r.error || r.p != r.end) {
        vm_raise_type(&type_ValueError, "bad bundle: %s", r.error ? r.error : "trailing data");
        return -1;
    }
    return count;
}
