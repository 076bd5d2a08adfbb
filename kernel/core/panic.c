#include "core/panic.h"
#include "core/console.h"
#include "arch/arch.h"

static int panicking;

void panic_header(void)
{
    if (panicking++)
        arch_halt();                /* a fault while reporting a fault: stop quietly */
    kputs("\r\n*** KERNEL PANIC ***\r\n");
}

void panic_backtrace(uintptr_t pc, uintptr_t fp)
{
    kputs("backtrace:\r\n");
    int depth = 0;
    if (pc)
        kprintf("  #%d 0x%016llx\r\n", depth++, (unsigned long long)pc);
    /* Frame-pointer chain: [fp] = caller's fp, [fp + 8] = return address. */
    while (fp && depth < 32) {
        if ((fp & 7) || !arch_address_readable(fp, 16))
            break;
        uintptr_t ret = ((uintptr_t *)fp)[1];
        uintptr_t next = ((uintptr_t *)fp)[0];
        if (!ret)
            break;
        kprintf("  #%d 0x%016llx\r\n", depth++, (unsigned long long)ret);
        if (next <= fp)
            break;                   /* stacks grow down: callers' frames are higher */
        fp = next;
    }
    kputs("end of backtrace\r\n");
}

void panic_finish(void)
{
    kputs("System halted.\r\n");
    arch_halt();
}

void panic(const char *fmt, ...)
{
    panic_header();
    va_list ap;
    va_start(ap, fmt);
    kputs("panic: ");
    kvprintf(fmt, ap);
    va_end(ap);
    kputs("\r\n");
    panic_backtrace(0, arch_frame_pointer());
    panic_finish();
}
