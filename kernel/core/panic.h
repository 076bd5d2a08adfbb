/* Fatal kernel errors. The report ends with a backtrace of return addresses
 * in a fixed form ("  #N 0x<16 hex digits>") that `tensoros symbolize` turns
 * into function, file and line from the ELF's DWARF. */
#pragma once
#include <stdint.h>

void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* For trap handlers, which print their own registers first. */
void panic_header(void);
void panic_backtrace(uintptr_t pc, uintptr_t frame_pointer);
void panic_finish(void) __attribute__((noreturn));
