/* Exceptions: the builtin exception types, raising, the pending exception.
 *
 * A function that raises stores the exception in vm_current->exc and
 * returns VALUE_NULL (or -1 / false); its caller passes that on until the
 * interpreter finds a handler. MemoryError is preallocated so that raising
 * it never needs memory. */
#include "vm/obj.h"
#include "vm/gc.h"
#include "lib/format.h"
#include "lib/string.h"

static struct vm_thread main_thread;
struct vm_thread *vm_current = &main_thread;

#define MAX_RECURSION 200

/* ---- exception objects ---- */
static value_t exception_repr(value_t self)
{
    exception_obj_t *e = (exception_obj_t *)self;
    strbuf_t b;
    strbuf_init(&b);
    strbuf_add_cstr(&b, e->base.type->name);
    tuple_obj_t *args = as_tuple(e->args);
    if (args->len == 1) {
        strbuf_add_char(&b, '(');
        if (!strbuf_add_value_repr(&b, args->items[0]))
            return strbuf_free(&b), VALUE_NULL;
        strbuf_add_char(&b, ')');
    } else {
        if (args->len == 0)
            strbuf_add_cstr(&b, "()");
        else if (!strbuf_add_value_repr(&b, e->args))
            return strbuf_free(&b), VALUE_NULL;
    }
    return strbuf_finish(&b);
}

static value_t exception_str(value_t self)
{
    exception_obj_t *e = (exception_obj_t *)self;
    tuple_obj_t *args = as_tuple(e->args);
    if (args->len == 0)
        return str_new("", 0);
    if (args->len == 1) {
        if (type_is_subtype(e->base.type, &type_KeyError) || e->base.type == &type_KeyError)
            return vm_repr(args->items[0]);
        return vm_str(args->items[0]);
    }
    return vm_str(e->args);
}

value_t exception_new(const type_t *type, value_t args)
{
    exception_obj_t *e = gc_alloc(sizeof(exception_obj_t), 0);
    if (!e)
        return VALUE_NULL;
    e->base.type = type;
    e->args = args ? args : VALUE_EMPTY_TUPLE;
    e->traceback = VALUE_NONE;
    e->cause = VALUE_NONE;
    e->context = VALUE_NONE;
    e->value = VALUE_NONE;
    if (type == &type_StopIteration || type_is_subtype(type, &type_StopIteration))
        e->value = as_tuple(e->args)->len ? as_tuple(e->args)->items[0] : VALUE_NONE;
    return obj_value(e);
}

static value_t exception_make_new(const type_t *type, const value_t *args, size_t nargs, value_t kwnames)
{
    (void)kwnames;
    value_t t = tuple_from_array(args, nargs);
    if (!t)
        return VALUE_NULL;
    return exception_new(type, t);
}

/* NameError and AttributeError raised by the VM keep in their value field
 * what a "Did you mean" suggestion needs (suggest.c computes it only when
 * the traceback is printed): a tuple (name, context...). They show it as
 * .name (and AttributeError's .obj), not as .value. */
static bool has_name_context(const type_t *t)
{
    return t == &type_NameError || t == &type_AttributeError || type_is_subtype(t, &type_NameError) ||
           type_is_subtype(t, &type_AttributeError);
}

void vm_error_set_context(const type_t *type, value_t context)
{
    value_t e = vm_current->exc;
    if (e && context && type_of(e) == type)
        ((exception_obj_t *)e)->value = context;
}

static value_t exception_getattr(value_t self, value_t name)
{
    exception_obj_t *e = (exception_obj_t *)self;
    const char *n = str_data(name);
    if (!strcmp(n, "args"))
        return e->args;
    if (has_name_context(e->base.type)) {
        bool ctx = is_obj(e->value) && type_of(e->value) == &type_tuple;
        if (!strcmp(n, "name"))
            return ctx && as_tuple(e->value)->len ? as_tuple(e->value)->items[0] : VALUE_NONE;
        if (!strcmp(n, "obj") && !type_is_subtype(e->base.type, &type_NameError) && e->base.type != &type_NameError)
            return ctx && as_tuple(e->value)->len > 1 ? as_tuple(e->value)->items[1] : VALUE_NONE;
        if (!strcmp(n, "value"))
            return VALUE_MISSING;
    }
    if (!strcmp(n, "value"))
        return e->value;
    if (!strcmp(n, "__traceback__"))
        return e->traceback;
    if (!strcmp(n, "__cause__"))
        return e->cause;
    if (!strcmp(n, "__context__"))
        return e->context;
    return VALUE_MISSING;
}

static bool identity_hash(value_t self, intptr_t *out)
{
    *out = (intptr_t)(self >> 4);
    return true;
}

#define EXCEPTION_TYPE(id, pyname, parent_type)                                    \
    type_t type_##id = {                                                           \
        .base = {&type_type}, .name = pyname, .parent = parent_type,              \
        .flags = TYPE_EXCEPTION | TYPE_BASETYPE,                                   \
        .instance_size = sizeof(exception_obj_t),                                  \
        .repr = exception_repr, .str = exception_str,                              \
        .make_new = exception_make_new, .getattr = exception_getattr,              \
        .hash = identity_hash,                                                      \
    };

type_t type_BaseException = {
    .base = {&type_type}, .name = "BaseException", .parent = &type_object,
    .flags = TYPE_EXCEPTION | TYPE_BASETYPE, .instance_size = sizeof(exception_obj_t),
    .repr = exception_repr, .str = exception_str, .make_new = exception_make_new,
    .getattr = exception_getattr, .hash = identity_hash,
};
EXCEPTION_TYPE(Exception, "Exception", &type_BaseException)
EXCEPTION_TYPE(SystemExit, "SystemExit", &type_BaseException)
EXCEPTION_TYPE(KeyboardInterrupt, "KeyboardInterrupt", &type_BaseException)
EXCEPTION_TYPE(GeneratorExit, "GeneratorExit", &type_BaseException)
EXCEPTION_TYPE(StopIteration, "StopIteration", &type_Exception)
EXCEPTION_TYPE(StopAsyncIteration, "StopAsyncIteration", &type_Exception)
EXCEPTION_TYPE(ArithmeticError, "ArithmeticError", &type_Exception)
EXCEPTION_TYPE(OverflowError, "OverflowError", &type_ArithmeticError)
EXCEPTION_TYPE(ZeroDivisionError, "ZeroDivisionError", &type_ArithmeticError)
EXCEPTION_TYPE(AssertionError, "AssertionError", &type_Exception)
EXCEPTION_TYPE(AttributeError, "AttributeError", &type_Exception)
EXCEPTION_TYPE(EOFError, "EOFError", &type_Exception)
EXCEPTION_TYPE(ImportError, "ImportError", &type_Exception)
EXCEPTION_TYPE(LookupError, "LookupError", &type_Exception)
EXCEPTION_TYPE(IndexError, "IndexError", &type_LookupError)
EXCEPTION_TYPE(KeyError, "KeyError", &type_LookupError)
EXCEPTION_TYPE(MemoryError, "MemoryError", &type_Exception)
EXCEPTION_TYPE(NameError, "NameError", &type_Exception)
EXCEPTION_TYPE(UnboundLocalError, "UnboundLocalError", &type_NameError)
EXCEPTION_TYPE(OSError, "OSError", &type_Exception)
EXCEPTION_TYPE(RuntimeError, "RuntimeError", &type_Exception)
EXCEPTION_TYPE(NotImplementedError, "NotImplementedError", &type_RuntimeError)
EXCEPTION_TYPE(RecursionError, "RecursionError", &type_RuntimeError)
EXCEPTION_TYPE(SyntaxError, "SyntaxError", &type_Exception)
EXCEPTION_TYPE(TypeError, "TypeError", &type_Exception)
EXCEPTION_TYPE(ValueError, "ValueError", &type_Exception)
EXCEPTION_TYPE(UnicodeError, "UnicodeError", &type_ValueError)

/* The one MemoryError: raising it allocates nothing. Its fields are GC
 * roots (registered in vm_init) because the interpreter may attach a
 * traceback. */
exception_obj_t memory_error_obj = {
    .base = {&type_MemoryError},
    .args = VALUE_EMPTY_TUPLE, .traceback = VALUE_NONE, .cause = VALUE_NONE,
    .context = VALUE_NONE, .value = VALUE_NONE,
};

/* ---- raising ---- */
value_t vm_raise(value_t exc)
{
    vm_current->exc = exc;
    return VALUE_NULL;
}

value_t vm_raise_memory_error(void)
{
    memory_error_obj.traceback = VALUE_NONE;
    memory_error_obj.context = VALUE_NONE;
    memory_error_obj.cause = VALUE_NONE;
    vm_current->exc = obj_value(&memory_error_obj);
    return VALUE_NULL;
}

value_t vm_raise_type(const type_t *type, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    value_t msg = str_new_cstr(buf);
    if (!msg)
        return VALUE_NULL;
    value_t args = tuple_from_array(&msg, 1);
    if (!args)
        return VALUE_NULL;
    value_t e = exception_new(type, args);
    if (!e)
        return VALUE_NULL;
    return vm_raise(e);
}

static value_t raise_with_arg(const type_t *type, value_t arg)
{
    value_t args = tuple_from_array(&arg, 1);
    if (!args)
        return VALUE_NULL;
    value_t e = exception_new(type, args);
    if (!e)
        return VALUE_NULL;
    return vm_raise(e);
}

value_t vm_raise_key_error(value_t key) { return raise_with_arg(&type_KeyError, key); }

value_t vm_raise_stop_iteration(value_t value)
{
    if (value == VALUE_NONE) {
        value_t e = exception_new(&type_StopIteration, VALUE_EMPTY_TUPLE);
        return e ? vm_raise(e) : VALUE_NULL;
    }
    return raise_with_arg(&type_StopIteration, value);
}

value_t vm_take_exception(void)
{
    value_t e = vm_current->exc;
    vm_current->exc = VALUE_NULL;
    return e;
}

bool vm_exception_matches(const type_t *type)
{
    value_t e = vm_current->exc;
    return e && is_instance(e, type);
}

value_t vm_enter_recursion(void)
{
    if (++vm_current->depth > MAX_RECURSION) {
        vm_current->depth--;
        return vm_raise_type(&type_RecursionError, "maximum recursion depth exceeded");
    }
    return VALUE_NONE;
}

void vm_leave_recursion(void) { vm_current->depth--; }
