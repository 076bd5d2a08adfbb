#include "core/shell.h"
#include "core/console.h"
#include "core/log.h"
#include "core/panic.h"
#include "core/version.h"
#include "arch/arch.h"
#include "mm/heap.h"
#include "mm/page_alloc.h"
#include "lib/string.h"

extern const struct boot_info *boot_info_saved;

static const struct shell_command commands[];

/* Tables of commands registered by subsystems (shell_register). */
#define MAX_COMMAND_TABLES 8
static const struct shell_command *command_tables[MAX_COMMAND_TABLES];
static int command_table_count;

bool shell_register(const struct shell_command *table)
{
    if (command_table_count >= MAX_COMMAND_TABLES)
        return false;
    command_tables[command_table_count++] = table;
    return true;
}

static int shell_done;

static void cmd_help(int argc, char **argv);

static void cmd_uptime(int argc, char **argv)
{
    (void)argc; (void)argv;
    uint64_t us = time_us();
    kprintf("up %llu.%06llu s, %llu timer ticks at %u Hz\r\n",
            (unsigned long long)(us / 1000000), (unsigned long long)(us % 1000000),
            (unsigned long long)arch_timer_ticks(), arch_timer_hz());
}

static const char *mem_type_name(uint32_t t)
{
    switch (t) {
    case MEM_USABLE: return "usable";
    case MEM_ACPI: return "ACPI reclaimable";
    case MEM_NVS: return "ACPI NVS";
    case MEM_BAD: return "bad";
    default: return "reserved";
    }
}

static void print_size(uint64_t bytes)
{
    if (bytes >= (1ull << 30))
        kprintf("%llu.%02llu GiB", (unsigned long long)(bytes >> 30),
                (unsigned long long)((bytes & ((1ull << 30) - 1)) * 100 >> 30));
    else if (bytes >= (1ull << 20))
        kprintf("%llu.%02llu MiB", (unsigned long long)(bytes >> 20),
                (unsigned long long)((bytes & ((1ull << 20) - 1)) * 100 >> 20));
    else
        kprintf("%llu KiB", (unsigned long long)(bytes >> 10));
}

static void cmd_mem(int argc, char **argv)
{
    (void)argc; (void)argv;
    const struct boot_info *bi = boot_info_saved;
    kputs("memory map:\r\n");
    for (int i = 0; i < bi->region_count; i++) {
        const struct mem_region *r = &bi->regions[i];
        kprintf("  0x%016llx-0x%016llx %-16s ", (unsigned long long)r->base,
                (unsigned long long)(r->base + r->length - 1), mem_type_name(r->type));
        print_size(r->length);
        kputs("\r\n");
    }
    struct page_stats ps;
    page_stats(&ps);
    kprintf("pages: %llu managed, %llu free (", (unsigned long long)ps.managed_pages,
            (unsigned long long)ps.free_pages);
    print_size(ps.free_pages * PAGE_SIZE);
    kputs(" free of ");
    print_size(ps.managed_pages * PAGE_SIZE);
    kputs(")\r\n");
    struct heap_stats hs;
    heap_stats(&hs);
    kprintf("heap: %llu blocks, %llu bytes in use, %llu bytes reserved\r\n",
            (unsigned long long)hs.allocations, (unsigned long long)hs.bytes_in_use,
            (unsigned long long)hs.bytes_reserved);
}

static void cmd_cpu(int argc, char **argv)
{
    (void)argc; (void)argv;
    struct cpu_info ci;
    arch_cpu_info(&ci);
    kprintf("vendor:   %s\r\n", ci.vendor);
    kprintf("model:    %s\r\n", ci.brand[0] ? ci.brand : "(no brand string)");
    kprintf("family %u, model %u, stepping %u\r\n", ci.family, ci.model, ci.stepping);
    if (ci.tsc_hz)
        kprintf("clock:    timestamp counter at %llu.%03llu MHz\r\n", (unsigned long long)(ci.tsc_hz / 1000000),
                (unsigned long long)(ci.tsc_hz / 1000 % 1000));
    kprintf("features: %s\r\n", ci.features);
}

static void cmd_reboot(int argc, char **argv)
{
    (void)argc; (void)argv;
    kputs("rebooting...\r\n");
    arch_reboot();
}

static void cmd_poweroff(int argc, char **argv)
{
    (void)argc; (void)argv;
    kputs("powering off.\r\n");
    shell_done = 1;
    arch_poweroff();
}

#ifdef CONFIG_DEBUG
/* Faults on purpose, so that tests can check the panic report and its
 * symbolized backtrace. Only in debug builds: a user's typing must never
 * panic a release kernel. */
__attribute__((noinline)) static void panic_test_pagefault(void)
{
    volatile uint64_t *unmapped = (volatile uint64_t *)0x0000400000000000ull;
    *unmapped = 0xDEAD;
}

__attribute__((noinline)) static void panic_test_divide(void)
{
    volatile int zero = 0, one = 1;     /* both volatile: clang folds 1 / x into a compare, no div */
    volatile int x = one / zero;
    (void)x;
}

__attribute__((noinline)) static void panic_test_invalid_opcode(void)
{
    __builtin_trap();
}

static void cmd_panic_test(int argc, char **argv)
{
    const char *kind = argc > 1 ? argv[1] : "";
    if (strcmp(kind, "pagefault") == 0)
        panic_test_pagefault();
    else if (strcmp(kind, "divide") == 0)
        panic_test_divide();
    else if (strcmp(kind, "invalid-opcode") == 0)
        panic_test_invalid_opcode();
    else if (strcmp(kind, "panic") == 0)
        panic("panic-test: requested by the user");
    else
        kputs("usage: panic-test pagefault|divide|invalid-opcode|panic\r\n");
    __asm__ volatile("" ::: "memory");  /* no tail calls: keep this frame in the backtrace */
}
#endif

static const struct shell_command commands[] = {
    { "help", "help", "list the commands", cmd_help },
    { "uptime", "uptime", "time since boot and timer ticks", cmd_uptime },
    { "mem", "mem", "memory map, free pages, kernel heap", cmd_mem },
    { "cpu", "cpu", "CPU vendor, model and features", cmd_cpu },
    { "reboot", "reboot", "restart the machine", cmd_reboot },
    { "poweroff", "poweroff", "switch the machine off", cmd_poweroff },
#ifdef CONFIG_DEBUG
    { "panic-test", "panic-test KIND", "fault on purpose (debug builds only)", cmd_panic_test },
#endif
    { 0, 0, 0, 0 },
};

static void cmd_help(int argc, char **argv)
{
    (void)argc; (void)argv;
    kputs("commands:\r\n");
    const struct shell_command *c;
    for (int i = 0; (c = shell_command_at(i)) != 0; i++)
        kprintf("  %-18s %s\r\n", c->usage, c->help);
}

/* Prints a user-supplied word with anything unprintable escaped, so
 * garbage on the line cannot drive the terminal. */
static void print_escaped(const char *s, size_t max)
{
    for (size_t i = 0; s[i] && i < max; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 32 && c < 127)
            console_write((const char *)&c, 1);
        else
            kprintf("\\x%02x", c);
    }
}

#define MAX_ARGS 16

const struct shell_command *shell_command_at(int i)
{
    for (const struct shell_command *c = commands; c->name; c++)
        if (i-- == 0)
            return c;
    for (int t = 0; t < command_table_count; t++)
        for (const struct shell_command *c = command_tables[t]; c->name; c++)
            if (i-- == 0)
                return c;
    return 0;
}

/* Splits a line into words in place; returns how many. */
static int split_words(char *line, char **argv)
{
    int argc = 0;
    char *p = line;
    while (*p && argc < MAX_ARGS) {
        while (*p == ' ' || *p == '\t')
            *p++ = 0;
        if (!*p)
            break;
        argv[argc++] = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
    }
    return argc;
}

static bool run_words(int argc, char **argv)
{
    const struct shell_command *c;
    for (int i = 0; (c = shell_command_at(i)) != 0; i++) {
        if (strcmp(c->name, argv[0]) == 0) {
            c->run(argc, argv);
            return true;
        }
    }
    return false;
}

bool shell_execute(char *line)
{
    char *argv[MAX_ARGS];
    int argc = split_words(line, argv);
    return argc == 0 || run_words(argc, argv);
}

static void run_line(char *line)
{
    char *argv[MAX_ARGS];
    int argc = split_words(line, argv);
    if (argc == 0 || run_words(argc, argv))
        return;
    kputs("unknown command '");
    print_escaped(argv[0], 64);
    kputs("': type 'help' for the list\r\n");
}

void shell_run(void)
{
    static char line[CONSOLE_LINE_MAX];
    klog("ready: kernel entry to prompt in %llu us", (unsigned long long)time_us());
    kputs("TensorOS " TENSOROS_VERSION " shell. Type 'help' for commands.\r\n");
    while (!shell_done) {
        enum line_status st = console_read_line("tensor> ", line, sizeof line);
        if (st == LINE_EOF) {
            kputs("\r\n");
            return;
        }
        if (st == LINE_TOO_LONG) {
            kprintf("error: line too long (more than %d bytes); ignored\r\n", CONSOLE_LINE_MAX - 1);
            continue;
        }
        if (st == LINE_OK)
            run_line(line);
    }
}
