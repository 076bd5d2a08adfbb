/* Function objects and argument binding (BYTECODE.md §2, with CPython
 * 3.11's TypeError messages), cells, staticmethod, classmethod, property
 * and C attribute descriptors. */
#include "vm/interp.h"
#include "vm/gc.h"
#include "lib/string.h"

static bool identity_hash(value_t self, intptr_t *out) { *out = (intptr_t)(self >> 4); return true; }

/* ---- functions ---- */
value_t function_new(code_obj_t *code, value_t globals)
{
    function_obj_t *f = gc_alloc(sizeof *f, 0);
    if (!f)
        return VALUE_NULL;
    f->base.type = &type_function;
    f->code = code;
    f->globals = globals;
    f->name = code->name;
    f->qualname = code->qualname;
    f->doc = (code->flags & CO_HAS_DOCSTRING) ? as_tuple(code->consts)->items[0] : VALUE_NONE;
    value_t mod = dict_get(globals, NAME(__name__));
    f->module = mod == VALUE_MISSING ? VALUE_NONE : mod;
    return obj_value(f);
}

static value_t function_repr(value_t self)
{
    function_obj_t *f = (function_obj_t *)self;
    strbuf_t b;
    strbuf_init(&b);
    strbuf_printf(&b, "<function %s at %p>", str_data(f->qualname), (void *)self);
    return strbuf_finish(&b);
}

static value_t function_getattr(value_t self, value_t name)
{
    function_obj_t *f = (function_obj_t *)self;
    if (f->dict) {
        value_t v = dict_get(f->dict, name);
        if (v != VALUE_MISSING)
            return v;
    }
    if (name == NAME(__name__)) return f->name;
    if (name == NAME(__qualname__)) return f->qualname;
    if (name == NAME(__doc__)) return f->doc;
    if (name == NAME(__module__)) return f->module;
    if (name == NAME(__defaults__)) return f->defaults ? f->defaults : VALUE_NONE;
    if (name == NAME(__kwdefaults__)) return f->kwdefaults ? f->kwdefaults : VALUE_NONE;
    if (name == NAME(__code__)) return obj_value(f->code);
    if (name == NAME(__globals__)) return f->globals;
    if (name == NAME(__closure__)) return f->closure ? f->closure : VALUE_NONE;
    if (name == NAME(__dict__)) {
        if (!f->dict && !(f->dict = dict_new(0)))
            return VALUE_NULL;
        return f->dict;
    }
    if (name == NAME(__annotations__)) {
        value_t d = dict_new(0);
        return d;
    }
    return VALUE_MISSING;
}

static int function_setattr(value_t self, value_t name, value_t v)
{
    function_obj_t *f = (function_obj_t *)self;
    if (name == NAME(__name__) || name == NAME(__qualname__)) {
        if (!v || !is_str(v)) {
            vm_raise_type(&type_TypeError, "%s must be set to a string object", str_data(name));
            return -1;
        }
        if (name == NAME(__name__)) f->name = v; else f->qualname = v;
        return 0;
    }
    if (name == NAME(__doc__)) { f->doc = v ? v : VALUE_NONE; return 0; }
    if (name == NAME(__module__)) { f->module = v ? v : VALUE_NONE; return 0; }
    if (name == NAME(__defaults__)) { f->defaults = (v && v != VALUE_NONE) ? v : VALUE_NULL; return 0; }
    if (name == NAME(__kwdefaults__)) { f->kwdefaults = (v && v != VALUE_NONE) ? v : VALUE_NULL; return 0; }
    if (name == NAME(__dict__)) {
        if (!v || type_of(v) != &type_dict) {
            vm_raise_type(&type_TypeError, "__dict__ must be set to a dictionary");
            return -1;
        }
        f->dict = v;
        return 0;
    }
    if (!f->dict && !(f->dict = dict_new(0)))
        return -1;
    if (!v) {
        int r = dict_delete(f->dict, name);
        if (r == 0) {
            vm_raise_type(&type_AttributeError, "'function' object has no attribute '%s'", str_data(name));
            return -1;
        }
        return r < 0 ? -1 : 0;
    }
    return dict_set(f->dict, name, v) ? 0 : -1;
}

static value_t function_descr_get(value_t descr, value_t obj, const type_t *type)
{
    (void)type;
    if (!obj)
        return descr;
    return bound_method_new(obj, descr);
}

type_t type_function = {
    .base = {&type_type}, .name = "function", .parent = &type_object,
    .repr = function_repr, .hash = identity_hash, .call = function_call,
    .getattr = function_getattr, .setattr = function_setattr, .descr_get = function_descr_get,
};

/* ---- argument binding ---- */
static const char *fname(function_obj_t *f) { return str_data(f->qualname); }

static void missing_error(function_obj_t *f, value_t *fast, uint32_t from, uint32_t to, const char *kind)
{
    code_obj_t *co = f->code;
    value_t *vn = as_tuple(co->varnames)->items;
    uint32_t count = 0;
    for (uint32_t i = from; i < to; i++)
        if (!fast[i])
            count++;
    strbuf_t b;
    strbuf_init(&b);
    strbuf_printf(&b, "%s() missing %u required %s argument%s: ", fname(f), count, kind, count == 1 ? "" : "s");
    uint32_t k = 0;
    for (uint32_t i = from; i < to; i++) {
        if (fast[i])
            continue;
        if (k > 0) {
            if (count == 2)
                strbuf_add_cstr(&b, " and ");
            else if (k == count - 1)
                strbuf_add_cstr(&b, ", and ");
            else
                strbuf_add_cstr(&b, ", ");
        }
        strbuf_printf(&b, "'%s'", str_data(vn[i]));
        k++;
    }
    value_t msg = strbuf_finish(&b);
    if (!msg)
        return;
    value_t e = exception_new(&type_TypeError, tuple_from_array(&msg, 1));
    if (e)
        vm_raise(e);
}

static void too_many_positional(function_obj_t *f, value_t *fast, size_t given)
{
    code_obj_t *co = f->code;
    size_t ndef = f->defaults ? as_tuple(f->defaults)->len : 0;
    uint32_t argc = co->argcount;
    size_t kwonly_given = 0;
    for (uint32_t i = argc; i < argc + co->kwonlyargcount; i++)
        if (fast[i])
            kwonly_given++;
    char sig[64];
    extern int snprintf(char *, size_t, const char *, ...);
    if (ndef)
        snprintf(sig, sizeof sig, "from %zu to %u positional arguments", (size_t)argc - ndef, argc);
    else
        snprintf(sig, sizeof sig, "%u positional argument%s", argc, argc == 1 ? "" : "s");
    if (kwonly_given)
        vm_raise_type(&type_TypeError,
                      "%s() takes %s but %zu positional argument%s (and %zu keyword-only argument%s) were given",
                      fname(f), sig, given, given == 1 ? "" : "s", kwonly_given, kwonly_given == 1 ? "" : "s");
    else
        vm_raise_type(&type_TypeError, "%s() takes %s but %zu %s given", fname(f), sig, given,
                      given == 1 ? "was" : "were");
}

bool bind_arguments(function_obj_t *f, value_t *fast, const value_t *args, size_t nargs, value_t kwnames)
{
    code_obj_t *co = f->code;
    uint32_t argc = co->argcount, flags = co->flags;
    if (!kwnames && nargs == argc && !(flags & (CO_VARARGS | CO_VARKEYWORDS)) && !co->kwonlyargcount) {
        memcpy(fast, args, nargs * sizeof(value_t));
        return true;
    }
    uint32_t total = argc + co->kwonlyargcount;
    size_t n = nargs < argc ? nargs : argc;
    memcpy(fast, args, n * sizeof(value_t));
    uint32_t extra = total;
    if (flags & CO_VARARGS) {
        value_t t = nargs > argc ? tuple_from_array(args + argc, nargs - argc) : VALUE_EMPTY_TUPLE;
        if (!t)
            return false;
        fast[extra++] = t;
    }
    value_t kwdict = VALUE_NULL;
    if (flags & CO_VARKEYWORDS) {
        kwdict = dict_new(0);
        if (!kwdict)
            return false;
        fast[extra] = kwdict;
    }
    if (kwnames) {
        tuple_obj_t *kn = as_tuple(kwnames);
        value_t *vn = as_tuple(co->varnames)->items;
        for (size_t k = 0; k < kn->len; k++) {
            value_t name = kn->items[k], val = args[nargs + k];
            uint32_t i;
            for (i = co->posonlyargcount; i < total; i++)
                if (vn[i] == name)
                    break;
            if (i == total)
                for (i = co->posonlyargcount; i < total; i++)
                    if (str_equal(vn[i], name))
                        break;
            if (i < total) {
                if (fast[i]) {
                    vm_raise_type(&type_TypeError, "%s() got multiple values for argument '%s'", fname(f),
                                  str_data(name));
                    return false;
                }
                fast[i] = val;
                continue;
            }
            if (kwdict) {
                if (dict_get(kwdict, name) != VALUE_MISSING) {
                    vm_raise_type(&type_TypeError, "%s() got multiple values for keyword argument '%s'", fname(f),
                                  str_data(name));
                    return false;
                }
                if (!dict_set(kwdict, name, val))
                    return false;
                continue;
            }
            bool posonly = false;
            for (i = 0; i < co->posonlyargcount; i++)
                if (str_equal(vn[i], name))
                    posonly = true;
            if (posonly) {
                /* every positional-only name passed by keyword */
                strbuf_t b;
                strbuf_init(&b);
                bool first = true;
                for (size_t k2 = 0; k2 < kn->len; k2++)
                    for (i = 0; i < co->posonlyargcount; i++)
                        if (str_equal(vn[i], kn->items[k2])) {
                            strbuf_printf(&b, "%s%s", first ? "" : ", ", str_data(vn[i]));
                            first = false;
                        }
                value_t names_s = strbuf_finish(&b);
                vm_raise_type(&type_TypeError,
                              "%s() got some positional-only arguments passed as keyword arguments: '%s'", fname(f),
                              names_s ? str_data(names_s) : "?");
            } else
                vm_raise_type(&type_TypeError, "%s() got an unexpected keyword argument '%s'", fname(f),
                              str_data(name));
            return false;
        }
    }
    if (nargs > argc && !(flags & CO_VARARGS)) {
        too_many_positional(f, fast, nargs);
        return false;
    }
    if (nargs < argc) {
        size_t ndef = f->defaults ? as_tuple(f->defaults)->len : 0;
        uint32_t first_default = argc - (uint32_t)(ndef < argc ? ndef : argc);
        bool missing = false;
        for (uint32_t i = (uint32_t)nargs; i < argc; i++) {
            if (fast[i])
                continue;
            if (i >= first_default)
                fast[i] = as_tuple(f->defaults)->items[i - first_default];
            else
                missing = true;
        }
        if (missing) {
            missing_error(f, fast, (uint32_t)nargs, first_default, "positional");
            return false;
        }
    }
    if (co->kwonlyargcount) {
        value_t *vn = as_tuple(co->varnames)->items;
        bool missing = false;
        for (uint32_t i = argc; i < total; i++) {
            if (fast[i])
                continue;
            if (f->kwdefaults) {
                value_t d = dict_get(f->kwdefaults, vn[i]);
                if (d != VALUE_MISSING) {
                    fast[i] = d;
                    continue;
                }
            }
            missing = true;
        }
        if (missing) {
            missing_error(f, fast, argc, total, "keyword-only");
            return false;
        }
    }
    return true;
}

/* ---- cells ---- */
static value_t cell_repr(value_t self)
{
    strbuf_t b;
    strbuf_init(&b);
    strbuf_printf(&b, "<cell at %p>", (void *)self);
    return strbuf_finish(&b);
}

static value_t cell_getattr(value_t self, value_t name)
{
    if (str_equal(name, str_intern_cstr("cell_contents"))) {
        value_t v = ((cell_obj_t *)self)->contents;
        return v ? v : vm_raise_type(&type_ValueError, "Cell is empty");
    }
    return VALUE_MISSING;
}

type_t type_cell = {
    .base = {&type_type}, .name = "cell", .parent = &type_object,
    .repr = cell_repr, .hash = identity_hash, .getattr = cell_getattr,
};

value_t cell_new(value_t contents)
{
    cell_obj_t *c = gc_alloc(sizeof *c, 0);
    if (!c)
        return VALUE_NULL;
    c->base.type = &type_cell;
    c->contents = contents;
    return obj_value(c);
}

/* ---- staticmethod / classmethod ---- */
static value_t wrapper_make_new(const type_t *type, const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check(type->name, nargs, kw, 1, 1))
        return VALUE_NULL;
    wrapper_obj_t *w = gc_alloc(sizeof *w, 0);
    if (!w)
        return VALUE_NULL;
    w->base.type = type;
    w->func = args[0];
    return obj_value(w);
}

static value_t staticmethod_descr_get(value_t descr, value_t obj, const type_t *type)
{
    (void)obj;
    (void)type;
    return ((wrapper_obj_t *)descr)->func;
}

static value_t classmethod_descr_get(value_t descr, value_t obj, const type_t *type)
{
    const type_t *t = type ? type : type_of(obj);
    if (obj && !type)
        t = type_of(obj);
    return bound_method_new(obj_value(t), ((wrapper_obj_t *)descr)->func);
}

static value_t wrapper_getattr(value_t self, value_t name)
{
    wrapper_obj_t *w = (wrapper_obj_t *)self;
    if (name == NAME(__func__) || name == NAME(__wrapped__))
        return w->func;
    if (name == NAME(__isabstractmethod__)) {
        value_t v = vm_getattr_opt(w->func, name);
        return v == VALUE_MISSING ? VALUE_FALSE : v;
    }
    if (name == NAME(__doc__) || name == NAME(__name__) || name == NAME(__qualname__))
        return vm_getattr_opt(w->func, name);
    return VALUE_MISSING;
}

static value_t staticmethod_call(value_t self, const value_t *args, size_t nargs, value_t kw)
{
    return vm_call(((wrapper_obj_t *)self)->func, args, nargs, kw);
}

type_t type_staticmethod = {
    .base = {&type_type}, .name = "staticmethod", .parent = &type_object, .flags = TYPE_BASETYPE,
    .make_new = wrapper_make_new, .descr_get = staticmethod_descr_get, .getattr = wrapper_getattr,
    .hash = identity_hash, .call = staticmethod_call,
};
type_t type_classmethod = {
    .base = {&type_type}, .name = "classmethod", .parent = &type_object, .flags = TYPE_BASETYPE,
    .make_new = wrapper_make_new, .descr_get = classmethod_descr_get, .getattr = wrapper_getattr,
    .hash = identity_hash,
};

/* ---- property ---- */
static value_t property_make_new(const type_t *type, const value_t *args, size_t nargs, value_t kw)
{
    static const char *const names[] = {"fget", "fset", "fdel", "doc"};
    value_t a[4];
    if (!arg_parse("property", args, nargs, kw, 4, names, a, 0))
        return VALUE_NULL;
    property_obj_t *p = gc_alloc(sizeof *p, 0);
    if (!p)
        return VALUE_NULL;
    p->base.type = type;
    p->fget = a[0] && a[0] != VALUE_NONE ? a[0] : VALUE_NULL;
    p->fset = a[1] && a[1] != VALUE_NONE ? a[1] : VALUE_NULL;
    p->fdel = a[2] && a[2] != VALUE_NONE ? a[2] : VALUE_NULL;
    p->doc = a[3] ? a[3] : VALUE_NONE;
    if (p->doc == VALUE_NONE && p->fget) {
        value_t d = vm_getattr_opt(p->fget, NAME(__doc__));
        if (d && d != VALUE_MISSING)
            p->doc = d;
        vm_take_exception();
    }
    p->name = VALUE_NULL;
    return obj_value(p);
}

static const char *owner_qualname(value_t obj)
{
    const type_t *t = type_of(obj);
    if (type_is_heap(t))
        return str_data(((heap_type_t *)t)->qualname);
    return t->name;
}

static value_t property_descr_get(value_t descr, value_t obj, const type_t *type)
{
    (void)type;
    property_obj_t *p = (property_obj_t *)descr;
    if (!obj)
        return descr;
    if (!p->fget) {
        if (p->name)
            return vm_raise_type(&type_AttributeError, "property '%s' of '%s' object has no getter",
                                 str_data(p->name), owner_qualname(obj));
        return vm_raise_type(&type_AttributeError, "unreadable attribute");
    }
    return vm_call(p->fget, &obj, 1, VALUE_NULL);
}

/* Called by instance setattr when the class attribute is a property. */
int property_set(value_t descr, value_t obj, value_t v)
{
    property_obj_t *p = (property_obj_t *)descr;
    value_t fn = v ? p->fset : p->fdel;
    if (!fn) {
        if (p->name)
            vm_raise_type(&type_AttributeError, "property '%s' of '%s' object has no %s", str_data(p->name),
                          owner_qualname(obj), v ? "setter" : "deleter");
        else
            vm_raise_type(&type_AttributeError, v ? "can't set attribute" : "can't delete attribute");
        return -1;
    }
    value_t a[2] = {obj, v};
    return vm_call(fn, a, v ? 2 : 1, VALUE_NULL) ? 0 : -1;
}

static value_t property_copy(value_t self, value_t fget, value_t fset, value_t fdel)
{
    property_obj_t *o = (property_obj_t *)self;
    property_obj_t *p = gc_alloc(sizeof *p, 0);
    if (!p)
        return VALUE_NULL;
    *p = *o;
    p->fget = fget;
    p->fset = fset;
    p->fdel = fdel;
    return obj_value(p);
}

static value_t property_getter(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("getter", nargs, kw, 2, 2)) return VALUE_NULL;
    property_obj_t *o = (property_obj_t *)args[0];
    value_t p = property_copy(args[0], args[1], o->fset, o->fdel);
    if (p && ((property_obj_t *)p)->doc == VALUE_NONE) {
        value_t d = vm_getattr_opt(args[1], NAME(__doc__));
        if (d && d != VALUE_MISSING)
            ((property_obj_t *)p)->doc = d;
        vm_take_exception();
    }
    return p;
}

static value_t property_setter(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("setter", nargs, kw, 2, 2)) return VALUE_NULL;
    property_obj_t *o = (property_obj_t *)args[0];
    return property_copy(args[0], o->fget, args[1], o->fdel);
}

static value_t property_deleter(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("deleter", nargs, kw, 2, 2)) return VALUE_NULL;
    property_obj_t *o = (property_obj_t *)args[0];
    return property_copy(args[0], o->fget, o->fset, args[1]);
}

static value_t property_getattr(value_t self, value_t name)
{
    property_obj_t *p = (property_obj_t *)self;
    if (name == NAME(fget)) return p->fget ? p->fget : VALUE_NONE;
    if (name == NAME(fset)) return p->fset ? p->fset : VALUE_NONE;
    if (name == NAME(fdel)) return p->fdel ? p->fdel : VALUE_NONE;
    if (name == NAME(__doc__)) return p->doc;
    if (name == NAME(__isabstractmethod__)) {
        if (p->fget) {
            value_t v = vm_getattr_opt(p->fget, name);
            if (v && v != VALUE_MISSING)
                return v;
            vm_take_exception();
        }
        return VALUE_FALSE;
    }
    return VALUE_MISSING;
}

static const method_def_t property_methods[] = {
    {"getter", property_getter, 0}, {"setter", property_setter, 0}, {"deleter", property_deleter, 0},
    {0, 0, 0},
};

type_t type_property = {
    .base = {&type_type}, .name = "property", .parent = &type_object, .flags = TYPE_BASETYPE,
    .make_new = property_make_new, .descr_get = property_descr_get, .getattr = property_getattr,
    .methods = property_methods, .hash = identity_hash,
};

/* ---- C attributes ---- */
static value_t getset_descr_get(value_t descr, value_t obj, const type_t *type)
{
    (void)type;
    if (!obj)
        return descr;
    return ((getset_obj_t *)descr)->get(obj);
}

type_t type_getset = {
    .base = {&type_type}, .name = "getset_descriptor", .parent = &type_object,
    .descr_get = getset_descr_get, .hash = identity_hash,
};

value_t getset_new(const char *name, value_t (*get)(value_t obj))
{
    getset_obj_t *g = gc_alloc(sizeof *g, 0);
    if (!g)
        return VALUE_NULL;
    g->base.type = &type_getset;
    g->name = name;
    g->get = get;
    return obj_value(g);
}
