/* The execution half of the VM: code objects, frames, the bytecode loop,
 * functions, classes, generators, modules, builtins.
 *
 * Ownership: interp.c, code.c, func.c, class.c, generator.c, module.c,
 * builtins.c, natmods.c, thread.c, suggest.c, vm_main.c and this header belong to the
 * interpreter; the object core (obj.h and its files) is used as is.
 *
 * Tracebacks: an exception's `__traceback__` is None or a list of
 * (code, line) tuples, OUTERMOST FIRST (the order CPython prints them).
 * A code object has the attributes co_filename, co_name, co_qualname,
 * co_firstlineno, so runtime code formats an entry as
 *   File "<code.co_filename>", line <line>, in <code.co_name>
 * `kernel.traceback_entries(exc)` gives [(filename, line, name)] directly.
 */
#pragma once
#include "vm/obj.h"

struct boot_info;

/* ---- code objects (code.c) ---- */
typedef struct {
    obj_t base;
    uint32_t argcount, posonlyargcount, kwonlyargcount, flags;
    uint32_t stacksize, firstlineno;
    uint32_t ninstr, nlocals, ncellvars, nfreevars, nexc, nlinetable;
    uint32_t *code;             /* instruction words (GC leaf block) */
    uint32_t *exctab;           /* nexc * 4 words (GC leaf block) */
    uint8_t *linetable;         /* GC leaf block */
    value_t name, qualname, filename;
    value_t consts, names, varnames, cellvars, freevars;   /* tuples */
    /* LOAD_GLOBAL's inline cache, one entry per name (every LOAD_GLOBAL of
     * a name in a code object resolves alike): GC leaf block, made on the
     * first LOAD_GLOBAL that runs; NULL before. */
    struct global_cache_entry *global_cache;
    /* LOAD_ATTR/STORE_ATTR: per name, where the name was last found in an
     * instance dict (see struct attr_hint); GC leaf block made on first use. */
    struct attr_hint *attr_hints;
} code_obj_t;

/* Where LOAD_GLOBAL found a name: the dict's version when it looked
 * (versions are unique across dicts, so this also identifies the dict) and
 * the entry index, whose value is read each time (a value update does not
 * change the version). */
struct global_cache_entry {
    uint64_t globals_version;
    uint64_t builtins_version;  /* 0: found in globals */
    uint64_t index;
};

/* An instance attribute hint: the entry index where the name was last
 * found in an instance dict (only a guess, checked against the entry's
 * key), and the type for which the class-level rules were checked
 * (get_ok: no data descriptor shadows the instance dict and getattr is the
 * generic one; set_ok: the same for setattr), valid while type_cache_epoch
 * equals epoch. The type is not kept alive by this (a leaf block): a type
 * made at its address later bumps the epoch (class_new). */
struct attr_hint {
    uint32_t index;
    uint8_t get_ok, set_ok;
    const type_t *type;
    uint64_t epoch;
};

#define CO_VARARGS 0x01
#define CO_VARKEYWORDS 0x02
#define CO_GENERATOR 0x04
#define CO_CLASS_BODY 0x08
#define CO_MODULE 0x10
#define CO_HAS_DOCSTRING 0x20

extern type_t type_code;
/* Loads a TPYC file. On bad input raises ValueError("bad bytecode file: ...")
 * and returns VALUE_NULL; never reads outside [data, data+len). */
value_t code_load(const uint8_t *data, size_t len);
int code_line_of(const code_obj_t *co, uint32_t pc);

/* A TPYB bundle, checked: returns the number of modules or -1 (ValueError). */
typedef struct {
    const char *name;       /* points into the bundle (not NUL-terminated) */
    uint32_t name_len;
    uint32_t flags;         /* 1: package */
    const uint8_t *data;    /* the TPYC file */
    uint32_t len;
} bundle_entry_t;
long bundle_parse(const uint8_t *data, size_t len, bundle_entry_t *out, size_t cap);

/* ---- functions, cells, descriptors (func.c) ---- */
typedef struct {
    obj_t base;
    code_obj_t *code;
    value_t globals;
    value_t defaults;       /* tuple or VALUE_NULL */
    value_t kwdefaults;     /* dict or VALUE_NULL */
    value_t closure;        /* tuple of cells or VALUE_NULL */
    value_t name, qualname, doc, module;
    value_t dict;           /* attributes set by Python code, or VALUE_NULL */
} function_obj_t;

typedef struct { obj_t base; value_t contents; } cell_obj_t;
typedef struct { obj_t base; value_t func; } wrapper_obj_t;     /* staticmethod, classmethod */
typedef struct { obj_t base; value_t fget, fset, fdel, doc, name; } property_obj_t;
typedef struct { obj_t base; const type_t *type; value_t obj; const type_t *obj_type; } super_obj_t;
/* A C-implemented attribute on a type: obj.name calls get(obj). */
typedef struct { obj_t base; const char *name; value_t (*get)(value_t obj); } getset_obj_t;

extern type_t type_function, type_cell, type_staticmethod, type_classmethod, type_property,
    type_super, type_getset;

value_t function_new(code_obj_t *code, value_t globals);
value_t cell_new(value_t contents);
value_t getset_new(const char *name, value_t (*get)(value_t obj));
static inline bool is_function(value_t v) { return is_obj(v) && as_obj(v)->type == &type_function; }

/* ---- frames and the loop (interp.c) ---- */
typedef struct frame {
    struct frame *back;
    code_obj_t *code;
    value_t func;           /* the function, or VALUE_NULL (module, exec) */
    value_t globals, builtins, locals;
    const uint32_t *ip;     /* next instruction */
    value_t *sp;            /* saved stack pointer while calling out / suspended */
    value_t *cells;         /* localsplus + nlocals */
    value_t *stack;         /* localsplus + nlocals + ncells */
    value_t gen;            /* the generator owning this frame, or VALUE_NULL */
    uint32_t entry;         /* 1: return to C when this frame ends */
    uint32_t heap;          /* 1: a generator frame (GC block), not on the frame stack */
    value_t localsplus[];
} frame_t;

struct interp_thread {
    value_t handled;        /* the handled exception (None if none) */
    frame_t *frame;         /* innermost running frame */
    char *fstack_base, *fstack_top, *fstack_end;   /* the frame stack */
    int depth;              /* Python frames running */
    int cdepth;             /* interpreter loops nested in C */
};
extern struct interp_thread *interp_current;

extern volatile int vm_safepoint_flag;
void vm_request_interrupt(void);
/* Called at a safepoint when the flag is set: false after raising. */
bool vm_safepoint(void);

/* ---- green threads, Ctrl-C (thread.c) ---- */
void sched_init(void *stack_top, size_t budget);  /* the main thread: its C stack and budget */
bool sched_safepoint(void);         /* from vm_safepoint: may switch threads; false after raising */
bool sched_sleep(double seconds);   /* time.sleep; false after raising */
/* Blocks the calling thread (others run) until ready_fn(arg), the deadline
 * (arch_time_ns, 0: none) or Ctrl-C/kill; false after raising. thread.c. */
bool sched_wait_for(const char *what, bool (*ready_fn)(const void *arg), const void *arg, uint64_t deadline_ns);
void sched_mark_threads(void);      /* GC roots of the threads not running */
value_t sched_thread_list(const value_t *args, size_t nargs, value_t kwnames);       /* kernel.threads */
value_t sched_run_interruptible(const value_t *args, size_t nargs, value_t kwnames); /* kernel.run_interruptible */
value_t sched_kill_thread(const value_t *args, size_t nargs, value_t kwnames);       /* kernel.kill_thread */
value_t init_thread_module(value_t module);    /* _thread */

#define VM_RECURSION_LIMIT 1000
extern int vm_recursion_limit;

bool interp_init(void);
/* Runs module-level / exec code with the given globals and locals. */
value_t interp_run_code(code_obj_t *code, value_t globals, value_t locals);
/* Calls a function object from C. */
value_t function_call(value_t f, const value_t *args, size_t nargs, value_t kwnames);
/* Binds arguments into fast locals (CPython's rules and messages). */
bool bind_arguments(function_obj_t *f, value_t *fast, const value_t *args, size_t nargs, value_t kwnames);
frame_t *frame_push(code_obj_t *co, value_t func, value_t globals, value_t locals);
void frame_pop(frame_t *f);
frame_t *frame_new_heap(code_obj_t *co, value_t func, value_t globals);
/* Runs f (as an entry frame) until it returns or yields (*yielded = true);
 * throwing: an exception to raise at the current instruction. */
value_t interp_run_frame(frame_t *f, value_t throwing, bool *yielded);
/* Traceback helpers */
void traceback_add(value_t exc, code_obj_t *code, int line);

/* ---- generators (generator.c) ---- */
typedef struct {
    obj_t base;
    frame_t *frame;         /* VALUE_NULL-ish (0) once finished */
    value_t handled;        /* its handled-exception slot */
    value_t name, qualname;
    uint8_t started, running, finished;
} generator_obj_t;
extern type_t type_generator;
value_t generator_new(frame_t *f);
/* send/throw: returns the yielded value with *done = false, or the return
 * value with *done = true; VALUE_NULL on exception. */
value_t generator_send(value_t gen, value_t v, bool *done);
value_t generator_throw(value_t gen, value_t exc, bool *done);
value_t generator_close(value_t gen);
/* Sends into any iterator (generator fast path, else next/send) for YIELD_FROM. */
value_t iter_send(value_t it, value_t v, bool *done);

/* ---- classes (class.c) ---- */
typedef struct {
    type_t t;
    value_t name_str, qualname, module;
    value_t bases;              /* tuple */
    const type_t *builtin_base; /* the builtin type whose layout instances have */
    uint32_t dict_offset;       /* 0: instances have no __dict__ */
    uint32_t has_getattr;       /* __getattr__ somewhere in the MRO */
    uint32_t has_setattr;
    uint32_t dunders;           /* not used yet */
    uint32_t dict_hint;         /* entries a new instance's dict is made for (class.c) */
} heap_type_t;

static inline bool type_is_heap(const type_t *t) { return (t->flags & TYPE_HEAP) != 0; }
bool class_init(void);
value_t class_binary_op(int op, value_t a, value_t b);
/* Attribute lookup through the MRO (VALUE_MISSING if absent, no exception). */
value_t class_lookup(const type_t *t, value_t name);
bool class_is_subclass(const type_t *t, const type_t *base);
bool class_isinstance(value_t v, const type_t *t);
value_t class_new(value_t name, value_t bases, value_t ns, value_t kwnames_values);
value_t builtin_build_class(const value_t *args, size_t nargs, value_t kwnames);
value_t builtin_super(const value_t *args, size_t nargs, value_t kwnames);
value_t *instance_dict_slot(value_t obj);
value_t instance_get_dict(value_t obj, bool create);
/* The method of obj for LOAD_METHOD: returns the function to call with obj
 * as first argument (*unbound = true), or a bound attribute. */
value_t load_method(value_t obj, value_t name, bool *unbound);
/* Instance attribute fast paths for LOAD_ATTR / STORE_ATTR (hint: see
 * code_obj_t.attr_hints). VALUE_MISSING / false: use vm_getattr/vm_setattr. */
value_t instance_attr_get(value_t obj, value_t name, struct attr_hint *hint);
bool instance_attr_set(value_t obj, value_t name, value_t v, struct attr_hint *hint);
/* instance_attr_set's hit, inline for STORE_ATTR: the hint still holds
 * and names the entry of `name` in the instance's dict. */
static inline bool instance_attr_set_hit(value_t obj, value_t name, value_t v, const struct attr_hint *h)
{
    const type_t *t = as_obj(obj)->type;
    if (h->type != t || h->epoch != type_cache_epoch || !h->set_ok)
        return false;
    value_t dv = *(value_t *)((char *)obj + ((const heap_type_t *)t)->dict_offset);
    if (!dv || as_obj(dv)->type != &type_dict)
        return false;
    dict_obj_t *d = as_dict(dv);
    if ((d->version & DICT_WATCHED) || h->index >= d->nentries || d->entries[h->index].key != name)
        return false;
    d->entries[h->index].value = v;
    return true;
}

/* ---- modules and imports (module.c) ---- */
typedef struct { obj_t base; value_t dict; value_t name; } module_obj_t;
extern type_t type_module;
value_t module_new(value_t name);
static inline value_t module_dict(value_t m) { return ((module_obj_t *)m)->dict; }
bool module_system_init(const uint8_t *bundle, size_t bundle_len);
value_t import_name(value_t name, value_t globals, value_t fromlist, value_t level);
value_t import_module(const char *name);
value_t import_from(value_t mod, value_t name);
bool import_star(value_t mod, value_t locals);
extern value_t vm_sys_modules, vm_builtins, vm_builtins_dict, vm_sys_module;

/* Native modules: ONE table, name -> init function (natmods.c). */
typedef value_t (*native_module_init_t)(value_t module);
typedef struct { const char *name; native_module_init_t init; } native_module_t;
extern const native_module_t native_modules[];
value_t init_tensor_module(value_t module);    /* mod_tensor.c */
value_t init_hw_module(value_t module);        /* mod_hw.c: device access for drivers */
bool module_add_functions(value_t module, const struct method_def *defs);

/* ---- builtins (builtins.c) ---- */
bool builtins_init(void);
value_t vm_print_value(value_t v);       /* print(v) to sys.stdout */
value_t sys_write_stream(int fd, value_t s);  /* writes a str to the console (1) or error console (2) */
bool vm_write_stderr(const char *s, size_t n);
void vm_print_exception(value_t exc);   /* through sys.print_exception or a C fallback */

/* ---- interned names ---- */
#define INTERP_NAMES(X) \
    X(__init__) X(__new__) X(__repr__) X(__str__) X(__hash__) X(__eq__) X(__ne__) X(__lt__) \
    X(__le__) X(__gt__) X(__ge__) X(__bool__) X(__len__) X(__getitem__) X(__setitem__) \
    X(__delitem__) X(__contains__) X(__iter__) X(__next__) X(__call__) X(__getattr__) \
    X(__setattr__) X(__delattr__) X(__enter__) X(__exit__) X(__neg__) X(__pos__) X(__invert__) \
    X(__abs__) X(__index__) X(__int__) X(__float__) X(__name__) X(__qualname__) X(__module__) \
    X(__doc__) X(__class__) X(__dict__) X(__package__) X(__path__) X(__file__) X(__all__) \
    X(__builtins__) X(__spec__) X(__get__) X(__set__) X(__delete__) X(__format__) X(__round__) \
    X(__reversed__) X(__main__) X(__loader__) X(__init_subclass__) X(__class_getitem__) \
    X(__missing__) X(__trunc__) X(__floor__) X(__ceil__) X(__bases__) X(__mro__) X(__base__) \
    X(__sizeof__) X(__slots__) X(__set_name__) X(__traceback__) X(__cause__) X(__context__) \
    X(__suppress_context__) X(__defaults__) X(__kwdefaults__) X(__code__) X(__closure__) \
    X(__globals__) X(__wrapped__) X(__func__) X(__self__) X(__getattribute__) X(__dir__) \
    X(__notes__) X(__divmod__) X(__rdivmod__) X(__length_hint__) X(__import__) X(__build_class__) \
    X(send) X(throw) X(close) X(write) X(flush) X(args) X(value) X(code) X(keys) X(items) \
    X(append) X(stdout) X(stderr) X(stdin) X(displayhook) X(_) X(sep) X(end) X(file) X(key) \
    X(default) X(reverse) X(start) X(fget) X(fset) X(fdel) X(doc) X(getter) X(setter) X(deleter) \
    X(compile_source) X(print_exception) X(main) X(argv) X(exit) X(modules) X(path) X(co_name) \
    X(co_filename) X(co_qualname) X(co_firstlineno) X(co_argcount) X(co_varnames) X(co_flags) \
    X(co_consts) X(co_names) X(co_code) X(co_freevars) X(co_cellvars) X(run_file) X(end_flush) \
    X(errno) X(strerror) X(filename) X(lineno) X(offset) X(text) X(msg) X(name) X(obj) \
    X(__abstractmethods__) X(__isabstractmethod__) X(mro) X(real) X(imag) X(__annotations__) \
    X(__match_args__) X(__weakref__) X(__origin__)

enum interp_name_id {
#define X(n) NAME_##n,
    INTERP_NAMES(X)
#undef X
    NAME_COUNT
};
extern value_t interp_names[NAME_COUNT];
#define NAME(n) (interp_names[NAME_##n])

/* Binary operator mapping: bytecode operand -> enum binary_op. */
extern const uint8_t bytecode_binary_ops[13];
/* Raise TypeError etc. with a Python-visible message. */
value_t raise_type_error(const char *fmt, ...);
/* Helpers shared by the builtins */
value_t call_dunder(value_t self, value_t name, const value_t *args, size_t nargs, bool *found);
value_t vm_call_kw(value_t f, const value_t *args, size_t nargs, value_t kwdict);
/* exec(code, globals, locals) */
value_t vm_exec_code(value_t code, value_t globals, value_t locals);
/* Compiles source through the frozen compiler. */
value_t vm_compile_source(value_t source, value_t filename, const char *mode);

/* The entry from kmain. Returns only if the VM could not start. */
int vm_main(const struct boot_info *info);
