/* The builtins module: functions, the iterator types (enumerate, zip,
 * map, filter, reversed), the console streams behind sys.stdout/stderr,
 * and the exception classes the object core does not define. */
#include "vm/interp.h"
#include "vm/gc.h"
#include "arch/arch.h"
#include "core/console.h"
#include "lib/string.h"

value_t vm_ascii(value_t v);
value_t float_round(double x, value_t ndigits_value);
bool type_init_dict(type_t *t);
value_t vm_read_file(const char *path);

/* ---- extra exception types (same layout and slots as the core's) ---- */
#define EXTRA_EXCEPTIONS(X)                                                                     \
    X(ModuleNotFoundError, ImportError) X(SystemError, Exception)                             \
    X(IndentationError, SyntaxError) X(TabError, IndentationError)                            \
    X(UnicodeDecodeError, UnicodeError) X(UnicodeEncodeError, UnicodeError)                   \
    X(FileNotFoundError, OSError) X(FileExistsError, OSError) X(PermissionError, OSError)     \
    X(IsADirectoryError, OSError) X(NotADirectoryError, OSError) X(TimeoutError, OSError)     \
    X(ConnectionError, OSError) X(BrokenPipeError, ConnectionError)                           \
    X(ConnectionResetError, ConnectionError) X(ConnectionRefusedError, ConnectionError)       \
    X(InterruptedError, OSError) X(BlockingIOError, OSError) X(ProcessLookupError, OSError)   \
    X(ChildProcessError, OSError) X(FloatingPointError, ArithmeticError)                      \
    X(BufferError, Exception) X(ReferenceError, Exception)                                    \
    X(Warning, Exception) X(UserWarning, Warning) X(DeprecationWarning, Warning)              \
    X(PendingDeprecationWarning, Warning) X(RuntimeWarning, Warning) X(SyntaxWarning, Warning) \
    X(FutureWarning, Warning) X(ImportWarning, Warning) X(UnicodeWarning, Warning)            \
    X(BytesWarning, Warning) X(ResourceWarning, Warning) X(EncodingWarning, Warning)

#define X(name, parent) type_t type_##name;
EXTRA_EXCEPTIONS(X)
#undef X

static void init_extra_exceptions(void)
{
#define X(N, P)                                   \
    type_##N = type_##P;                          \
    type_##N.name = #N;                           \
    type_##N.parent = &type_##P;                  \
    type_##N.dict = VALUE_NULL;
    EXTRA_EXCEPTIONS(X)
#undef X
}

/* ---- console streams ---- */
typedef struct { obj_t base; int fd; } stream_obj_t;

__attribute__((weak)) void arch_console_write_error(const char *s, size_t n) { arch_console_write(s, n); }

static void stream_write_bytes(int fd, const char *s, size_t n)
{
    if (fd == 2)
        arch_console_write_error(s, n);
    else
        console_write(s, n);
}

bool vm_write_stderr(const char *s, size_t n)
{
    stream_write_bytes(2, s, n);
    return true;
}

static value_t stream_write(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("write", n, kw, 2, 2))
        return VALUE_NULL;
    if (!is_str(a[1]))
        return vm_raise_type(&type_TypeError, "write() argument must be str, not %s", type_name_of(a[1]));
    stream_write_bytes(((stream_obj_t *)a[0])->fd, str_data(a[1]), str_len(a[1]));
    return int_from_u64(((str_obj_t *)a[1])->chars);
}

static value_t stream_flush(const value_t *a, size_t n, value_t kw)
{
    (void)a; (void)n; (void)kw;
    return VALUE_NONE;
}

static value_t stream_isatty(const value_t *a, size_t n, value_t kw)
{
    (void)a; (void)n; (void)kw;
    return VALUE_FALSE;
}

static value_t stream_fileno(const value_t *a, size_t n, value_t kw)
{
    (void)n; (void)kw;
    return small_int(((stream_obj_t *)a[0])->fd);
}

static value_t stream_repr(value_t self)
{
    int fd = ((stream_obj_t *)self)->fd;
    return str_new_cstr(fd == 2 ? "<stderr>" : fd == 0 ? "<stdin>" : "<stdout>");
}

static value_t stream_readline(const value_t *a, size_t n, value_t kw)
{
    (void)a; (void)n; (void)kw;
    static char line[CONSOLE_LINE_MAX];
    enum line_status st = console_read_line("", line, sizeof line);
    if (st == LINE_EOF)
        return str_new("", 0);
    if (st == LINE_INTERRUPTED) {
        vm_raise_type(&type_KeyboardInterrupt, "");
        ((exception_obj_t *)vm_current->exc)->args = VALUE_EMPTY_TUPLE;
        return VALUE_NULL;
    }
    size_t len = strlen(line);
    line[len] = '\n';
    value_t s = str_from_utf8(line, len + 1);
    line[len] = 0;
    return s;
}

static const method_def_t stream_methods[] = {
    {"write", stream_write, 0}, {"flush", stream_flush, 0}, {"isatty", stream_isatty, 0},
    {"fileno", stream_fileno, 0}, {"readline", stream_readline, 0}, {0, 0, 0},
};

type_t type_console_stream = {
    .base = {&type_type}, .name = "TextIOWrapper", .parent = &type_object, .methods = stream_methods,
    .repr = stream_repr,
};

static stream_obj_t stdout_obj = {{&type_console_stream}, 1};
static stream_obj_t stderr_obj = {{&type_console_stream}, 2};
static stream_obj_t stdin_obj = {{&type_console_stream}, 0};
value_t vm_stdout_value(void) { return obj_value(&stdout_obj); }
value_t vm_stderr_value(void) { return obj_value(&stderr_obj); }
value_t vm_stdin_value(void) { return obj_value(&stdin_obj); }

/* Writes str s to a file object (native console stream fast path). */
static bool file_write(value_t file, value_t s)
{
    if (is_obj(file) && type_of(file) == &type_console_stream) {
        stream_write_bytes(((stream_obj_t *)file)->fd, str_data(s), str_len(s));
        return true;
    }
    value_t w = vm_getattr(file, NAME(write));
    if (!w)
        return false;
    return vm_call(w, &s, 1, VALUE_NULL) != VALUE_NULL;
}

static value_t sys_attr(value_t name)
{
    if (!vm_sys_module)
        return VALUE_MISSING;
    return dict_get(module_dict(vm_sys_module), name);
}

value_t vm_print_value(value_t s)
{
    value_t out = sys_attr(NAME(stdout));
    if (out == VALUE_MISSING || out == VALUE_NONE)
        out = obj_value(&stdout_obj);
    strbuf_t b;
    strbuf_init(&b);
    strbuf_add(&b, str_data(s), str_len(s));
    strbuf_add_char(&b, '\n');
    value_t line = strbuf_finish(&b);
    return line && file_write(out, line) ? VALUE_NONE : VALUE_NULL;
}

static value_t bi_print(const value_t *a, size_t n, value_t kw)
{
    value_t sep = VALUE_NONE, end = VALUE_NONE, file = VALUE_NONE;
    if (kw) {
        tuple_obj_t *k = as_tuple(kw);
        for (size_t i = 0; i < k->len; i++) {
            value_t name = k->items[i], v = a[n + i];
            if (str_equal(name, NAME(sep))) sep = v;
            else if (str_equal(name, NAME(end))) end = v;
            else if (str_equal(name, NAME(file))) file = v;
            else if (!strcmp(str_data(name), "flush")) {}
            else return vm_raise_type(&type_TypeError, "'%s' is an invalid keyword argument for print()", str_data(name));
        }
    }
    if (sep != VALUE_NONE && !is_str(sep))
        return vm_raise_type(&type_TypeError, "sep must be None or a string, not %s", type_name_of(sep));
    if (end != VALUE_NONE && !is_str(end))
        return vm_raise_type(&type_TypeError, "end must be None or a string, not %s", type_name_of(end));
    if (file == VALUE_NONE) {
        file = sys_attr(NAME(stdout));
        if (file == VALUE_MISSING || file == VALUE_NONE)
            file = obj_value(&stdout_obj);
    }
    strbuf_t b;
    strbuf_init(&b);
    for (size_t i = 0; i < n; i++) {
        if (i) {
            if (sep == VALUE_NONE)
                strbuf_add_char(&b, ' ');
            else
                strbuf_add(&b, str_data(sep), str_len(sep));
        }
        if (!strbuf_add_value_str(&b, a[i])) {
            strbuf_free(&b);
            return VALUE_NULL;
        }
    }
    if (end == VALUE_NONE)
        strbuf_add_char(&b, '\n');
    else
        strbuf_add(&b, str_data(end), str_len(end));
    if (is_obj(file) && type_of(file) == &type_console_stream) {
        if (b.failed) {
            strbuf_free(&b);
            return vm_raise_memory_error();
        }
        stream_write_bytes(((stream_obj_t *)file)->fd, b.data, b.len);
        strbuf_free(&b);
        return VALUE_NONE;
    }
    value_t s = strbuf_finish(&b);
    if (!s)
        return VALUE_NULL;
    return file_write(file, s) ? VALUE_NONE : VALUE_NULL;
}

/* ---- simple functions ---- */
/* CPython's message for builtins of exactly one argument. */
static bool one_arg(const char *name, size_t n, value_t kw)
{
    if (kw && as_tuple(kw)->len) {
        vm_raise_type(&type_TypeError, "%s() takes no keyword arguments", name);
        return false;
    }
    if (n != 1) {
        vm_raise_type(&type_TypeError, "%s() takes exactly one argument (%zu given)", name, n);
        return false;
    }
    return true;
}
static value_t bi_len(const value_t *a, size_t n, value_t kw)
{
    if (!one_arg("len", n, kw))
        return VALUE_NULL;
    size_t l;
    if (!vm_len(a[0], &l))
        return VALUE_NULL;
    return int_from_u64(l);
}

static value_t bi_abs(const value_t *a, size_t n, value_t kw)
{
    if (!one_arg("abs", n, kw))
        return VALUE_NULL;
    if (is_small_int(a[0])) {
        intptr_t x = small_int_value(a[0]);
        if (x != SMALL_INT_MIN)
            return small_int(x < 0 ? -x : x);
    }
    return vm_unary_op(UOP_ABS, a[0]);
}

static value_t bi_divmod(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("divmod", n, kw, 2, 2))
        return VALUE_NULL;
    return vm_binary_op(OP_DIVMOD, a[0], a[1]);
}

static value_t bi_pow(const value_t *a, size_t n, value_t kw)
{
    static const char *const names[] = {"base", "exp", "mod"};
    value_t v[3];
    if (!arg_parse("pow", a, n, kw, 3, names, v, 2))
        return VALUE_NULL;
    if (v[2] && v[2] != VALUE_NONE) {
        if (type_is_heap(type_of(v[0]))) {
            bool found;
            value_t r = call_dunder(v[0], str_intern_cstr("__pow__"), v + 1, 2, &found);
            if (found)
                return r;
        }
        if (!is_int(v[0]) || !is_int(v[1]) || !is_int(v[2]))
            return vm_raise_type(&type_TypeError, "pow() 3rd argument not allowed unless all arguments are integers");
        return int_pow3(v[0], v[1], v[2]);
    }
    return vm_binary_op(OP_POW, v[0], v[1]);
}

static value_t bi_round(const value_t *a, size_t n, value_t kw)
{
    static const char *const names[] = {"number", "ndigits"};
    value_t v[2];
    if (!arg_parse("round", a, n, kw, 2, names, v, 1))
        return VALUE_NULL;
    value_t x = v[0], nd = v[1];
    if (is_float(x))
        return float_round(float_value(x), nd);
    if (is_int(x) && !type_is_heap(type_of(x))) {
        if (!nd || nd == VALUE_NONE)
            return x;
        if (!is_int(nd))
            return vm_raise_type(&type_TypeError, "'%s' object cannot be interpreted as an integer", type_name_of(nd));
        if (int_sign(nd) >= 0)
            return x;
        /* round to a power of ten, half to even */
        value_t neg = vm_unary_op(UOP_NEG, nd);
        if (!neg)
            return VALUE_NULL;
        value_t p = int_binary_op(OP_POW, small_int(10), neg);
        if (!p)
            return VALUE_NULL;
        value_t q = int_binary_op(OP_FLOORDIV, x, p);
        value_t r = q ? int_binary_op(OP_MOD, x, p) : VALUE_NULL;
        if (!r)
            return VALUE_NULL;
        value_t twice = int_binary_op(OP_MUL, r, small_int(2));
        if (!twice)
            return VALUE_NULL;
        int c = int_cmp(twice, p);
        bool odd = is_small_int(q) ? (small_int_value(q) & 1) : false;
        if (!is_small_int(q)) {
            value_t m = int_binary_op(OP_AND, q, small_int(1));
            odd = m == small_int(1);
        }
        if (c > 0 || (c == 0 && odd))
            q = int_binary_op(OP_ADD, q, small_int(1));
        return q ? int_binary_op(OP_MUL, q, p) : VALUE_NULL;
    }
    bool found;
    value_t args[1] = {nd ? nd : VALUE_NONE};
    value_t r = call_dunder(x, NAME(__round__), args, nd ? 1 : 0, &found);
    if (!found)
        return vm_raise_type(&type_TypeError, "type %s doesn't define __round__ method", type_name_of(x));
    return r;
}

static bool isinstance_rec(value_t obj, value_t cls, int depth, const char *fname, bool sub)
{
    if (is_obj(cls) && type_of(cls) == &type_type)
        return sub ? class_is_subclass((const type_t *)obj, (const type_t *)cls)
                   : class_isinstance(obj, (const type_t *)cls);
    if (is_obj(cls) && type_of(cls) == &type_tuple && depth < 50) {
        tuple_obj_t *t = as_tuple(cls);
        for (size_t i = 0; i < t->len; i++) {
            bool r = isinstance_rec(obj, t->items[i], depth + 1, fname, sub);
            if (vm_error_pending())
                return false;
            if (r)
                return true;
        }
        return false;
    }
    vm_raise_type(&type_TypeError, "%s() arg 2 must be a type, a tuple of types, or a union", fname);
    return false;
}

static value_t bi_isinstance(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("isinstance", n, kw, 2, 2))
        return VALUE_NULL;
    bool r = isinstance_rec(a[0], a[1], 0, "isinstance", false);
    return vm_error_pending() ? VALUE_NULL : bool_value(r);
}

static value_t bi_issubclass(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("issubclass", n, kw, 2, 2))
        return VALUE_NULL;
    if (!is_obj(a[0]) || type_of(a[0]) != &type_type)
        return vm_raise_type(&type_TypeError, "issubclass() arg 1 must be a class");
    bool r = isinstance_rec(a[0], a[1], 0, "issubclass", true);
    return vm_error_pending() ? VALUE_NULL : bool_value(r);
}

static value_t bi_getattr(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("getattr", n, kw, 2, 3))
        return VALUE_NULL;
    if (!is_str(a[1]))
        return vm_raise_type(&type_TypeError, "attribute name must be string, not '%s'", type_name_of(a[1]));
    value_t name = str_intern(str_data(a[1]), str_len(a[1]));
    if (!name)
        return VALUE_NULL;
    if (n == 3 && type_of(a[0]) != &type_module) {
        value_t v = vm_getattr_opt(a[0], name);
        if (v == VALUE_MISSING)
            return a[2];
        if (v || !vm_exception_matches(&type_AttributeError))
            return v;
        vm_take_exception();
        return a[2];
    }
    value_t v = vm_getattr(a[0], name);
    if (!v && n == 3 && vm_exception_matches(&type_AttributeError)) {
        vm_take_exception();
        return a[2];
    }
    return v;
}

static value_t bi_hasattr(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("hasattr", n, kw, 2, 2))
        return VALUE_NULL;
    if (!is_str(a[1]))
        return vm_raise_type(&type_TypeError, "attribute name must be string, not '%s'", type_name_of(a[1]));
    value_t name = str_intern(str_data(a[1]), str_len(a[1]));
    if (!name)
        return VALUE_NULL;
    if (type_of(a[0]) == &type_module)
        return bool_value(dict_get(module_dict(a[0]), name) != VALUE_MISSING ||
                          dict_get(module_dict(a[0]), NAME(__getattr__)) != VALUE_MISSING);
    value_t v = vm_getattr_opt(a[0], name);
    if (v == VALUE_MISSING)
        return VALUE_FALSE;
    if (!v) {
        if (vm_exception_matches(&type_AttributeError)) {
            vm_take_exception();
            return VALUE_FALSE;
        }
        return VALUE_NULL;
    }
    return VALUE_TRUE;
}

static value_t bi_setattr(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("setattr", n, kw, 3, 3))
        return VALUE_NULL;
    if (!is_str(a[1]))
        return vm_raise_type(&type_TypeError, "attribute name must be string, not '%s'", type_name_of(a[1]));
    value_t name = str_intern(str_data(a[1]), str_len(a[1]));
    return name && vm_setattr(a[0], name, a[2]) == 0 ? VALUE_NONE : VALUE_NULL;
}

static value_t bi_delattr(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("delattr", n, kw, 2, 2))
        return VALUE_NULL;
    if (!is_str(a[1]))
        return vm_raise_type(&type_TypeError, "attribute name must be string, not '%s'", type_name_of(a[1]));
    value_t name = str_intern(str_data(a[1]), str_len(a[1]));
    return name && vm_setattr(a[0], name, VALUE_NULL) == 0 ? VALUE_NONE : VALUE_NULL;
}

static value_t bi_ascii(const value_t *a, size_t n, value_t kw)
{
    if (!one_arg("ascii", n, kw))
        return VALUE_NULL;
    return vm_ascii(a[0]);
}

static value_t int_for_base(value_t v, const char *fname)
{
    if (is_int(v))
        return v;
    bool found;
    value_t r = call_dunder(v, NAME(__index__), 0, 0, &found);
    if (found)
        return r;
    (void)fname;
    return vm_raise_type(&type_TypeError, "'%s' object cannot be interpreted as an integer", type_name_of(v));
}

static value_t bi_hex(const value_t *a, size_t n, value_t kw)
{
    if (!one_arg("hex", n, kw)) return VALUE_NULL;
    value_t v = int_for_base(a[0], "hex");
    return v ? int_to_str(v, 16, true) : VALUE_NULL;
}

static value_t bi_oct(const value_t *a, size_t n, value_t kw)
{
    if (!one_arg("oct", n, kw)) return VALUE_NULL;
    value_t v = int_for_base(a[0], "oct");
    return v ? int_to_str(v, 8, true) : VALUE_NULL;
}

static value_t bi_bin(const value_t *a, size_t n, value_t kw)
{
    if (!one_arg("bin", n, kw)) return VALUE_NULL;
    value_t v = int_for_base(a[0], "bin");
    return v ? int_to_str(v, 2, true) : VALUE_NULL;
}

static value_t bi_ord(const value_t *a, size_t n, value_t kw)
{
    if (!one_arg("ord", n, kw))
        return VALUE_NULL;
    value_t v = a[0];
    if (is_str(v)) {
        str_obj_t *s = (str_obj_t *)v;
        if (s->chars != 1)
            return vm_raise_type(&type_TypeError, "ord() expected a character, but string of length %zu found",
                                 s->chars);
        const char *p = s->data;
        return small_int(utf8_decode(&p));
    }
    if (is_bytes(v) || (is_obj(v) && type_of(v) == &type_bytearray)) {
        struct buffer_info bi;
        if (!vm_get_buffer(v, &bi, false))
            return VALUE_NULL;
        if (bi.len != 1)
            return vm_raise_type(&type_TypeError, "ord() expected a character, but string of length %zu found",
                                 bi.len);
        return small_int(bi.data[0]);
    }
    return vm_raise_type(&type_TypeError, "ord() expected string of length 1, but %s found", type_name_of(v));
}

static value_t bi_chr(const value_t *a, size_t n, value_t kw)
{
    if (!one_arg("chr", n, kw))
        return VALUE_NULL;
    if (!is_int(a[0]))
        return vm_raise_type(&type_TypeError, "'%s' object cannot be interpreted as an integer", type_name_of(a[0]));
    int64_t c;
    if (!int_as_i64(a[0], &c)) {
        vm_take_exception();
        return vm_raise_type(&type_OverflowError, "Python int too large to convert to C int");
    }
    if (c < 0 || c > 0x10ffff)
        return vm_raise_type(&type_ValueError, "chr() arg not in range(0x110000)");
    char buf[4];
    size_t len = utf8_encode((uint32_t)c, buf);
    return str_new(buf, len);
}

static value_t bi_id(const value_t *a, size_t n, value_t kw)
{
    if (!one_arg("id", n, kw))
        return VALUE_NULL;
    return int_from_u64((uint64_t)a[0]);
}

static value_t bi_hash(const value_t *a, size_t n, value_t kw)
{
    if (!one_arg("hash", n, kw))
        return VALUE_NULL;
    intptr_t h;
    if (!vm_hash(a[0], &h))
        return VALUE_NULL;
    return int_from_i64(h);
}

static value_t bi_callable(const value_t *a, size_t n, value_t kw)
{
    if (!one_arg("callable", n, kw))
        return VALUE_NULL;
    return bool_value(type_of(a[0])->call != 0);
}

static value_t bi_format(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("format", n, kw, 1, 2))
        return VALUE_NULL;
    value_t spec = n > 1 ? a[1] : str_intern_cstr("");
    if (!is_str(spec))
        return vm_raise_type(&type_TypeError, "format() argument 2 must be str, not %s", type_name_of(spec));
    if (type_is_heap(type_of(a[0]))) {
        value_t m = class_lookup(type_of(a[0]), NAME(__format__));
        if (m != VALUE_MISSING && is_function(m)) {
            value_t args[2] = {a[0], spec};
            return vm_call(m, args, 2, VALUE_NULL);
        }
        if (str_len(spec) == 0)
            return vm_str(a[0]);
    }
    return vm_format(a[0], spec);
}

static value_t bi_iter(const value_t *a, size_t n, value_t kw);
static value_t bi_next(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("next", n, kw, 1, 2))
        return VALUE_NULL;
    value_t it = a[0];
    const type_t *t = type_of(it);
    value_t r;
    if (t == &type_generator) {
        bool done;
        r = generator_send(it, VALUE_NONE, &done);
        if (r && done) {
            if (n == 2)
                return a[1];
            return vm_raise_stop_iteration(r);
        }
        return r;
    }
    if (type_is_heap(t)) {
        bool found;
        r = call_dunder(it, NAME(__next__), 0, 0, &found);
        if (!found)
            return vm_raise_type(&type_TypeError, "'%s' object is not an iterator", t->name);
        if (!r && n == 2 && vm_exception_matches(&type_StopIteration)) {
            vm_take_exception();
            return a[1];
        }
        return r;
    }
    if (!t->next)
        return vm_raise_type(&type_TypeError, "'%s' object is not an iterator", t->name);
    r = t->next(it);
    if (r == VALUE_STOP) {
        if (n == 2)
            return a[1];
        return vm_raise_stop_iteration(VALUE_NONE);
    }
    if (!r && n == 2 && vm_exception_matches(&type_StopIteration)) {
        vm_take_exception();
        return a[1];
    }
    return r;
}

/* iter(callable, sentinel) */
typedef struct { obj_t base; value_t callable, sentinel; } callable_iter_t;
static value_t self_iter(value_t self) { return self; }
static value_t callable_iter_next(value_t self)
{
    callable_iter_t *c = (callable_iter_t *)self;
    if (!c->callable)
        return VALUE_STOP;
    value_t v = vm_call(c->callable, 0, 0, VALUE_NULL);
    if (!v) {
        if (vm_exception_matches(&type_StopIteration)) {
            vm_take_exception();
            c->callable = VALUE_NULL;
            return VALUE_STOP;
        }
        return VALUE_NULL;
    }
    int eq = vm_equal(v, c->sentinel);
    if (eq < 0)
        return VALUE_NULL;
    if (eq) {
        c->callable = VALUE_NULL;
        return VALUE_STOP;
    }
    return v;
}
static type_t type_callable_iterator = {
    .base = {&type_type}, .name = "callable_iterator", .parent = &type_object,
    .iter = self_iter, .next = callable_iter_next,
};

static value_t bi_iter(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("iter", n, kw, 1, 2))
        return VALUE_NULL;
    if (n == 2) {
        if (!type_of(a[0])->call)
            return vm_raise_type(&type_TypeError, "iter(v, w): v must be callable");
        callable_iter_t *c = gc_alloc(sizeof *c, 0);
        if (!c)
            return VALUE_NULL;
        c->base.type = &type_callable_iterator;
        c->callable = a[0];
        c->sentinel = a[1];
        return obj_value(c);
    }
    return vm_iter(a[0]);
}

/* ---- iterator types ---- */
typedef struct { obj_t base; value_t it; value_t count; } enumerate_obj_t;
static value_t enumerate_next(value_t self)
{
    enumerate_obj_t *e = (enumerate_obj_t *)self;
    value_t v = vm_next(e->it);
    if (!v || v == VALUE_STOP)
        return v;
    value_t items[2] = {e->count, v};
    value_t t = tuple_from_array(items, 2);
    if (!t)
        return VALUE_NULL;
    if (is_small_int(e->count) && small_int_value(e->count) < SMALL_INT_MAX)
        e->count = small_int(small_int_value(e->count) + 1);
    else
        e->count = vm_binary_op(OP_ADD, e->count, small_int(1));
    return t;
}
static value_t enumerate_make_new(const type_t *type, const value_t *a, size_t n, value_t kw)
{
    static const char *const names[] = {"iterable", "start"};
    value_t v[2];
    if (!arg_parse("enumerate", a, n, kw, 2, names, v, 1))
        return VALUE_NULL;
    value_t it = vm_iter(v[0]);
    if (!it)
        return VALUE_NULL;
    if (v[1] && !is_int(v[1]))
        return vm_raise_type(&type_TypeError, "'%s' object cannot be interpreted as an integer", type_name_of(v[1]));
    enumerate_obj_t *e = gc_alloc(sizeof *e, 0);
    if (!e)
        return VALUE_NULL;
    e->base.type = type;
    e->it = it;
    e->count = v[1] ? v[1] : small_int(0);
    return obj_value(e);
}
type_t type_enumerate = {
    .base = {&type_type}, .name = "enumerate", .parent = &type_object,
    .iter = self_iter, .next = enumerate_next, .make_new = enumerate_make_new,
};

typedef struct { obj_t base; value_t its; bool strict; } zip_obj_t;
static value_t zip_next(value_t self)
{
    zip_obj_t *z = (zip_obj_t *)self;
    tuple_obj_t *its = as_tuple(z->its);
    if (its->len == 0)
        return VALUE_STOP;
    value_t t = tuple_new(its->len);
    if (!t)
        return VALUE_NULL;
    for (size_t i = 0; i < its->len; i++) {
        value_t v = vm_next(its->items[i]);
        if (!v)
            return VALUE_NULL;
        if (v == VALUE_STOP) {
            if (z->strict) {
                if (i > 0)
                    return vm_raise_type(&type_ValueError, "zip() argument %zu is shorter than argument%s%zu", i + 1,
                                         i == 1 ? " " : "s 1-", i);
                for (size_t j = 1; j < its->len; j++) {
                    value_t w = vm_next(its->items[j]);
                    if (!w)
                        return VALUE_NULL;
                    if (w != VALUE_STOP)
                        return vm_raise_type(&type_ValueError, "zip() argument %zu is longer than argument%s%zu",
                                             j + 1, j == 1 ? " " : "s 1-", j);
                }
            }
            return VALUE_STOP;
        }
        as_tuple(t)->items[i] = v;
    }
    return t;
}
static value_t zip_make_new(const type_t *type, const value_t *a, size_t n, value_t kw)
{
    bool strict = false;
    if (kw) {
        for (size_t i = 0; i < as_tuple(kw)->len; i++) {
            if (strcmp(str_data(as_tuple(kw)->items[i]), "strict"))
                return vm_raise_type(&type_TypeError, "zip() got an unexpected keyword argument '%s'",
                                     str_data(as_tuple(kw)->items[i]));
            strict = vm_truth(a[n + i]) > 0;
        }
    }
    value_t its = tuple_new(n);
    if (!its)
        return VALUE_NULL;
    for (size_t i = 0; i < n; i++) {
        value_t it = vm_iter(a[i]);
        if (!it)
            return VALUE_NULL;
        as_tuple(its)->items[i] = it;
    }
    zip_obj_t *z = gc_alloc(sizeof *z, 0);
    if (!z)
        return VALUE_NULL;
    z->base.type = type;
    z->its = its;
    z->strict = strict;
    return obj_value(z);
}
type_t type_zip = {
    .base = {&type_type}, .name = "zip", .parent = &type_object,
    .iter = self_iter, .next = zip_next, .make_new = zip_make_new,
};

typedef struct { obj_t base; value_t func; value_t its; } map_obj_t;
static value_t map_next(value_t self)
{
    map_obj_t *m = (map_obj_t *)self;
    tuple_obj_t *its = as_tuple(m->its);
    value_t small[4];
    value_t *args = its->len <= 4 ? small : gc_alloc(its->len * sizeof(value_t), 0);
    if (!args)
        return VALUE_NULL;
    for (size_t i = 0; i < its->len; i++) {
        value_t v = vm_next(its->items[i]);
        if (!v || v == VALUE_STOP)
            return v;
        args[i] = v;
    }
    return vm_call(m->func, args, its->len, VALUE_NULL);
}
static value_t map_make_new(const type_t *type, const value_t *a, size_t n, value_t kw)
{
    if (kw && as_tuple(kw)->len)
        return vm_raise_type(&type_TypeError, "map() takes no keyword arguments");
    if (n < 2)
        return vm_raise_type(&type_TypeError, "map() must have at least two arguments.");
    value_t its = tuple_new(n - 1);
    if (!its)
        return VALUE_NULL;
    for (size_t i = 1; i < n; i++) {
        value_t it = vm_iter(a[i]);
        if (!it)
            return VALUE_NULL;
        as_tuple(its)->items[i - 1] = it;
    }
    map_obj_t *m = gc_alloc(sizeof *m, 0);
    if (!m)
        return VALUE_NULL;
    m->base.type = type;
    m->func = a[0];
    m->its = its;
    return obj_value(m);
}
type_t type_map = {
    .base = {&type_type}, .name = "map", .parent = &type_object,
    .iter = self_iter, .next = map_next, .make_new = map_make_new,
};

typedef struct { obj_t base; value_t func; value_t it; } filter_obj_t;
static value_t filter_next(value_t self)
{
    filter_obj_t *f = (filter_obj_t *)self;
    for (;;) {
        value_t v = vm_next(f->it);
        if (!v || v == VALUE_STOP)
            return v;
        int t;
        if (f->func == VALUE_NONE || f->func == obj_value(&type_bool)) {
            t = vm_truth(v);
        } else {
            value_t r = vm_call(f->func, &v, 1, VALUE_NULL);
            if (!r)
                return VALUE_NULL;
            t = vm_truth(r);
        }
        if (t < 0)
            return VALUE_NULL;
        if (t)
            return v;
    }
}
static value_t filter_make_new(const type_t *type, const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("filter", n, kw, 2, 2))
        return VALUE_NULL;
    value_t it = vm_iter(a[1]);
    if (!it)
        return VALUE_NULL;
    filter_obj_t *f = gc_alloc(sizeof *f, 0);
    if (!f)
        return VALUE_NULL;
    f->base.type = type;
    f->func = a[0];
    f->it = it;
    return obj_value(f);
}
type_t type_filter = {
    .base = {&type_type}, .name = "filter", .parent = &type_object,
    .iter = self_iter, .next = filter_next, .make_new = filter_make_new,
};

typedef struct { obj_t base; value_t seq; intptr_t index; } reversed_obj_t;
static value_t reversed_next(value_t self)
{
    reversed_obj_t *r = (reversed_obj_t *)self;
    if (r->index < 0 || !r->seq)
        return VALUE_STOP;
    value_t *items;
    size_t len;
    if (seq_items(r->seq, &items, &len)) {
        if ((size_t)r->index >= len) {
            r->index = -1;
            return VALUE_STOP;
        }
        return items[r->index--];
    }
    value_t v = vm_getitem(r->seq, small_int(r->index));
    if (!v) {
        if (vm_exception_matches(&type_IndexError) || vm_exception_matches(&type_StopIteration)) {
            vm_take_exception();
            r->index = -1;
            return VALUE_STOP;
        }
        return VALUE_NULL;
    }
    r->index--;
    return v;
}
static value_t reversed_make_new(const type_t *type, const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("reversed", n, kw, 1, 1))
        return VALUE_NULL;
    value_t seq = a[0];
    if (type_is_heap(type_of(seq))) {
        bool found;
        value_t r = call_dunder(seq, NAME(__reversed__), 0, 0, &found);
        if (found)
            return r;
    }
    const type_t *st = type_of(seq);
    if (st == &type_range)
        return range_reversed(seq);
    if (st == &type_dict || st == &type_dict_keys || st == &type_dict_items || st == &type_dict_values) {
        value_t l = list_from_iterable(seq);
        if (!l)
            return VALUE_NULL;
        seq = l;
        st = &type_list;
    }
    if (!st->getitem || !st->len || st == &type_dict || st == &type_set || st == &type_frozenset)
        return vm_raise_type(&type_TypeError, "'%s' object is not reversible", st->name);
    size_t len;
    if (!vm_len(seq, &len))
        return VALUE_NULL;
    reversed_obj_t *r = gc_alloc(sizeof *r, 0);
    if (!r)
        return VALUE_NULL;
    r->base.type = type;
    r->seq = seq;
    r->index = (intptr_t)len - 1;
    return obj_value(r);
}
type_t type_reversed = {
    .base = {&type_type}, .name = "reversed", .parent = &type_object,
    .iter = self_iter, .next = reversed_next, .make_new = reversed_make_new,
};

/* ---- aggregates ---- */
static value_t minmax(const value_t *a, size_t n, value_t kw, int op, const char *name)
{
    value_t key = VALUE_NULL, dflt = VALUE_NULL;
    if (kw) {
        for (size_t i = 0; i < as_tuple(kw)->len; i++) {
            value_t k = as_tuple(kw)->items[i];
            if (str_equal(k, NAME(key))) key = a[n + i];
            else if (str_equal(k, NAME(default))) dflt = a[n + i];
            else return vm_raise_type(&type_TypeError, "%s() got an unexpected keyword argument '%s'", name, str_data(k));
        }
    }
    if (key == VALUE_NONE)
        key = VALUE_NULL;
    if (n == 0)
        return vm_raise_type(&type_TypeError, "%s expected at least 1 argument, got 0", name);
    value_t it;
    if (n == 1) {
        it = vm_iter(a[0]);
        if (!it)
            return VALUE_NULL;
    } else {
        if (dflt)
            return vm_raise_type(&type_TypeError, "Cannot specify a default for %s() with multiple positional arguments",
                                 name);
        value_t t = tuple_from_array(a, n);
        if (!t)
            return VALUE_NULL;
        it = vm_iter(t);
    }
    value_t best = VALUE_NULL, bestkey = VALUE_NULL;
    for (;;) {
        value_t v = vm_next(it);
        if (!v)
            return VALUE_NULL;
        if (v == VALUE_STOP)
            break;
        value_t k = v;
        if (key && !(k = vm_call(key, &v, 1, VALUE_NULL)))
            return VALUE_NULL;
        if (!best) {
            best = v;
            bestkey = k;
            continue;
        }
        int c = vm_compare_bool(k, bestkey, op);
        if (c < 0)
            return VALUE_NULL;
        if (c) {
            best = v;
            bestkey = k;
        }
    }
    if (!best) {
        if (dflt)
            return dflt;
        return vm_raise_type(&type_ValueError, "%s() arg is an empty sequence", name);
    }
    return best;
}

static value_t bi_min(const value_t *a, size_t n, value_t kw) { return minmax(a, n, kw, CMP_LT, "min"); }
static value_t bi_max(const value_t *a, size_t n, value_t kw) { return minmax(a, n, kw, CMP_GT, "max"); }

static value_t bi_sum(const value_t *a, size_t n, value_t kw)
{
    static const char *const names[] = {"iterable", "start"};
    value_t v[2];
    if (!arg_parse("sum", a, n, kw, 2, names, v, 1))
        return VALUE_NULL;
    value_t acc = v[1] ? v[1] : small_int(0);
    if (is_str(acc))
        return vm_raise_type(&type_TypeError, "sum() can't sum strings [use ''.join(seq) instead]");
    if (is_bytes(acc))
        return vm_raise_type(&type_TypeError, "sum() can't sum bytes [use b''.join(seq) instead]");
    if (is_obj(acc) && type_of(acc) == &type_bytearray)
        return vm_raise_type(&type_TypeError, "sum() can't sum bytearray [use b''.join(seq) instead]");
    value_t it = vm_iter(v[0]);
    if (!it)
        return VALUE_NULL;
    /* float accumulation uses plain addition (as CPython) */
    for (;;) {
        value_t x = vm_next(it);
        if (!x)
            return VALUE_NULL;
        if (x == VALUE_STOP)
            return acc;
        if (is_small_int(acc) && is_small_int(x)) {
            intptr_t r;
            if (!__builtin_add_overflow((intptr_t)acc, (intptr_t)x - 1, &r)) {
                acc = (value_t)r;
                continue;
            }
        }
        if (is_obj(acc) && type_of(acc) == &type_float && is_obj(x) && type_of(x) == &type_float) {
            acc = float_new(float_value(acc) + float_value(x));
            if (!acc)
                return VALUE_NULL;
            continue;
        }
        acc = vm_binary_op(OP_ADD, acc, x);
        if (!acc)
            return VALUE_NULL;
    }
}

static value_t any_all(const value_t *a, size_t n, value_t kw, bool want, const char *name)
{
    if (!arg_check(name, n, kw, 1, 1))
        return VALUE_NULL;
    value_t it = vm_iter(a[0]);
    if (!it)
        return VALUE_NULL;
    for (;;) {
        value_t x = vm_next(it);
        if (!x)
            return VALUE_NULL;
        if (x == VALUE_STOP)
            return bool_value(!want);
        int t = vm_truth(x);
        if (t < 0)
            return VALUE_NULL;
        if ((bool)t == want)
            return bool_value(want);
    }
}
static value_t bi_any(const value_t *a, size_t n, value_t kw) { return any_all(a, n, kw, true, "any"); }
static value_t bi_all(const value_t *a, size_t n, value_t kw) { return any_all(a, n, kw, false, "all"); }

static value_t bi_sorted(const value_t *a, size_t n, value_t kw)
{
    value_t key = VALUE_NONE, rev = VALUE_FALSE;
    if (n != 1)
        return vm_raise_type(&type_TypeError, n ? "sorted expected 1 argument, got %zu"
                                                : "sorted expected 1 argument, got %zu", n);
    if (kw) {
        for (size_t i = 0; i < as_tuple(kw)->len; i++) {
            value_t k = as_tuple(kw)->items[i];
            if (str_equal(k, NAME(key))) key = a[n + i];
            else if (str_equal(k, NAME(reverse))) rev = a[n + i];
            else return vm_raise_type(&type_TypeError, "sort() got an unexpected keyword argument '%s'", str_data(k));
        }
    }
    value_t l = list_from_iterable(a[0]);
    if (!l)
        return VALUE_NULL;
    int r = vm_truth(rev);
    if (r < 0)
        return VALUE_NULL;
    return list_sort(l, key == VALUE_NONE ? VALUE_NULL : key, r) ? l : VALUE_NULL;
}

/* ---- introspection ---- */
static frame_t *caller_frame(void) { return interp_current->frame; }

static value_t bi_globals(const value_t *a, size_t n, value_t kw)
{
    (void)a;
    if (!arg_check("globals", n, kw, 0, 0))
        return VALUE_NULL;
    frame_t *f = caller_frame();
    return f ? f->globals : dict_new(0);
}

static value_t frame_locals(frame_t *f)
{
    if (!f)
        return dict_new(0);
    if (f->locals)
        return f->locals;
    value_t d = dict_new(0);
    if (!d)
        return VALUE_NULL;
    code_obj_t *co = f->code;
    for (uint32_t i = 0; i < co->nlocals; i++)
        if (f->localsplus[i] && !dict_set(d, as_tuple(co->varnames)->items[i], f->localsplus[i]))
            return VALUE_NULL;
    for (uint32_t i = 0; i < co->ncellvars + co->nfreevars; i++) {
        value_t name = i < co->ncellvars ? as_tuple(co->cellvars)->items[i]
                                         : as_tuple(co->freevars)->items[i - co->ncellvars];
        value_t v = ((cell_obj_t *)f->cells[i])->contents;
        if (v && !dict_set(d, name, v))
            return VALUE_NULL;
    }
    return d;
}

static value_t bi_locals(const value_t *a, size_t n, value_t kw)
{
    (void)a;
    if (!arg_check("locals", n, kw, 0, 0))
        return VALUE_NULL;
    return frame_locals(caller_frame());
}

static value_t bi_vars(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("vars", n, kw, 0, 1))
        return VALUE_NULL;
    if (n == 0)
        return frame_locals(caller_frame());
    value_t d = vm_getattr_opt(a[0], NAME(__dict__));
    if (!d || d == VALUE_MISSING) {
        vm_take_exception();
        return vm_raise_type(&type_TypeError, "vars() argument must have __dict__ attribute");
    }
    return d;
}

static bool add_keys(value_t set, value_t dict)
{
    if (!dict || !is_obj(dict) || !is_instance(dict, &type_dict))
        return true;
    size_t pos = 0;
    value_t k, v;
    while (dict_next(dict, &pos, &k, &v))
        if (set_add(set, k) < 0)
            return false;
    return true;
}

value_t builtin_dir_of(value_t obj)
{
    value_t s = set_new(&type_set);
    if (!s)
        return VALUE_NULL;
    const type_t *t = type_of(obj);
    if (t == &type_module) {
        if (!add_keys(s, module_dict(obj)))
            return VALUE_NULL;
    } else {
        value_t *ds = instance_dict_slot(obj);
        if (ds && *ds && !add_keys(s, *ds))
            return VALUE_NULL;
        const type_t *ct = t == &type_type ? (const type_t *)obj : t;
        if (ct->mro) {
            tuple_obj_t *m = as_tuple(ct->mro);
            for (size_t i = 0; i < m->len; i++)
                if (!add_keys(s, ((const type_t *)m->items[i])->dict))
                    return VALUE_NULL;
        } else {
            for (const type_t *c = ct; c; c = c->parent)
                if (!add_keys(s, c->dict))
                    return VALUE_NULL;
        }
    }
    value_t l = list_from_iterable(s);
    if (!l || !list_sort(l, VALUE_NULL, false))
        return VALUE_NULL;
    return l;
}

static value_t bi_dir(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("dir", n, kw, 0, 1))
        return VALUE_NULL;
    if (n == 0) {
        value_t d = frame_locals(caller_frame());
        if (!d)
            return VALUE_NULL;
        value_t l = list_from_iterable(d);
        if (!l || !list_sort(l, VALUE_NULL, false))
            return VALUE_NULL;
        return l;
    }
    return builtin_dir_of(a[0]);
}

/* ---- exec / eval / compile ---- */
/* A compiler CodeObject (a Python object) -> a VM code object, through
 * the compiler's own serializer and the loader. */
static value_t to_vm_code(value_t c)
{
    if (is_obj(c) && type_of(c) == &type_code)
        return c;
    value_t comp = import_module("compiler");
    if (!comp)
        return VALUE_NULL;
    value_t ser = vm_getattr(comp, str_intern_cstr("serialize"));
    if (!ser)
        return VALUE_NULL;
    value_t blob = vm_call(ser, &c, 1, VALUE_NULL);
    if (!blob)
        return VALUE_NULL;
    struct buffer_info bi;
    if (!vm_get_buffer(blob, &bi, false))
        return VALUE_NULL;
    return code_load(bi.data, bi.len);
}

value_t vm_compile_source(value_t source, value_t filename, const char *mode)
{
    value_t comp = import_module("compiler");
    if (!comp)
        return VALUE_NULL;
    value_t fn = vm_getattr(comp, NAME(compile_source));
    if (!fn)
        return VALUE_NULL;
    value_t m = str_new_cstr(mode);
    if (!m)
        return VALUE_NULL;
    value_t args[3] = {source, filename, m};
    value_t c = vm_call(fn, args, 3, VALUE_NULL);
    return c ? to_vm_code(c) : VALUE_NULL;
}

static value_t source_text(value_t src, const char *fname)
{
    if (is_str(src))
        return src;
    if (is_bytes(src) || (is_obj(src) && type_of(src) == &type_bytearray)) {
        struct buffer_info bi;
        if (!vm_get_buffer(src, &bi, false))
            return VALUE_NULL;
        return str_from_utf8((const char *)bi.data, bi.len);
    }
    return vm_raise_type(&type_TypeError, "%s() arg 1 must be a string, bytes or code object", fname);
}

static value_t run_code_in(value_t code, value_t globals, value_t locals, const char *fname)
{
    frame_t *f = caller_frame();
    if (!globals || globals == VALUE_NONE) {
        globals = f ? f->globals : dict_new(0);
        if (!locals || locals == VALUE_NONE)
            locals = f ? (f->locals ? f->locals : frame_locals(f)) : globals;
    }
    if (!is_obj(globals) || !is_instance(globals, &type_dict))
        return vm_raise_type(&type_TypeError, "%s() globals must be a dict, not %s", fname, type_name_of(globals));
    if (!locals || locals == VALUE_NONE)
        locals = globals;
    if (dict_get(globals, NAME(__builtins__)) == VALUE_MISSING)
        dict_set(globals, NAME(__builtins__), vm_builtins);
    if (!is_obj(code) || type_of(code) != &type_code) {
        if (!type_is_heap(type_of(code)))
            return vm_raise_type(&type_TypeError, "%s() arg 1 must be a string, bytes or code object", fname);
        code = to_vm_code(code);
        if (!code)
            return VALUE_NULL;
    }
    code_obj_t *co = (code_obj_t *)code;
    if (co->nfreevars)
        return vm_raise_type(&type_TypeError, "code object passed to %s() may not contain free variables", fname);
    return interp_run_code(co, globals, locals);
}

value_t vm_exec_code(value_t code, value_t globals, value_t locals)
{
    return run_code_in(code, globals, locals, "exec");
}

static value_t exec_eval(const value_t *a, size_t n, value_t kw, const char *fname, const char *mode)
{
    static const char *const names[] = {"source", "globals", "locals"};
    value_t v[3];
    if (!arg_parse(fname, a, n, kw, 3, names, v, 1))
        return VALUE_NULL;
    value_t code = v[0];
    if (!is_obj(code) || (type_of(code) != &type_code && !type_is_heap(type_of(code)))) {
        value_t src = source_text(code, fname);
        if (!src)
            return VALUE_NULL;
        value_t fn = str_new_cstr("<string>");
        if (!fn || !(code = vm_compile_source(src, fn, mode)))
            return VALUE_NULL;
    }
    value_t r = run_code_in(code, v[1], v[2], fname);
    if (!r)
        return VALUE_NULL;
    return mode[0] == 'e' && mode[1] == 'x' ? VALUE_NONE : r;
}

static value_t bi_exec(const value_t *a, size_t n, value_t kw) { return exec_eval(a, n, kw, "exec", "exec"); }
static value_t bi_eval(const value_t *a, size_t n, value_t kw) { return exec_eval(a, n, kw, "eval", "eval"); }

static value_t bi_compile(const value_t *a, size_t n, value_t kw)
{
    static const char *const names[] = {"source", "filename", "mode", "flags", "dont_inherit", "optimize"};
    value_t v[6];
    if (!arg_parse("compile", a, n, kw, 6, names, v, 3))
        return VALUE_NULL;
    value_t src = source_text(v[0], "compile");
    if (!src)
        return VALUE_NULL;
    if (!is_str(v[1]) || !is_str(v[2]))
        return vm_raise_type(&type_TypeError, "compile() filename and mode must be str");
    const char *mode = str_data(v[2]);
    if (strcmp(mode, "exec") && strcmp(mode, "eval") && strcmp(mode, "single"))
        return vm_raise_type(&type_ValueError, "compile() mode must be 'exec', 'eval' or 'single'");
    return vm_compile_source(src, v[1], mode);
}

static value_t bi_input(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("input", n, kw, 0, 1))
        return VALUE_NULL;
    static char line[CONSOLE_LINE_MAX];
    const char *prompt = "";
    value_t ps = VALUE_NULL;
    if (n) {
        ps = vm_str(a[0]);
        if (!ps)
            return VALUE_NULL;
        prompt = str_data(ps);
    }
    enum line_status st = console_read_line(prompt, line, sizeof line);
    if (st == LINE_EOF)
        return vm_raise_type(&type_EOFError, "EOF when reading a line");
    if (st == LINE_INTERRUPTED) {
        vm_raise_type(&type_KeyboardInterrupt, "");
        ((exception_obj_t *)vm_current->exc)->args = VALUE_EMPTY_TUPLE;
        return VALUE_NULL;
    }
    return str_from_utf8(line, strlen(line));
}

static value_t bi_import(const value_t *a, size_t n, value_t kw)
{
    static const char *const names[] = {"name", "globals", "locals", "fromlist", "level"};
    value_t v[5];
    if (!arg_parse("__import__", a, n, kw, 5, names, v, 1))
        return VALUE_NULL;
    if (!is_str(v[0]))
        return vm_raise_type(&type_TypeError, "__import__() argument 1 must be str, not %s", type_name_of(v[0]));
    value_t name = str_intern(str_data(v[0]), str_len(v[0]));
    return import_name(name, v[1] ? v[1] : VALUE_NONE, v[3] ? v[3] : VALUE_NONE, v[4] ? v[4] : small_int(0));
}

static value_t bi_exit(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("exit", n, kw, 0, 1))
        return VALUE_NULL;
    value_t args = tuple_from_array(a, n);
    value_t e = args ? exception_new(&type_SystemExit, args) : VALUE_NULL;
    return e ? vm_raise(e) : VALUE_NULL;
}

static value_t bi_repr(const value_t *a, size_t n, value_t kw) { return one_arg("repr", n, kw) ? vm_repr(a[0]) : VALUE_NULL; }

static const method_def_t builtin_functions[] = {
    {"print", bi_print, 0}, {"len", bi_len, 0}, {"abs", bi_abs, 0}, {"divmod", bi_divmod, 0},
    {"pow", bi_pow, 0}, {"round", bi_round, 0}, {"isinstance", bi_isinstance, 0},
    {"issubclass", bi_issubclass, 0}, {"getattr", bi_getattr, 0}, {"hasattr", bi_hasattr, 0},
    {"setattr", bi_setattr, 0}, {"delattr", bi_delattr, 0}, {"repr", bi_repr, 0}, {"ascii", bi_ascii, 0},
    {"hex", bi_hex, 0}, {"oct", bi_oct, 0}, {"bin", bi_bin, 0}, {"ord", bi_ord, 0}, {"chr", bi_chr, 0},
    {"id", bi_id, 0}, {"hash", bi_hash, 0}, {"callable", bi_callable, 0}, {"format", bi_format, 0},
    {"next", bi_next, 0}, {"iter", bi_iter, 0}, {"min", bi_min, 0}, {"max", bi_max, 0},
    {"sum", bi_sum, 0}, {"any", bi_any, 0}, {"all", bi_all, 0}, {"sorted", bi_sorted, 0},
    {"globals", bi_globals, 0}, {"locals", bi_locals, 0}, {"vars", bi_vars, 0}, {"dir", bi_dir, 0},
    {"exec", bi_exec, 0}, {"eval", bi_eval, 0}, {"compile", bi_compile, 0}, {"input", bi_input, 0},
    {"__import__", bi_import, 0}, {"exit", bi_exit, 0}, {"quit", bi_exit, 0},
    {0, 0, 0},
};

bool builtins_init(void)
{
    init_extra_exceptions();
    type_t *iters[] = {&type_enumerate, &type_zip, &type_map, &type_filter, &type_reversed,
                       &type_callable_iterator, &type_console_stream};
    extern bool type_init_dict(type_t *t);
    static value_t keep[64];
    size_t nkeep = 0;
    gc_add_root(keep, 64);
    for (size_t i = 0; i < sizeof iters / sizeof iters[0]; i++) {
        if (!type_init_dict(iters[i]))
            return false;
        keep[nkeep++] = iters[i]->dict;
    }
#define X(name, parent)                                   \
    if (!type_init_dict(&type_##name))                    \
        return false;                                     \
    keep[nkeep++] = type_##name.dict;
    EXTRA_EXCEPTIONS(X)
#undef X
    value_t name = str_intern_cstr("builtins");
    if (!name)
        return false;
    vm_builtins = module_new(name);
    if (!vm_builtins)
        return false;
    vm_builtins_dict = module_dict(vm_builtins);
    value_t d = vm_builtins_dict;
    if (!module_add_functions(vm_builtins, builtin_functions))
        return false;
    struct { const char *name; const type_t *t; } types[] = {
        {"object", &type_object}, {"type", &type_type}, {"int", &type_int}, {"bool", &type_bool},
        {"float", &type_float}, {"str", &type_str}, {"bytes", &type_bytes}, {"bytearray", &type_bytearray},
        {"memoryview", &type_memoryview}, {"list", &type_list}, {"tuple", &type_tuple}, {"dict", &type_dict},
        {"set", &type_set}, {"frozenset", &type_frozenset}, {"range", &type_range}, {"slice", &type_slice},
        {"property", &type_property}, {"staticmethod", &type_staticmethod}, {"classmethod", &type_classmethod},
        {"super", &type_super}, {"enumerate", &type_enumerate}, {"zip", &type_zip}, {"map", &type_map},
        {"filter", &type_filter}, {"reversed", &type_reversed},
        {"BaseException", &type_BaseException}, {"Exception", &type_Exception},
        {"SystemExit", &type_SystemExit}, {"KeyboardInterrupt", &type_KeyboardInterrupt},
        {"GeneratorExit", &type_GeneratorExit}, {"StopIteration", &type_StopIteration},
        {"StopAsyncIteration", &type_StopAsyncIteration},
        {"ArithmeticError", &type_ArithmeticError}, {"OverflowError", &type_OverflowError},
        {"ZeroDivisionError", &type_ZeroDivisionError}, {"AssertionError", &type_AssertionError},
        {"AttributeError", &type_AttributeError}, {"EOFError", &type_EOFError},
        {"ImportError", &type_ImportError}, {"LookupError", &type_LookupError},
        {"IndexError", &type_IndexError}, {"KeyError", &type_KeyError}, {"MemoryError", &type_MemoryError},
        {"NameError", &type_NameError}, {"UnboundLocalError", &type_UnboundLocalError},
        {"OSError", &type_OSError}, {"IOError", &type_OSError}, {"EnvironmentError", &type_OSError},
        {"RuntimeError", &type_RuntimeError}, {"NotImplementedError", &type_NotImplementedError},
        {"RecursionError", &type_RecursionError}, {"SyntaxError", &type_SyntaxError},
        {"TypeError", &type_TypeError}, {"ValueError", &type_ValueError}, {"UnicodeError", &type_UnicodeError},
#define X(name, parent) {#name, &type_##name},
        EXTRA_EXCEPTIONS(X)
#undef X
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (!dict_set_str(d, types[i].name, obj_value(types[i].t)))
            return false;
    if (!dict_set_str(d, "None", VALUE_NONE) || !dict_set_str(d, "True", VALUE_TRUE) ||
        !dict_set_str(d, "False", VALUE_FALSE) || !dict_set_str(d, "NotImplemented", VALUE_NOT_IMPLEMENTED) ||
        !dict_set_str(d, "Ellipsis", VALUE_ELLIPSIS) || !dict_set_str(d, "__debug__", VALUE_TRUE))
        return false;
    value_t bc = native_function_new("__build_class__", builtin_build_class, VALUE_NULL, 0);
    if (!bc || !dict_set_str(d, "__build_class__", bc))
        return false;
    return true;
}
