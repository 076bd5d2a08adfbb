#include "core/log.h"
#include "core/console.h"
#include "arch/arch.h"
#include "lib/format.h"

uint64_t time_us(void)
{
    return arch_time_ns() / 1000;
}

void klog(const char *fmt, ...)
{
    char line[256];
    int n = snprintf(line, sizeof line, "[%8llu us] ", (unsigned long long)time_us());
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
    va_end(ap);
    kputs(line);
    kputs("\r\n");
}
