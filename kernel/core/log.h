/* Boot and kernel log lines, stamped with microseconds since kernel entry. */
#pragma once
#include <stdint.h>

void klog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
uint64_t time_us(void);
