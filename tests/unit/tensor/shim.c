/* What kernel/tensor needs from the rest of the kernel, for the host test
 * library: the real page allocator, heap and zones over a static RAM
 * buffer, the hosted board's executable memory (raw mmap/mprotect), the
 * x86 CPU feature decoding, and a console that writes to stdout. */
#include "arch/arch.h"
#include "core/console.h"
#include "core/shell.h"
#include "mm/page_alloc.h"
#include "tensor/tensor.h"
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#define RAM_BYTES (512u << 20)
static unsigned char *ram;

int host_init(void)
{
    static struct boot_info bi;
    if (ram)
        return 0;
    ram = aligned_alloc(1 << 21, RAM_BYTES);
    if (!ram)
        return -1;
    bi.regions[0] = (struct mem_region){ (uintptr_t)ram, RAM_BYTES, MEM_USABLE };
    bi.region_count = 1;
    page_alloc_init(&bi);
    tensor_init();
    return 0;
}

uint64_t arch_time_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void console_write(const char *s, size_t n) { fwrite(s, 1, n, stdout); fflush(stdout); }
void kputs(const char *s) { fputs(s, stdout); fflush(stdout); }
int kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vprintf(fmt, ap);
    va_end(ap);
    fflush(stdout);
    return n;
}

int x86_cpu_has(const char *feature);
bool arch_cpu_has(const char *feature) { return x86_cpu_has(feature); }

static const struct shell_command *registered;
bool shell_register(const struct shell_command *table) { registered = table; return true; }

/* Runs a registered shell command line ("jit selftest"). */
int host_command(const char *line)
{
    char buf[256], *argv[16];
    int argc = 0;
    snprintf(buf, sizeof buf, "%s", line);
    for (char *p = buf; *p && argc < 16;) {
        while (*p == ' ') *p++ = 0;
        if (!*p) break;
        argv[argc++] = p;
        while (*p && *p != ' ') p++;
    }
    for (const struct shell_command *c = registered; c && c->name; c++)
        if (argc && !strcmp(c->name, argv[0])) {
            c->run(argc, argv);
            return 0;
        }
    return -1;
}
