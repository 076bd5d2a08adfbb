/* The console: output to the board's console device, and a line editor
 * (cursor keys, history, Ctrl-A/E/K/U/C) for input. */
#pragma once
#include <stdarg.h>
#include <stddef.h>

#define CONSOLE_LINE_MAX 4096       /* bytes in a line, including the terminator */

void console_write(const char *s, size_t n);
void kputs(const char *s);
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap);

/* Next input byte; blocks. -1 when input has ended (hosted: end of stdin). */
int console_getc(void);

enum line_status {
    LINE_OK,
    LINE_TOO_LONG,      /* the user typed more than CONSOLE_LINE_MAX - 1 bytes; the line is dropped */
    LINE_INTERRUPTED,   /* Ctrl-C */
    LINE_EOF,
};

/* Reads one edited line into buf (NUL-terminated, without the newline). */
enum line_status console_read_line(const char *prompt, char *buf, size_t cap);
