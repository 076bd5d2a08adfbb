/*
 * kernel/vm/thread.c -- green threads of bytecode, the `_thread` module,
 * and Ctrl-C for running code.
 *
 * Threads. Every thread has its own C stack, frame stack (struct
 * interp_thread) and pending-exception slot (struct vm_thread); switching
 * is arch_context_switch between C stacks, so a thread can stop anywhere:
 * in the bytecode loop, in a loop nested under a C call (sorted's key, a
 * dunder), or in a native function that blocks. One CPU, and switches
 * happen only in thread context at well-defined points, so the scheduler's
 * data needs no locks:
 *   - safepoints (backward jumps and calls, interp.c) once the timer
 *     interrupt has marked the time slice (SLICE_NS) as used up, while more
 *     than one thread exists: the runaway `while True: pass` is preempted;
 *   - blocking: lock.acquire, time.sleep, waiting for console input or
 *     an interrupt (hw.IRQ.wait, through sched_wait_for).
 * Interrupt handlers only set flags (slice_expired, vm_safepoint_flag, a
 * thread's interrupt_req). A waiting thread keeps what it waits for (a
 * lock, a deadline, input) and the scheduler checks it when it looks for
 * the next thread (runnable()): no wait queues. Round robin; when nothing
 * can run the CPU sleeps (arch_wait_until) until the next deadline or an
 * interrupt.
 *
 * Ctrl-C. The shell runs user code through kernel.run_interruptible(f,
 * ...): while that call runs its thread owns the "interruptible window",
 * and a console driver that receives Ctrl-C (console_ctrl_c, interrupt
 * context) marks that thread; it raises KeyboardInterrupt at its next
 * safepoint, or at once if it is blocked (sleep, lock, input). Outside the
 * window Ctrl-C is an ordinary input byte, so the line editor cancels the
 * line at the prompt and the shell's own code is never interrupted; when
 * the window closes an interrupt not yet delivered is dropped.
 *
 * The GC marks every thread (sched_mark_threads, from interp.c's root
 * hook): frame stacks, C stacks (conservatively) and the values held here.
 *
 * Thread-local objects (threading.local, "Thread-local objects" below): a
 * class made thread-local gets getattr/setattr slots that put the calling
 * thread's own attribute dict into the instance's __dict__ slot before the
 * ordinary rules run; the dicts live with the threads and end with them.
 */
#include "vm/interp.h"
#include "vm/gc.h"
#include "arch/arch.h"
#include "core/console.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/heap.h"

void interp_set_stack_budget(void *stack_top, size_t bytes);
extern bool type_init_dict(type_t *t);

#define SLICE_NS 10000000ull                /* 10 ms time slices */
#define THREAD_C_STACK ((size_t)256 << 10)
#define THREAD_C_MARGIN ((size_t)48 << 10)  /* kept free below the budget: natives, interrupts */
#define THREAD_FRAME_STACK ((size_t)512 << 10)

enum thread_state { T_RUNNING, T_READY, T_SLEEPING, T_BLOCKED, T_DONE };
enum wait_kind { W_NONE, W_LOCK, W_INPUT, W_CONSOLE, W_EVENT };

typedef struct {
    obj_t base;
    bool locked;
} lock_obj_t;

struct green_thread {
    struct green_thread *next;
    long id;
    enum thread_state state;
    enum wait_kind wait;
    lock_obj_t *wait_lock;
    bool (*wait_ready)(const void *arg);    /* W_EVENT: the condition, checked by the scheduler */
    const void *wait_arg;
    const char *wait_what;                  /* W_EVENT: what kernel.threads() shows ("irq") */
    uint64_t wake_ns;               /* sleeping / timed wait: run again then (0: none) */
    volatile uint8_t interrupt_req; /* Ctrl-C: KeyboardInterrupt at the next safepoint */
    volatile uint8_t exit_req;      /* kernel.kill_thread: SystemExit at the next safepoint */
    value_t fn, args, kwargs, name;
    value_t locals;                 /* thread-local objects' dicts here: {key: dict}, or NULL */
    struct interp_thread *interp;   /* the main thread's are interp.c's and error.c's */
    struct vm_thread *vm;
    struct interp_thread own_interp;
    struct vm_thread own_vm;
    char *cstack;                   /* NULL for the main thread (the kernel's stack) */
    char *ctop;
    size_t budget;                  /* C stack bytes the interpreter may use */
    void *sp;                       /* saved stack pointer while switched out */
    uint64_t cpu_ns, switches;
};

static struct green_thread main_thread = { .id = 1, .state = T_RUNNING };
static struct green_thread *threads = &main_thread;   /* every thread, main first */
static struct green_thread *cur = &main_thread;
static long next_id = 2;
static volatile int live_threads = 1;                   /* not T_DONE */
static volatile uint64_t slice_start;
static volatile int slice_expired;
static struct green_thread *volatile window_owner;      /* see "Ctrl-C" above */
static uint64_t run_start;                              /* cur runs since then (cpu_ns) */
static bool input_ended;
static bool ready;

/* ---- interrupt context ---- */

void kernel_timer_tick(void)
{
    if (live_threads > 1 && !slice_expired && arch_time_ns() - slice_start >= SLICE_NS) {
        slice_expired = 1;
        vm_safepoint_flag = 1;
    }
}

bool console_ctrl_c(void)
{
    struct green_thread *t = window_owner;
    if (!t)
        return false;
    t->interrupt_req = 1;
    slice_expired = 1;          /* another thread running gives way at once */
    vm_safepoint_flag = 1;
    return true;
}

/* ---- the scheduler ---- */

/* Boards whose timer wakes every wait within a tick need no deadline. */
__attribute__((weak)) bool arch_wait_until(uint64_t deadline_ns)
{
    (void)deadline_ns;
    return arch_wait_for_event();
}

static bool runnable(const struct green_thread *t, uint64_t now)
{
    switch (t->state) {
    case T_RUNNING:
    case T_READY:
        return true;
    case T_DONE:
        return false;
    default:
        break;
    }
    if (t->interrupt_req || t->exit_req || (t->wake_ns && now >= t->wake_ns))
        return true;
    switch (t->wait) {
    case W_LOCK: return !t->wait_lock->locked;
    case W_INPUT: return input_ended || console_input_ready();
    case W_CONSOLE: return !console_line_busy();
    case W_EVENT: return t->wait_ready(t->wait_arg);
    default: return false;
    }
}

/* The next thread to run, round robin from the one after cur; cur itself
 * last; NULL when none can. */
static struct green_thread *pick(uint64_t now)
{
    struct green_thread *t = cur;
    for (;;) {
        t = t->next ? t->next : threads;
        if (runnable(t, now))
            return t;
        if (t == cur)
            return 0;
    }
}

/* Frees threads that ended (never cur: a thread ends on its own stack). */
static void reap(void)
{
    struct green_thread **pp = &threads;
    while (*pp) {
        struct green_thread *t = *pp;
        if (t->state == T_DONE && t != cur) {
            *pp = t->next;
            kfree(t->own_interp.fstack_base);
            kfree(t->cstack);
            kfree(t);
        } else {
            pp = &t->next;
        }
    }
}

static void switch_to(struct green_thread *n, uint64_t now)
{
    struct green_thread *p = cur;
    p->cpu_ns += now - run_start;
    if (p->state == T_RUNNING)
        p->state = T_READY;
    n->state = T_RUNNING;
    n->switches++;
    cur = n;
    interp_current = n->interp;
    vm_current = n->vm;
    gc_set_stack_top(n->ctop);
    interp_set_stack_budget(n->ctop, n->budget);
    run_start = slice_start = now;
    slice_expired = 0;
    arch_context_switch(&p->sp, n->sp);
    /* back on p's stack: some thread switched to it */
    reap();
}

/* Nothing can run: sleep until the earliest deadline or an interrupt. */
static void idle(void)
{
    uint64_t now = arch_time_ns();
    cur->cpu_ns += now - run_start;
    uint64_t deadline = UINT64_MAX;
    for (struct green_thread *t = threads; t; t = t->next)
        if (t->state != T_DONE && t->wake_ns && t->wake_ns < deadline)
            deadline = t->wake_ns;
    /* closer than a timer tick: spin instead (sleep accuracy) */
    uint64_t tick = 1000000000ull / (arch_timer_hz() ? arch_timer_hz() : 1000);
    if (deadline == UINT64_MAX || deadline > now + tick) {
        if (!arch_wait_until(deadline))
            input_ended = true;
    }
    run_start = arch_time_ns();
}

/* Runs other threads until cur may go on; cur->state (and wait, wake_ns)
 * say what it waits for. The caller checks its condition again. */
static void schedule(void)
{
    for (;;) {
        uint64_t now = arch_time_ns();
        struct green_thread *n = pick(now);
        if (n == cur)
            break;
        if (n) {
            switch_to(n, now);
            break;
        }
        idle();
    }
    cur->state = T_RUNNING;
}

/* Parks the calling thread in `state` (blocked on `wait`, or until wake_ns
 * when not 0) and runs the others until the scheduler picks it again. The
 * caller sets what the wait needs (wait_lock, wait_ready...); it is all
 * cleared here. */
static void block(enum thread_state state, enum wait_kind wait, uint64_t wake_ns)
{
    cur->state = state;
    cur->wait = wait;
    cur->wake_ns = wake_ns;
    schedule();
    cur->wait = W_NONE;
    cur->wait_lock = 0;
    cur->wait_ready = 0;
    cur->wait_arg = 0;
    cur->wake_ns = 0;
}

/* Raises what another party asked this thread to raise; true if it did. */
static bool raise_async(void)
{
    struct green_thread *t = cur;
    const type_t *type = 0;
    if (t->exit_req) {
        t->exit_req = 0;
        type = &type_SystemExit;
    } else if (t->interrupt_req) {
        t->interrupt_req = 0;
        type = &type_KeyboardInterrupt;
    }
    if (!type)
        return false;
    value_t e = exception_new(type, VALUE_EMPTY_TUPLE);
    if (e)
        vm_raise(e);
    return true;
}

/* At a safepoint (interp.c, vm_safepoint): false after raising. */
static void locals_purge(void);
static volatile bool locals_dead;

bool sched_safepoint(void)
{
    if (!ready)
        return true;
    if (locals_dead)
        locals_purge();
    if (slice_expired) {
        slice_expired = 0;
        block(T_READY, W_NONE, 0);
    }
    return !raise_async();
}

/* time.sleep: false after raising (Ctrl-C, kill). Sleeping 0 yields. */
bool sched_sleep(double seconds)
{
    uint64_t now = arch_time_ns();
    uint64_t ns = seconds >= 1e9 ? (uint64_t)1e18 : (uint64_t)(seconds * 1e9);
    uint64_t deadline = now + ns;
    if (!ns) {
        block(T_READY, W_NONE, 0);
        return !raise_async();
    }
    for (;;) {
        if (raise_async())
            return false;
        if (arch_time_ns() >= deadline)
            return true;
        block(T_SLEEPING, W_NONE, deadline);
    }
}

/* console_wait_hook: input is awaited (a byte, or the line editor another
 * thread is using). Other threads run meanwhile. */
static int console_wait(int what)
{
    struct green_thread *t = cur;
    for (int round = 0;; round++) {
        if (t->interrupt_req) {
            t->interrupt_req = 0;   /* the line editor's Ctrl-C raises it */
            return -1;
        }
        if (t->exit_req)
            return -1;              /* SystemExit follows at the next safepoint */
        if (what == CONSOLE_WAIT_BYTE && input_ended && !console_input_ready())
            return 0;
        if (round)
            return 1;
        block(T_BLOCKED, what == CONSOLE_WAIT_LINE ? W_CONSOLE : W_INPUT, 0);
    }
}

/* Blocks the calling thread, letting the others run, until ready_fn(arg)
 * holds (the scheduler asks it whenever it looks for a thread to run: it
 * must be quick, allocate nothing and may be called from any thread), the
 * deadline passes (arch_time_ns; 0: none), or the thread is interrupted.
 * One wake-up: the caller checks its condition and deadline again. False
 * after raising (Ctrl-C, kill). Used by hw.IRQ.wait: the condition is an
 * interrupt count the interrupt handler raises, and the CPU sleeps in
 * idle() when no thread can run, so an interrupt wakes it. */
bool sched_wait_for(const char *what, bool (*ready_fn)(const void *arg), const void *arg, uint64_t deadline_ns)
{
    if (!ready) {                   /* before the scheduler exists: only this thread */
        arch_wait_for_event();
        return true;
    }
    if (raise_async())
        return false;
    cur->wait_ready = ready_fn;
    cur->wait_arg = arg;
    cur->wait_what = what;
    block(T_BLOCKED, W_EVENT, deadline_ns);
    return !raise_async();
}

void sched_mark_threads(void)
{
    for (struct green_thread *t = threads; t; t = t->next) {
        gc_mark_value(t->fn);
        gc_mark_value(t->args);
        gc_mark_value(t->kwargs);
        gc_mark_value(t->name);
        gc_mark_value(t->locals);
        if (t == cur || t->state == T_DONE)
            continue;               /* cur: interp.c's roots and the live C stack */
        struct interp_thread *it = t->interp;
        if (it->fstack_base)
            gc_mark_range(it->fstack_base, it->fstack_top);
        gc_mark_value(it->handled);
        gc_mark_value(t->vm->exc);
        if (t->sp)
            gc_mark_range(t->sp, t->ctop);
    }
}

void sched_init(void *stack_top, size_t budget)
{
    main_thread.interp = interp_current;
    main_thread.vm = vm_current;
    main_thread.ctop = stack_top;
    main_thread.budget = budget;
    main_thread.name = str_new_cstr("MainThread");
    if (!main_thread.name)
        vm_take_exception();        /* ps shows no name; nothing else needs it */
    run_start = slice_start = arch_time_ns();
    console_wait_hook = console_wait;
    ready = true;
}

/* ---- starting and ending threads ---- */

static struct green_thread *find_thread(long id)
{
    for (struct green_thread *t = threads; t; t = t->next)
        if (t->id == id && t->state != T_DONE)
            return t;
    return 0;
}

static void locals_thread_ended(struct green_thread *t);

static void thread_entry(void)
{
    reap();
    struct green_thread *t = cur;
    tuple_obj_t *args = as_tuple(t->args);
    value_t r = vm_call_kw(t->fn, args->items, args->len, t->kwargs);
    if (!r) {
        value_t e = vm_take_exception();
        if (!class_isinstance(e, &type_SystemExit)) {
            /* CPython's words for an exception nobody caught in a thread */
            static const char head[] = "Exception ignored in thread started by: ";
            vm_write_stderr(head, sizeof head - 1);
            value_t s = vm_repr(t->fn);
            if (s)
                vm_write_stderr(str_data(s), str_len(s));
            else
                vm_take_exception();
            vm_write_stderr("\n", 1);
            vm_print_exception(e);
        }
    }
    if (window_owner == t)
        window_owner = 0;
    locals_thread_ended(t);
    t->fn = t->args = t->kwargs = VALUE_NULL;
    t->state = T_DONE;
    live_threads--;
    schedule();                     /* never comes back: nobody picks a finished thread */
    for (;;)
        arch_wait_for_event();
}

static value_t th_start_new_thread(const value_t *a, size_t n, value_t kw)
{
    static const char *const names[] = {"function", "args", "kwargs", "name"};
    value_t v[4];
    if (!arg_parse("start_new_thread", a, n, kw, 4, names, v, 2))
        return VALUE_NULL;
    if (!type_of(v[0])->call)
        return vm_raise_type(&type_TypeError, "first arg must be callable");
    if (type_of(v[1]) != &type_tuple)
        return vm_raise_type(&type_TypeError, "2nd arg must be a tuple");
    if (v[2] && v[2] != VALUE_NONE && type_of(v[2]) != &type_dict)
        return vm_raise_type(&type_TypeError, "optional 3rd arg must be a dictionary");
    if (v[3] && v[3] != VALUE_NONE && !is_str(v[3]))
        return vm_raise_type(&type_TypeError, "name must be a str");
    value_t name = v[3] && v[3] != VALUE_NONE ? v[3] : VALUE_NULL;
    if (!name) {
        char buf[32];
        snprintf(buf, sizeof buf, "thread-%ld", next_id);
        name = str_new_cstr(buf);
        if (!name)
            return VALUE_NULL;
    }
    struct green_thread *t = kzalloc(sizeof *t);
    char *cstack = kmalloc(THREAD_C_STACK);
    char *fstack = kmalloc(THREAD_FRAME_STACK);
    if (!t || !cstack || !fstack) {
        kfree(t);
        kfree(cstack);
        kfree(fstack);
        return vm_raise_type(&type_RuntimeError, "can't start new thread (out of kernel memory)");
    }
    t->id = next_id++;
    t->state = T_READY;
    t->fn = v[0];
    t->args = v[1];
    t->kwargs = v[2] && v[2] != VALUE_NONE ? v[2] : VALUE_NULL;
    t->name = name;
    t->interp = &t->own_interp;
    t->vm = &t->own_vm;
    t->own_interp.fstack_base = t->own_interp.fstack_top = fstack;
    t->own_interp.fstack_end = fstack + THREAD_FRAME_STACK;
    t->own_interp.handled = VALUE_NONE;
    t->cstack = cstack;
    t->ctop = cstack + THREAD_C_STACK;
    t->budget = THREAD_C_STACK - THREAD_C_MARGIN;
    t->sp = arch_context_new(t->ctop, thread_entry);
    struct green_thread *last = threads;
    while (last->next)
        last = last->next;
    last->next = t;
    live_threads++;
    return small_int(t->id);
}

static value_t th_get_ident(const value_t *a, size_t n, value_t kw)
{
    (void)a;
    if (!arg_check("get_ident", n, kw, 0, 0))
        return VALUE_NULL;
    return small_int(cur->id);
}

static value_t th_exit(const value_t *a, size_t n, value_t kw)
{
    (void)a;
    if (!arg_check("exit", n, kw, 0, 0))
        return VALUE_NULL;
    value_t e = exception_new(&type_SystemExit, VALUE_EMPTY_TUPLE);
    return e ? vm_raise(e) : VALUE_NULL;
}

static value_t th_count(const value_t *a, size_t n, value_t kw)
{
    (void)a;
    if (!arg_check("_count", n, kw, 0, 0))
        return VALUE_NULL;
    return small_int(live_threads - 1);
}

/* Like a Ctrl-C: KeyboardInterrupt in the code of the interruptible window
 * (the program or the shell entry running); nothing when there is none. */
static value_t th_interrupt_main(const value_t *a, size_t n, value_t kw)
{
    (void)a;
    if (!arg_check("interrupt_main", n, kw, 0, 0))
        return VALUE_NULL;
    console_ctrl_c();
    return VALUE_NONE;
}

/* ---- locks ---- */
static type_t type_lock;

static value_t lock_new_value(void)
{
    lock_obj_t *l = gc_alloc(sizeof *l, GC_LEAF);     /* no pointers to the heap */
    if (!l)
        return VALUE_NULL;
    l->base.type = &type_lock;
    return obj_value(l);
}

static value_t th_allocate_lock(const value_t *a, size_t n, value_t kw)
{
    (void)a;
    if (!arg_check("allocate_lock", n, kw, 0, 0))
        return VALUE_NULL;
    return lock_new_value();
}

static value_t lock_acquire(const value_t *a, size_t n, value_t kw)
{
    static const char *const names[] = {"blocking", "timeout"};
    value_t v[2];
    if (!arg_parse("acquire", a + 1, n - 1, kw, 2, names, v, 0))
        return VALUE_NULL;
    lock_obj_t *l = (lock_obj_t *)a[0];
    int blocking = 1;
    if (v[0]) {
        blocking = vm_truth(v[0]);
        if (blocking < 0)
            return VALUE_NULL;
    }
    double timeout = -1;
    if (v[1] && !vm_as_double(v[1], &timeout))
        return VALUE_NULL;
    if (!blocking && timeout != -1)
        return vm_raise_type(&type_ValueError, "can't specify a timeout for a non-blocking call");
    if (timeout < 0 && timeout != -1)
        return vm_raise_type(&type_ValueError, "timeout value must be a non-negative number");
    if (timeout != timeout || timeout > 9223372036.0)
        return vm_raise_type(&type_OverflowError, "timeout value is too large");
    if (!l->locked) {
        l->locked = true;
        return VALUE_TRUE;
    }
    if (!blocking)
        return VALUE_FALSE;
    uint64_t deadline = timeout < 0 ? 0 : arch_time_ns() + (uint64_t)(timeout * 1e9) + 1;
    for (;;) {
        cur->wait_lock = l;
        block(T_BLOCKED, W_LOCK, deadline);
        if (raise_async())
            return VALUE_NULL;
        if (!l->locked) {
            l->locked = true;
            return VALUE_TRUE;
        }
        if (deadline && arch_time_ns() >= deadline)
            return VALUE_FALSE;
    }
}

static value_t lock_release(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("release", n, kw, 1, 1))
        return VALUE_NULL;
    lock_obj_t *l = (lock_obj_t *)a[0];
    if (!l->locked)
        return vm_raise_type(&type_RuntimeError, "release unlocked lock");
    l->locked = false;
    return VALUE_NONE;
}

static value_t lock_locked(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("locked", n, kw, 1, 1))
        return VALUE_NULL;
    return bool_value(((lock_obj_t *)a[0])->locked);
}

static value_t lock_enter(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("__enter__", n, kw, 1, 1))
        return VALUE_NULL;
    return lock_acquire(a, 1, VALUE_NULL);
}

static value_t lock_exit(const value_t *a, size_t n, value_t kw)
{
    (void)kw;
    if (n < 1)
        return vm_raise_type(&type_TypeError, "__exit__ needs self");
    return lock_release(a, 1, VALUE_NULL);
}

static value_t lock_repr(value_t self)
{
    char buf[64];
    snprintf(buf, sizeof buf, "<%s _thread.lock object at 0x%lx>",
             ((lock_obj_t *)self)->locked ? "locked" : "unlocked", (unsigned long)self);
    return str_new_cstr(buf);
}

static const method_def_t lock_methods[] = {
    {"acquire", lock_acquire, 0}, {"release", lock_release, 0}, {"locked", lock_locked, 0},
    {"acquire_lock", lock_acquire, 0}, {"release_lock", lock_release, 0}, {"locked_lock", lock_locked, 0},
    {"__enter__", lock_enter, 0}, {"__exit__", lock_exit, 0},
    {0, 0, 0},
};

static type_t type_lock = {
    .base = {&type_type}, .name = "lock", .parent = &type_object, .methods = lock_methods,
    .repr = lock_repr,
};

/* ---- thread-local objects ----
 *
 * threading.local (runtime/lib/threading.py) is a Python class whose
 * __new__ calls _thread._local_init(self, args, kwargs). That gives the
 * class (and each subclass, at its first instance) the getattr/setattr
 * slots below. Each thread keeps {key: dict} for the thread-local objects
 * it has used (green_thread.locals; key: the object's address, stable as
 * the collector does not move objects). Before every attribute get, set or
 * delete through the slots, the calling thread's dict is put into the
 * instance's __dict__ slot, so the ordinary rules (class attributes,
 * properties, __getattr__) then see that thread's attributes (the
 * interpreter's attribute hints serve only classes with class.c's own
 * slots, so they never read a stale dict here); a thread's first use makes its dict and
 * calls __init__ with the arguments the object was made with (CPython's
 * semantics). Switches happen only at safepoints, so nothing can come
 * between putting the dict in and using it, except Python code the rules
 * run (a property, a __setattr__) that itself gives way.
 *
 * When a thread ends, its dicts go (values freed at the next collection).
 * When an object dies (a finalize hook notices; it may not touch the heap)
 * its entries are removed from every thread at the next safepoint, or the
 * next thread-local operation if that comes first, so a new object at the
 * same address starts empty; the next collection frees its values. */
struct local_entry {
    void *obj;
    bool dead;
};
static struct local_entry *locals_list;     /* kmalloc'd, not a root: objects may die */
static size_t locals_count, locals_cap;
/* locals_dead (declared above): some entry is dead, purge at the next
 * safepoint or thread-local operation */
static value_t local_args;                  /* {key: (args, kwargs)} for __init__ in other threads */
static value_t (*heap_getattr)(value_t self, value_t name);   /* class.c's slots, wrapped */
static int (*heap_setattr)(value_t self, value_t name, value_t v);

static value_t local_key(const void *obj) { return small_int((intptr_t)((uintptr_t)obj >> 4)); }

static void locals_finalize(void)
{
    for (size_t i = 0; i < locals_count; i++) {
        if (!locals_list[i].dead && !gc_is_marked(locals_list[i].obj)) {
            locals_list[i].dead = true;
            locals_dead = true;
            vm_safepoint_flag = 1;  /* purged there, outside the collector */
        }
    }
}

static void forget_key(value_t d, value_t key)
{
    if (d && dict_delete(d, key) < 0)
        vm_take_exception();
}

static void locals_purge(void)
{
    if (!locals_dead)
        return;
    locals_dead = false;
    size_t j = 0;
    for (size_t i = 0; i < locals_count; i++) {
        if (!locals_list[i].dead) {
            locals_list[j++] = locals_list[i];
            continue;
        }
        value_t key = local_key(locals_list[i].obj);
        for (struct green_thread *t = threads; t; t = t->next)
            forget_key(t->locals, key);
        forget_key(local_args, key);
    }
    locals_count = j;
}

static bool locals_register(value_t self)
{
    for (size_t i = 0; i < locals_count; i++)
        if (locals_list[i].obj == (void *)self)
            return true;
    if (locals_count == locals_cap) {
        size_t cap = locals_cap ? locals_cap * 2 : 16;
        struct local_entry *grown = krealloc(locals_list, cap * sizeof *grown);
        if (!grown) {
            vm_raise_memory_error();
            return false;
        }
        locals_list = grown;
        locals_cap = cap;
    }
    locals_list[locals_count++] = (struct local_entry){(void *)self, false};
    return true;
}

/* Thread t ends: its dicts go, also from the objects' __dict__ slots. */
static void locals_thread_ended(struct green_thread *t)
{
    if (!t->locals)
        return;
    for (size_t i = 0; i < locals_count; i++) {
        if (locals_list[i].dead)
            continue;
        value_t self = obj_value(locals_list[i].obj);
        value_t *slot = instance_dict_slot(self);
        value_t d = dict_get(t->locals, local_key(locals_list[i].obj));
        if (slot && d != VALUE_MISSING && *slot == d)
            *slot = VALUE_NULL;
    }
    t->locals = VALUE_NULL;
}

static bool is_object_init(const type_t *t)
{
    return class_lookup(t, NAME(__init__)) == class_lookup(&type_object, NAME(__init__));
}

/* Puts the calling thread's dict of `self` into its __dict__ slot; makes
 * it (and runs __init__ when run_init) on the thread's first use. */
static bool local_enter(value_t self, bool run_init)
{
    locals_purge();
    value_t *slot = instance_dict_slot(self);
    if (!slot) {
        vm_raise_type(&type_TypeError, "'%s' object has no __dict__ for thread-local attributes", type_name_of(self));
        return false;
    }
    value_t key = local_key((void *)self);
    struct green_thread *me = cur;
    value_t d = me->locals ? dict_get(me->locals, key) : VALUE_MISSING;
    if (d != VALUE_MISSING) {
        *slot = d;
        return true;
    }
    if (!locals_register(self))
        return false;
    if (!me->locals && !(me->locals = dict_new(0)))
        return false;
    if (!(d = dict_new(0)) || !dict_set(me->locals, key, d))
        return false;
    *slot = d;
    if (!run_init || is_object_init(type_of(self)))
        return true;
    value_t saved = local_args ? dict_get(local_args, key) : VALUE_MISSING;
    value_t args = VALUE_EMPTY_TUPLE, kwargs = VALUE_NULL;
    if (saved != VALUE_MISSING) {
        args = as_tuple(saved)->items[0];
        if (as_tuple(saved)->items[1] != VALUE_NONE)
            kwargs = as_tuple(saved)->items[1];
    }
    size_t n = as_tuple(args)->len;
    value_t *argv = gc_alloc((n + 1) * sizeof(value_t), 0);
    if (!argv)
        goto failed;
    argv[0] = self;
    memcpy(argv + 1, as_tuple(args)->items, n * sizeof(value_t));
    value_t init = class_lookup(type_of(self), NAME(__init__));
    value_t r = vm_call_kw(init, argv, n + 1, kwargs);
    if (!r)
        goto failed;
    *slot = d;                      /* __init__ may have let another thread in */
    return true;
failed:
    forget_key(me->locals, key);    /* the next use tries again, as in CPython */
    return false;
}

/* threading.local itself is named as in CPython, '_thread._local' (its
 * __module__); subclasses by their own name. */
static const char *local_type_name(value_t self, char *buf, size_t cap)
{
    const type_t *t = type_of(self);
    value_t m = dict_get_str(t->dict, "__module__");
    if (m != VALUE_MISSING && is_str(m) && !strcmp(str_data(m), "_thread")) {
        snprintf(buf, cap, "_thread.%s", t->name);
        return buf;
    }
    return t->name;
}

static value_t local_getattr(value_t self, value_t name)
{
    if (!local_enter(self, true))
        return VALUE_NULL;
    value_t v = heap_getattr(self, name);
    char buf[80];
    if (v == VALUE_MISSING && local_type_name(self, buf, sizeof buf) == buf)
        return vm_raise_type(&type_AttributeError, "'%s' object has no attribute '%s'", buf, str_data(name));
    return v;
}

static int local_setattr(value_t self, value_t name, value_t v)
{
    if (name == NAME(__dict__)) {
        char buf[80];
        vm_raise_type(&type_AttributeError, "'%s' object attribute '__dict__' is read-only",
                      local_type_name(self, buf, sizeof buf));
        return -1;
    }
    if (!local_enter(self, true))
        return -1;
    char buf[80];
    if (!v && local_type_name(self, buf, sizeof buf) == buf && class_lookup(type_of(self), name) == VALUE_MISSING) {
        value_t *slot = instance_dict_slot(self);
        if (!*slot || dict_get(*slot, name) == VALUE_MISSING) {
            vm_raise_type(&type_AttributeError, "'%s' object has no attribute '%s'", buf, str_data(name));
            return -1;
        }
    }
    return heap_setattr(self, name, v);
}

/* _thread._local_init(self, args, kwargs): from threading.local.__new__,
 * self just made by object.__new__. */
static value_t th_local_init(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("_local_init", n, kw, 3, 3))
        return VALUE_NULL;
    value_t self = a[0], args = a[1], kwargs = a[2];
    type_t *t = (type_t *)type_of(self);
    if (!type_is_heap(t) || !instance_dict_slot(self))
        return vm_raise_type(&type_TypeError, "_local_init: '%s' is not a class with instance attributes", t->name);
    if (type_of(args) != &type_tuple || (kwargs != VALUE_NONE && type_of(kwargs) != &type_dict))
        return vm_raise_type(&type_TypeError, "_local_init: expected (self, tuple, dict or None)");
    if (kwargs != VALUE_NONE && !as_dict(kwargs)->used)
        kwargs = VALUE_NONE;
    if ((as_tuple(args)->len || kwargs != VALUE_NONE) && is_object_init(t))
        return vm_raise_type(&type_TypeError, "Initialization arguments are not supported");
    if (t->getattr != local_getattr) {
        if (!heap_getattr) {
            if (!gc_add_finalize_hook(locals_finalize))
                return vm_raise_type(&type_RuntimeError, "thread-local objects: no finalize hook slot left");
            heap_getattr = t->getattr;
            heap_setattr = t->setattr;
        }
        if (t->getattr != heap_getattr || t->setattr != heap_setattr)
            return vm_raise_type(&type_TypeError, "'%s' cannot be made thread-local", t->name);
        t->getattr = local_getattr;
        t->setattr = local_setattr;
        type_cache_epoch++;         /* attribute hints made for the old slots go */
    }
    locals_purge();                 /* a dead object's entries, maybe at this address */
    if (as_tuple(args)->len || kwargs != VALUE_NONE) {
        if (!local_args) {
            if (!(local_args = dict_new(0)) || !gc_add_root(&local_args, 1))
                return VALUE_NULL;
        }
        value_t pair[2] = {args, kwargs};
        value_t saved = tuple_from_array(pair, 2);
        if (!saved || !dict_set(local_args, local_key((void *)self), saved))
            return VALUE_NULL;
    }
    /* this thread's dict now; type(...) calls __init__ after __new__ */
    return local_enter(self, false) ? VALUE_NONE : VALUE_NULL;
}

/* ---- what the shell sees (kernel module) ---- */

static const char *const state_names[] = {"running", "ready", "sleeping", "blocked", "done"};
static const char *const wait_names[] = {"", "lock", "input", "console", "event"};

/* kernel.threads(): [{id, name, state, wait, cpu_us, switches}] */
value_t sched_thread_list(const value_t *a, size_t n, value_t kw)
{
    (void)a;
    if (!arg_check("threads", n, kw, 0, 0))
        return VALUE_NULL;
    value_t out = list_new(0);
    if (!out)
        return VALUE_NULL;
    uint64_t now = arch_time_ns();
    for (struct green_thread *t = threads; t; t = t->next) {
        if (t->state == T_DONE)
            continue;
        uint64_t cpu = t->cpu_ns + (t == cur ? now - run_start : 0);
        value_t d = dict_new(0);
        if (!d || !dict_set_str(d, "id", small_int(t->id)) ||
            !dict_set_str(d, "name", t->name ? t->name : str_new_cstr("?")) ||
            !dict_set_str(d, "state", str_new_cstr(state_names[t->state])) ||
            !dict_set_str(d, "wait", str_new_cstr(t->state != T_BLOCKED ? ""
                                                  : t->wait == W_EVENT ? t->wait_what : wait_names[t->wait])) ||
            !dict_set_str(d, "cpu_us", int_from_u64(cpu / 1000)) ||
            !dict_set_str(d, "switches", int_from_u64(t->switches)) || !list_append(out, d))
            return VALUE_NULL;
    }
    return out;
}

/* kernel.run_interruptible(f, *args, **kwargs): f(*args, **kwargs) with
 * Ctrl-C raising KeyboardInterrupt in it (see "Ctrl-C" above). Nested, or
 * while another thread holds the window, it is a plain call. */
value_t sched_run_interruptible(const value_t *a, size_t n, value_t kw)
{
    if (n < 1)
        return vm_raise_type(&type_TypeError, "run_interruptible() needs a function to call");
    struct green_thread *t = cur;
    bool opened = !window_owner;
    if (opened) {
        t->interrupt_req = 0;
        window_owner = t;
    }
    value_t r = vm_call(a[0], a + 1, n - 1, kw);
    if (opened) {
        window_owner = 0;
        t->interrupt_req = 0;       /* a Ctrl-C that came too late for the code */
    }
    return r;
}

/* kernel.kill_thread(id): SystemExit in that thread at its next safepoint
 * (a thread's SystemExit ends it quietly). */
value_t sched_kill_thread(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("kill_thread", n, kw, 1, 1))
        return VALUE_NULL;
    int64_t id;
    if (!is_int(a[0]))
        return vm_raise_type(&type_TypeError, "kill_thread() argument must be int, not %s", type_name_of(a[0]));
    if (!int_as_i64(a[0], &id))
        return VALUE_NULL;
    struct green_thread *t = find_thread((long)id);
    if (!t)
        return vm_raise_type(&type_ValueError, "no thread %lld", (long long)id);
    if (t == &main_thread)
        return vm_raise_type(&type_ValueError, "the main thread cannot be killed (Ctrl-C interrupts it)");
    t->exit_req = 1;
    if (t == cur)
        vm_safepoint_flag = 1;
    return VALUE_NONE;
}

/* ---- the _thread module ---- */
static const method_def_t thread_functions[] = {
    {"start_new_thread", th_start_new_thread, 0}, {"start_new", th_start_new_thread, 0},
    {"get_ident", th_get_ident, 0}, {"allocate_lock", th_allocate_lock, 0},
    {"allocate", th_allocate_lock, 0}, {"exit", th_exit, 0}, {"exit_thread", th_exit, 0},
    {"_count", th_count, 0}, {"interrupt_main", th_interrupt_main, 0},
    {"_local_init", th_local_init, 0},
    {0, 0, 0},
};

value_t init_thread_module(value_t m)
{
    static value_t keep;
    if (!type_lock.dict) {
        if (!type_init_dict(&type_lock))
            return VALUE_NULL;
        keep = type_lock.dict;
        gc_add_root(&keep, 1);
    }
    value_t d = module_dict(m);
    if (!module_add_functions(m, thread_functions) || !dict_set_str(d, "LockType", obj_value(&type_lock)) ||
        !dict_set_str(d, "error", obj_value(&type_RuntimeError)) ||
        !dict_set_str(d, "TIMEOUT_MAX", float_new(9223372036.0)) ||
        !dict_set_str(d, "names_threads", VALUE_TRUE))  /* threading.py: start_new_thread takes a name */
        return VALUE_NULL;
    return m;
}
