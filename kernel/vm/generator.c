/* Generators (BYTECODE.md §6): a GC-allocated frame resumed by send,
 * throw and close; `yield from` delegation; StopIteration.value; the
 * generator's own handled-exception slot. */
#include "vm/interp.h"
#include "vm/gc.h"
#include "lib/string.h"

#define OP_YIELD_FROM 92

static value_t gen_repr(value_t self)
{
    generator_obj_t *g = (generator_obj_t *)self;
    strbuf_t b;
    strbuf_init(&b);
    strbuf_printf(&b, "<generator object %s at %p>", str_data(g->qualname), (void *)self);
    return strbuf_finish(&b);
}

value_t generator_new(frame_t *f)
{
    generator_obj_t *g = gc_alloc(sizeof *g, 0);
    if (!g)
        return VALUE_NULL;
    g->base.type = &type_generator;
    g->frame = f;
    g->handled = VALUE_NONE;
    g->name = f->code->name;
    g->qualname = f->code->qualname;
    f->gen = obj_value(g);
    return obj_value(g);
}

/* Runs the generator: push (if not NULL) is the value sent in; throwing an
 * exception to raise at the suspension point. */
static value_t resume(generator_obj_t *g, value_t push, value_t throwing, bool *done)
{
    struct interp_thread *t = interp_current;
    *done = false;
    if (g->running)
        return vm_raise_type(&type_ValueError, "generator already executing");
    if (g->finished || !g->frame) {
        if (throwing)
            return vm_raise(throwing);
        *done = true;
        return VALUE_NONE;
    }
    if (t->depth >= vm_recursion_limit)
        return vm_raise_type(&type_RecursionError, "maximum recursion depth exceeded");
    frame_t *f = g->frame;
    if (push)
        *f->sp++ = push;
    g->running = 1;
    g->started = 1;
    value_t saved = t->handled;
    t->handled = g->handled;
    t->depth++;
    bool yielded;
    value_t r = interp_run_frame(f, throwing, &yielded);
    t->depth--;
    g->handled = t->handled;
    t->handled = saved;
    g->running = 0;
    if (!r) {
        g->finished = 1;
        g->frame = 0;
        if (vm_exception_matches(&type_StopIteration)) {
            value_t stop = vm_take_exception();
            vm_raise_type(&type_RuntimeError, "generator raised StopIteration");
            value_t e = vm_current->exc;
            if (e) {
                ((exception_obj_t *)e)->cause = stop;
                ((exception_obj_t *)e)->context = stop;
                ((exception_obj_t *)e)->suppress_context = true;
            }
        }
        return VALUE_NULL;
    }
    if (yielded)
        return r;
    g->finished = 1;
    g->frame = 0;
    *done = true;
    return r;
}

value_t generator_send(value_t gen, value_t v, bool *done)
{
    generator_obj_t *g = (generator_obj_t *)gen;
    if (!g->started && !g->finished) {
        if (v != VALUE_NONE)
            return vm_raise_type(&type_TypeError, "can't send non-None value to a just-started generator");
        return resume(g, VALUE_NULL, VALUE_NULL, done);
    }
    return resume(g, v, VALUE_NULL, done);
}

static value_t stop_value(void)
{
    value_t e = vm_take_exception();
    return ((exception_obj_t *)e)->value;
}

value_t generator_throw(value_t gen, value_t exc, bool *done)
{
    generator_obj_t *g = (generator_obj_t *)gen;
    *done = false;
    if (g->running)
        return vm_raise_type(&type_ValueError, "generator already executing");
    if (g->finished || !g->frame || !g->started) {
        if (!g->started && g->frame && !g->finished) {
            /* raised at the first instruction of the frame */
            return resume(g, VALUE_NULL, exc, done);
        }
        g->finished = 1;
        g->frame = 0;
        return vm_raise(exc);
    }
    frame_t *f = g->frame;
    if ((*f->ip & 0xff) == OP_YIELD_FROM) {
        value_t delegate = f->sp[-1];
        bool is_exit = class_isinstance(exc, &type_GeneratorExit);
        if (is_exit) {
            value_t r;
            if (type_of(delegate) == &type_generator) {
                g->running = 1;
                r = generator_close(delegate);
                g->running = 0;
            } else {
                value_t m = vm_getattr_opt(delegate, NAME(close));
                r = m == VALUE_MISSING ? VALUE_NONE : m ? vm_call(m, 0, 0, VALUE_NULL) : VALUE_NULL;
            }
            if (!r)
                exc = vm_take_exception();
        } else {
            value_t r = VALUE_MISSING;
            bool d2 = false;
            g->running = 1;
            if (type_of(delegate) == &type_generator) {
                r = generator_throw(delegate, exc, &d2);
            } else {
                value_t m = vm_getattr_opt(delegate, NAME(throw));
                if (!m) {
                    g->running = 0;
                    return VALUE_NULL;
                }
                if (m != VALUE_MISSING)
                    r = vm_call(m, &exc, 1, VALUE_NULL);
            }
            g->running = 0;
            if (r != VALUE_MISSING) {
                if (r && !d2)
                    return r;       /* the delegate yielded: still suspended on YIELD_FROM */
                if (!r && !vm_exception_matches(&type_StopIteration)) {
                    exc = vm_take_exception();
                } else {
                    value_t v = r ? r : stop_value();
                    f->sp[-1] = v;
                    f->ip++;
                    return resume(g, VALUE_NULL, VALUE_NULL, done);
                }
            }
        }
        f->ip++;        /* raise at the YIELD_FROM */
    }
    return resume(g, VALUE_NULL, exc, done);
}

value_t generator_close(value_t gen)
{
    generator_obj_t *g = (generator_obj_t *)gen;
    if (g->finished || !g->frame || !g->started) {
        g->finished = 1;
        g->frame = 0;
        return VALUE_NONE;
    }
    value_t e = exception_new(&type_GeneratorExit, VALUE_EMPTY_TUPLE);
    if (!e)
        return VALUE_NULL;
    bool done;
    value_t r = generator_throw(gen, e, &done);
    if (r && !done)
        return vm_raise_type(&type_RuntimeError, "generator ignored GeneratorExit");
    if (!r) {
        if (vm_exception_matches(&type_GeneratorExit) || vm_exception_matches(&type_StopIteration)) {
            vm_take_exception();
            return VALUE_NONE;
        }
        return VALUE_NULL;
    }
    return VALUE_NONE;
}

value_t iter_send(value_t it, value_t v, bool *done)
{
    if (type_of(it) == &type_generator)
        return generator_send(it, v, done);
    *done = false;
    value_t r;
    if (v == VALUE_NONE) {
        const type_t *t = type_of(it);
        if (type_is_heap(t)) {
            bool found;
            r = call_dunder(it, NAME(__next__), 0, 0, &found);
            if (!found)
                return vm_raise_type(&type_TypeError, "'%s' object is not an iterator", t->name);
        } else {
            r = vm_next(it);
        }
        if (r == VALUE_STOP) {
            *done = true;
            return VALUE_NONE;
        }
    } else {
        value_t m = vm_getattr(it, NAME(send));
        if (!m)
            return VALUE_NULL;
        r = vm_call(m, &v, 1, VALUE_NULL);
    }
    if (!r && vm_exception_matches(&type_StopIteration)) {
        *done = true;
        return stop_value();
    }
    return r;
}

/* ---- the type ---- */
static value_t gen_iter(value_t self) { return self; }

static value_t gen_next(value_t self)
{
    bool done;
    value_t r = generator_send(self, VALUE_NONE, &done);
    if (r && done)
        return VALUE_STOP;
    return r;
}

static value_t m_send(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("send", n, kw, 2, 2))
        return VALUE_NULL;
    bool done;
    value_t r = generator_send(a[0], a[1], &done);
    if (r && done)
        return vm_raise_stop_iteration(r);
    return r;
}

static value_t m_next(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("__next__", n, kw, 1, 1))
        return VALUE_NULL;
    bool done;
    value_t r = generator_send(a[0], VALUE_NONE, &done);
    if (r && done)
        return vm_raise_stop_iteration(r);
    return r;
}

static value_t m_throw(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("throw", n, kw, 2, 4))
        return VALUE_NULL;
    value_t typ = a[1], e;
    if (is_obj(typ) && type_of(typ) == &type_type) {
        if (!(((const type_t *)typ)->flags & TYPE_EXCEPTION))
            return vm_raise_type(&type_TypeError, "exceptions must be classes or instances deriving from BaseException, not type");
        if (n >= 3 && a[2] != VALUE_NONE) {
            if (class_isinstance(a[2], (const type_t *)typ))
                e = a[2];
            else
                e = vm_call(typ, &a[2], 1, VALUE_NULL);
        } else {
            e = vm_call(typ, 0, 0, VALUE_NULL);
        }
        if (!e)
            return VALUE_NULL;
    } else if (type_of(typ)->flags & TYPE_EXCEPTION) {
        if (n >= 3 && a[2] != VALUE_NONE)
            return vm_raise_type(&type_TypeError, "instance exception may not have a separate value");
        e = typ;
    } else {
        return vm_raise_type(&type_TypeError,
                             "exceptions must be classes or instances deriving from BaseException, not %s",
                             type_name_of(typ));
    }
    bool done;
    value_t r = generator_throw(a[0], e, &done);
    if (r && done)
        return vm_raise_stop_iteration(r);
    return r;
}

static value_t m_close(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("close", n, kw, 1, 1))
        return VALUE_NULL;
    return generator_close(a[0]);
}

static value_t gen_getattr(value_t self, value_t name)
{
    generator_obj_t *g = (generator_obj_t *)self;
    if (name == NAME(__name__)) return g->name;
    if (name == NAME(__qualname__)) return g->qualname;
    if (!strcmp(str_data(name), "gi_running")) return bool_value(g->running);
    if (!strcmp(str_data(name), "gi_frame")) return g->frame ? VALUE_TRUE : VALUE_NONE;
    if (!strcmp(str_data(name), "gi_code") && g->frame) return obj_value(g->frame->code);
    return VALUE_MISSING;
}

static bool gen_hash(value_t self, intptr_t *out) { *out = (intptr_t)(self >> 4); return true; }

static const method_def_t gen_methods[] = {
    {"send", m_send, 0}, {"throw", m_throw, 0}, {"close", m_close, 0}, {"__next__", m_next, 0},
    {0, 0, 0},
};

type_t type_generator = {
    .base = {&type_type}, .name = "generator", .parent = &type_object,
    .repr = gen_repr, .iter = gen_iter, .next = gen_next, .methods = gen_methods,
    .getattr = gen_getattr, .hash = gen_hash,
};
