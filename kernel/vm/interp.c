/*
 * kernel/vm/interp.c -- the TensorOS bytecode interpreter.
 *
 * Owned by the interpreter engineer (execution half of the VM): the
 * bytecode loop, frames, exception unwinding, tracebacks, safepoints.
 * Companion files: code.c, func.c, class.c, generator.c, module.c,
 * builtins.c, natmods.c, vm_main.c, interp.h. The object core
 * (obj/gc/int/str/... .c/.h) is owned by the object-core engineer.
 *
 * Frames live on a per-thread frame stack (one contiguous region scanned
 * by the GC root hook); generator frames are GC blocks. A call from
 * bytecode to a Python function pushes a frame and continues in the same
 * C loop, so Python recursion does not recurse in C; only calls that pass
 * through C (a dunder method called by a slot, a key function called by
 * sorted, a generator resumed) nest the loop. Both depths are bounded:
 * VM_RECURSION_LIMIT Python frames, and a C stack budget.
 *
 * Dispatch: computed goto (clang's labels-as-values).
 *
 * Fast paths, all falling back to the general protocol: small-int and
 * float arithmetic and comparisons inline (a float result consumed at once
 * by more arithmetic or a comparison, `a * b + c`, `x * x < r`, is never
 * boxed: see BINARY_OP); LOAD_GLOBAL reads a per-name
 * cache of (dict version, entry index) (code_obj_t.global_cache);
 * LOAD_ATTR/STORE_ATTR on instances of Python classes use per-name entry
 * hints (class.c: instance_attr_get/set; their hit inline here) and the
 * type attribute cache;
 * BUILD_TUPLE n + UNPACK_SEQUENCE n (`a, b = b, a`) only swaps stack
 * slots; calls to Python functions push a frame in the same loop.
 */
#include "vm/interp.h"
#include "vm/gc.h"
#include "lib/string.h"
#include "mm/heap.h"

#define type_SystemError_or_Runtime type_RuntimeError

static struct interp_thread main_interp_thread;
struct interp_thread *interp_current = &main_interp_thread;
volatile int vm_safepoint_flag;
static volatile int interrupt_pending;
int vm_recursion_limit = VM_RECURSION_LIMIT;
static char *c_stack_limit;     /* lowest address the loop may run at */
value_t interp_names[NAME_COUNT];
static value_t build_class_fn;

const uint8_t bytecode_binary_ops[13] = {
    OP_ADD, OP_SUB, OP_MUL, OP_TRUEDIV, OP_FLOORDIV, OP_MOD, OP_POW,
    OP_LSHIFT, OP_RSHIFT, OP_AND, OP_OR, OP_XOR, OP_MATMUL,
};

#define FRAME_STACK_BYTES ((size_t)2 << 20)

void vm_request_interrupt(void)
{
    interrupt_pending = 1;
    vm_safepoint_flag = 1;
}

void (*vm_safepoint_hook)(void);

bool vm_safepoint(void)
{
    vm_safepoint_flag = 0;
    if (vm_safepoint_hook)
        vm_safepoint_hook();
    if (interrupt_pending) {
        interrupt_pending = 0;
        vm_raise_type(&type_KeyboardInterrupt, "");
        /* KeyboardInterrupt() has no arguments */
        value_t e = vm_take_exception();
        ((exception_obj_t *)e)->args = VALUE_EMPTY_TUPLE;
        vm_raise(e);
        return false;
    }
    return sched_safepoint();
}

static void interp_mark_roots(void)
{
    struct interp_thread *t = interp_current;
    if (t->fstack_base)
        gc_mark_range(t->fstack_base, t->fstack_top);
    gc_mark_value(t->handled);
    sched_mark_threads();
}

void interp_set_stack_budget(void *stack_top, size_t bytes)
{
    c_stack_limit = (char *)stack_top - bytes;
}

bool interp_init(void)
{
    struct interp_thread *t = interp_current;
    t->fstack_base = kmalloc(FRAME_STACK_BYTES);
    if (!t->fstack_base)
        return false;
    t->fstack_top = t->fstack_base;
    t->fstack_end = t->fstack_base + FRAME_STACK_BYTES;
    t->handled = VALUE_NONE;
    gc_set_root_hook(interp_mark_roots);
    static const char *const names[] = {
#define X(n) #n,
        INTERP_NAMES(X)
#undef X
    };
    gc_add_root(interp_names, NAME_COUNT);
    for (int i = 0; i < NAME_COUNT; i++) {
        interp_names[i] = str_intern_cstr(names[i]);
        if (!interp_names[i])
            return false;
    }
    gc_add_root(&build_class_fn, 1);
    build_class_fn = native_function_new("__build_class__", builtin_build_class, VALUE_NULL, 0);
    return build_class_fn != VALUE_NULL;
}

value_t raise_type_error(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    extern int vsnprintf(char *, size_t, const char *, va_list);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return vm_raise_type(&type_TypeError, "%s", buf);
}

/* ---- frames ---- */
frame_t *frame_push(code_obj_t *co, value_t func, value_t globals, value_t locals)
{
    struct interp_thread *t = interp_current;
    size_t nslots = co->nlocals + co->ncellvars + co->nfreevars + co->stacksize;
    size_t bytes = (sizeof(frame_t) + nslots * sizeof(value_t) + 15) & ~(size_t)15;
    if (t->depth >= vm_recursion_limit || (size_t)(t->fstack_end - t->fstack_top) < bytes) {
        vm_raise_type(&type_RecursionError, "maximum recursion depth exceeded");
        return 0;
    }
    frame_t *f = (frame_t *)t->fstack_top;
    memset(f->localsplus, 0, (co->nlocals + co->ncellvars + co->nfreevars) * sizeof(value_t));
    f->back = 0;
    f->code = co;
    f->func = func;
    f->globals = globals;
    f->builtins = vm_builtins_dict;
    f->locals = locals;
    f->ip = co->code;
    f->cells = f->localsplus + co->nlocals;
    f->stack = f->cells + co->ncellvars + co->nfreevars;
    f->sp = f->stack;
    f->gen = VALUE_NULL;
    f->entry = 0;
    f->heap = 0;
    t->fstack_top += bytes;
    t->depth++;
    for (uint32_t i = 0; i < co->ncellvars; i++) {
        value_t c = cell_new(VALUE_NULL);
        if (!c) {
            frame_pop(f);
            return 0;
        }
        f->cells[i] = c;
    }
    if (co->nfreevars) {
        function_obj_t *fn = (function_obj_t *)func;
        if (!func || !fn->closure || as_tuple(fn->closure)->len != co->nfreevars) {
            frame_pop(f);
            vm_raise_type(&type_TypeError, "closure does not match the code's free variables");
            return 0;
        }
        memcpy(f->cells + co->ncellvars, as_tuple(fn->closure)->items, co->nfreevars * sizeof(value_t));
    }
    return f;
}

void frame_pop(frame_t *f)
{
    struct interp_thread *t = interp_current;
    t->depth--;
    t->fstack_top = (char *)f;
}

frame_t *frame_new_heap(code_obj_t *co, value_t func, value_t globals)
{
    size_t nslots = co->nlocals + co->ncellvars + co->nfreevars + co->stacksize;
    frame_t *f = gc_alloc(sizeof(frame_t) + nslots * sizeof(value_t), 0);
    if (!f)
        return 0;
    f->code = co;
    f->func = func;
    f->globals = globals;
    f->builtins = vm_builtins_dict;
    f->locals = VALUE_NULL;
    f->ip = co->code;
    f->cells = f->localsplus + co->nlocals;
    f->stack = f->cells + co->ncellvars + co->nfreevars;
    f->sp = f->stack;
    f->gen = VALUE_NULL;
    f->entry = 1;
    f->heap = 1;
    for (uint32_t i = 0; i < co->ncellvars; i++) {
        value_t c = cell_new(VALUE_NULL);
        if (!c)
            return 0;
        f->cells[i] = c;
    }
    if (co->nfreevars) {
        function_obj_t *fn = (function_obj_t *)func;
        if (!func || !fn->closure || as_tuple(fn->closure)->len != co->nfreevars) {
            vm_raise_type(&type_TypeError, "closure does not match the code's free variables");
            return 0;
        }
        memcpy(f->cells + co->ncellvars, as_tuple(fn->closure)->items, co->nfreevars * sizeof(value_t));
    }
    return f;
}

/* ---- tracebacks and exception context ---- */
void traceback_add(value_t exc, code_obj_t *code, int line)
{
    if (!is_obj(exc) || !(type_of(exc)->flags & TYPE_EXCEPTION))
        return;
    exception_obj_t *e = (exception_obj_t *)exc;
    value_t saved = vm_take_exception();
    value_t items[2] = {obj_value(code), small_int(line)};
    value_t entry = tuple_from_array(items, 2);
    if (entry) {
        if (!is_obj(e->traceback) || type_of(e->traceback) != &type_list) {
            value_t l = list_from_array(&entry, 1);
            if (l)
                e->traceback = l;
        } else {
            list_obj_t *l = as_list(e->traceback);
            if (list_append(e->traceback, entry)) {
                memmove(l->items + 1, l->items, (l->len - 1) * sizeof(value_t));
                l->items[0] = entry;
            }
        }
    }
    vm_take_exception();
    vm_raise(saved);
}

static bool traceback_empty(value_t exc)
{
    exception_obj_t *e = (exception_obj_t *)exc;
    return !is_obj(e->traceback) || type_of(e->traceback) != &type_list || as_list(e->traceback)->len == 0;
}

static void set_context(value_t exc, value_t handled)
{
    if (!handled || handled == VALUE_NONE || handled == exc)
        return;
    if (!(type_of(exc)->flags & TYPE_EXCEPTION) || !(type_of(handled)->flags & TYPE_EXCEPTION))
        return;
    /* avoid a cycle: cut exc out of handled's context chain */
    value_t o = handled;
    int guard = 0;
    while (o != VALUE_NONE && guard++ < 10000) {
        exception_obj_t *oe = (exception_obj_t *)o;
        if (oe->context == exc) {
            oe->context = VALUE_NONE;
            break;
        }
        o = oe->context;
        if (!is_obj(o) || !(type_of(o)->flags & TYPE_EXCEPTION))
            break;
    }
    ((exception_obj_t *)exc)->context = handled;
}

/* The exception object `raise x` raises: classes are instantiated. */
static value_t make_exception(value_t x)
{
    if (is_obj(x) && type_of(x) == &type_type) {
        const type_t *t = (const type_t *)x;
        if (!(t->flags & TYPE_EXCEPTION))
            return vm_raise_type(&type_TypeError, "exceptions must derive from BaseException");
        value_t e = vm_call(x, 0, 0, VALUE_NULL);
        if (!e)
            return VALUE_NULL;
        if (!(type_of(e)->flags & TYPE_EXCEPTION))
            return vm_raise_type(&type_TypeError,
                                 "calling %s should have returned an instance of BaseException, not %s",
                                 t->name, type_name_of(e));
        return e;
    }
    if (!(type_of(x)->flags & TYPE_EXCEPTION))
        return vm_raise_type(&type_TypeError, "exceptions must derive from BaseException");
    return x;
}

static bool exc_match_class(value_t t)
{
    return is_obj(t) && type_of(t) == &type_type && (((const type_t *)t)->flags & TYPE_EXCEPTION);
}

/* ---- helpers for instructions ---- */
static value_t ascii_of(value_t v)
{
    value_t r = vm_repr(v);
    if (!r)
        return VALUE_NULL;
    const char *s = str_data(r);
    size_t n = str_len(r);
    bool ascii = true;
    for (size_t i = 0; i < n; i++)
        if ((uint8_t)s[i] >= 0x80)
            ascii = false;
    if (ascii)
        return r;
    strbuf_t b;
    strbuf_init(&b);
    const char *p = s, *end = s + n;
    while (p < end) {
        if ((uint8_t)*p < 0x80) {
            strbuf_add_char(&b, *p++);
            continue;
        }
        uint32_t cp = utf8_decode(&p);
        if (cp < 0x100)
            strbuf_printf(&b, "\\x%02x", cp);
        else if (cp < 0x10000)
            strbuf_printf(&b, "\\u%04x", cp);
        else
            strbuf_printf(&b, "\\U%08x", cp);
    }
    return strbuf_finish(&b);
}

value_t vm_ascii(value_t v) { return ascii_of(v); }

static bool unpack_iterable(value_t seq, size_t n, value_t *out /* n items, in order */)
{
    value_t *items;
    size_t len;
    if (seq_items(seq, &items, &len)) {
        if (len == n) {
            memcpy(out, items, n * sizeof(value_t));
            return true;
        }
        if (len < n)
            vm_raise_type(&type_ValueError, "not enough values to unpack (expected %zu, got %zu)", n, len);
        else
            vm_raise_type(&type_ValueError, "too many values to unpack (expected %zu)", n);
        return false;
    }
    value_t it = vm_iter(seq);
    if (!it) {
        if (vm_exception_matches(&type_TypeError)) {
            vm_take_exception();
            vm_raise_type(&type_TypeError, "cannot unpack non-iterable %s object", type_name_of(seq));
        }
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        value_t x = vm_next(it);
        if (!x)
            return false;
        if (x == VALUE_STOP) {
            vm_raise_type(&type_ValueError, "not enough values to unpack (expected %zu, got %zu)", n, i);
            return false;
        }
        out[i] = x;
    }
    value_t x = vm_next(it);
    if (!x)
        return false;
    if (x != VALUE_STOP) {
        vm_raise_type(&type_ValueError, "too many values to unpack (expected %zu)", n);
        return false;
    }
    return true;
}

static bool list_extend_iter(value_t list, value_t it)
{
    value_t *items;
    size_t len;
    if (seq_items(it, &items, &len)) {
        /* copy first: extending a list with itself */
        size_t n = len;
        for (size_t i = 0; i < n; i++) {
            if (!seq_items(it, &items, &len) || i >= len)
                break;
            if (!list_append(list, items[i]))
                return false;
        }
        return true;
    }
    value_t i = vm_iter(it);
    if (!i) {
        if (vm_exception_matches(&type_TypeError)) {
            vm_take_exception();
            vm_raise_type(&type_TypeError, "Value after * must be an iterable, not %s", type_name_of(it));
        }
        return false;
    }
    for (;;) {
        value_t x = vm_next(i);
        if (!x)
            return false;
        if (x == VALUE_STOP)
            return true;
        if (!list_append(list, x))
            return false;
    }
}

/* Calls f with args[0..nargs) + keyword values, keywords from a dict. */
value_t vm_call_kw(value_t f, const value_t *args, size_t nargs, value_t kwdict)
{
    if (!kwdict || as_dict(kwdict)->used == 0)
        return vm_call(f, args, nargs, VALUE_NULL);
    size_t nkw = as_dict(kwdict)->used;
    value_t *buf = gc_alloc((nargs + nkw + 1) * sizeof(value_t), 0);
    value_t names = tuple_new(nkw);
    if (!buf || !names)
        return VALUE_NULL;
    memcpy(buf, args, nargs * sizeof(value_t));
    size_t pos = 0, k = 0;
    value_t key, val;
    while (dict_next(kwdict, &pos, &key, &val)) {
        if (!is_str(key))
            return vm_raise_type(&type_TypeError, "keywords must be strings");
        as_tuple(names)->items[k] = key;
        buf[nargs + k] = val;
        k++;
    }
    value_t r = vm_call(f, buf, nargs, names);
    return r;
}

static value_t dict_lookup_name(value_t mapping, value_t name)
{
    if (is_obj(mapping) && type_of(mapping) == &type_dict)
        return dict_get(mapping, name);
    value_t v = vm_getitem(mapping, name);
    if (!v) {
        if (vm_exception_matches(&type_KeyError)) {
            vm_take_exception();
            return VALUE_MISSING;
        }
        return VALUE_NULL;
    }
    return v;
}

static int dict_store_name(value_t mapping, value_t name, value_t v)
{
    if (is_obj(mapping) && type_of(mapping) == &type_dict)
        return dict_set(mapping, name, v) ? 0 : -1;
    return vm_setitem(mapping, name, v);
}

static value_t name_error(frame_t *f, value_t name)
{
    vm_raise_type(&type_NameError, "name '%s' is not defined", str_data(name));
    /* .name, and the namespaces a "Did you mean" suggestion searches (suggest.c) */
    value_t context[4] = {name, f->code->varnames, f->globals, f->builtins};
    vm_error_set_context(&type_NameError, tuple_from_array(context, 4));
    return VALUE_NULL;
}

static value_t do_print_expr(value_t v)
{
    if (v == VALUE_NONE)
        return VALUE_NONE;
    if (vm_sys_module) {
        value_t hook = dict_get(module_dict(vm_sys_module), NAME(displayhook));
        if (hook != VALUE_MISSING)
            return vm_call(hook, &v, 1, VALUE_NULL);
    }
    value_t r = vm_repr(v);
    if (!r)
        return VALUE_NULL;
    if (!vm_print_value(r))
        return VALUE_NULL;
    if (!dict_set(vm_builtins_dict, NAME(_), v))
        return VALUE_NULL;
    return VALUE_NONE;
}

static value_t format_value(value_t v, uint32_t flags, value_t spec)
{
    switch (flags & 3) {
    case 1: v = vm_str(v); break;
    case 2: v = vm_repr(v); break;
    case 3: v = ascii_of(v); break;
    }
    if (!v)
        return VALUE_NULL;
    if (!spec && type_of(v) == &type_str)
        return v;
    if (!spec)
        spec = str_intern_cstr("");
    const type_t *t = type_of(v);
    if (type_is_heap(t)) {
        value_t m = class_lookup(t, NAME(__format__));
        if (m != VALUE_MISSING && is_function(m)) {
            value_t args[2] = {v, spec};
            value_t r = vm_call(m, args, 2, VALUE_NULL);
            if (r && !is_str(r))
                return vm_raise_type(&type_TypeError, "__format__ must return a str, not %s", type_name_of(r));
            return r;
        }
        if (str_len(spec) == 0)
            return vm_str(v);
    }
    return vm_format(v, spec);
}

static value_t build_map(value_t *items, size_t n)
{
    value_t d = dict_new(n);
    if (!d)
        return VALUE_NULL;
    for (size_t i = 0; i < n; i++)
        if (!dict_set(d, items[2 * i], items[2 * i + 1]))
            return VALUE_NULL;
    return d;
}

/* CPython's _PyObject_FunctionStr: module.qualname() for functions. */
static void function_str(value_t func, char *out, size_t cap)
{
    extern int snprintf(char *, size_t, const char *, ...);
    if (func && is_function(func)) {
        function_obj_t *f = (function_obj_t *)func;
        if (is_str(f->module) && strcmp(str_data(f->module), "builtins"))
            snprintf(out, cap, "%s.%s()", str_data(f->module), str_data(f->qualname));
        else
            snprintf(out, cap, "%s()", str_data(f->qualname));
        return;
    }
    if (func && is_obj(func) && type_of(func) == &type_native_function) {
        snprintf(out, cap, "%s()", ((native_function_obj_t *)func)->name);
        return;
    }
    if (func && is_obj(func) && type_of(func) == &type_type) {
        snprintf(out, cap, "%s()", ((const type_t *)func)->name);
        return;
    }
    snprintf(out, cap, "%s object", func ? type_name_of(func) : "function");
}

static bool dict_merge_call(value_t dict, value_t m, value_t func)
{
    if (is_obj(m) && type_of(m) == &type_dict) {
        size_t pos = 0;
        value_t k, v;
        while (dict_next(m, &pos, &k, &v)) {
            if (!is_str(k)) {
                vm_raise_type(&type_TypeError, "keywords must be strings");
                return false;
            }
            if (dict_get(dict, k) != VALUE_MISSING) {
                char fname[200];
                function_str(func, fname, sizeof fname);
                vm_raise_type(&type_TypeError, "%s got multiple values for keyword argument '%s'", fname, str_data(k));
                return false;
            }
            if (!dict_set(dict, k, v))
                return false;
        }
        return true;
    }
    value_t keys = vm_getattr_opt(m, NAME(keys));
    if (!keys)
        return false;
    if (keys == VALUE_MISSING) {
        char fname[200];
        function_str(func, fname, sizeof fname);
        vm_raise_type(&type_TypeError, "%s argument after ** must be a mapping, not %s", fname, type_name_of(m));
        return false;
    }
    value_t ks = vm_call(keys, 0, 0, VALUE_NULL);
    if (!ks)
        return false;
    value_t it = vm_iter(ks);
    if (!it)
        return false;
    for (;;) {
        value_t k = vm_next(it);
        if (!k)
            return false;
        if (k == VALUE_STOP)
            return true;
        value_t v = vm_getitem(m, k);
        if (!v)
            return false;
        if (dict_get(dict, k) != VALUE_MISSING) {
            vm_raise_type(&type_TypeError, "got multiple values for keyword argument '%s'",
                          is_str(k) ? str_data(k) : "?");
            return false;
        }
        if (!dict_set(dict, k, v))
            return false;
    }
}

static value_t load_build_class(void) { return build_class_fn; }

/* The attribute hints of a code object, made on first use (NULL, no
 * exception, if memory is short: the hints are only an optimization). */
static __attribute__((noinline)) struct attr_hint *make_attr_hints(code_obj_t *co)
{
    size_t n = as_tuple(co->names)->len;
    struct attr_hint *h = gc_alloc((n ? n : 1) * sizeof(struct attr_hint), GC_LEAF);
    if (!h) {
        vm_take_exception();
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        h[i].index = UINT32_MAX;    /* zeroed otherwise: type NULL, flags off */
    co->attr_hints = h;
    return h;
}

/* LOAD_GLOBAL without a valid cache entry: look the name up, and remember
 * where it was found when both namespaces are plain dicts. */
static __attribute__((noinline)) value_t load_global_slow(code_obj_t *co, frame_t *f, uint32_t arg)
{
    value_t name = as_tuple(co->names)->items[arg];
    value_t g = f->globals, b = f->builtins;
    bool plain = type_of(g) == &type_dict && type_of(b) == &type_dict;
    if (plain && !co->global_cache) {
        size_t n = as_tuple(co->names)->len;
        co->global_cache = gc_alloc(n * sizeof(struct global_cache_entry), GC_LEAF);
        if (!co->global_cache)
            return VALUE_NULL;
    }
    intptr_t ix = plain ? dict_lookup_index(g, name) : -1;
    if (ix == -2)
        return VALUE_NULL;
    if (ix >= 0) {
        struct global_cache_entry *ce = &co->global_cache[arg];
        ce->globals_version = as_dict(g)->version;
        ce->builtins_version = 0;
        ce->index = (uint64_t)ix;
        return as_dict(g)->entries[ix].value;
    }
    if (plain) {
        ix = dict_lookup_index(b, name);
        if (ix == -2)
            return VALUE_NULL;
        if (ix >= 0) {
            struct global_cache_entry *ce = &co->global_cache[arg];
            ce->globals_version = as_dict(g)->version;
            ce->builtins_version = as_dict(b)->version;
            ce->index = (uint64_t)ix;
            return as_dict(b)->entries[ix].value;
        }
        return name_error(f, name);
    }
    value_t v = dict_get(g, name);
    if (v == VALUE_MISSING)
        v = dict_get(b, name);
    if (v == VALUE_MISSING)
        return name_error(f, name);
    return v;
}

/* ---- the loop ---- */
/* The opcodes BINARY_OP's float fusion looks ahead at (runtime/compiler/
 * bytecode.py numbers them; the label table below uses these names). */
enum { OPC_LOAD_CONST = 5, OPC_LOAD_FAST = 10, OPC_BINARY_OP = 31, OPC_COMPARE_OP = 32 };

/* A float or a small int that converts exactly (BINARY_OP's inline float
 * arithmetic; other ints take the general path). */
static inline __attribute__((always_inline)) bool float_operand(value_t v, double *out)
{
    if (is_obj(v) && as_obj(v)->type == &type_float) {
        *out = float_value(v);
        return true;
    }
    if (is_small_int(v) && small_int_value(v) >= -(1ll << 53) && small_int_value(v) <= (1ll << 53)) {
        *out = (double)small_int_value(v);
        return true;
    }
    return false;
}

/* + - * / of BINARY_OP's operand (in-place or not: the same for floats);
 * false for any other operator and for a division by zero (the general
 * path raises). */
static inline __attribute__((always_inline)) bool float_arith(uint32_t op, double x, double y, double *z)
{
    switch (op & 15) {
    case 0: *z = x + y; return true;
    case 1: *z = x - y; return true;
    case 2: *z = x * y; return true;
    case 3:
        if (y == 0.0)
            return false;
        *z = x / y;
        return true;
    default: return false;
    }
}

/* COMPARE_OP's < <= == != > >= (operand 0-5) on floats. */
static inline __attribute__((always_inline)) bool float_compare(uint32_t op, double x, double y)
{
    switch (op) {
    case 0: return x < y;
    case 1: return x <= y;
    case 2: return x == y;
    case 3: return x != y;
    case 4: return x > y;
    default: return x >= y;
    }
}

value_t interp_run_frame(frame_t *f, value_t throwing, bool *yielded)
{
    struct interp_thread *t = interp_current;
    char here;
    if (c_stack_limit && &here < c_stack_limit) {
        if (!f->heap)
            frame_pop(f);
        return vm_raise_type(&type_RecursionError, "maximum recursion depth exceeded");
    }
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winitializer-overrides"
    static void *const labels[256] = {
        [0 ... 255] = &&op_invalid,
        [0] = &&op_NOP, [1] = &&op_POP_TOP, [2] = &&op_COPY, [3] = &&op_SWAP, [OPC_LOAD_CONST] = &&op_LOAD_CONST,
        [6] = &&op_RETURN_VALUE, [7] = &&op_PRINT_EXPR, [8] = &&op_LOAD_ASSERTION_ERROR,
        [9] = &&op_LOAD_BUILD_CLASS,
        [OPC_LOAD_FAST] = &&op_LOAD_FAST, [11] = &&op_STORE_FAST, [12] = &&op_DELETE_FAST, [13] = &&op_LOAD_DEREF,
        [14] = &&op_STORE_DEREF, [15] = &&op_DELETE_DEREF, [16] = &&op_LOAD_CLOSURE,
        [17] = &&op_LOAD_CLASSDEREF, [18] = &&op_LOAD_NAME, [19] = &&op_STORE_NAME,
        [20] = &&op_DELETE_NAME, [21] = &&op_LOAD_GLOBAL, [22] = &&op_STORE_GLOBAL,
        [23] = &&op_DELETE_GLOBAL, [24] = &&op_LOAD_ATTR, [25] = &&op_STORE_ATTR,
        [26] = &&op_DELETE_ATTR, [27] = &&op_LOAD_METHOD,
        [30] = &&op_UNARY_OP, [OPC_BINARY_OP] = &&op_BINARY_OP, [OPC_COMPARE_OP] = &&op_COMPARE_OP, [33] = &&op_BINARY_SUBSCR,
        [34] = &&op_STORE_SUBSCR, [35] = &&op_DELETE_SUBSCR, [36] = &&op_BUILD_SLICE,
        [37] = &&op_GET_ITER, [38] = &&op_FOR_ITER, [39] = &&op_CHECK_EXC_MATCH,
        [40] = &&op_BUILD_TUPLE, [41] = &&op_BUILD_LIST, [42] = &&op_BUILD_SET, [43] = &&op_BUILD_MAP,
        [44] = &&op_BUILD_STRING, [45] = &&op_FORMAT_VALUE, [46] = &&op_LIST_APPEND,
        [47] = &&op_SET_ADD, [48] = &&op_MAP_ADD, [49] = &&op_LIST_EXTEND, [50] = &&op_SET_UPDATE,
        [51] = &&op_DICT_UPDATE, [52] = &&op_DICT_MERGE, [53] = &&op_LIST_TO_TUPLE,
        [54] = &&op_UNPACK_SEQUENCE, [55] = &&op_UNPACK_EX,
        [60] = &&op_JUMP, [61] = &&op_POP_JUMP_IF_FALSE, [62] = &&op_POP_JUMP_IF_TRUE,
        [63] = &&op_JUMP_IF_FALSE_OR_POP, [64] = &&op_JUMP_IF_TRUE_OR_POP,
        [70] = &&op_CALL, [71] = &&op_CALL_KW, [72] = &&op_CALL_METHOD, [73] = &&op_CALL_METHOD_KW,
        [74] = &&op_CALL_EX, [75] = &&op_MAKE_FUNCTION,
        [80] = &&op_RAISE_VARARGS, [81] = &&op_RERAISE, [82] = &&op_PUSH_EXC_INFO,
        [83] = &&op_POP_EXCEPT, [84] = &&op_BEFORE_WITH, [85] = &&op_WITH_EXCEPT_START,
        [90] = &&op_YIELD_VALUE, [91] = &&op_GET_YIELD_FROM_ITER, [92] = &&op_YIELD_FROM,
        [100] = &&op_IMPORT_NAME, [101] = &&op_IMPORT_FROM, [102] = &&op_IMPORT_STAR,
    };
#pragma clang diagnostic pop

    code_obj_t *co;
    const uint32_t *ip;
    value_t *sp, *fast, *consts, *names;
    uint32_t w, arg;
    value_t exc;
    t->cdepth++;
    f->entry = 1;
    f->back = t->frame;
    t->frame = f;
    *yielded = false;

#define LOAD_FRAME()                                  \
    do {                                              \
        co = f->code;                                 \
        ip = f->ip;                                   \
        sp = f->sp;                                   \
        fast = f->localsplus;                         \
        consts = as_tuple(co->consts)->items;         \
        names = as_tuple(co->names)->items;           \
    } while (0)
#define DISPATCH()                    \
    do {                              \
        w = *ip++;                    \
        arg = w >> 8;                 \
        goto *labels[w & 0xff];       \
    } while (0)
#define PUSH(v) (*sp++ = (v))
#define POP() (*--sp)
#define TOP() (sp[-1])
#define SAFEPOINT()                               \
    do {                                          \
        if (vm_safepoint_flag) {                  \
            f->sp = sp;                           \
            if (!vm_safepoint())                  \
                goto error;                       \
        }                                         \
    } while (0)

    LOAD_FRAME();
    if (throwing) {
        vm_raise(throwing);
        goto error_raise;
    }
    DISPATCH();

op_NOP:
    DISPATCH();
op_POP_TOP:
    sp--;
    DISPATCH();
op_COPY: {
    value_t v = sp[-(intptr_t)arg];
    PUSH(v);
    DISPATCH();
}
op_SWAP: {
    value_t v = sp[-1];
    sp[-1] = sp[-(intptr_t)arg];
    sp[-(intptr_t)arg] = v;
    DISPATCH();
}
op_LOAD_CONST:
    PUSH(consts[arg]);
    DISPATCH();
op_RETURN_VALUE: {
    value_t r = POP();
    if (f->entry) {
        t->frame = f->back;
        f->back = 0;
        if (!f->heap)
            frame_pop(f);
        t->cdepth--;
        return r;
    }
    frame_t *caller = f->back;
    frame_pop(f);
    f = caller;
    t->frame = f;
    LOAD_FRAME();
    PUSH(r);
    DISPATCH();
}
op_PRINT_EXPR: {
    value_t v = POP();
    f->sp = sp;
    if (!do_print_expr(v))
        goto error;
    DISPATCH();
}
op_LOAD_ASSERTION_ERROR:
    PUSH(obj_value(&type_AssertionError));
    DISPATCH();
op_LOAD_BUILD_CLASS:
    PUSH(load_build_class());
    DISPATCH();
op_LOAD_FAST: {
    value_t v = fast[arg];
    if (__builtin_expect(!v, 0)) {
        vm_raise_type(&type_UnboundLocalError,
                      "cannot access local variable '%s' where it is not associated with a value",
                      str_data(as_tuple(co->varnames)->items[arg]));
        goto error;
    }
    PUSH(v);
    DISPATCH();
}
op_STORE_FAST:
    fast[arg] = POP();
    DISPATCH();
op_DELETE_FAST:
    if (!fast[arg]) {
        vm_raise_type(&type_UnboundLocalError,
                      "cannot access local variable '%s' where it is not associated with a value",
                      str_data(as_tuple(co->varnames)->items[arg]));
        goto error;
    }
    fast[arg] = VALUE_NULL;
    DISPATCH();
op_LOAD_DEREF: {
    value_t v = ((cell_obj_t *)f->cells[arg])->contents;
    if (!v)
        goto deref_error;
    PUSH(v);
    DISPATCH();
}
deref_error:
    if (arg < co->ncellvars)
        vm_raise_type(&type_UnboundLocalError,
                      "cannot access local variable '%s' where it is not associated with a value",
                      str_data(as_tuple(co->cellvars)->items[arg]));
    else
        vm_raise_type(&type_NameError,
                      "cannot access free variable '%s' where it is not associated with a value in enclosing scope",
                      str_data(as_tuple(co->freevars)->items[arg - co->ncellvars]));
    goto error;
op_STORE_DEREF:
    ((cell_obj_t *)f->cells[arg])->contents = POP();
    DISPATCH();
op_DELETE_DEREF:
    if (!((cell_obj_t *)f->cells[arg])->contents)
        goto deref_error;
    ((cell_obj_t *)f->cells[arg])->contents = VALUE_NULL;
    DISPATCH();
op_LOAD_CLOSURE:
    PUSH(f->cells[arg]);
    DISPATCH();
op_LOAD_CLASSDEREF: {
    value_t name = arg < co->ncellvars ? as_tuple(co->cellvars)->items[arg]
                                       : as_tuple(co->freevars)->items[arg - co->ncellvars];
    if (f->locals) {
        f->sp = sp;
        value_t v = dict_lookup_name(f->locals, name);
        if (!v)
            goto error;
        if (v != VALUE_MISSING) {
            PUSH(v);
            DISPATCH();
        }
    }
    value_t v = ((cell_obj_t *)f->cells[arg])->contents;
    if (!v)
        goto deref_error;
    PUSH(v);
    DISPATCH();
}
op_LOAD_NAME: {
    value_t name = names[arg];
    f->sp = sp;
    value_t v = VALUE_MISSING;
    if (f->locals) {
        v = dict_lookup_name(f->locals, name);
        if (!v)
            goto error;
    }
    if (v == VALUE_MISSING)
        v = dict_get(f->globals, name);
    if (v == VALUE_MISSING)
        v = dict_get(f->builtins, name);
    if (v == VALUE_MISSING) {
        name_error(f, name);
        goto error;
    }
    PUSH(v);
    DISPATCH();
}
op_STORE_NAME: {
    value_t v = POP();
    f->sp = sp;
    if (!f->locals) {
        vm_raise_type(&type_SystemError_or_Runtime, "no locals found when storing %s", str_data(names[arg]));
        goto error;
    }
    if (dict_store_name(f->locals, names[arg], v) < 0)
        goto error;
    DISPATCH();
}
op_DELETE_NAME: {
    f->sp = sp;
    if (!f->locals) {
        name_error(f, names[arg]);
        goto error;
    }
    if (is_obj(f->locals) && type_of(f->locals) == &type_dict) {
        int r = dict_delete(f->locals, names[arg]);
        if (r < 0)
            goto error;
        if (r == 0) {
            name_error(f, names[arg]);
            goto error;
        }
    } else if (vm_delitem(f->locals, names[arg]) < 0) {
        if (vm_exception_matches(&type_KeyError)) {
            vm_take_exception();
            name_error(f, names[arg]);
        }
        goto error;
    }
    DISPATCH();
}
op_LOAD_GLOBAL: {
    struct global_cache_entry *ce = co->global_cache;
    if (__builtin_expect(ce != 0, 1)) {
        ce += arg;
        dict_obj_t *g = as_dict(f->globals);
        if (ce->globals_version == g->version) {
            if (!ce->builtins_version) {
                PUSH(g->entries[ce->index].value);
                DISPATCH();
            }
            dict_obj_t *bd = as_dict(f->builtins);
            if (ce->builtins_version == bd->version) {
                PUSH(bd->entries[ce->index].value);
                DISPATCH();
            }
        }
    }
    f->sp = sp;
    value_t v = load_global_slow(co, f, arg);
    if (!v)
        goto error;
    PUSH(v);
    DISPATCH();
}
op_STORE_GLOBAL: {
    value_t v = POP();
    f->sp = sp;
    if (!dict_set(f->globals, names[arg], v))
        goto error;
    DISPATCH();
}
op_DELETE_GLOBAL: {
    f->sp = sp;
    int r = dict_delete(f->globals, names[arg]);
    if (r < 0)
        goto error;
    if (r == 0) {
        name_error(f, names[arg]);
        goto error;
    }
    DISPATCH();
}
op_LOAD_ATTR: {
    value_t obj = TOP();
    f->sp = sp;
    if (is_obj(obj) && type_is_heap(as_obj(obj)->type)) {
        struct attr_hint *hints = co->attr_hints ? co->attr_hints : make_attr_hints(co);
        if (hints) {
            /* the hint's hit, inline (see instance_attr_get) */
            struct attr_hint *h = &hints[arg];
            const type_t *t = as_obj(obj)->type;
            if (h->type == t && h->epoch == type_cache_epoch && h->get_ok) {
                value_t dv = *(value_t *)((char *)obj + ((const heap_type_t *)t)->dict_offset);
                if (dv && as_obj(dv)->type == &type_dict) {
                    dict_obj_t *d = as_dict(dv);
                    if (h->index < d->nentries && d->entries[h->index].key == names[arg]) {
                        TOP() = d->entries[h->index].value;
                        DISPATCH();
                    }
                }
            }
            value_t v = instance_attr_get(obj, names[arg], &hints[arg]);
            if (v != VALUE_MISSING) {
                TOP() = v;
                DISPATCH();
            }
        }
    }
    value_t v = vm_getattr(obj, names[arg]);
    if (!v)
        goto error;
    TOP() = v;
    DISPATCH();
}
op_STORE_ATTR: {
    value_t obj = POP();
    value_t v = POP();
    f->sp = sp;
    if (is_obj(obj) && type_is_heap(as_obj(obj)->type)) {
        struct attr_hint *hints = co->attr_hints ? co->attr_hints : make_attr_hints(co);
        if (hints && (instance_attr_set_hit(obj, names[arg], v, &hints[arg]) ||
                      instance_attr_set(obj, names[arg], v, &hints[arg])))
            DISPATCH();
    }
    if (vm_setattr(obj, names[arg], v) < 0)
        goto error;
    DISPATCH();
}
op_DELETE_ATTR: {
    value_t obj = POP();
    f->sp = sp;
    if (vm_setattr(obj, names[arg], VALUE_NULL) < 0)
        goto error;
    DISPATCH();
}
op_LOAD_METHOD: {
    value_t obj = TOP();
    f->sp = sp;
    bool unbound;
    value_t m = load_method(obj, names[arg], &unbound);
    if (!m)
        goto error;
    if (unbound) {
        TOP() = m;
        PUSH(obj);
    } else {
        TOP() = m;
        PUSH(VALUE_NULL);
    }
    DISPATCH();
}
op_UNARY_OP: {
    value_t v = TOP();
    value_t r;
    f->sp = sp;
    switch (arg) {
    case 0:
        if (is_small_int(v) && v != small_int(SMALL_INT_MIN)) {
            r = small_int(-small_int_value(v));
            break;
        }
        r = vm_unary_op(UOP_NEG, v);
        break;
    case 1: r = vm_unary_op(UOP_POS, v); break;
    case 2: {
        int b = vm_truth(v);
        if (b < 0)
            goto error;
        r = bool_value(!b);
        break;
    }
    default:
        if (is_small_int(v)) {
            r = small_int(~small_int_value(v));
            break;
        }
        r = vm_unary_op(UOP_INVERT, v);
        break;
    }
    if (!r)
        goto error;
    TOP() = r;
    DISPATCH();
}
op_BINARY_OP: {
    value_t b = POP();
    value_t a = TOP();
    value_t r;
    if (is_small_int(a) && is_small_int(b)) {
        intptr_t x;
        switch (arg & 15) {
        case 0:
            if (!__builtin_add_overflow((intptr_t)a, (intptr_t)b - 1, &x)) {
                TOP() = (value_t)x;
                DISPATCH();
            }
            break;
        case 1:
            if (!__builtin_sub_overflow((intptr_t)a, (intptr_t)b - 1, &x)) {
                TOP() = (value_t)x;
                DISPATCH();
            }
            break;
        case 2:
            if (!__builtin_mul_overflow(small_int_value(a), small_int_value(b), &x) && small_int_fits(x)) {
                TOP() = small_int(x);
                DISPATCH();
            }
            break;
        case 9: TOP() = a & b; DISPATCH();
        case 10: TOP() = a | b; DISPATCH();
        case 11: TOP() = (a ^ b) | 1; DISPATCH();
        default: break;
        }
    }
    /* float arithmetic (also with a small int on either side): inline, so
     * nbody-style code pays one allocation per operation and no dispatch */
    if ((arg & 15) <= 3 && (is_obj(a) || is_obj(b))) {
        double x, y;
        if (!float_operand(a, &x) || !float_operand(b, &y))
            goto binary_slow;
        double z;
        if (!float_arith(arg, x, y, &z))
            goto binary_slow;
        /* Fuse the arithmetic that consumes z at once: a BINARY_OP right
         * after (z is its right operand: `a + b * c`), or LOAD_FAST /
         * LOAD_CONST and a BINARY_OP (z is the left one: `a * b + c`).
         * z is then never boxed: nothing else could see that box, it would
         * only live on the stack until the next instruction consumed it.
         * Anything else (an operand that is not a float or small int, a
         * division by zero) stops here and runs as the next instruction,
         * so errors and tracebacks are those of the unfused code. */
        for (;;) {
            uint32_t nw = ip[0];
            if ((nw & 0xff) == OPC_BINARY_OP) {
                if (!float_operand(sp[-2], &x) || !float_arith(nw >> 8, x, z, &z))
                    break;
                sp--;
                ip++;
                continue;
            }
            if ((nw & 0xff) == OPC_COMPARE_OP && (nw >> 8) < 6) {
                /* `a < b * c`: the comparison's result is a bool */
                if (!float_operand(sp[-2], &x))
                    break;
                sp--;
                ip++;
                TOP() = bool_value(float_compare(nw >> 8, x, z));
                DISPATCH();
            }
            if ((nw & 0xff) == OPC_LOAD_FAST || (nw & 0xff) == OPC_LOAD_CONST) {
                uint32_t next = ip[1];
                value_t v = (nw & 0xff) == OPC_LOAD_FAST ? fast[nw >> 8] : consts[nw >> 8];
                if (!v || !float_operand(v, &y))
                    break;
                if ((next & 0xff) == OPC_BINARY_OP) {
                    if (!float_arith(next >> 8, z, y, &z))
                        break;
                    ip += 2;
                    continue;
                }
                if ((next & 0xff) == OPC_COMPARE_OP && (next >> 8) < 6) {
                    ip += 2;
                    TOP() = bool_value(float_compare(next >> 8, z, y));
                    DISPATCH();
                }
            }
            break;
        }
        f->sp = sp;
        float_obj_t *fo = gc_alloc_leaf1();     /* float_new(z), inline */
        if (!fo)
            goto error;
        fo->base.type = &type_float;
        fo->value = z;
        TOP() = obj_value(fo);
        DISPATCH();
    }
binary_slow:
    f->sp = sp;
    {
        int bop = bytecode_binary_ops[arg & 15] | ((arg & 16) ? OP_INPLACE : 0);
        if (type_is_heap(type_of(a)) || type_is_heap(type_of(b)))
            r = class_binary_op(bop, a, b);
        else
            r = vm_binary_op(bop, a, b);
        if (r == VALUE_NOT_IMPLEMENTED) {
            static const char *const sym[13] = {"+", "-", "*", "/", "//", "%", "** or pow()", "<<", ">>", "&", "|",
                                                "^", "@"};
            static const char *const isym[13] = {"+=", "-=", "*=", "/=", "//=", "%=", "**=", "<<=", ">>=", "&=",
                                                 "|=", "^=", "@="};
            r = vm_raise_type(&type_TypeError, "unsupported operand type(s) for %s: '%s' and '%s'",
                              (arg & 16) ? isym[arg & 15] : sym[arg & 15], type_name_of(a), type_name_of(b));
        }
    }
    if (!r)
        goto error;
    TOP() = r;
    DISPATCH();
}
op_COMPARE_OP: {
    value_t b = POP();
    value_t a = TOP();
    value_t r;
    if (arg < 6) {
        if (is_small_int(a) && is_small_int(b)) {
            intptr_t x = (intptr_t)a, y = (intptr_t)b;
            bool c;
            switch (arg) {
            case 0: c = x < y; break;
            case 1: c = x <= y; break;
            case 2: c = x == y; break;
            case 3: c = x != y; break;
            case 4: c = x > y; break;
            default: c = x >= y; break;
            }
            TOP() = bool_value(c);
            DISPATCH();
        }
        if (is_obj(a) && is_obj(b) && as_obj(a)->type == &type_float && as_obj(b)->type == &type_float) {
            double x = float_value(a), y = float_value(b);
            bool c;
            switch (arg) {
            case 0: c = x < y; break;
            case 1: c = x <= y; break;
            case 2: c = x == y; break;
            case 3: c = x != y; break;
            case 4: c = x > y; break;
            default: c = x >= y; break;
            }
            TOP() = bool_value(c);
            DISPATCH();
        }
        f->sp = sp;
        r = vm_compare(a, b, (int)arg);
        if (!r)
            goto error;
        TOP() = r;
        DISPATCH();
    }
    if (arg == 6) {
        TOP() = bool_value(a == b);
        DISPATCH();
    }
    if (arg == 7) {
        TOP() = bool_value(a != b);
        DISPATCH();
    }
    f->sp = sp;
    int c = vm_contains(b, a);
    if (c < 0)
        goto error;
    TOP() = bool_value(arg == 8 ? c : !c);
    DISPATCH();
}
op_BINARY_SUBSCR: {
    value_t key = POP();
    value_t obj = TOP();
    if (is_small_int(key) && is_obj(obj)) {
        const type_t *ot = as_obj(obj)->type;
        if (ot == &type_list) {
            intptr_t i = small_int_value(key);
            list_obj_t *l = as_list(obj);
            if (i < 0)
                i += (intptr_t)l->len;
            if (i >= 0 && (size_t)i < l->len) {
                TOP() = l->items[i];
                DISPATCH();
            }
        } else if (ot == &type_tuple) {
            intptr_t i = small_int_value(key);
            tuple_obj_t *tu = as_tuple(obj);
            if (i < 0)
                i += (intptr_t)tu->len;
            if (i >= 0 && (size_t)i < tu->len) {
                TOP() = tu->items[i];
                DISPATCH();
            }
        }
    }
    f->sp = sp;
    value_t v = vm_getitem(obj, key);
    if (!v)
        goto error;
    TOP() = v;
    DISPATCH();
}
op_STORE_SUBSCR: {
    value_t key = POP();
    value_t obj = POP();
    value_t v = POP();
    if (is_small_int(key) && is_obj(obj) && as_obj(obj)->type == &type_list) {
        intptr_t i = small_int_value(key);
        list_obj_t *l = as_list(obj);
        if (i < 0)
            i += (intptr_t)l->len;
        if (i >= 0 && (size_t)i < l->len) {
            l->items[i] = v;
            DISPATCH();
        }
    }
    f->sp = sp;
    if (vm_setitem(obj, key, v) < 0)
        goto error;
    DISPATCH();
}
op_DELETE_SUBSCR: {
    value_t key = POP();
    value_t obj = POP();
    f->sp = sp;
    if (vm_delitem(obj, key) < 0)
        goto error;
    DISPATCH();
}
op_BUILD_SLICE: {
    value_t step = arg == 3 ? POP() : VALUE_NONE;
    value_t stop = POP();
    value_t start = TOP();
    f->sp = sp;
    value_t s = slice_new(start, stop, step);
    if (!s)
        goto error;
    TOP() = s;
    DISPATCH();
}
op_GET_ITER: {
    f->sp = sp;
    value_t it = vm_iter(TOP());
    if (!it)
        goto error;
    TOP() = it;
    DISPATCH();
}
op_FOR_ITER: {
    value_t it = TOP();
    const type_t *itt = type_of(it);
    f->sp = sp;
    value_t v;
    if (itt == &type_range_iterator) {
        range_iterator_obj_t *ri = (range_iterator_obj_t *)it;
        if (ri->left == 0) {
            sp--;
            ip = co->code + arg;
            DISPATCH();
        }
        intptr_t n = ri->next;
        ri->next += ri->step;
        ri->left--;
        if (small_int_fits(n)) {
            PUSH(small_int(n));
            DISPATCH();
        }
        v = int_from_i64(n);
    } else if (itt->next) {
        v = itt->next(it);
    } else {
        v = vm_next(it);
    }
    if (v == VALUE_STOP) {
        sp--;
        ip = co->code + arg;
        DISPATCH();
    }
    if (!v) {
        if (vm_exception_matches(&type_StopIteration)) {
            vm_take_exception();
            sp--;
            ip = co->code + arg;
            DISPATCH();
        }
        goto error;
    }
    PUSH(v);
    DISPATCH();
}
op_CHECK_EXC_MATCH: {
    value_t typ = TOP();
    value_t e = sp[-2];
    bool ok;
    if (is_obj(typ) && type_of(typ) == &type_tuple) {
        tuple_obj_t *tu = as_tuple(typ);
        ok = false;
        for (size_t i = 0; i < tu->len; i++) {
            if (!exc_match_class(tu->items[i])) {
                f->sp = sp;
                vm_raise_type(&type_TypeError,
                              "catching classes that do not inherit from BaseException is not allowed");
                goto error;
            }
            if (class_isinstance(e, (const type_t *)tu->items[i]))
                ok = true;
        }
    } else {
        if (!exc_match_class(typ)) {
            f->sp = sp;
            vm_raise_type(&type_TypeError, "catching classes that do not inherit from BaseException is not allowed");
            goto error;
        }
        ok = class_isinstance(e, (const type_t *)typ);
    }
    TOP() = bool_value(ok);
    DISPATCH();
}
op_BUILD_TUPLE: {
    if ((*ip & 0xff) == 54 && (*ip >> 8) == arg) {
        /* `a, b = b, a`: BUILD_TUPLE n; UNPACK_SEQUENCE n only reverses
         * the top n values; do that without making the tuple */
        for (uint32_t i = 0; i < arg / 2; i++) {
            value_t x = sp[-1 - (intptr_t)i];
            sp[-1 - (intptr_t)i] = sp[-(intptr_t)arg + (intptr_t)i];
            sp[-(intptr_t)arg + (intptr_t)i] = x;
        }
        ip++;
        DISPATCH();
    }
    f->sp = sp;
    value_t tu = tuple_from_array(sp - arg, arg);
    if (!tu)
        goto error;
    sp -= arg;
    PUSH(tu);
    DISPATCH();
}
op_BUILD_LIST: {
    f->sp = sp;
    value_t l = list_from_array(sp - arg, arg);
    if (!l)
        goto error;
    sp -= arg;
    PUSH(l);
    DISPATCH();
}
op_BUILD_SET: {
    f->sp = sp;
    value_t s = set_new(&type_set);
    if (!s)
        goto error;
    for (uint32_t i = 0; i < arg; i++)
        if (set_add(s, sp[-(intptr_t)arg + i]) < 0)
            goto error;
    sp -= arg;
    PUSH(s);
    DISPATCH();
}
op_BUILD_MAP: {
    f->sp = sp;
    value_t d = build_map(sp - 2 * arg, arg);
    if (!d)
        goto error;
    sp -= 2 * arg;
    PUSH(d);
    DISPATCH();
}
op_BUILD_STRING: {
    f->sp = sp;
    strbuf_t b;
    strbuf_init(&b);
    for (uint32_t i = 0; i < arg; i++) {
        value_t s = sp[-(intptr_t)arg + i];
        strbuf_add(&b, str_data(s), str_len(s));
    }
    value_t s = strbuf_finish(&b);
    if (!s)
        goto error;
    sp -= arg;
    PUSH(s);
    DISPATCH();
}
op_FORMAT_VALUE: {
    value_t spec = (arg & 4) ? POP() : VALUE_NULL;
    f->sp = sp;
    value_t r = format_value(TOP(), arg, spec);
    if (!r)
        goto error;
    TOP() = r;
    DISPATCH();
}
op_LIST_APPEND: {
    value_t v = POP();
    f->sp = sp;
    if (!list_append(sp[-(intptr_t)arg], v))
        goto error;
    DISPATCH();
}
op_SET_ADD: {
    value_t v = POP();
    f->sp = sp;
    if (set_add(sp[-(intptr_t)arg], v) < 0)
        goto error;
    DISPATCH();
}
op_MAP_ADD: {
    value_t v = POP();
    value_t k = POP();
    f->sp = sp;
    if (!dict_set(sp[-(intptr_t)arg], k, v))
        goto error;
    DISPATCH();
}
op_LIST_EXTEND: {
    value_t it = POP();
    f->sp = sp;
    if (!list_extend_iter(sp[-(intptr_t)arg], it))
        goto error;
    DISPATCH();
}
op_SET_UPDATE: {
    value_t it = POP();
    f->sp = sp;
    if (!set_update(sp[-(intptr_t)arg], it))
        goto error;
    DISPATCH();
}
op_DICT_UPDATE: {
    value_t m = POP();
    f->sp = sp;
    if (!(is_obj(m) && is_instance(m, &type_dict)) && vm_getattr_opt(m, NAME(keys)) == VALUE_MISSING) {
        vm_raise_type(&type_TypeError, "'%s' object is not a mapping", type_name_of(m));
        goto error;
    }
    if (!dict_update(sp[-(intptr_t)arg], m))
        goto error;
    DISPATCH();
}
op_DICT_MERGE: {
    value_t m = POP();
    f->sp = sp;
    /* the function is below: f args-list kwargs-dict; arg counts from the dict */
    value_t func = sp - (intptr_t)arg - 2 >= f->stack ? sp[-(intptr_t)arg - 2] : VALUE_NULL;
    if (!dict_merge_call(sp[-(intptr_t)arg], m, func))
        goto error;
    DISPATCH();
}
op_LIST_TO_TUPLE: {
    value_t l = TOP();
    f->sp = sp;
    value_t tu = tuple_from_array(as_list(l)->items, as_list(l)->len);
    if (!tu)
        goto error;
    TOP() = tu;
    DISPATCH();
}
op_UNPACK_SEQUENCE: {
    value_t seq = POP();
    f->sp = sp;
    if (is_obj(seq) && (type_of(seq) == &type_tuple || type_of(seq) == &type_list)) {
        value_t *items;
        size_t len;
        seq_items(seq, &items, &len);
        if (len == arg) {
            for (uint32_t i = 0; i < arg; i++)
                sp[i] = items[arg - 1 - i];
            sp += arg;
            DISPATCH();
        }
    }
    value_t *tmp = sp;      /* unpack into the stack space, then reverse */
    if (!unpack_iterable(seq, arg, tmp))
        goto error;
    for (uint32_t i = 0; i < arg / 2; i++) {
        value_t x = tmp[i];
        tmp[i] = tmp[arg - 1 - i];
        tmp[arg - 1 - i] = x;
    }
    sp += arg;
    DISPATCH();
}
op_UNPACK_EX: {
    uint32_t before = arg & 0xfff, after = arg >> 12;
    value_t seq = POP();
    f->sp = sp;
    value_t l;
    if (is_obj(seq) && type_of(seq) == &type_list)
        l = list_from_array(as_list(seq)->items, as_list(seq)->len);
    else {
        l = list_new(0);
        if (l && !list_extend_iter(l, seq)) {
            if (vm_exception_matches(&type_TypeError) && !type_of(seq)->iter) {
                vm_take_exception();
                vm_raise_type(&type_TypeError, "cannot unpack non-iterable %s object", type_name_of(seq));
            }
            goto error;
        }
    }
    if (!l)
        goto error;
    list_obj_t *lo = as_list(l);
    if (lo->len < before + after) {
        vm_raise_type(&type_ValueError, "not enough values to unpack (expected at least %u, got %zu)",
                      before + after, lo->len);
        goto error;
    }
    /* push trailing items (last deepest), the middle list, leading items (first on top) */
    for (uint32_t i = 0; i < after; i++)
        PUSH(lo->items[lo->len - 1 - i]);
    value_t *mid = sp++;
    for (uint32_t i = 0; i < before; i++)
        sp[before - 1 - i] = lo->items[i];
    sp += before;
    /* middle: remove leading and trailing from the list itself */
    size_t midlen = lo->len - before - after;
    memmove(lo->items, lo->items + before, midlen * sizeof(value_t));
    lo->len = midlen;
    *mid = l;
    DISPATCH();
}
op_JUMP:
    if (co->code + arg < ip) {
        SAFEPOINT();        /* before moving ip: an exception raised here belongs to this JUMP (handler, line) */
        ip = co->code + arg;
        DISPATCH();
    }
    ip = co->code + arg;
    DISPATCH();
op_POP_JUMP_IF_FALSE: {
    value_t v = POP();
    if (v == VALUE_FALSE || v == VALUE_NONE || v == small_int(0)) {
        ip = co->code + arg;
        DISPATCH();
    }
    if (v == VALUE_TRUE)
        DISPATCH();
    f->sp = sp;
    int b = vm_truth(v);
    if (b < 0)
        goto error;
    if (!b)
        ip = co->code + arg;
    DISPATCH();
}
op_POP_JUMP_IF_TRUE: {
    value_t v = POP();
    if (v == VALUE_TRUE) {
        ip = co->code + arg;
        DISPATCH();
    }
    if (v == VALUE_FALSE || v == VALUE_NONE)
        DISPATCH();
    f->sp = sp;
    int b = vm_truth(v);
    if (b < 0)
        goto error;
    if (b)
        ip = co->code + arg;
    DISPATCH();
}
op_JUMP_IF_FALSE_OR_POP: {
    f->sp = sp;
    int b = vm_truth(TOP());
    if (b < 0)
        goto error;
    if (!b)
        ip = co->code + arg;
    else
        sp--;
    DISPATCH();
}
op_JUMP_IF_TRUE_OR_POP: {
    f->sp = sp;
    int b = vm_truth(TOP());
    if (b < 0)
        goto error;
    if (b)
        ip = co->code + arg;
    else
        sp--;
    DISPATCH();
}

    /* ---- calls ---- */
    value_t callable, kwnames, *args;
    size_t nargs;
    value_t *base;
op_CALL:
    callable = sp[-(intptr_t)arg - 1];
    args = sp - arg;
    nargs = arg;
    kwnames = VALUE_NULL;
    base = sp - arg - 1;
    goto do_call;
op_CALL_KW:
    kwnames = POP();
    callable = sp[-(intptr_t)arg - 1];
    args = sp - arg;
    nargs = arg - as_tuple(kwnames)->len;
    base = sp - arg - 1;
    goto do_call;
op_CALL_METHOD:
    kwnames = VALUE_NULL;
    base = sp - arg - 2;
    callable = base[0];
    if (base[1]) {
        args = base + 1;
        nargs = arg + 1;
    } else {
        args = base + 2;
        nargs = arg;
    }
    goto do_call;
op_CALL_METHOD_KW:
    kwnames = POP();
    base = sp - arg - 2;
    callable = base[0];
    if (base[1]) {
        args = base + 1;
        nargs = arg + 1 - as_tuple(kwnames)->len;
    } else {
        args = base + 2;
        nargs = arg - as_tuple(kwnames)->len;
    }
    goto do_call;
op_CALL_EX: {
    value_t kwdict = (arg & 1) ? POP() : VALUE_NULL;
    value_t argt = POP();
    callable = TOP();
    base = sp - 1;
    f->sp = sp;
    if (!is_obj(argt) || type_of(argt) != &type_tuple) {
        value_t tu = tuple_from_iterable(argt);
        if (!tu)
            goto error;
        argt = tu;
    }
    size_t na = as_tuple(argt)->len;
    size_t nk = kwdict ? as_dict(kwdict)->used : 0;
    value_t *buf = gc_alloc((na + nk + 2) * sizeof(value_t), 0);
    value_t names_t = nk ? tuple_new(nk) : VALUE_NULL;
    if (!buf || (nk && !names_t))
        goto error;
    memcpy(buf + 1, as_tuple(argt)->items, na * sizeof(value_t));
    if (nk) {
        size_t pos = 0, k = 0;
        value_t key, val;
        while (dict_next(kwdict, &pos, &key, &val) && k < nk) {
            if (!is_str(key)) {
                vm_raise_type(&type_TypeError, "keywords must be strings");
                goto error;
            }
            as_tuple(names_t)->items[k] = key;
            buf[1 + na + k] = val;
            k++;
        }
    }
    args = buf + 1;
    nargs = na;
    kwnames = names_t;
    goto do_call;
}
do_call: {
    SAFEPOINT();
    const type_t *ct = type_of(callable);
    if (ct == &type_bound_method) {
        bound_method_obj_t *bm = (bound_method_obj_t *)callable;
        if (is_function(bm->func)) {
            /* reuse the slot before the arguments for self */
            args[-1] = bm->self;
            args--;
            nargs++;
            callable = bm->func;
            ct = &type_function;
        }
    }
    if (ct == &type_function) {
        function_obj_t *fn = (function_obj_t *)callable;
        code_obj_t *fco = fn->code;
        if (!(fco->flags & CO_GENERATOR)) {
            f->sp = base;       /* everything above base is consumed by the call */
            f->ip = ip;
            /* the arguments stay readable: the new frame starts above the caller's whole frame */
            frame_t *nf = frame_push(fco, callable, fn->globals, VALUE_NULL);
            if (!nf) {
                f->sp = sp;
                goto error;
            }
            if (!bind_arguments(fn, nf->localsplus, args, nargs, kwnames)) {
                frame_pop(nf);
                f->sp = sp;
                goto error;
            }
            nf->back = f;
            f = nf;
            t->frame = f;
            LOAD_FRAME();
            DISPATCH();
        }
    }
    f->sp = sp;
    f->ip = ip;
    value_t r = vm_call(callable, args, nargs, kwnames);
    if (!r)
        goto error;
    sp = base;
    PUSH(r);
    DISPATCH();
}
op_MAKE_FUNCTION: {
    value_t codev = POP();
    f->sp = sp;
    if (!is_obj(codev) || type_of(codev) != &type_code) {
        vm_raise_type(&type_TypeError, "MAKE_FUNCTION needs a code object");
        goto error;
    }
    value_t closure = (arg & 4) ? POP() : VALUE_NULL;
    value_t kwdefaults = (arg & 2) ? POP() : VALUE_NULL;
    value_t defaults = (arg & 1) ? POP() : VALUE_NULL;
    value_t fnv = function_new((code_obj_t *)codev, f->globals);
    if (!fnv)
        goto error;
    function_obj_t *fn = (function_obj_t *)fnv;
    fn->defaults = defaults;
    fn->kwdefaults = kwdefaults;
    fn->closure = closure;
    PUSH(fnv);
    DISPATCH();
}
op_RAISE_VARARGS: {
    f->sp = sp;
    if (arg == 0) {
        value_t h = t->handled;
        if (!h || h == VALUE_NONE) {
            vm_raise_type(&type_RuntimeError, "No active exception to reraise");
            goto error;
        }
        vm_raise(h);
        sp = f->sp;
        goto exception_unwind;
    }
    value_t cause = arg == 2 ? POP() : VALUE_NULL;
    value_t e = make_exception(POP());
    f->sp = sp;
    if (!e)
        goto error;
    if (cause) {
        if (cause != VALUE_NONE) {
            cause = make_exception(cause);
            if (!cause) {
                if (vm_exception_matches(&type_TypeError)) {
                    vm_take_exception();
                    vm_raise_type(&type_TypeError, "exception causes must derive from BaseException");
                }
                goto error;
            }
        }
        ((exception_obj_t *)e)->cause = cause;
        ((exception_obj_t *)e)->suppress_context = true;
    }
    vm_raise(e);
    goto error_raise;
}
op_RERAISE: {
    value_t e = POP();
    f->sp = sp;
    vm_raise(e);
    goto exception_unwind;
}
op_PUSH_EXC_INFO: {
    value_t e = TOP();
    TOP() = t->handled ? t->handled : VALUE_NONE;
    PUSH(e);
    t->handled = e;
    DISPATCH();
}
op_POP_EXCEPT:
    t->handled = POP();
    DISPATCH();
op_BEFORE_WITH: {
    value_t mgr = TOP();
    f->sp = sp;
    const type_t *mt = type_of(mgr);
    value_t enter = class_lookup(mt, NAME(__enter__));
    value_t exitm = class_lookup(mt, NAME(__exit__));
    if (enter == VALUE_MISSING || exitm == VALUE_MISSING) {
        vm_raise_type(&type_TypeError, "'%s' object does not support the context manager protocol", mt->name);
        goto error;
    }
    value_t bound_exit = type_of(exitm)->descr_get ? type_of(exitm)->descr_get(exitm, mgr, mt)
                                                    : exitm;
    if (!bound_exit)
        goto error;
    TOP() = bound_exit;
    value_t bound_enter = type_of(enter)->descr_get ? type_of(enter)->descr_get(enter, mgr, mt) : enter;
    if (!bound_enter)
        goto error;
    f->sp = sp;
    value_t res = vm_call(bound_enter, 0, 0, VALUE_NULL);
    if (!res)
        goto error;
    PUSH(res);
    DISPATCH();
}
op_WITH_EXCEPT_START: {
    value_t e = TOP();
    value_t exitf = sp[-3];
    f->sp = sp;
    value_t a[3] = {obj_value(type_of(e)), e, ((exception_obj_t *)e)->traceback};
    value_t r = vm_call(exitf, a, 3, VALUE_NULL);
    if (!r)
        goto error;
    PUSH(r);
    DISPATCH();
}
op_YIELD_VALUE: {
    value_t v = POP();
    f->sp = sp;
    f->ip = ip;
    t->frame = f->back;
    f->back = 0;
    t->cdepth--;
    *yielded = true;
    return v;
}
op_GET_YIELD_FROM_ITER: {
    value_t v = TOP();
    if (type_of(v) != &type_generator) {
        f->sp = sp;
        value_t it = vm_iter(v);
        if (!it)
            goto error;
        TOP() = it;
    }
    DISPATCH();
}
op_YIELD_FROM: {
    value_t v = POP();
    value_t it = TOP();
    f->sp = sp;
    f->ip = ip;
    bool done;
    value_t r = iter_send(it, v, &done);
    if (!r)
        goto error;
    if (done) {
        TOP() = r;
        DISPATCH();
    }
    f->ip = ip - 1;         /* resume on this YIELD_FROM */
    f->sp = sp;
    t->frame = f->back;
    f->back = 0;
    t->cdepth--;
    *yielded = true;
    return r;
}
op_IMPORT_NAME: {
    value_t fromlist = POP();
    value_t level = TOP();
    f->sp = sp;
    value_t m = import_name(names[arg], f->globals, fromlist, level);
    if (!m)
        goto error;
    TOP() = m;
    DISPATCH();
}
op_IMPORT_FROM: {
    f->sp = sp;
    value_t v = import_from(TOP(), names[arg]);
    if (!v)
        goto error;
    PUSH(v);
    DISPATCH();
}
op_IMPORT_STAR: {
    value_t m = POP();
    f->sp = sp;
    if (!import_star(m, f->locals ? f->locals : f->globals))
        goto error;
    DISPATCH();
}
op_invalid:
    vm_raise_type(&type_SystemError_or_Runtime, "invalid opcode %u", w & 0xff);
    goto error;

    /* ---- exceptions ---- */
error_raise:
    /* a fresh raise: chain the handled exception as __context__ */
    exc = vm_current->exc;
    set_context(exc, t->handled);
    traceback_add(exc, co, code_line_of(co, (uint32_t)(ip - co->code - 1)));
    goto exception_unwind;
error:
    exc = vm_current->exc;
    if (!exc) {
        vm_raise_type(&type_SystemError_or_Runtime, "error return without exception set");
        exc = vm_current->exc;
    }
    if (traceback_empty(exc))
        set_context(exc, t->handled);
    traceback_add(exc, co, code_line_of(co, (uint32_t)(ip - co->code - 1)));
exception_unwind: {
    exc = vm_current->exc;
    uint32_t pc = (uint32_t)(ip - co->code - 1);
    for (uint32_t e = 0; e < co->nexc; e++) {
        const uint32_t *ent = co->exctab + 4 * e;
        if (ent[0] <= pc && pc < ent[1]) {
            sp = f->stack + ent[3];
            PUSH(exc);
            vm_current->exc = VALUE_NULL;
            ip = co->code + ent[2];
            DISPATCH();
        }
        if (ent[0] > pc)
            break;
    }
    /* no handler: leave the frame */
    if (f->entry) {
        t->frame = f->back;
        f->back = 0;
        if (!f->heap)
            frame_pop(f);
        t->cdepth--;
        return VALUE_NULL;
    }
    frame_t *caller = f->back;
    frame_pop(f);
    f = caller;
    t->frame = f;
    LOAD_FRAME();
    traceback_add(exc, co, code_line_of(co, (uint32_t)(ip - co->code - 1)));
    goto exception_unwind;
}
}

/* Runs module or exec code. */
value_t interp_run_code(code_obj_t *code, value_t globals, value_t locals)
{
    frame_t *f = frame_push(code, VALUE_NULL, globals, locals);
    if (!f)
        return VALUE_NULL;
    if (dict_get(globals, NAME(__builtins__)) == VALUE_MISSING)
        dict_set(globals, NAME(__builtins__), vm_builtins);
    bool y;
    return interp_run_frame(f, VALUE_NULL, &y);
}

value_t function_call(value_t fv, const value_t *args, size_t nargs, value_t kwnames)
{
    function_obj_t *fn = (function_obj_t *)fv;
    code_obj_t *co = fn->code;
    if (co->flags & CO_GENERATOR) {
        frame_t *f = frame_new_heap(co, fv, fn->globals);
        if (!f)
            return VALUE_NULL;
        if (!bind_arguments(fn, f->localsplus, args, nargs, kwnames))
            return VALUE_NULL;
        return generator_new(f);
    }
    frame_t *f = frame_push(co, fv, fn->globals, VALUE_NULL);
    if (!f)
        return VALUE_NULL;
    if (!bind_arguments(fn, f->localsplus, args, nargs, kwnames)) {
        frame_pop(f);
        return VALUE_NULL;
    }
    bool y;
    return interp_run_frame(f, VALUE_NULL, &y);
}
