/* printf-style formatting into a buffer: %d %i %u %x %X %o %c %s %p %%
 * with flags '-', '0', ' ', '+', width, precision ('*' too) and the length
 * modifiers hh h l ll z t j. No floating point: the VM formats floats itself. */
#pragma once
#include <stdarg.h>
#include <stddef.h>

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
