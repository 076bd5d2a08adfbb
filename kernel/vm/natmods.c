/* Native modules, registered through ONE table (native_modules below):
 * sys, gc, time, math, struct, hashlib, kernel. */
#include "vm/interp.h"
#include "vm/gc.h"
#include "arch/arch.h"
#include "core/console.h"
#include "core/shell.h"
#include "core/version.h"
#include "lib/math.h"
#include "lib/string.h"
#include "mm/heap.h"
#include "mm/page_alloc.h"

extern const struct boot_info *boot_info_saved;
value_t vm_stdout_value(void);
value_t vm_stderr_value(void);
value_t vm_stdin_value(void);
value_t vm_read_file(const char *path);
extern type_t type_ModuleNotFoundError;

static bool set_attr(value_t m, const char *name, value_t v)
{
    return v && dict_set_str(module_dict(m), name, v);
}

/* ---- tracebacks ---- */
/* [(filename, line, name)], outermost first */
value_t traceback_entries(value_t exc)
{
    value_t l = list_new(0);
    if (!l)
        return VALUE_NULL;
    if (!is_obj(exc) || !(type_of(exc)->flags & TYPE_EXCEPTION))
        return l;
    value_t tb = ((exception_obj_t *)exc)->traceback;
    if (!is_obj(tb) || type_of(tb) != &type_list)
        return l;
    for (size_t i = 0; i < as_list(tb)->len; i++) {
        value_t e = as_list(tb)->items[i];
        if (!is_obj(e) || type_of(e) != &type_tuple || as_tuple(e)->len != 2)
            continue;
        code_obj_t *co = (code_obj_t *)as_tuple(e)->items[0];
        if (!is_obj(obj_value(co)) || type_of(obj_value(co)) != &type_code)
            continue;
        value_t items[3] = {co->filename, as_tuple(e)->items[1], co->name};
        value_t t = tuple_from_array(items, 3);
        if (!t || !list_append(l, t))
            return VALUE_NULL;
    }
    return l;
}

static void write_err(const char *s) { vm_write_stderr(s, strlen(s)); }

static void print_one_exception(value_t exc)
{
    value_t tb = traceback_entries(exc);
    if (tb && as_list(tb)->len) {
        write_err("Traceback (most recent call last):\n");
        for (size_t i = 0; i < as_list(tb)->len; i++) {
            tuple_obj_t *t = as_tuple(as_list(tb)->items[i]);
            char buf[512];
            extern int snprintf(char *, size_t, const char *, ...);
            snprintf(buf, sizeof buf, "  File \"%s\", line %ld, in %s\n", str_data(t->items[0]),
                     (long)small_int_value(t->items[1]), str_data(t->items[2]));
            write_err(buf);
        }
    }
    vm_take_exception();
    value_t msg = vm_str(exc);
    const type_t *t = type_of(exc);
    const char *name = t->name;
    if (type_is_heap(t)) {
        const heap_type_t *ht = (const heap_type_t *)t;
        name = str_data(ht->qualname);
        if (is_str(ht->module) && strcmp(str_data(ht->module), "builtins") && strcmp(str_data(ht->module), "__main__")) {
            write_err(str_data(ht->module));
            write_err(".");
        }
    }
    write_err(name);
    if (msg && str_len(msg)) {
        write_err(": ");
        vm_write_stderr(str_data(msg), str_len(msg));
    }
    extern value_t exception_suggestion(value_t exc);     /* suggest.c */
    value_t hint = exception_suggestion(exc);
    if (hint != VALUE_NONE) {
        write_err(". Did you mean: '");
        vm_write_stderr(str_data(hint), str_len(hint));
        write_err("'?");
    }
    if (!msg)
        vm_take_exception();
    write_err("\n");
}

void vm_print_exception(value_t exc)
{
    /* the chain, oldest first */
    value_t chain[16];
    int n = 0;
    value_t e = exc;
    while (n < 16 && is_obj(e) && (type_of(e)->flags & TYPE_EXCEPTION)) {
        chain[n++] = e;
        exception_obj_t *eo = (exception_obj_t *)e;
        if (eo->cause != VALUE_NONE)
            e = eo->cause;
        else if (!eo->suppress_context && eo->context != VALUE_NONE)
            e = eo->context;
        else
            break;
    }
    for (int i = n - 1; i >= 0; i--) {
        print_one_exception(chain[i]);
        if (i > 0) {
            exception_obj_t *outer = (exception_obj_t *)chain[i - 1];
            if (outer->cause == chain[i])
                write_err("\nThe above exception was the direct cause of the following exception:\n\n");
            else
                write_err("\nDuring handling of the above exception, another exception occurred:\n\n");
        }
    }
}

/* ---- sys ---- */
static value_t sys_exit(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("exit", n, kw, 0, 1))
        return VALUE_NULL;
    value_t args = tuple_from_array(a, n);
    value_t e = args ? exception_new(&type_SystemExit, args) : VALUE_NULL;
    return e ? vm_raise(e) : VALUE_NULL;
}

static value_t sys_print_exception(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("print_exception", n, kw, 1, 2))
        return VALUE_NULL;
    vm_print_exception(a[0]);
    return VALUE_NONE;
}

static value_t sys_getrecursionlimit(const value_t *a, size_t n, value_t kw)
{
    (void)a;
    if (!arg_check("getrecursionlimit", n, kw, 0, 0))
        return VALUE_NULL;
    return small_int(vm_recursion_limit);
}

static value_t sys_setrecursionlimit(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("setrecursionlimit", n, kw, 1, 1))
        return VALUE_NULL;
    int64_t v;
    if (!is_int(a[0]))
        return vm_raise_type(&type_TypeError, "'%s' object cannot be interpreted as an integer", type_name_of(a[0]));
    if (!int_as_i64(a[0], &v))
        return VALUE_NULL;
    if (v < 1)
        return vm_raise_type(&type_ValueError, "recursion limit must be greater or equal than 1");
    vm_recursion_limit = v > 20000 ? 20000 : (int)v;
    return VALUE_NONE;
}

static value_t sys_exc_info(const value_t *a, size_t n, value_t kw)
{
    (void)a;
    if (!arg_check("exc_info", n, kw, 0, 0))
        return VALUE_NULL;
    value_t h = interp_current->handled;
    if (!h || h == VALUE_NONE) {
        value_t items[3] = {VALUE_NONE, VALUE_NONE, VALUE_NONE};
        return tuple_from_array(items, 3);
    }
    value_t items[3] = {obj_value(type_of(h)), h, ((exception_obj_t *)h)->traceback};
    return tuple_from_array(items, 3);
}

static value_t sys_exception(const value_t *a, size_t n, value_t kw)
{
    (void)a;
    if (!arg_check("exception", n, kw, 0, 0))
        return VALUE_NULL;
    value_t h = interp_current->handled;
    return h ? h : VALUE_NONE;
}

static value_t sys_intern(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("intern", n, kw, 1, 1))
        return VALUE_NULL;
    if (!is_str(a[0]))
        return vm_raise_type(&type_TypeError, "intern() argument must be str, not %s", type_name_of(a[0]));
    return str_intern(str_data(a[0]), str_len(a[0]));
}

static value_t sys_getsizeof(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("getsizeof", n, kw, 1, 2))
        return VALUE_NULL;
    if (is_small_int(a[0]))
        return small_int(28);
    return int_from_u64(gc_is_heap_pointer((void *)a[0]) ? gc_block_bytes((void *)a[0]) : 16);
}

static const method_def_t sys_functions[] = {
    {"exit", sys_exit, 0}, {"print_exception", sys_print_exception, 0},
    {"getrecursionlimit", sys_getrecursionlimit, 0}, {"setrecursionlimit", sys_setrecursionlimit, 0},
    {"exc_info", sys_exc_info, 0}, {"exception", sys_exception, 0}, {"intern", sys_intern, 0},
    {"getsizeof", sys_getsizeof, 0},
    {0, 0, 0},
};

static value_t sys_argv_init;

static value_t init_sys(value_t m)
{
    vm_sys_module = m;
    if (!module_add_functions(m, sys_functions))
        return VALUE_NULL;
    value_t vi[5] = {small_int(3), small_int(11), small_int(0), str_new_cstr("final"), small_int(0)};
    value_t impl_name = str_new_cstr("tensoros");
    value_t impl = module_new(str_intern_cstr("implementation"));
    if (!impl || !set_attr(impl, "name", impl_name) || !set_attr(impl, "version", tuple_from_array(vi, 5)) ||
        !set_attr(impl, "_multiarch", str_new_cstr(boot_info_saved ? boot_info_saved->board : "unknown")))
        return VALUE_NULL;
    value_t path = list_new(0);
    if (!set_attr(m, "modules", vm_sys_modules) || !set_attr(m, "path", path) ||
        !set_attr(m, "argv", sys_argv_init ? sys_argv_init : list_new(0)) ||
        !set_attr(m, "stdout", vm_stdout_value()) || !set_attr(m, "stderr", vm_stderr_value()) ||
        !set_attr(m, "stdin", vm_stdin_value()) || !set_attr(m, "__stdout__", vm_stdout_value()) ||
        !set_attr(m, "__stderr__", vm_stderr_value()) ||
        !set_attr(m, "maxsize", int_from_i64(INT64_MAX)) || !set_attr(m, "byteorder", str_new_cstr("little")) ||
        !set_attr(m, "version", str_new_cstr("3.11.0 (TensorOS " TENSOROS_VERSION ")")) ||
        !set_attr(m, "version_info", tuple_from_array(vi, 5)) || !set_attr(m, "implementation", impl) ||
        !set_attr(m, "platform", str_new_cstr("tensoros")) || !set_attr(m, "executable", str_new_cstr("")) ||
        !set_attr(m, "maxunicode", small_int(0x10ffff)) || !set_attr(m, "builtin_module_names", VALUE_EMPTY_TUPLE))
        return VALUE_NULL;
    return m;
}

void vm_set_argv(value_t argv) { sys_argv_init = argv; }

/* ---- gc ---- */
static value_t gc_collect_fn(const value_t *a, size_t n, value_t kw)
{
    (void)a; (void)n; (void)kw;
    gc_collect();
    return small_int(0);
}
static value_t gc_mem_free_fn(const value_t *a, size_t n, value_t kw)
{
    (void)a; (void)n; (void)kw;
    return int_from_u64(gc_mem_free());
}
static value_t gc_mem_alloc_fn(const value_t *a, size_t n, value_t kw)
{
    (void)a; (void)n; (void)kw;
    return int_from_u64(gc_mem_alloc());
}
static bool gc_enabled = true;
static value_t gc_enable_fn(const value_t *a, size_t n, value_t kw)
{
    (void)a; (void)n; (void)kw;
    if (!gc_enabled) { gc_enable(); gc_enabled = true; }
    return VALUE_NONE;
}
static value_t gc_disable_fn(const value_t *a, size_t n, value_t kw)
{
    (void)a; (void)n; (void)kw;
    if (gc_enabled) { gc_disable(); gc_enabled = false; }
    return VALUE_NONE;
}
static value_t gc_isenabled_fn(const value_t *a, size_t n, value_t kw)
{
    (void)a; (void)n; (void)kw;
    return bool_value(gc_enabled);
}
static const method_def_t gc_functions[] = {
    {"collect", gc_collect_fn, 0}, {"mem_free", gc_mem_free_fn, 0}, {"mem_alloc", gc_mem_alloc_fn, 0},
    {"enable", gc_enable_fn, 0}, {"disable", gc_disable_fn, 0}, {"isenabled", gc_isenabled_fn, 0},
    {0, 0, 0},
};
static value_t init_gc(value_t m) { return module_add_functions(m, gc_functions) ? m : VALUE_NULL; }

/* ---- time ---- */
static value_t time_time(const value_t *a, size_t n, value_t kw)
{
    (void)a; (void)n; (void)kw;
    return float_new((double)arch_time_ns() / 1e9);
}
static value_t time_monotonic_ns(const value_t *a, size_t n, value_t kw)
{
    (void)a; (void)n; (void)kw;
    return int_from_u64(arch_time_ns());
}
static value_t time_ticks_ms(const value_t *a, size_t n, value_t kw)
{
    (void)a; (void)n; (void)kw;
    return int_from_u64(arch_time_ns() / 1000000);
}
static value_t time_ticks_us(const value_t *a, size_t n, value_t kw)
{
    (void)a; (void)n; (void)kw;
    return int_from_u64(arch_time_ns() / 1000);
}
static value_t time_sleep(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("sleep", n, kw, 1, 1))
        return VALUE_NULL;
    double s;
    if (!vm_as_double(a[0], &s))
        return VALUE_NULL;
    if (s < 0)
        return vm_raise_type(&type_ValueError, "sleep length must be non-negative");
    if (s != s)
        return vm_raise_type(&type_ValueError, "Invalid value NaN (not a number)");
    return sched_sleep(s) ? VALUE_NONE : VALUE_NULL;    /* other threads run meanwhile */
}
static const method_def_t time_functions[] = {
    {"time", time_time, 0}, {"monotonic", time_time, 0}, {"perf_counter", time_time, 0},
    {"process_time", time_time, 0}, {"time_ns", time_monotonic_ns, 0},
    {"monotonic_ns", time_monotonic_ns, 0}, {"perf_counter_ns", time_monotonic_ns, 0},
    {"sleep", time_sleep, 0}, {"ticks", time_ticks_ms, 0}, {"ticks_ms", time_ticks_ms, 0},
    {"ticks_us", time_ticks_us, 0},
    {0, 0, 0},
};
static value_t init_time(value_t m) { return module_add_functions(m, time_functions) ? m : VALUE_NULL; }

/* ---- math ---- */
static bool arg_double(value_t v, double *out)
{
    if (vm_as_double(v, out))
        return true;
    if (vm_exception_matches(&type_OverflowError))
        return false;
    vm_take_exception();
    bool found;
    value_t r = call_dunder(v, NAME(__float__), 0, 0, &found);
    if (found && r && is_float(r)) {
        *out = float_value(r);
        return true;
    }
    if (!found || r)
        vm_raise_type(&type_TypeError, "must be real number, not %s", type_name_of(v));
    return false;
}

static value_t math_result(double r, double x)
{
    if (math_isnan(r) && !math_isnan(x))
        return vm_raise_type(&type_ValueError, "math domain error");
    if (math_isinf(r) && math_isfinite(x))
        return vm_raise_type(&type_OverflowError, "math range error");
    return float_new(r);
}

#define MATH1(name, fn, domain)                                                  \
    static value_t m_##name(const value_t *a, size_t n, value_t kw)              \
    {                                                                            \
        double x;                                                                \
        if (!arg_check(#name, n, kw, 1, 1) || !arg_double(a[0], &x))             \
            return VALUE_NULL;                                                   \
        if (domain)                                                              \
            return vm_raise_type(&type_ValueError, "math domain error");         \
        return math_result(fn(x), x);                                            \
    }
MATH1(sqrt, math_sqrt, x < 0)
MATH1(exp, math_exp, 0)
MATH1(expm1, math_expm1, 0)
MATH1(log2, math_log2, x <= 0)
MATH1(log10, math_log10, x <= 0)
MATH1(log1p, math_log1p, x <= -1)
MATH1(sin, math_sin, math_isinf(x))
MATH1(cos, math_cos, math_isinf(x))
MATH1(tan, math_tan, math_isinf(x))
MATH1(asin, math_asin, x < -1 || x > 1)
MATH1(acos, math_acos, x < -1 || x > 1)
MATH1(atan, math_atan, 0)
MATH1(sinh, math_sinh, 0)
MATH1(fabs, math_fabs, 0)
MATH1(cosh, math_cosh, 0)
MATH1(tanh, math_tanh, 0)
MATH1(erf, math_erf, 0)
MATH1(erfc, math_erfc, 0)

static double d_asinh(double x) { return x < 0 ? -math_log(-x + math_sqrt(x * x + 1)) : math_log(x + math_sqrt(x * x + 1)); }
static double d_acosh(double x) { return math_log(x + math_sqrt(x * x - 1)); }
static double d_atanh(double x) { return 0.5 * math_log1p(2 * x / (1 - x)); }
MATH1(asinh, d_asinh, 0)
MATH1(acosh, d_acosh, x < 1)
MATH1(atanh, d_atanh, x <= -1 || x >= 1)

static value_t m_dist(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("dist", n, kw, 2, 2))
        return VALUE_NULL;
    value_t p = tuple_from_iterable(a[0]), q = p ? tuple_from_iterable(a[1]) : VALUE_NULL;
    if (!q)
        return VALUE_NULL;
    size_t len = as_tuple(p)->len;
    if (len != as_tuple(q)->len)
        return vm_raise_type(&type_ValueError, "both points must have the same number of dimensions");
    double v[64], mx = 0;
    if (len > 64)
        return vm_raise_type(&type_ValueError, "dist: too many dimensions");
    for (size_t i = 0; i < len; i++) {
        double x, y;
        if (!arg_double(as_tuple(p)->items[i], &x) || !arg_double(as_tuple(q)->items[i], &y))
            return VALUE_NULL;
        v[i] = math_fabs(x - y);
        if (v[i] > mx)
            mx = v[i];
    }
    if (mx == 0 || math_isinf(mx))
        return float_new(mx);
    double acc = 0;
    for (size_t i = 0; i < len; i++) {
        double s = v[i] / mx;
        acc += s * s;
    }
    return float_new(mx * math_sqrt(acc));
}

static value_t m_log(const value_t *a, size_t n, value_t kw)
{
    double x, b;
    if (!arg_check("log", n, kw, 1, 2))
        return VALUE_NULL;
    if (is_int(a[0]) && int_sign(a[0]) > 0 && !is_small_int(a[0])) {
        /* big ints: log of the top bits plus the shift */
        size_t bits = int_bit_length(a[0]);
        value_t top = int_binary_op(OP_RSHIFT, a[0], small_int((intptr_t)bits - 60));
        if (!top || !vm_as_double(top, &x))
            return VALUE_NULL;
        double r = math_log(x) + (double)(bits - 60) * 0.6931471805599453;
        if (n == 2) {
            if (!arg_double(a[1], &b))
                return VALUE_NULL;
            if (b <= 0 || b == 1)
                return vm_raise_type(&type_ValueError, "math domain error");
            r /= math_log(b);
        }
        return float_new(r);
    }
    if (!arg_double(a[0], &x))
        return VALUE_NULL;
    if (x <= 0)
        return vm_raise_type(&type_ValueError, "math domain error");
    double r = math_log(x);
    if (n == 2) {
        if (!arg_double(a[1], &b))
            return VALUE_NULL;
        if (b <= 0)
            return vm_raise_type(&type_ValueError, "math domain error");
        double lb = math_log(b);
        if (lb == 0)
            return vm_raise_type(&type_ZeroDivisionError, "float division by zero");
        r /= lb;
    }
    return float_new(r);
}

static value_t m_pow(const value_t *a, size_t n, value_t kw)
{
    double x, y;
    if (!arg_check("pow", n, kw, 2, 2) || !arg_double(a[0], &x) || !arg_double(a[1], &y))
        return VALUE_NULL;
    if (x == 0 && y < 0)
        return vm_raise_type(&type_ValueError, "math domain error");
    if (x < 0 && math_isfinite(y) && y != math_floor(y))
        return vm_raise_type(&type_ValueError, "math domain error");
    double r = math_pow(x, y);
    if (math_isinf(r) && math_isfinite(x) && math_isfinite(y))
        return vm_raise_type(&type_OverflowError, "math range error");
    return float_new(r);
}

static value_t m_atan2(const value_t *a, size_t n, value_t kw)
{
    double y, x;
    if (!arg_check("atan2", n, kw, 2, 2) || !arg_double(a[0], &y) || !arg_double(a[1], &x))
        return VALUE_NULL;
    return float_new(math_atan2(y, x));
}

static value_t m_hypot(const value_t *a, size_t n, value_t kw)
{
    (void)kw;
    double acc = 0, mx = 0;
    double v[64];
    if (n > 64)
        return vm_raise_type(&type_TypeError, "hypot: too many arguments");
    for (size_t i = 0; i < n; i++) {
        if (!arg_double(a[i], &v[i]))
            return VALUE_NULL;
        v[i] = math_fabs(v[i]);
        if (math_isinf(v[i]))
            return float_new(MATH_INF);
        if (v[i] > mx)
            mx = v[i];
    }
    if (mx == 0)
        return float_new(0.0);
    if (n == 2) {
        double s = v[0] / mx, t = v[1] / mx;
        return float_new(mx * math_sqrt(s * s + t * t));
    }
    for (size_t i = 0; i < n; i++) {
        double s = v[i] / mx;
        acc += s * s;
    }
    return float_new(mx * math_sqrt(acc));
}

static value_t to_int_result(double d, const char *name)
{
    (void)name;
    if (math_isinf(d))
        return vm_raise_type(&type_OverflowError, "cannot convert float infinity to integer");
    if (math_isnan(d))
        return vm_raise_type(&type_ValueError, "cannot convert float NaN to integer");
    return int_from_double(d);
}

/* math.floor, ceil and trunc: an int (bool and int subclasses too) comes
 * back as a plain int, a class with the dunder answers for itself (before
 * int's own rule, as in CPython), and anything else goes through float. */
static value_t round_to_int(const value_t *a, size_t n, value_t kw, const char *name, value_t dunder,
                            double (*round)(double))
{
    if (!arg_check(name, n, kw, 1, 1))
        return VALUE_NULL;
    if (type_is_heap(type_of(a[0]))) {
        bool found;
        value_t r = call_dunder(a[0], dunder, 0, 0, &found);
        if (found)
            return r;
    }
    if (is_int(a[0]))
        return int_exact(a[0]);
    double x;
    if (!arg_double(a[0], &x))
        return VALUE_NULL;
    return to_int_result(round(x), name);
}

static value_t m_floor(const value_t *a, size_t n, value_t kw)
{
    return round_to_int(a, n, kw, "floor", NAME(__floor__), math_floor);
}

static value_t m_ceil(const value_t *a, size_t n, value_t kw)
{
    return round_to_int(a, n, kw, "ceil", NAME(__ceil__), math_ceil);
}

static value_t m_trunc(const value_t *a, size_t n, value_t kw)
{
    return round_to_int(a, n, kw, "trunc", NAME(__trunc__), math_trunc);
}

static value_t m_isnan(const value_t *a, size_t n, value_t kw)
{
    double x;
    if (!arg_check("isnan", n, kw, 1, 1) || !arg_double(a[0], &x)) return VALUE_NULL;
    return bool_value(math_isnan(x));
}
static value_t m_isinf(const value_t *a, size_t n, value_t kw)
{
    double x;
    if (!arg_check("isinf", n, kw, 1, 1) || !arg_double(a[0], &x)) return VALUE_NULL;
    return bool_value(math_isinf(x));
}
static value_t m_isfinite(const value_t *a, size_t n, value_t kw)
{
    double x;
    if (!arg_check("isfinite", n, kw, 1, 1) || !arg_double(a[0], &x)) return VALUE_NULL;
    return bool_value(math_isfinite(x));
}
static value_t m_copysign(const value_t *a, size_t n, value_t kw)
{
    double x, y;
    if (!arg_check("copysign", n, kw, 2, 2) || !arg_double(a[0], &x) || !arg_double(a[1], &y)) return VALUE_NULL;
    return float_new(math_copysign(x, y));
}
static value_t m_fmod(const value_t *a, size_t n, value_t kw)
{
    double x, y;
    if (!arg_check("fmod", n, kw, 2, 2) || !arg_double(a[0], &x) || !arg_double(a[1], &y)) return VALUE_NULL;
    if (y == 0 || math_isinf(x))
        return vm_raise_type(&type_ValueError, "math domain error");
    return float_new(math_fmod(x, y));
}
static value_t m_modf(const value_t *a, size_t n, value_t kw)
{
    double x, ip;
    if (!arg_check("modf", n, kw, 1, 1) || !arg_double(a[0], &x)) return VALUE_NULL;
    double fp = math_modf(x, &ip);
    value_t items[2] = {float_new(fp), float_new(ip)};
    return items[0] && items[1] ? tuple_from_array(items, 2) : VALUE_NULL;
}
static value_t m_frexp(const value_t *a, size_t n, value_t kw)
{
    double x;
    int e;
    if (!arg_check("frexp", n, kw, 1, 1) || !arg_double(a[0], &x)) return VALUE_NULL;
    double m = math_frexp(x, &e);
    value_t items[2] = {float_new(m), small_int(e)};
    return items[0] ? tuple_from_array(items, 2) : VALUE_NULL;
}
static value_t m_ldexp(const value_t *a, size_t n, value_t kw)
{
    double x;
    int64_t e;
    if (!arg_check("ldexp", n, kw, 2, 2) || !arg_double(a[0], &x)) return VALUE_NULL;
    if (!is_int(a[1]))
        return vm_raise_type(&type_TypeError, "Expected an int as second argument to ldexp.");
    if (!int_as_i64(a[1], &e)) {
        vm_take_exception();
        e = int_sign(a[1]) < 0 ? -100000 : 100000;
    }
    if (e > 100000) e = 100000;
    if (e < -100000) e = -100000;
    double r = math_ldexp(x, (int)e);
    if (math_isinf(r) && math_isfinite(x))
        return vm_raise_type(&type_OverflowError, "math range error");
    return float_new(r);
}

static value_t gcd2(value_t x, value_t y)
{
    if (int_sign(x) < 0 && !(x = int_binary_op(OP_SUB, small_int(0), x))) return VALUE_NULL;
    if (int_sign(y) < 0 && !(y = int_binary_op(OP_SUB, small_int(0), y))) return VALUE_NULL;
    while (int_sign(y) != 0) {
        value_t r = int_binary_op(OP_MOD, x, y);
        if (!r)
            return VALUE_NULL;
        x = y;
        y = r;
    }
    return x;
}

static value_t m_gcd(const value_t *a, size_t n, value_t kw)
{
    (void)kw;
    value_t g = small_int(0);
    for (size_t i = 0; i < n; i++) {
        if (!is_int(a[i]))
            return vm_raise_type(&type_TypeError, "'%s' object cannot be interpreted as an integer", type_name_of(a[i]));
        if (!(g = gcd2(g, a[i])))
            return VALUE_NULL;
    }
    return g;
}

static value_t m_lcm(const value_t *a, size_t n, value_t kw)
{
    (void)kw;
    value_t l = small_int(1);
    for (size_t i = 0; i < n; i++) {
        if (!is_int(a[i]))
            return vm_raise_type(&type_TypeError, "'%s' object cannot be interpreted as an integer", type_name_of(a[i]));
        if (int_sign(a[i]) == 0)
            return small_int(0);
        value_t g = gcd2(l, a[i]);
        value_t p = g ? int_binary_op(OP_MUL, l, a[i]) : VALUE_NULL;
        if (!p || !(l = int_binary_op(OP_FLOORDIV, p, g)))
            return VALUE_NULL;
        if (int_sign(l) < 0 && !(l = int_binary_op(OP_SUB, small_int(0), l)))
            return VALUE_NULL;
    }
    return l;
}

static value_t m_factorial(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("factorial", n, kw, 1, 1))
        return VALUE_NULL;
    if (!is_int(a[0]))
        return vm_raise_type(&type_TypeError, "'%s' object cannot be interpreted as an integer", type_name_of(a[0]));
    int64_t k;
    if (!int_as_i64(a[0], &k))
        return VALUE_NULL;
    if (k < 0)
        return vm_raise_type(&type_ValueError, "factorial() not defined for negative values");
    value_t r = small_int(1);
    for (int64_t i = 2; i <= k; i++)
        if (!(r = int_binary_op(OP_MUL, r, int_from_i64(i))))
            return VALUE_NULL;
    return r;
}

static value_t m_isqrt(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("isqrt", n, kw, 1, 1))
        return VALUE_NULL;
    value_t x = a[0];
    if (!is_int(x))
        return vm_raise_type(&type_TypeError, "'%s' object cannot be interpreted as an integer", type_name_of(x));
    if (int_sign(x) < 0)
        return vm_raise_type(&type_ValueError, "isqrt() argument must be nonnegative");
    if (int_sign(x) == 0)
        return small_int(0);
    /* Newton from above */
    size_t bits = int_bit_length(x);
    value_t r = int_binary_op(OP_LSHIFT, small_int(1), small_int((intptr_t)(bits + 1) / 2));
    for (;;) {
        value_t q = int_binary_op(OP_FLOORDIV, x, r);
        value_t s = q ? int_binary_op(OP_ADD, r, q) : VALUE_NULL;
        value_t nr = s ? int_binary_op(OP_RSHIFT, s, small_int(1)) : VALUE_NULL;
        if (!nr)
            return VALUE_NULL;
        if (int_cmp(nr, r) >= 0)
            return r;
        r = nr;
    }
}

static value_t m_comb_perm(const value_t *a, size_t n, value_t kw, bool comb)
{
    if (!arg_check(comb ? "comb" : "perm", n, kw, comb ? 2 : 1, 2))
        return VALUE_NULL;
    int64_t nn, k;
    if (!is_int(a[0]) || (n > 1 && !is_int(a[1])))
        return vm_raise_type(&type_TypeError, "'%s' object cannot be interpreted as an integer", type_name_of(a[0]));
    if (!int_as_i64(a[0], &nn))
        return VALUE_NULL;
    k = nn;
    if (n > 1 && a[1] != VALUE_NONE && !int_as_i64(a[1], &k))
        return VALUE_NULL;
    if (nn < 0 || k < 0)
        return vm_raise_type(&type_ValueError, "%s must be a non-negative integer", nn < 0 ? "n" : "k");
    if (k > nn)
        return small_int(0);
    if (comb && k > nn - k)
        k = nn - k;
    value_t r = small_int(1);
    for (int64_t i = 0; i < k; i++) {
        if (!(r = int_binary_op(OP_MUL, r, int_from_i64(nn - i))))
            return VALUE_NULL;
        if (comb && !(r = int_binary_op(OP_FLOORDIV, r, int_from_i64(i + 1))))
            return VALUE_NULL;
    }
    return r;
}
static value_t m_comb(const value_t *a, size_t n, value_t kw) { return m_comb_perm(a, n, kw, true); }
static value_t m_perm(const value_t *a, size_t n, value_t kw) { return m_comb_perm(a, n, kw, false); }

static value_t m_isclose(const value_t *a, size_t n, value_t kw)
{
    static const char *const names[] = {"a", "b", "rel_tol", "abs_tol"};
    value_t v[4];
    if (!arg_parse("isclose", a, n, kw, 4, names, v, 2))
        return VALUE_NULL;
    double x, y, rt = 1e-9, at = 0;
    if (!arg_double(v[0], &x) || !arg_double(v[1], &y) || (v[2] && !arg_double(v[2], &rt)) ||
        (v[3] && !arg_double(v[3], &at)))
        return VALUE_NULL;
    if (rt < 0 || at < 0)
        return vm_raise_type(&type_ValueError, "tolerances must be non-negative");
    if (x == y)
        return VALUE_TRUE;
    if (math_isinf(x) || math_isinf(y))
        return VALUE_FALSE;
    double d = math_fabs(y - x);
    return bool_value(d <= math_fabs(rt * y) || d <= math_fabs(rt * x) || d <= at);
}

static value_t m_fsum(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("fsum", n, kw, 1, 1))
        return VALUE_NULL;
    value_t it = vm_iter(a[0]);
    if (!it)
        return VALUE_NULL;
    /* Shewchuk's exact partials, as CPython */
    double p[64];
    size_t np = 0;
    for (;;) {
        value_t v = vm_next(it);
        if (!v)
            return VALUE_NULL;
        if (v == VALUE_STOP)
            break;
        double x;
        if (!arg_double(v, &x))
            return VALUE_NULL;
        size_t i = 0;
        for (size_t j = 0; j < np; j++) {
            double y = p[j];
            if (math_fabs(x) < math_fabs(y)) {
                double t = x;
                x = y;
                y = t;
            }
            double hi = x + y, lo = y - (hi - x);
            if (lo != 0)
                p[i++] = lo;
            x = hi;
        }
        if (i >= 64)
            return vm_raise_type(&type_MemoryError, "fsum: too many partials");
        np = i;
        p[np++] = x;
    }
    double hi = 0;
    if (np) {
        size_t k = np;
        hi = p[--k];
        double lo = 0;
        while (k > 0) {
            double x = hi, y = p[--k];
            hi = x + y;
            double yr = hi - x;
            lo = y - yr;
            if (lo != 0)
                break;
        }
        if (k > 0 && ((lo < 0 && p[k - 1] < 0) || (lo > 0 && p[k - 1] > 0))) {
            double y = lo * 2, x = hi + y, yr = x - hi;
            if (y == yr)
                hi = x;
        }
    }
    return float_new(hi);
}

static value_t m_prod(const value_t *a, size_t n, value_t kw)
{
    static const char *const names[] = {"iterable", "start"};
    value_t v[2];
    if (!arg_parse("prod", a, n, kw, 2, names, v, 1))
        return VALUE_NULL;
    value_t acc = v[1] ? v[1] : small_int(1);
    value_t it = vm_iter(v[0]);
    if (!it)
        return VALUE_NULL;
    for (;;) {
        value_t x = vm_next(it);
        if (!x)
            return VALUE_NULL;
        if (x == VALUE_STOP)
            return acc;
        if (!(acc = vm_binary_op(OP_MUL, acc, x)))
            return VALUE_NULL;
    }
}

static value_t m_degrees(const value_t *a, size_t n, value_t kw)
{
    double x;
    if (!arg_check("degrees", n, kw, 1, 1) || !arg_double(a[0], &x)) return VALUE_NULL;
    return float_new(x * (180.0 / MATH_PI));
}
static value_t m_radians(const value_t *a, size_t n, value_t kw)
{
    double x;
    if (!arg_check("radians", n, kw, 1, 1) || !arg_double(a[0], &x)) return VALUE_NULL;
    return float_new(x * (MATH_PI / 180.0));
}

MATH1(exp2, math_exp2, 0)
MATH1(cbrt, math_cbrt, 0)
MATH1(gamma, math_gamma, x <= 0 && x == math_trunc(x))
MATH1(lgamma, math_lgamma, math_isfinite(x) && x <= 0 && x == math_trunc(x))
static value_t m_remainder(const value_t *a, size_t n, value_t kw)
{
    double x, y;
    if (!arg_check("remainder", n, kw, 2, 2) || !arg_double(a[0], &x) || !arg_double(a[1], &y)) return VALUE_NULL;
    if (!math_isnan(x) && !math_isnan(y) && (math_isinf(x) || y == 0))
        return vm_raise_type(&type_ValueError, "math domain error");
    return float_new(math_remainder(x, y));
}
static value_t m_nextafter(const value_t *a, size_t n, value_t kw)
{
    double x, y;
    if (!arg_check("nextafter", n, kw, 2, 2) || !arg_double(a[0], &x) || !arg_double(a[1], &y)) return VALUE_NULL;
    return float_new(math_nextafter(x, y));
}
static value_t m_ulp(const value_t *a, size_t n, value_t kw)
{
    double x;
    if (!arg_check("ulp", n, kw, 1, 1) || !arg_double(a[0], &x)) return VALUE_NULL;
    x = math_fabs(x);
    if (math_isnan(x) || math_isinf(x))
        return float_new(x);
    double up = math_nextafter(x, MATH_INF);
    if (math_isinf(up))                 /* the largest double: the gap below it */
        return float_new(x - math_nextafter(x, -MATH_INF));
    return float_new(up - x);
}

static const method_def_t math_functions[] = {
    {"sqrt", m_sqrt, 0}, {"exp", m_exp, 0}, {"expm1", m_expm1, 0}, {"log", m_log, 0}, {"log2", m_log2, 0},
    {"log10", m_log10, 0}, {"log1p", m_log1p, 0}, {"sin", m_sin, 0}, {"cos", m_cos, 0}, {"tan", m_tan, 0},
    {"asin", m_asin, 0}, {"acos", m_acos, 0}, {"atan", m_atan, 0}, {"atan2", m_atan2, 0}, {"sinh", m_sinh, 0},
    {"fabs", m_fabs, 0}, {"pow", m_pow, 0}, {"hypot", m_hypot, 0}, {"floor", m_floor, 0}, {"ceil", m_ceil, 0},
    {"trunc", m_trunc, 0}, {"isnan", m_isnan, 0}, {"isinf", m_isinf, 0}, {"isfinite", m_isfinite, 0},
    {"copysign", m_copysign, 0}, {"fmod", m_fmod, 0}, {"modf", m_modf, 0}, {"frexp", m_frexp, 0},
    {"ldexp", m_ldexp, 0}, {"gcd", m_gcd, 0}, {"lcm", m_lcm, 0}, {"factorial", m_factorial, 0},
    {"isqrt", m_isqrt, 0}, {"comb", m_comb, 0}, {"perm", m_perm, 0}, {"isclose", m_isclose, 0},
    {"fsum", m_fsum, 0}, {"prod", m_prod, 0}, {"cosh", m_cosh, 0}, {"tanh", m_tanh, 0}, {"erf", m_erf, 0},
    {"erfc", m_erfc, 0}, {"asinh", m_asinh, 0}, {"acosh", m_acosh, 0}, {"atanh", m_atanh, 0}, {"dist", m_dist, 0}, {"degrees", m_degrees, 0}, {"radians", m_radians, 0},
    {"exp2", m_exp2, 0}, {"cbrt", m_cbrt, 0}, {"gamma", m_gamma, 0}, {"lgamma", m_lgamma, 0},
    {"remainder", m_remainder, 0}, {"nextafter", m_nextafter, 0}, {"ulp", m_ulp, 0},
    {0, 0, 0},
};

static value_t init_math(value_t m)
{
    if (!module_add_functions(m, math_functions) || !set_attr(m, "pi", float_new(MATH_PI)) ||
        !set_attr(m, "e", float_new(MATH_E)) || !set_attr(m, "tau", float_new(2 * MATH_PI)) ||
        !set_attr(m, "inf", float_new(MATH_INF)) || !set_attr(m, "nan", float_new(MATH_NAN)))
        return VALUE_NULL;
    return m;
}

/* ---- struct ---- */
struct fmt_item { char code; size_t count; size_t size; size_t offset; };
#define MAX_ITEMS 4096          /* runs in one format */
#define LOCAL_ITEMS 16

static size_t native_size(char c)
{
    switch (c) {
    case 'x': case 'c': case 'b': case 'B': case '?': case 's': case 'p': return 1;
    case 'h': case 'H': case 'e': return 2;
    case 'i': case 'I': case 'f': return 4;
    case 'l': case 'L': case 'q': case 'Q': case 'n': case 'N': case 'd': case 'P': return 8;
    default: return 0;
    }
}

static size_t std_size(char c)
{
    switch (c) {
    case 'l': case 'L': case 'i': case 'I': case 'f': return 4;
    default: return native_size(c);
    }
}

/* Parses fmt into runs; returns their number or -1. A run is one s/p
 * field (count = its length) or `count` scalars of one code laid end to
 * end ("<49152i" is one run, so a GGUF vocabulary is one call). *values:
 * how many Python values the format packs / unpacks. */
static long parse_format(value_t fmtv, struct fmt_item *items, size_t cap, size_t *total, bool *little,
                         size_t *values)
{
    const char *f;
    size_t flen;
    if (is_str(fmtv)) {
        f = str_data(fmtv);
        flen = str_len(fmtv);
    } else if (is_bytes(fmtv)) {
        f = (const char *)((str_obj_t *)fmtv)->data;
        flen = str_len(fmtv);
    } else {
        vm_raise_type(&type_TypeError, "Struct() argument 1 must be a str or bytes object, not %s", type_name_of(fmtv));
        return -1;
    }
    size_t i = 0;
    bool native = true;
    *little = true;
    if (flen && (f[0] == '@' || f[0] == '=' || f[0] == '<' || f[0] == '>' || f[0] == '!')) {
        native = f[0] == '@';
        *little = f[0] != '>' && f[0] != '!';
        i = 1;
    }
    size_t off = 0, n = 0, nvalues = 0;
    while (i < flen) {
        char c = f[i];
        if (c == ' ' || c == '\t' || c == '\n') {
            i++;
            continue;
        }
        size_t count = 1;
        bool has_count = false;
        if (c >= '0' && c <= '9') {
            count = 0;
            while (i < flen && f[i] >= '0' && f[i] <= '9')
            {
                count = count * 10 + (size_t)(f[i++] - '0');
                if (count > ((size_t)1 << 40)) {
                    vm_raise_type(&type_ValueError, "total struct size too long");
                    return -1;
                }
            }
            has_count = true;
            if (i >= flen) {
                vm_raise_type(&type_ValueError, "repeat count given without format specifier");
                return -1;
            }
            c = f[i];
        }
        (void)has_count;
        i++;
        size_t sz = native ? native_size(c) : std_size(c);
        if (!sz || (!native && (c == 'n' || c == 'N' || c == 'P'))) {
            vm_raise_type(&type_ValueError, "bad char in struct format");
            return -1;
        }
        if (native && c != 's' && c != 'p' && c != 'x' && c != 'c' && c != 'b' && c != 'B' && c != '?')
            off = (off + sz - 1) / sz * sz;
        if (c == 's' || c == 'p') {
            if (n >= cap) { vm_raise_type(&type_ValueError, "struct format too long"); return -1; }
            if (items)
                items[n] = (struct fmt_item){c, count, 1, off};
            n++;
            off += count;
            nvalues++;
        } else if (c == 'x') {
            off += count;
        } else if (count) {
            if (n >= cap) { vm_raise_type(&type_ValueError, "struct format too long"); return -1; }
            if (count > ((size_t)1 << 40) / sz) {
                vm_raise_type(&type_ValueError, "total struct size too long");
                return -1;
            }
            if (items)
                items[n] = (struct fmt_item){c, count, sz, off};
            n++;
            off += count * sz;
            nvalues += count;
        }
    }
    *total = off;
    *values = nvalues;
    return (long)n;
}

/* The runs of a format: in `local` when they fit (nearly every format),
 * else in a GC block; a first pass only counts them. */
static long parse_runs(value_t fmtv, struct fmt_item *local, size_t local_cap, struct fmt_item **items,
                       size_t *total, bool *little, size_t *values)
{
    long n = parse_format(fmtv, 0, MAX_ITEMS, total, little, values);
    if (n < 0)
        return -1;
    *items = (size_t)n <= local_cap ? local : gc_alloc(sizeof(struct fmt_item) * (size_t)n, GC_LEAF);
    if (!*items)
        return -1;
    return parse_format(fmtv, *items, (size_t)n, total, little, values);
}

static void put_uint(uint8_t *p, uint64_t v, size_t size, bool little)
{
    for (size_t i = 0; i < size; i++) {
        size_t k = little ? i : size - 1 - i;
        p[k] = (uint8_t)(v >> (8 * i));
    }
}

static uint64_t get_uint(const uint8_t *p, size_t size, bool little)
{
    uint64_t v = 0;
    for (size_t i = 0; i < size; i++) {
        size_t k = little ? i : size - 1 - i;
        v |= (uint64_t)p[k] << (8 * i);
    }
    return v;
}

static uint16_t double_to_half(double d, bool *overflow)
{
    /* round-to-nearest-even conversion to IEEE binary16 */
    uint64_t bits;
    memcpy(&bits, &d, 8);
    uint16_t sign = (uint16_t)((bits >> 48) & 0x8000);
    int e = (int)((bits >> 52) & 0x7ff);
    uint64_t m = bits & 0xfffffffffffffull;
    *overflow = false;
    if (e == 0x7ff)
        return sign | 0x7c00 | (m ? 0x200 : 0);
    if (e == 0 && m == 0)
        return sign;
    int ue = e - 1023;
    if (ue > 15) {
        *overflow = true;
        return 0;
    }
    m |= 1ull << 52;
    int shift;
    uint16_t he;
    if (ue < -14) {
        shift = 42 + (-14 - ue);
        he = 0;
        if (shift > 63)
            return sign;
    } else {
        shift = 42;
        he = (uint16_t)(ue + 15);
        m &= ~(1ull << 52);
    }
    uint64_t q = m >> shift, rem = m & ((1ull << shift) - 1), half = 1ull << (shift - 1);
    if (rem > half || (rem == half && (q & 1)))
        q++;
    uint32_t r = ((uint32_t)he << 10) + (uint32_t)q;
    if (r >= 0x7c00) {
        *overflow = true;
        return 0;
    }
    return sign | (uint16_t)r;
}

static double half_to_double(uint16_t h)
{
    int e = (h >> 10) & 0x1f;
    int m = h & 0x3ff;
    double v;
    if (e == 0)
        v = math_ldexp((double)m, -24);
    else if (e == 31)
        v = m ? MATH_NAN : MATH_INF;
    else
        v = math_ldexp((double)(m | 0x400), e - 25);
    return (h & 0x8000) ? -v : v;
}

static bool pack_one(const struct fmt_item *it, bool little, uint8_t *p, value_t v);

static bool pack_into(struct fmt_item *items, long n, size_t nvalues, bool little, uint8_t *buf,
                      const value_t *args, size_t nargs)
{
    if (nvalues != nargs) {
        vm_raise_type(&type_ValueError, "pack expected %zu items for packing (got %zu)", nvalues, nargs);
        return false;
    }
    size_t arg = 0;
    for (long i = 0; i < n; i++) {
        struct fmt_item *it = &items[i];
        if (it->code == 's' || it->code == 'p') {
            if (!pack_one(it, little, buf + it->offset, args[arg++]))
                return false;
            continue;
        }
        for (size_t k = 0; k < it->count; k++)
            if (!pack_one(it, little, buf + it->offset + k * it->size, args[arg++]))
                return false;
    }
    return true;
}

/* One value: an s/p field, or one scalar of a run. */
static bool pack_one(const struct fmt_item *it, bool little, uint8_t *p, value_t v)
{
    {
        char c = it->code;
        if (c == 's' || c == 'p') {
            struct buffer_info bi;
            if (!is_bytes(v) && !(is_obj(v) && type_of(v) == &type_bytearray)) {
                vm_raise_type(&type_ValueError, "argument for 's' must be a bytes object");
                return false;
            }
            vm_get_buffer(v, &bi, false);
            size_t k = bi.len < it->count ? bi.len : it->count;
            if (c == 'p') {
                size_t maxk = it->count ? it->count - 1 : 0;
                if (k > maxk) k = maxk;
                if (it->count) p[0] = (uint8_t)(k > 255 ? 255 : k);
                memcpy(p + 1, bi.data, k);
            } else {
                memcpy(p, bi.data, k);
            }
            return true;
        }
        if (c == 'c') {
            struct buffer_info bi;
            if ((!is_bytes(v) && !(is_obj(v) && type_of(v) == &type_bytearray)) || !vm_get_buffer(v, &bi, false) ||
                bi.len != 1) {
                vm_take_exception();
                vm_raise_type(&type_ValueError, "char format requires a bytes object of length 1");
                return false;
            }
            p[0] = bi.data[0];
            return true;
        }
        if (c == '?') {
            int t = vm_truth(v);
            if (t < 0)
                return false;
            p[0] = (uint8_t)t;
            return true;
        }
        if (c == 'f' || c == 'd' || c == 'e') {
            double d;
            if (!vm_as_double(v, &d)) {
                vm_take_exception();
                vm_raise_type(&type_TypeError, "required argument is not a float");
                return false;
            }
            if (c == 'd') {
                uint64_t b;
                memcpy(&b, &d, 8);
                put_uint(p, b, 8, little);
            } else if (c == 'f') {
                float fl = (float)d;
                if (math_isinf(fl) && math_isfinite(d)) {
                    vm_raise_type(&type_OverflowError, "float too large to pack with f format");
                    return false;
                }
                uint32_t b;
                memcpy(&b, &fl, 4);
                put_uint(p, b, 4, little);
            } else {
                bool of;
                uint16_t h = double_to_half(d, &of);
                if (of) {
                    vm_raise_type(&type_OverflowError, "float too large to pack with e format");
                    return false;
                }
                put_uint(p, h, 2, little);
            }
            return true;
        }
        /* integers */
        if (!is_int(v)) {
            bool found;
            value_t r = type_is_heap(type_of(v)) ? call_dunder(v, NAME(__index__), 0, 0, &found) : VALUE_NULL;
            if (!r) {
                vm_take_exception();
                vm_raise_type(&type_TypeError, "required argument is not an integer");
                return false;
            }
            v = r;
        }
        bool is_signed = c == 'b' || c == 'h' || c == 'i' || c == 'l' || c == 'q' || c == 'n';
        size_t sz = it->size;
        int64_t sv;
        uint64_t uv;
        bool ok;
        if (is_signed) {
            ok = int_as_i64(v, &sv);
            if (ok && sz < 8) {
                int64_t lo = -((int64_t)1 << (8 * sz - 1)), hi = ((int64_t)1 << (8 * sz - 1)) - 1;
                ok = sv >= lo && sv <= hi;
                if (!ok) {
                    if (c == 'b')
                        vm_raise_type(&type_ValueError, "byte format requires -128 <= number <= 127");
                    else if (c == 'h')
                        vm_raise_type(&type_ValueError, "short format requires -32768 <= number <= 32767");
                    else
                        vm_raise_type(&type_ValueError, "'%c' format requires %lld <= number <= %lld", c,
                                      (long long)lo, (long long)hi);
                    return false;
                }
            }
            if (!ok) {
                vm_take_exception();
                vm_raise_type(&type_ValueError, "'%c' format requires %lld <= number <= %lld", c,
                              (long long)INT64_MIN, (long long)INT64_MAX);
                return false;
            }
            uv = (uint64_t)sv;
        } else {
            ok = int_sign(v) >= 0;
            if (ok) {
                if (is_small_int(v)) {
                    uv = (uint64_t)small_int_value(v);
                } else {
                    value_t b = int_to_bytes(v, 8, true, false);
                    if (!b) {
                        vm_take_exception();
                        ok = false;
                    } else {
                        uv = get_uint((const uint8_t *)((str_obj_t *)b)->data, 8, true);
                    }
                }
            }
            if (ok && sz < 8)
                ok = uv <= ((uint64_t)1 << (8 * sz)) - 1;
            if (!ok) {
                if (c == 'B')
                    vm_raise_type(&type_ValueError, "ubyte format requires 0 <= number <= 255");
                else if (c == 'H')
                    vm_raise_type(&type_ValueError, "ushort format requires 0 <= number <= 65535");
                else
                    vm_raise_type(&type_ValueError, "'%c' format requires 0 <= number <= %llu", c,
                                  (unsigned long long)(sz < 8 ? ((uint64_t)1 << (8 * sz)) - 1 : UINT64_MAX));
                return false;
            }
        }
        put_uint(p, uv, sz, little);
    }
    return true;
}

static value_t struct_error;     /* struct.error, made by init_struct */

/* Errors of pack/unpack are struct.error in CPython. */
static value_t struct_result(value_t r)
{
    if (r || !struct_error || !vm_error_pending() || type_of(vm_current->exc) != &type_ValueError)
        return r;
    value_t e = vm_take_exception();
    value_t ne = vm_call(struct_error, as_tuple(((exception_obj_t *)e)->args)->items,
                         as_tuple(((exception_obj_t *)e)->args)->len, VALUE_NULL);
    return ne ? vm_raise(ne) : VALUE_NULL;
}

static value_t st_calcsize_(const value_t *a, size_t n, value_t kw);
static value_t st_calcsize(const value_t *a, size_t n, value_t kw)
{
    return struct_result(st_calcsize_(a, n, kw));
}
static value_t st_calcsize_(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("calcsize", n, kw, 1, 1))
        return VALUE_NULL;
    size_t total, nvalues;
    bool little;
    if (parse_format(a[0], 0, MAX_ITEMS, &total, &little, &nvalues) < 0)
        return VALUE_NULL;
    return int_from_u64(total);
}

static value_t st_pack_(const value_t *a, size_t n, value_t kw);
static value_t st_pack(const value_t *a, size_t n, value_t kw)
{
    return struct_result(st_pack_(a, n, kw));
}
static value_t st_pack_(const value_t *a, size_t n, value_t kw)
{
    if (n < 1 || (kw && as_tuple(kw)->len))
        return vm_raise_type(&type_TypeError, "pack expected at least 1 argument");
    struct fmt_item local[LOCAL_ITEMS], *items;
    size_t total, nvalues;
    bool little;
    long ni = parse_runs(a[0], local, LOCAL_ITEMS, &items, &total, &little, &nvalues);
    if (ni < 0)
        return VALUE_NULL;
    uint8_t *buf = gc_alloc(total + 1, GC_LEAF);
    if (!buf || !pack_into(items, ni, nvalues, little, buf, a + 1, n - 1))
        return VALUE_NULL;
    return bytes_new(buf, total);
}

static value_t unpack_one(const struct fmt_item *it, bool little, const uint8_t *p);

static value_t unpack_at(struct fmt_item *items, long ni, size_t nvalues, bool little, const uint8_t *data)
{
    value_t t = tuple_new(nvalues);
    if (!t)
        return VALUE_NULL;
    size_t out = 0;
    for (long i = 0; i < ni; i++) {
        struct fmt_item *it = &items[i];
        size_t reps = it->code == 's' || it->code == 'p' ? 1 : it->count;
        for (size_t k = 0; k < reps; k++) {
            value_t v = unpack_one(it, little, data + it->offset + k * it->size);
            if (!v)
                return VALUE_NULL;
            as_tuple(t)->items[out++] = v;
        }
    }
    return t;
}

/* One value: an s/p field, or one scalar of a run. */
static value_t unpack_one(const struct fmt_item *it, bool little, const uint8_t *p)
{
    {
        value_t v;
        switch (it->code) {
        case 's': v = bytes_new(p, it->count); break;
        case 'p': {
            size_t k = it->count ? p[0] : 0;
            if (it->count && k > it->count - 1) k = it->count - 1;
            v = bytes_new(p + 1, k);
            break;
        }
        case 'c': v = bytes_new(p, 1); break;
        case '?': v = bool_value(p[0] != 0); break;
        case 'd': {
            uint64_t b = get_uint(p, 8, little);
            double d;
            memcpy(&d, &b, 8);
            v = float_new(d);
            break;
        }
        case 'f': {
            uint32_t b = (uint32_t)get_uint(p, 4, little);
            float fl;
            memcpy(&fl, &b, 4);
            v = float_new((double)fl);
            break;
        }
        case 'e': v = float_new(half_to_double((uint16_t)get_uint(p, 2, little))); break;
        default: {
            uint64_t u = get_uint(p, it->size, little);
            char c = it->code;
            bool is_signed = c == 'b' || c == 'h' || c == 'i' || c == 'l' || c == 'q' || c == 'n';
            if (is_signed) {
                if (it->size < 8 && (u >> (8 * it->size - 1)) & 1)
                    u |= ~(uint64_t)0 << (8 * it->size);
                v = int_from_i64((int64_t)u);
            } else {
                v = int_from_u64(u);
            }
        }
        }
        return v;
    }
}

static value_t st_unpack_(const value_t *a, size_t n, value_t kw);
static value_t st_unpack(const value_t *a, size_t n, value_t kw)
{
    return struct_result(st_unpack_(a, n, kw));
}
static value_t st_unpack_(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("unpack", n, kw, 2, 2))
        return VALUE_NULL;
    struct fmt_item local[LOCAL_ITEMS], *items;
    size_t total, nvalues;
    bool little;
    long ni = parse_runs(a[0], local, LOCAL_ITEMS, &items, &total, &little, &nvalues);
    if (ni < 0)
        return VALUE_NULL;
    struct buffer_info bi;
    if (!vm_get_buffer(a[1], &bi, false))
        return VALUE_NULL;
    if (bi.len != total)
        return vm_raise_type(&type_ValueError, "unpack requires a buffer of %zu bytes", total);
    return unpack_at(items, ni, nvalues, little, bi.data);
}

static value_t st_unpack_from_(const value_t *a, size_t n, value_t kw);
static value_t st_unpack_from(const value_t *a, size_t n, value_t kw)
{
    return struct_result(st_unpack_from_(a, n, kw));
}
static value_t st_unpack_from_(const value_t *a, size_t n, value_t kw)
{
    static const char *const names[] = {"format", "buffer", "offset"};
    value_t v[3];
    if (!arg_parse("unpack_from", a, n, kw, 3, names, v, 2))
        return VALUE_NULL;
    struct fmt_item local[LOCAL_ITEMS], *items;
    size_t total, nvalues;
    bool little;
    long ni = parse_runs(v[0], local, LOCAL_ITEMS, &items, &total, &little, &nvalues);
    if (ni < 0)
        return VALUE_NULL;
    struct buffer_info bi;
    if (!vm_get_buffer(v[1], &bi, false))
        return VALUE_NULL;
    intptr_t off = 0;
    if (v[2] && !vm_index(v[2], &off))
        return VALUE_NULL;
    if (off < 0)
        off += (intptr_t)bi.len;
    if (off < 0 || (size_t)off + total > bi.len)
        return vm_raise_type(&type_ValueError, "unpack_from requires a buffer of at least %zu bytes for unpacking %zu bytes at offset %zd (actual buffer size is %zu)",
                             (size_t)off + total, total, off, bi.len);
    return unpack_at(items, ni, nvalues, little, bi.data + off);
}

static value_t st_iter_unpack_(const value_t *a, size_t n, value_t kw);
static value_t st_iter_unpack(const value_t *a, size_t n, value_t kw)
{
    return struct_result(st_iter_unpack_(a, n, kw));
}
static value_t st_iter_unpack_(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("iter_unpack", n, kw, 2, 2))
        return VALUE_NULL;
    struct fmt_item local[LOCAL_ITEMS], *items;
    size_t total, nvalues;
    bool little;
    long ni = parse_runs(a[0], local, LOCAL_ITEMS, &items, &total, &little, &nvalues);
    if (ni < 0)
        return VALUE_NULL;
    struct buffer_info bi;
    if (!vm_get_buffer(a[1], &bi, false))
        return VALUE_NULL;
    if (total == 0)
        return vm_raise_type(&type_ValueError, "cannot iteratively unpack with a struct of length 0");
    if (bi.len % total)
        return vm_raise_type(&type_ValueError, "iterative unpacking requires a buffer of a multiple of %zu bytes", total);
    value_t l = list_new(0);
    for (size_t off = 0; l && off < bi.len; off += total) {
        value_t t = unpack_at(items, ni, nvalues, little, bi.data + off);
        if (!t || !list_append(l, t))
            return VALUE_NULL;
    }
    return l ? vm_iter(l) : VALUE_NULL;
}

static value_t st_pack_into_(const value_t *a, size_t n, value_t kw);
static value_t st_pack_into(const value_t *a, size_t n, value_t kw)
{
    return struct_result(st_pack_into_(a, n, kw));
}
static value_t st_pack_into_(const value_t *a, size_t n, value_t kw)
{
    if (n < 3 || (kw && as_tuple(kw)->len))
        return vm_raise_type(&type_TypeError, "pack_into expected at least 3 arguments");
    struct fmt_item local[LOCAL_ITEMS], *items;
    size_t total, nvalues;
    bool little;
    long ni = parse_runs(a[0], local, LOCAL_ITEMS, &items, &total, &little, &nvalues);
    if (ni < 0)
        return VALUE_NULL;
    struct buffer_info bi;
    if (!vm_get_buffer(a[1], &bi, true))
        return VALUE_NULL;
    intptr_t off;
    if (!vm_index(a[2], &off))
        return VALUE_NULL;
    if (off < 0)
        off += (intptr_t)bi.len;
    if (off < 0 || (size_t)off + total > bi.len)
        return vm_raise_type(&type_ValueError, "pack_into requires a buffer of at least %zu bytes", (size_t)off + total);
    uint8_t *tmp = gc_alloc(total + 1, GC_LEAF);
    if (!tmp || !pack_into(items, ni, nvalues, little, tmp, a + 3, n - 3))
        return VALUE_NULL;
    memcpy(bi.data + off, tmp, total);
    return VALUE_NONE;
}

static const method_def_t struct_functions[] = {
    {"calcsize", st_calcsize, 0}, {"pack", st_pack, 0}, {"unpack", st_unpack, 0},
    {"unpack_from", st_unpack_from, 0}, {"iter_unpack", st_iter_unpack, 0}, {"pack_into", st_pack_into, 0},
    {0, 0, 0},
};

static value_t init_struct(value_t m)
{
    if (!module_add_functions(m, struct_functions))
        return VALUE_NULL;
    /* struct.error */
    value_t name = str_intern_cstr("error");
    value_t bases_items[1] = {obj_value(&type_Exception)};
    value_t bases = tuple_from_array(bases_items, 1);
    value_t ns = dict_new(0);
    if (!name || !bases || !ns || !dict_set(ns, NAME(__module__), str_new_cstr("struct")) ||
        !dict_set(ns, NAME(__qualname__), name))
        return VALUE_NULL;
    value_t cls = class_new(name, bases, ns, VALUE_NULL);
    if (!struct_error)
        gc_add_root(&struct_error, 1);
    struct_error = cls;
    return cls && set_attr(m, "error", cls) ? m : VALUE_NULL;
}

/* ---- hashlib: SHA-256 (FIPS 180-4) ---- */
typedef struct {
    obj_t base;
    uint32_t h[8];
    uint64_t length;        /* bytes */
    uint8_t block[64];
    uint32_t used;
} sha256_obj_t;

static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t ror(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static void sha256_block(uint32_t *h, const uint8_t *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t S1 = ror(e, 6) ^ ror(e, 11) ^ ror(e, 25);
        uint32_t ch = (e & f) ^ (~e & g);
        uint32_t t1 = hh + S1 + ch + K256[i] + w[i];
        uint32_t S0 = ror(a, 2) ^ ror(a, 13) ^ ror(a, 22);
        uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
        uint32_t t2 = S0 + maj;
        hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

static void sha256_update(sha256_obj_t *s, const uint8_t *p, size_t n)
{
    s->length += n;
    while (n) {
        if (s->used == 0 && n >= 64) {
            sha256_block(s->h, p);
            p += 64;
            n -= 64;
            continue;
        }
        size_t k = 64 - s->used < n ? 64 - s->used : n;
        memcpy(s->block + s->used, p, k);
        s->used += (uint32_t)k;
        p += k;
        n -= k;
        if (s->used == 64) {
            sha256_block(s->h, s->block);
            s->used = 0;
        }
    }
}

static void sha256_final(const sha256_obj_t *s0, uint8_t out[32])
{
    sha256_obj_t s = *s0;
    uint64_t bits = s.length * 8;
    uint8_t pad = 0x80;
    uint64_t saved = s.length;
    sha256_update(&s, &pad, 1);
    uint8_t zero = 0;
    while (s.used != 56)
        sha256_update(&s, &zero, 1);
    uint8_t len[8];
    for (int i = 0; i < 8; i++)
        len[i] = (uint8_t)(bits >> (56 - 8 * i));
    sha256_update(&s, len, 8);
    (void)saved;
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)(s.h[i] >> 24);
        out[4 * i + 1] = (uint8_t)(s.h[i] >> 16);
        out[4 * i + 2] = (uint8_t)(s.h[i] >> 8);
        out[4 * i + 3] = (uint8_t)s.h[i];
    }
}

static type_t type_sha256;

static bool data_of(value_t v, struct buffer_info *bi)
{
    if (is_str(v)) {
        vm_raise_type(&type_TypeError, "Strings must be encoded before hashing");
        return false;
    }
    return vm_get_buffer(v, bi, false);
}

static value_t sha256_update_m(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("update", n, kw, 2, 2))
        return VALUE_NULL;
    struct buffer_info bi;
    if (!data_of(a[1], &bi))
        return VALUE_NULL;
    sha256_update((sha256_obj_t *)a[0], bi.data, bi.len);
    return VALUE_NONE;
}

static value_t sha256_digest_m(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("digest", n, kw, 1, 1))
        return VALUE_NULL;
    uint8_t out[32];
    sha256_final((sha256_obj_t *)a[0], out);
    return bytes_new(out, 32);
}

static value_t sha256_hexdigest_m(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("hexdigest", n, kw, 1, 1))
        return VALUE_NULL;
    uint8_t out[32];
    char hex[64];
    sha256_final((sha256_obj_t *)a[0], out);
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = "0123456789abcdef"[out[i] >> 4];
        hex[2 * i + 1] = "0123456789abcdef"[out[i] & 15];
    }
    return str_new(hex, 64);
}

static value_t sha256_copy_m(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("copy", n, kw, 1, 1))
        return VALUE_NULL;
    sha256_obj_t *s = gc_alloc(sizeof *s, 0);
    if (!s)
        return VALUE_NULL;
    *s = *(sha256_obj_t *)a[0];
    return obj_value(s);
}

static value_t sha256_getattr(value_t self, value_t name)
{
    (void)self;
    const char *s = str_data(name);
    if (!strcmp(s, "digest_size")) return small_int(32);
    if (!strcmp(s, "block_size")) return small_int(64);
    if (!strcmp(s, "name")) return str_new_cstr("sha256");
    return VALUE_MISSING;
}

static const method_def_t sha256_methods[] = {
    {"update", sha256_update_m, 0}, {"digest", sha256_digest_m, 0}, {"hexdigest", sha256_hexdigest_m, 0},
    {"copy", sha256_copy_m, 0}, {0, 0, 0},
};

static value_t sha256_new(const value_t *a, size_t n, value_t kw)
{
    static const char *const names[] = {"data", "usedforsecurity"};
    value_t v[2];
    if (!arg_parse("sha256", a, n, kw, 2, names, v, 0))
        return VALUE_NULL;
    sha256_obj_t *s = gc_alloc(sizeof *s, 0);
    if (!s)
        return VALUE_NULL;
    s->base.type = &type_sha256;
    static const uint32_t init[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(s->h, init, sizeof init);
    if (v[0]) {
        struct buffer_info bi;
        if (!data_of(v[0], &bi))
            return VALUE_NULL;
        sha256_update(s, bi.data, bi.len);
    }
    return obj_value(s);
}

static type_t type_sha256 = {
    .base = {&type_type}, .name = "sha256", .parent = &type_object, .methods = sha256_methods,
    .getattr = sha256_getattr,
};

static value_t hashlib_new(const value_t *a, size_t n, value_t kw)
{
    if (n < 1 || !is_str(a[0]))
        return vm_raise_type(&type_TypeError, "new() argument 'name' must be str");
    if (strcmp(str_data(a[0]), "sha256"))
        return vm_raise_type(&type_ValueError, "unsupported hash type %s", str_data(a[0]));
    return sha256_new(a + 1, n - 1, kw);
}

static const method_def_t hashlib_functions[] = {
    {"sha256", sha256_new, 0}, {"new", hashlib_new, 0}, {0, 0, 0},
};

static value_t init_hashlib(value_t m)
{
    extern bool type_init_dict(type_t *t);
    static value_t keep;
    if (!type_sha256.dict) {
        if (!type_init_dict(&type_sha256))
            return VALUE_NULL;
        keep = type_sha256.dict;
        gc_add_root(&keep, 1);
    }
    return module_add_functions(m, hashlib_functions) ? m : VALUE_NULL;
}

/* ---- kernel ---- */
static value_t k_readline(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("readline", n, kw, 0, 1))
        return VALUE_NULL;
    static char line[CONSOLE_LINE_MAX];
    const char *prompt = "";
    if (n && is_str(a[0]))
        prompt = str_data(a[0]);
    enum line_status st = console_read_line(prompt, line, sizeof line);
    if (st == LINE_EOF)
        return VALUE_NONE;
    if (st == LINE_INTERRUPTED) {
        value_t e = exception_new(&type_KeyboardInterrupt, VALUE_EMPTY_TUPLE);
        return e ? vm_raise(e) : VALUE_NULL;
    }
    if (st == LINE_TOO_LONG) {
        kprintf("error: line too long (more than %d bytes); ignored\r\n", CONSOLE_LINE_MAX - 1);
        return str_new("", 0);
    }
    size_t len = strlen(line);
    value_t r = str_from_utf8(line, len);
    if (r || !vm_exception_matches(&type_UnicodeError))
        return r;
    /* bytes that are not UTF-8 become U+FFFD: the shell must survive garbage */
    vm_take_exception();
    strbuf_t b;
    strbuf_init(&b);
    for (size_t i = 0; i < len;) {
        uint8_t c = (uint8_t)line[i];
        size_t k = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
        bool ok = k && i + k <= len;
        for (size_t j = 1; ok && j < k; j++)
            ok = ((uint8_t)line[i + j] & 0xc0) == 0x80;
        if (ok && k > 1) {
            value_t t = str_from_utf8(line + i, k);
            if (!t) {
                vm_take_exception();
                ok = false;
            }
        }
        if (ok) {
            strbuf_add(&b, line + i, k);
            i += k;
        } else {
            strbuf_add_codepoint(&b, 0xfffd);
            i++;
        }
    }
    return strbuf_finish(&b);
}

static value_t k_uptime_us(const value_t *a, size_t n, value_t kw)
{
    (void)a; (void)n; (void)kw;
    return int_from_u64(arch_time_ns() / 1000);
}
static value_t k_timer_ticks(const value_t *a, size_t n, value_t kw)
{
    (void)a; (void)n; (void)kw;
    return int_from_u64(arch_timer_ticks());
}
static value_t k_timer_hz(const value_t *a, size_t n, value_t kw)
{
    (void)a; (void)n; (void)kw;
    return int_from_u64(arch_timer_hz());
}

/* kernel.getenv(name): the hosted process's environment variable, or
 * None (always None on the boards: they have no environment). */
static value_t k_getenv(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("getenv", n, kw, 1, 1))
        return VALUE_NULL;
    if (!is_str(a[0]))
        return vm_raise_type(&type_TypeError, "getenv() argument must be str, not %s", type_name_of(a[0]));
    const struct boot_info *bi = boot_info_saved;
    const char *name = str_data(a[0]);
    size_t len = str_len(a[0]);
    for (char **e = bi ? bi->envp : 0; e && *e; e++)
        if (!strncmp(*e, name, len) && (*e)[len] == '=')
            return str_new_cstr(*e + len + 1);
    return VALUE_NONE;
}

static value_t k_mem_info(const value_t *a, size_t n, value_t kw)
{
    (void)a; (void)n; (void)kw;
    value_t d = dict_new(0);
    value_t regions = list_new(0);
    if (!d || !regions)
        return VALUE_NULL;
    const struct boot_info *bi = boot_info_saved;
    for (int i = 0; bi && i < bi->region_count; i++) {
        value_t items[3] = {int_from_u64(bi->regions[i].base), int_from_u64(bi->regions[i].length),
                            small_int(bi->regions[i].type)};
        value_t t = tuple_from_array(items, 3);
        if (!t || !list_append(regions, t))
            return VALUE_NULL;
    }
    struct page_stats ps;
    page_stats(&ps);
    struct heap_stats hs;
    heap_stats(&hs);
    if (!dict_set_str(d, "regions", regions) || !dict_set_str(d, "page_size", small_int(PAGE_SIZE)) ||
        !dict_set_str(d, "managed_pages", int_from_u64(ps.managed_pages)) ||
        !dict_set_str(d, "free_pages", int_from_u64(ps.free_pages)) ||
        !dict_set_str(d, "heap_blocks", int_from_u64(hs.allocations)) ||
        !dict_set_str(d, "heap_in_use", int_from_u64(hs.bytes_in_use)) ||
        !dict_set_str(d, "heap_reserved", int_from_u64(hs.bytes_reserved)) ||
        !dict_set_str(d, "gc_free", int_from_u64(gc_mem_free())) ||
        !dict_set_str(d, "gc_alloc", int_from_u64(gc_mem_alloc())))
        return VALUE_NULL;
    return d;
}

static value_t k_cpu_info(const value_t *a, size_t n, value_t kw)
{
    (void)a; (void)n; (void)kw;
    struct cpu_info ci;
    memset(&ci, 0, sizeof ci);
    arch_cpu_info(&ci);
    value_t d = dict_new(0);
    value_t feats = list_new(0);
    if (!d || !feats)
        return VALUE_NULL;
    const char *p = ci.features;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *s = p;
        while (*p && *p != ' ')
            p++;
        if (p > s) {
            value_t f = str_new(s, (size_t)(p - s));
            if (!f || !list_append(feats, f))
                return VALUE_NULL;
        }
    }
    if (!dict_set_str(d, "vendor", str_new_cstr(ci.vendor)) || !dict_set_str(d, "brand", str_new_cstr(ci.brand)) ||
        !dict_set_str(d, "family", small_int(ci.family)) || !dict_set_str(d, "model", small_int(ci.model)) ||
        !dict_set_str(d, "stepping", small_int(ci.stepping)) || !dict_set_str(d, "tsc_hz", int_from_u64(ci.tsc_hz)) ||
        !dict_set_str(d, "features", feats))
        return VALUE_NULL;
    return d;
}

static value_t k_read_file(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("read_file", n, kw, 1, 1))
        return VALUE_NULL;
    if (!is_str(a[0]))
        return vm_raise_type(&type_TypeError, "read_file() argument must be str, not %s", type_name_of(a[0]));
    value_t b = vm_read_file(str_data(a[0]));
    if (b == VALUE_MISSING) {
        value_t items[2] = {small_int(2), str_new_cstr("No such file or directory")};
        if (!items[1])
            return VALUE_NULL;
        extern type_t type_FileNotFoundError;
        value_t e = exception_new(&type_FileNotFoundError, tuple_from_array(items, 2));
        return e ? vm_raise(e) : VALUE_NULL;
    }
    return b;
}

/* kernel.map_file(path): a read-only memoryview over the whole file,
 * mapped by the board (arch_file_map; hosted: mmap), not copied: this is
 * how model weights are used in place. Mappings live until the kernel
 * ends, so one file is mapped once: the views share it. */
typedef struct {
    obj_t base;
    const uint8_t *data;
    size_t len;
} mapped_file_obj_t;

static bool mapped_file_buffer(value_t self, struct buffer_info *out, bool writable)
{
    mapped_file_obj_t *m = (mapped_file_obj_t *)self;
    if (writable) {
        vm_raise_type(&type_TypeError, "a mapped file is read-only");
        return false;
    }
    out->data = (uint8_t *)m->data;
    out->len = m->len;
    out->readonly = true;
    return true;
}

static type_t type_mapped_file = {
    .base = {&type_type}, .name = "mapped_file", .parent = &type_object, .buffer = mapped_file_buffer,
};

__attribute__((weak)) int arch_file_map(const char *path, const uint8_t **data, size_t *len)
{
    (void)path;
    (void)data;
    (void)len;
    return -38;
}

static value_t mapped_files;         /* dict path -> mapped_file, a GC root */

static value_t k_map_file(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("map_file", n, kw, 1, 1))
        return VALUE_NULL;
    if (!is_str(a[0]))
        return vm_raise_type(&type_TypeError, "map_file() argument must be str, not %s", type_name_of(a[0]));
    if (!mapped_files) {
        extern bool type_init_dict(type_t *t);
        static value_t keep_type_dict;
        if (!type_mapped_file.dict) {
            if (!type_init_dict(&type_mapped_file) || !gc_add_root(&keep_type_dict, 1))
                return VALUE_NULL;
            keep_type_dict = type_mapped_file.dict;
        }
        mapped_files = dict_new(0);
        if (!mapped_files || !gc_add_root(&mapped_files, 1)) {
            mapped_files = VALUE_NULL;
            return VALUE_NULL;
        }
    }
    value_t m = dict_get(mapped_files, a[0]);
    if (m == VALUE_NULL)
        return VALUE_NULL;
    if (m == VALUE_MISSING) {
        const uint8_t *data;
        size_t len;
        if (strlen(str_data(a[0])) != str_len(a[0]))
            return vm_raise_type(&type_ValueError, "map_file: embedded null character in path");
        int err = arch_file_map(str_data(a[0]), &data, &len);
        if (err < 0) {
            const char *why = err == -2 ? "No such file or directory" : err == -13 ? "Permission denied"
                : err == -21 ? "Is a directory" : err == -22 ? "Not a regular file"
                : err == -38 ? "this board cannot map files" : err == -12 ? "Cannot allocate memory"
                : "cannot map the file";
            value_t items[3] = {small_int(-err), str_new_cstr(why), a[0]};
            if (!items[1])
                return VALUE_NULL;
            value_t e = vm_call(obj_value(&type_OSError), items, 3, VALUE_NULL);
            return e ? vm_raise(e) : VALUE_NULL;
        }
        mapped_file_obj_t *o = gc_alloc(sizeof *o, GC_LEAF);
        if (!o)
            return VALUE_NULL;
        o->base.type = &type_mapped_file;
        o->data = data;
        o->len = len;
        m = obj_value(o);
        if (!dict_set(mapped_files, a[0], m))
            return VALUE_NULL;
    }
    return vm_call(obj_value(&type_memoryview), &m, 1, VALUE_NULL);
}

static value_t k_traceback_entries(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("traceback_entries", n, kw, 1, 1))
        return VALUE_NULL;
    return traceback_entries(a[0]);
}

static value_t k_reboot(const value_t *a, size_t n, value_t kw)
{
    (void)a; (void)n; (void)kw;
    arch_reboot();
}

static value_t k_poweroff(const value_t *a, size_t n, value_t kw)
{
    (void)a; (void)n; (void)kw;
    arch_poweroff();
}

value_t frozen_module_names(void);
static value_t k_frozen_modules(const value_t *a, size_t n, value_t kw)
{
    (void)a; (void)n; (void)kw;
    return frozen_module_names();
}

/* kernel.load_code(data): a TPYC file -> code object (ValueError if bad). */
static value_t k_load_code(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("load_code", n, kw, 1, 1))
        return VALUE_NULL;
    struct buffer_info bi;
    if (!vm_get_buffer(a[0], &bi, false))
        return VALUE_NULL;
    return code_load(bi.data, bi.len);
}

/* The C shell's commands (kernel/core/shell.c and the tables subsystems
 * register: jit, tensor, panic-test in debug builds), so the Python shell
 * can offer them: [(name, usage, summary)]. */
static value_t k_c_commands(const value_t *a, size_t n, value_t kw)
{
    (void)a;
    if (!arg_check("c_commands", n, kw, 0, 0))
        return VALUE_NULL;
    value_t out = list_new(0);
    if (!out)
        return VALUE_NULL;
    const struct shell_command *c;
    for (int i = 0; (c = shell_command_at(i)) != 0; i++) {
        value_t item[3] = { str_new_cstr(c->name), str_new_cstr(c->usage), str_new_cstr(c->help) };
        if (!item[0] || !item[1] || !item[2])
            return VALUE_NULL;
        value_t t = tuple_from_array(item, 3);
        if (!t || !list_append(out, t))
            return VALUE_NULL;
    }
    return out;
}

/* Runs one line through the C shell; False when no C command has that name. */
static value_t k_c_command(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("c_command", n, kw, 1, 1))
        return VALUE_NULL;
    if (!is_str(a[0]))
        return vm_raise_type(&type_TypeError, "c_command() argument must be str");
    static char line[CONSOLE_LINE_MAX];
    size_t len = str_len(a[0]);
    if (len >= sizeof line)
        return vm_raise_type(&type_ValueError, "command line too long");
    memcpy(line, str_data(a[0]), len);
    line[len] = 0;
    return bool_value(shell_execute(line));
}

value_t k_suggestion(const value_t *a, size_t n, value_t kw);     /* suggest.c */
static const method_def_t kernel_functions[] = {
    {"c_commands", k_c_commands, 0}, {"c_command", k_c_command, 0},
    {"load_code", k_load_code, 0},
    {"readline", k_readline, 0}, {"uptime_us", k_uptime_us, 0}, {"timer_ticks", k_timer_ticks, 0},
    {"timer_hz", k_timer_hz, 0}, {"mem_info", k_mem_info, 0}, {"cpu_info", k_cpu_info, 0},
    {"threads", sched_thread_list, 0}, {"read_file", k_read_file, 0}, {"map_file", k_map_file, 0}, {"getenv", k_getenv, 0}, {"traceback_entries", k_traceback_entries, 0},
    {"suggestion", k_suggestion, 0},
    {"reboot", k_reboot, 0}, {"poweroff", k_poweroff, 0}, {"frozen_modules", k_frozen_modules, 0},
    {"run_interruptible", sched_run_interruptible, 0}, {"kill_thread", sched_kill_thread, 0},
    {0, 0, 0},
};

static value_t init_kernel(value_t m)
{
    if (!module_add_functions(m, kernel_functions) || !set_attr(m, "version", str_new_cstr(TENSOROS_VERSION)) ||
        !set_attr(m, "board", str_new_cstr(boot_info_saved ? boot_info_saved->board : "unknown")))
        return VALUE_NULL;
    return m;
}

const native_module_t native_modules[] = {
    {"sys", init_sys},
    {"gc", init_gc},
    {"time", init_time},
    {"math", init_math},
    {"struct", init_struct},
    {"hashlib", init_hashlib},
    {"kernel", init_kernel},
    {"_thread", init_thread_module},
    {"tensor", init_tensor_module},
    {"hw", init_hw_module},
    {0, 0},
};
