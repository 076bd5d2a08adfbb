/* Modules and the import system: sys.modules, the native module table,
 * the frozen bundle (packages, __path__ = [dotted_name]), and source files
 * read through arch_file_read (hosted: the host's files; on bare metal
 * nothing yet), compiled by the frozen compiler. Relative imports resolve
 * against __package__. */
#include "vm/interp.h"
#include "vm/gc.h"
#include "arch/arch.h"
#include "lib/string.h"
#include "mm/heap.h"

value_t vm_sys_modules, vm_builtins, vm_builtins_dict, vm_sys_module;
static bundle_entry_t *frozen;
static long frozen_count;
extern type_t type_ModuleNotFoundError;

/* Weak default: no files on this board. */
__attribute__((weak)) long arch_file_read(const char *path, uint64_t offset, void *buf, size_t cap)
{
    (void)path;
    (void)offset;
    (void)buf;
    (void)cap;
    return -1;
}

/* ---- the module type ---- */
static value_t module_repr(value_t self)
{
    module_obj_t *m = (module_obj_t *)self;
    strbuf_t b;
    strbuf_init(&b);
    value_t file = dict_get(m->dict, NAME(__file__));
    if (file != VALUE_MISSING && is_str(file))
        strbuf_printf(&b, "<module '%s' from '%s'>", str_data(m->name), str_data(file));
    else
        strbuf_printf(&b, "<module '%s' (built-in)>", str_data(m->name));
    return strbuf_finish(&b);
}

static value_t module_getattr(value_t self, value_t name)
{
    module_obj_t *m = (module_obj_t *)self;
    value_t v = dict_get(m->dict, name);
    if (v != VALUE_MISSING)
        return v;
    if (name == NAME(__dict__))
        return m->dict;
    value_t ga = dict_get(m->dict, NAME(__getattr__));
    if (ga != VALUE_MISSING)
        return vm_call(ga, &name, 1, VALUE_NULL);
    vm_raise_type(&type_AttributeError, "module '%s' has no attribute '%s'", str_data(m->name), str_data(name));
    value_t context[2] = {name, self};              /* .name, .obj, and "Did you mean" */
    vm_error_set_context(&type_AttributeError, tuple_from_array(context, 2));
    return VALUE_NULL;
}

static int module_setattr(value_t self, value_t name, value_t v)
{
    module_obj_t *m = (module_obj_t *)self;
    if (!v) {
        int r = dict_delete(m->dict, name);
        if (r == 0) {
            vm_raise_type(&type_AttributeError, "module '%s' has no attribute '%s'", str_data(m->name),
                          str_data(name));
            return -1;
        }
        return r < 0 ? -1 : 0;
    }
    return dict_set(m->dict, name, v) ? 0 : -1;
}

static bool module_hash(value_t self, intptr_t *out) { *out = (intptr_t)(self >> 4); return true; }

type_t type_module = {
    .base = {&type_type}, .name = "module", .parent = &type_object,
    .repr = module_repr, .getattr = module_getattr, .setattr = module_setattr, .hash = module_hash,
};

value_t module_new(value_t name)
{
    module_obj_t *m = gc_alloc(sizeof *m, 0);
    if (!m)
        return VALUE_NULL;
    m->base.type = &type_module;
    m->name = name;
    m->dict = dict_new(0);
    if (!m->dict || !dict_set(m->dict, NAME(__name__), name) || !dict_set(m->dict, NAME(__doc__), VALUE_NONE) ||
        !dict_set(m->dict, NAME(__package__), VALUE_NONE) || !dict_set(m->dict, NAME(__spec__), VALUE_NONE) ||
        !dict_set(m->dict, NAME(__loader__), VALUE_NONE))
        return VALUE_NULL;
    return obj_value(m);
}

bool module_add_functions(value_t module, const method_def_t *defs)
{
    for (const method_def_t *d = defs; d->name; d++) {
        value_t f = native_function_new(d->name, d->fn, VALUE_NULL, 0);
        if (!f || !dict_set_str(module_dict(module), d->name, f))
            return false;
    }
    return true;
}

/* ---- errors ---- */
static value_t import_error(const type_t *t, value_t name, const char *fmt, ...)
{
    char buf[300];
    va_list ap;
    va_start(ap, fmt);
    extern int vsnprintf(char *, size_t, const char *, va_list);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    value_t msg = str_new_cstr(buf);
    if (!msg)
        return VALUE_NULL;
    value_t args = tuple_from_array(&msg, 1);
    if (!args)
        return VALUE_NULL;
    value_t e = exception_new(t, args);
    if (!e)
        return VALUE_NULL;
    ((exception_obj_t *)e)->value = name ? name : VALUE_NONE;
    return vm_raise(e);
}

/* ---- finding modules ---- */
static const bundle_entry_t *frozen_find(const char *name, size_t len)
{
    long lo = 0, hi = frozen_count - 1;
    while (lo <= hi) {
        long mid = (lo + hi) / 2;
        const bundle_entry_t *e = &frozen[mid];
        size_t n = e->name_len < len ? e->name_len : len;
        int c = memcmp(e->name, name, n);
        if (c == 0)
            c = e->name_len < len ? -1 : e->name_len > len ? 1 : 0;
        if (c == 0)
            return e;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    /* the bundle should be sorted; fall back to a scan */
    for (long i = 0; i < frozen_count; i++)
        if (frozen[i].name_len == len && !memcmp(frozen[i].name, name, len))
            return &frozen[i];
    return 0;
}

/* Reads a whole file (NULL when it cannot be read); *len set. */
static uint8_t *read_file(const char *path, size_t *len)
{
    size_t cap = 16384, n = 0;
    uint8_t *buf = kmalloc(cap);
    if (!buf)
        return 0;
    for (;;) {
        if (n == cap) {
            uint8_t *nb = krealloc(buf, cap * 2);
            if (!nb) {
                kfree(buf);
                return 0;
            }
            buf = nb;
            cap *= 2;
        }
        long r = arch_file_read(path, n, buf + n, cap - n);
        if (r < 0) {
            kfree(buf);
            return 0;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    *len = n;
    return buf;
}

value_t vm_read_file(const char *path)
{
    size_t len;
    uint8_t *data = read_file(path, &len);
    if (!data)
        return VALUE_MISSING;
    value_t b = bytes_new(data, len);
    kfree(data);
    return b;
}

static value_t exec_module_code(value_t m, value_t code)
{
    value_t r = interp_run_code((code_obj_t *)code, module_dict(m), module_dict(m));
    return r;
}

static value_t load_frozen(value_t fullname, const bundle_entry_t *e)
{
    value_t code = code_load(e->data, e->len);
    if (!code)
        return VALUE_NULL;
    value_t m = module_new(fullname);
    if (!m)
        return VALUE_NULL;
    value_t d = module_dict(m);
    const char *name = str_data(fullname);
    const char *dot = 0;
    for (const char *p = name; *p; p++)
        if (*p == '.')
            dot = p;
    if (e->flags & 1) {
        value_t path = list_from_array(&fullname, 1);
        if (!path || !dict_set(d, NAME(__path__), path) || !dict_set(d, NAME(__package__), fullname))
            return VALUE_NULL;
    } else {
        value_t pkg = dot ? str_new(name, (size_t)(dot - name)) : str_new("", 0);
        if (!pkg || !dict_set(d, NAME(__package__), pkg))
            return VALUE_NULL;
    }
    value_t file = str_new_cstr("<frozen>");
    if (!file || !dict_set(d, NAME(__file__), file))
        return VALUE_NULL;
    if (!dict_set(vm_sys_modules, fullname, m))
        return VALUE_NULL;
    if (!exec_module_code(m, code)) {
        value_t saved = vm_take_exception();
        dict_delete(vm_sys_modules, fullname);
        vm_raise(saved);
        return VALUE_NULL;
    }
    value_t final = dict_get(vm_sys_modules, fullname);
    return final == VALUE_MISSING ? m : final;
}

static value_t load_source(value_t fullname, const char *path, bool package, value_t dir)
{
    size_t len;
    uint8_t *data = read_file(path, &len);
    if (!data)
        return VALUE_MISSING;
    value_t src = str_from_utf8((const char *)data, len);
    kfree(data);
    if (!src)
        return VALUE_NULL;
    value_t fname = str_new_cstr(path);
    if (!fname)
        return VALUE_NULL;
    value_t code = vm_compile_source(src, fname, "exec");
    if (!code)
        return VALUE_NULL;
    value_t m = module_new(fullname);
    if (!m)
        return VALUE_NULL;
    value_t d = module_dict(m);
    const char *name = str_data(fullname);
    const char *dot = 0;
    for (const char *p = name; *p; p++)
        if (*p == '.')
            dot = p;
    if (package) {
        value_t pl = list_from_array(&dir, 1);
        if (!pl || !dict_set(d, NAME(__path__), pl) || !dict_set(d, NAME(__package__), fullname))
            return VALUE_NULL;
    } else {
        value_t pkg = dot ? str_new(name, (size_t)(dot - name)) : str_new("", 0);
        if (!pkg || !dict_set(d, NAME(__package__), pkg))
            return VALUE_NULL;
    }
    if (!dict_set(d, NAME(__file__), fname) || !dict_set(vm_sys_modules, fullname, m))
        return VALUE_NULL;
    if (!exec_module_code(m, code)) {
        value_t saved = vm_take_exception();
        dict_delete(vm_sys_modules, fullname);
        vm_raise(saved);
        return VALUE_NULL;
    }
    value_t final = dict_get(vm_sys_modules, fullname);
    return final == VALUE_MISSING ? m : final;
}

/* Looks for leaf in the directories of `paths` (a list of str). */
static value_t find_source(value_t fullname, const char *leaf, value_t paths)
{
    if (!paths || !is_obj(paths) || type_of(paths) != &type_list)
        return VALUE_MISSING;
    for (size_t i = 0; i < as_list(paths)->len; i++) {
        value_t dir = as_list(paths)->items[i];
        if (!is_str(dir))
            continue;
        char path[512];
        extern int snprintf(char *, size_t, const char *, ...);
        const char *ds = str_data(dir);
        const char *sep = (ds[0] && ds[str_len(dir) - 1] != '/') ? "/" : "";
        if (!ds[0])
            ds = ".", sep = "/";
        snprintf(path, sizeof path, "%s%s%s/__init__.py", ds, sep, leaf);
        char dirpath[512];
        snprintf(dirpath, sizeof dirpath, "%s%s%s", ds, sep, leaf);
        value_t dv = str_new_cstr(dirpath);
        if (!dv)
            return VALUE_NULL;
        value_t m = load_source(fullname, path, true, dv);
        if (m != VALUE_MISSING)
            return m;
        snprintf(path, sizeof path, "%s%s%s.py", ds, sep, leaf);
        m = load_source(fullname, path, false, VALUE_NULL);
        if (m != VALUE_MISSING)
            return m;
    }
    return VALUE_MISSING;
}

static value_t import_absolute(value_t fullname)
{
    value_t m = dict_get(vm_sys_modules, fullname);
    if (m != VALUE_MISSING) {
        if (m == VALUE_NONE)
            return import_error(&type_ModuleNotFoundError, fullname, "import of %s halted; None in sys.modules",
                                str_data(fullname));
        return m;
    }
    const char *name = str_data(fullname);
    size_t len = str_len(fullname);
    const char *dot = 0;
    for (const char *p = name; *p; p++)
        if (*p == '.')
            dot = p;
    value_t parent = VALUE_NULL, parent_path = VALUE_NULL;
    const char *leaf = name;
    if (dot) {
        value_t pn = str_intern(name, (size_t)(dot - name));
        if (!pn)
            return VALUE_NULL;
        parent = import_absolute(pn);
        if (!parent)
            return VALUE_NULL;
        m = dict_get(vm_sys_modules, fullname);
        if (m != VALUE_MISSING)
            return m;
        parent_path = vm_getattr_opt(parent, NAME(__path__));
        if (!parent_path) {
            vm_take_exception();
            parent_path = VALUE_MISSING;
        }
        if (parent_path == VALUE_MISSING)
            return import_error(&type_ModuleNotFoundError, fullname, "No module named '%s'; '%s' is not a package",
                                name, str_data(pn));
        leaf = dot + 1;
    }
    /* native modules */
    if (!dot) {
        for (const native_module_t *nm = native_modules; nm->name; nm++) {
            if (strcmp(nm->name, name))
                continue;
            m = module_new(fullname);
            if (!m || !dict_set(vm_sys_modules, fullname, m))
                return VALUE_NULL;
            if (!nm->init(m)) {
                value_t saved = vm_take_exception();
                dict_delete(vm_sys_modules, fullname);
                vm_raise(saved);
                return VALUE_NULL;
            }
            return m;
        }
    }
    m = VALUE_MISSING;
    const bundle_entry_t *e = frozen_find(name, len);
    bool frozen_parent = !dot || (parent_path != VALUE_MISSING && is_obj(parent_path) &&
                                  type_of(parent_path) == &type_list && as_list(parent_path)->len == 1 &&
                                  str_equal(as_list(parent_path)->items[0], str_intern(name, (size_t)(dot - name))));
    if (e && frozen_parent)
        m = load_frozen(fullname, e);
    else {
        value_t paths = parent_path;
        if (!dot) {
            paths = vm_sys_module ? dict_get(module_dict(vm_sys_module), NAME(path)) : VALUE_MISSING;
            if (paths == VALUE_MISSING)
                paths = VALUE_NULL;
        }
        m = find_source(fullname, leaf, paths);
    }
    if (!m)
        return VALUE_NULL;
    if (m == VALUE_MISSING)
        return import_error(&type_ModuleNotFoundError, fullname, "No module named '%s'", name);
    if (parent) {
        value_t leafname = str_intern_cstr(leaf);
        if (!leafname || vm_setattr(parent, leafname, m) < 0)
            return VALUE_NULL;
    }
    return m;
}

value_t import_module(const char *name)
{
    value_t n = str_intern_cstr(name);
    return n ? import_absolute(n) : VALUE_NULL;
}

static value_t resolve_name(value_t name, value_t globals, intptr_t level)
{
    value_t pkg = VALUE_MISSING;
    if (globals && is_obj(globals) && type_of(globals) == &type_dict) {
        pkg = dict_get(globals, NAME(__package__));
        if (pkg == VALUE_MISSING || pkg == VALUE_NONE) {
            value_t modname = dict_get(globals, NAME(__name__));
            if (modname != VALUE_MISSING && is_str(modname)) {
                if (dict_get(globals, NAME(__path__)) != VALUE_MISSING)
                    pkg = modname;
                else {
                    const char *s = str_data(modname), *dot = 0;
                    for (const char *p = s; *p; p++)
                        if (*p == '.')
                            dot = p;
                    pkg = dot ? str_new(s, (size_t)(dot - s)) : str_new("", 0);
                }
            }
        }
    }
    if (pkg == VALUE_MISSING || !is_str(pkg) || str_len(pkg) == 0)
        return import_error(&type_ImportError, VALUE_NONE, "attempted relative import with no known parent package");
    const char *s = str_data(pkg);
    size_t end = str_len(pkg);
    for (intptr_t i = 1; i < level; i++) {
        while (end > 0 && s[end - 1] != '.')
            end--;
        if (end == 0)
            return import_error(&type_ImportError, VALUE_NONE, "attempted relative import beyond top-level package");
        end--;
    }
    strbuf_t b;
    strbuf_init(&b);
    strbuf_add(&b, s, end);
    if (str_len(name)) {
        strbuf_add_char(&b, '.');
        strbuf_add(&b, str_data(name), str_len(name));
    }
    value_t r = strbuf_finish(&b);
    return r ? str_intern(str_data(r), str_len(r)) : VALUE_NULL;
}

value_t import_name(value_t name, value_t globals, value_t fromlist, value_t levelv)
{
    intptr_t level = is_small_int(levelv) ? small_int_value(levelv) : 0;
    if (level < 0)
        return vm_raise_type(&type_ValueError, "level must be >= 0");
    value_t absname = name;
    if (level > 0) {
        absname = resolve_name(name, globals, level);
        if (!absname)
            return VALUE_NULL;
    } else if (str_len(name) == 0) {
        return vm_raise_type(&type_ValueError, "Empty module name");
    }
    value_t m = import_absolute(absname);
    if (!m)
        return VALUE_NULL;
    bool has_from = fromlist && fromlist != VALUE_NONE &&
                    !(is_obj(fromlist) && type_of(fromlist) == &type_tuple && as_tuple(fromlist)->len == 0);
    if (!has_from) {
        if (level == 0) {
            const char *s = str_data(name);
            const char *dot = strchr(s, '.');
            if (!dot)
                return m;
            value_t top = str_intern(s, (size_t)(dot - s));
            value_t t = dict_get(vm_sys_modules, top);
            return t == VALUE_MISSING ? m : t;
        }
        return m;
    }
    /* from package import submodule */
    if (vm_getattr_opt(m, NAME(__path__)) == VALUE_MISSING) {
        vm_take_exception();
        return m;
    }
    vm_take_exception();
    value_t *items;
    size_t n;
    if (!seq_items(fromlist, &items, &n))
        return m;
    for (size_t i = 0; i < n; i++) {
        value_t item = items[i];
        if (!is_str(item) || !strcmp(str_data(item), "*"))
            continue;
        value_t v = dict_get(module_dict(m), item);
        if (v != VALUE_MISSING)
            continue;
        strbuf_t b;
        strbuf_init(&b);
        strbuf_add(&b, str_data(absname), str_len(absname));
        strbuf_add_char(&b, '.');
        strbuf_add(&b, str_data(item), str_len(item));
        value_t sub = strbuf_finish(&b);
        if (!sub)
            return VALUE_NULL;
        sub = str_intern(str_data(sub), str_len(sub));
        value_t r = import_absolute(sub);
        if (!r) {
            value_t e = vm_current->exc;
            if (type_of(e) == &type_ModuleNotFoundError && ((exception_obj_t *)e)->value != VALUE_NONE &&
                str_equal(((exception_obj_t *)e)->value, sub)) {
                vm_take_exception();
                continue;
            }
            return VALUE_NULL;
        }
    }
    return m;
}

value_t import_from(value_t mod, value_t name)
{
    value_t v;
    if (type_of(mod) == &type_module) {
        v = dict_get(module_dict(mod), name);
        if (v != VALUE_MISSING)
            return v;
    } else {
        v = vm_getattr_opt(mod, name);
        if (!v)
            return VALUE_NULL;
        if (v != VALUE_MISSING)
            return v;
    }
    value_t modname = vm_getattr_opt(mod, NAME(__name__));
    if (!modname) {
        vm_take_exception();
        modname = VALUE_MISSING;
    }
    if (modname != VALUE_MISSING && is_str(modname)) {
        strbuf_t b;
        strbuf_init(&b);
        strbuf_add(&b, str_data(modname), str_len(modname));
        strbuf_add_char(&b, '.');
        strbuf_add(&b, str_data(name), str_len(name));
        value_t sub = strbuf_finish(&b);
        if (!sub)
            return VALUE_NULL;
        value_t m = dict_get(vm_sys_modules, sub);
        if (m != VALUE_MISSING)
            return m;
        value_t file = type_of(mod) == &type_module ? dict_get(module_dict(mod), NAME(__file__)) : VALUE_MISSING;
        if (file != VALUE_MISSING && is_str(file) && str_data(file)[0] != '<')
            return import_error(&type_ImportError, modname, "cannot import name '%s' from '%s' (%s)", str_data(name),
                                str_data(modname), str_data(file));
        return import_error(&type_ImportError, modname, "cannot import name '%s' from '%s' (unknown location)",
                            str_data(name), str_data(modname));
    }
    return import_error(&type_ImportError, VALUE_NONE, "cannot import name '%s'", str_data(name));
}

bool import_star(value_t mod, value_t locals)
{
    value_t d = type_of(mod) == &type_module ? module_dict(mod) : instance_get_dict(mod, false);
    if (!d)
        return vm_raise_type(&type_ImportError, "from-import-* object has no __dict__ and no __all__"), false;
    value_t all = dict_get(d, NAME(__all__));
    if (all != VALUE_MISSING) {
        value_t it = vm_iter(all);
        if (!it)
            return false;
        for (;;) {
            value_t k = vm_next(it);
            if (!k)
                return false;
            if (k == VALUE_STOP)
                return true;
            value_t v = vm_getattr(mod, k);
            if (!v)
                return false;
            if (type_of(locals) == &type_dict ? !dict_set(locals, k, v) : vm_setitem(locals, k, v) < 0)
                return false;
        }
    }
    size_t pos = 0;
    value_t k, v;
    value_t keys = list_new(0);
    if (!keys)
        return false;
    while (dict_next(d, &pos, &k, &v))
        if (is_str(k) && str_data(k)[0] != '_')
            if (!list_append(keys, k))
                return false;
    for (size_t i = 0; i < as_list(keys)->len; i++) {
        k = as_list(keys)->items[i];
        v = dict_get(d, k);
        if (type_of(locals) == &type_dict ? !dict_set(locals, k, v) : vm_setitem(locals, k, v) < 0)
            return false;
    }
    return true;
}

bool module_system_init(const uint8_t *bundle, size_t bundle_len)
{
    gc_add_root(&vm_sys_modules, 1);
    gc_add_root(&vm_builtins, 1);
    gc_add_root(&vm_builtins_dict, 1);
    gc_add_root(&vm_sys_module, 1);
    vm_sys_modules = dict_new(0);
    if (!vm_sys_modules)
        return false;
    if (bundle && bundle_len) {
        long n = bundle_parse(bundle, bundle_len, 0, 0);
        if (n < 0)
            return false;
        frozen = kmalloc(sizeof(bundle_entry_t) * (size_t)(n ? n : 1));
        if (!frozen)
            return false;
        frozen_count = bundle_parse(bundle, bundle_len, frozen, (size_t)n);
    }
    return true;
}

/* Names of the frozen modules (for help()/tests). */
value_t frozen_module_names(void)
{
    value_t l = list_new(0);
    for (long i = 0; l && i < frozen_count; i++) {
        value_t s = str_new(frozen[i].name, frozen[i].name_len);
        if (!s || !list_append(l, s))
            return VALUE_NULL;
    }
    return l;
}
