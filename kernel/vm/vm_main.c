/* Starting the VM from kmain: object core, interpreter, builtins, the
 * frozen runtime bundle; then either runs a file (hosted:
 * `tensoros FILE.py args...`, exit status as CPython's), a module's main()
 * (hosted: `tensoros -m MODULE args...`) or the Python
 * shell (runtime/shell/shell.py main()). Returns only when the VM could
 * not start, so kmain can fall back to the C shell. */
#include "vm/interp.h"
#include "vm/gc.h"
#include "arch/arch.h"
#include "core/console.h"
#include "core/log.h"
#include "lib/string.h"

/* The frozen bundle, embedded by the generated frozen.c (absent: none). */
extern const uint8_t frozen_bundle[] __attribute__((weak));
extern const uint64_t frozen_bundle_size __attribute__((weak));

void interp_set_stack_budget(void *stack_top, size_t bytes);
void vm_set_argv(value_t argv);
bool class_init(void);

__attribute__((weak, noreturn)) void arch_exit(int status)
{
    (void)status;
    arch_poweroff();
}

static void vm_fatal(const char *what)
{
    kputs("VM: ");
    kputs(what);
    kputs("\r\n");
}

/* The exit status for an exception that ended the program (printed). */
static int exit_status_for(value_t exc)
{
    if (class_isinstance(exc, &type_SystemExit)) {
        tuple_obj_t *a = as_tuple(((exception_obj_t *)exc)->args);
        value_t code = a->len == 0 ? VALUE_NONE : a->len == 1 ? a->items[0] : ((exception_obj_t *)exc)->args;
        if (code == VALUE_NONE)
            return 0;
        if (is_int(code)) {
            int64_t v;
            if (!int_as_i64(code, &v)) {
                vm_take_exception();
                return 1;
            }
            return (int)(v & 0xff);
        }
        value_t s = vm_str(code);
        if (s) {
            vm_write_stderr(str_data(s), str_len(s));
            vm_write_stderr("\n", 1);
        } else {
            vm_take_exception();
        }
        return 1;
    }
    vm_print_exception(exc);
    return 1;
}

/* argv[from..argc) as a list of str; VALUE_NULL when out of memory. */
static value_t arg_list(int argc, char **argv, int from)
{
    value_t args = list_new(0);
    for (int i = from; args && i < argc; i++) {
        value_t s = str_new_cstr(argv[i]);
        if (!s || !list_append(args, s))
            return VALUE_NULL;
    }
    return args;
}

/* shell.runner.<function>(first, args) and its result as an exit status:
 * an int as it is, None 0, an uncaught exception as CPython would exit. */
static int call_runner(const char *function, value_t first, value_t args)
{
    value_t runner = import_module("shell.runner");
    value_t r = VALUE_NULL;
    if (runner) {
        value_t fn = vm_getattr(runner, str_intern_cstr(function));
        if (fn) {
            value_t a[2] = {first, args};
            r = vm_call(fn, a, 2, VALUE_NULL);
        }
    }
    if (!r) {
        value_t e = vm_take_exception();
        return exit_status_for(e);
    }
    if (is_small_int(r))
        return (int)small_int_value(r);
    return r == VALUE_NONE ? 0 : 1;
}

static int run_main_file(int argc, char **argv)
{
    value_t path = str_new_cstr(argv[1]);
    value_t args = arg_list(argc, argv, 2);
    if (!path || !args)
        return 1;
    /* sys.path[0]: the script's folder */
    const char *p = argv[1];
    const char *slash = 0;
    for (const char *q = p; *q; q++)
        if (*q == '/')
            slash = q;
    value_t dir = slash ? str_new(p, (size_t)(slash - p) ? (size_t)(slash - p) : 1) : str_new("", 0);
    value_t sys = import_module("sys");
    if (!sys || !dir)
        return 1;
    value_t sp = dict_get_str(module_dict(sys), "path");
    if (sp != VALUE_MISSING && is_obj(sp) && type_of(sp) == &type_list)
        list_append(sp, dir);
    return call_runner("run_main", path, args);
}

/* `tensoros -m MODULE ARGS`: a frozen (or importable) module's main(),
 * as `python -m` runs a module; sys.argv is [MODULE, ARGS...]. */
static int run_main_module(int argc, char **argv)
{
    if (argc < 3) {
        vm_write_stderr("tensoros: -m needs a module name\n", 33);
        return 2;
    }
    value_t name = str_new_cstr(argv[2]);
    value_t args = arg_list(argc, argv, 3);
    if (!name || !args)
        return 1;
    return call_runner("run_module", name, args);
}

static int run_shell(void)
{
    value_t shell = import_module("shell.shell");
    value_t r = VALUE_NULL;
    if (shell) {
        klog("ready: kernel entry to prompt in %llu us", (unsigned long long)time_us());
        value_t fn = vm_getattr(shell, str_intern_cstr("main"));
        if (fn)
            r = vm_call(fn, 0, 0, VALUE_NULL);
    }
    if (!r) {
        value_t e = vm_take_exception();
        return exit_status_for(e);
    }
    return is_small_int(r) ? (int)small_int_value(r) : 0;
}

int vm_main(const struct boot_info *info)
{
    char here;
    void *stack_top = __builtin_frame_address(0);
    (void)here;
    if (!vm_init(stack_top)) {
        vm_fatal("out of memory starting the object core");
        return -1;
    }
    gc_set_clock(arch_time_ns);
    bool hosted = info && info->board && !strcmp(info->board, "hosted");
    size_t stack_budget = hosted ? ((size_t)6 << 20) : ((size_t)48 << 10);
    interp_set_stack_budget(stack_top, stack_budget);
    const uint8_t *bundle = &frozen_bundle[0] ? frozen_bundle : 0;
    size_t bundle_len = &frozen_bundle_size ? (size_t)frozen_bundle_size : 0;
    bool started = interp_init();
    if (started)
        sched_init(stack_top, stack_budget);     /* this C stack is the main thread's */
    if (!started || !class_init() || !builtins_init() || !module_system_init(bundle, bundle_len)) {
        value_t e = vm_take_exception();
        if (e)
            vm_print_exception(e);
        vm_fatal("cannot start the interpreter");
        return -1;
    }
    dict_set_str(vm_sys_modules, "builtins", vm_builtins);
    value_t argv = list_new(0);
    if (!argv)
        return -1;
    if (info && hosted) {
        for (int i = 1; i < info->argc; i++) {
            value_t s = str_new_cstr(info->argv[i]);
            if (!s || !list_append(argv, s))
                return -1;
        }
    }
    if (!as_list(argv)->len) {
        value_t s = str_new("", 0);
        if (!s || !list_append(argv, s))
            return -1;
    }
    vm_set_argv(argv);
    if (!import_module("sys")) {
        vm_print_exception(vm_take_exception());
        return -1;
    }
    if (hosted && info->argc > 1 && !strcmp(info->argv[1], "-m"))
        arch_exit(run_main_module(info->argc, info->argv));
    if (hosted && info->argc > 1)
        arch_exit(run_main_file(info->argc, info->argv));
    if (!bundle) {
        vm_fatal("no frozen runtime in this image");
        return -1;
    }
    int status = run_shell();
    arch_exit(status);
    return 0;
}
