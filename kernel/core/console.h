/* The console: output to the board's console device, and a line editor
 * (cursor keys, history, Ctrl-A/E/K/U/C) for input. */
#pragma once
#include <stdarg.h>
#include <stdbool.h>
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

/* Called by console drivers from their receive interrupt for a Ctrl-C
 * byte. True when running code took it as an interrupt (the VM: code in an
 * interruptible window, see kernel/vm/thread.c, gets KeyboardInterrupt at
 * its next safepoint): the byte must then not reach the input. False
 * otherwise, and the byte is input: at the prompt Ctrl-C cancels the line.
 * The weak default in console.c says false. */
bool console_ctrl_c(void);

/* Waiting for input with other work to do (the VM's green threads). When
 * set, console_getc calls console_wait_hook(CONSOLE_WAIT_BYTE) instead of
 * arch_wait_for_event while no byte is there, and console_read_line calls
 * console_wait_hook(CONSOLE_WAIT_LINE) while another thread reads a line.
 * The hook returns 1 to look again, 0 when input has ended, -1 when the
 * waiting code is interrupted (console_getc then returns a Ctrl-C byte, so
 * the line editor cancels the line). */
enum { CONSOLE_WAIT_BYTE, CONSOLE_WAIT_LINE };
extern int (*console_wait_hook)(int what);
/* True when an input byte is waiting; it is kept for console_getc. */
bool console_input_ready(void);
/* True while console_read_line runs (a thread is reading a line). */
bool console_line_busy(void);
