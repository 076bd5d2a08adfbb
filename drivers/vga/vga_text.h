/* The VGA text screen (80x25 at 0xB8000) as a second console output on PCs
 * booted through BIOS. Understands the few ANSI sequences the line editor
 * sends (cursor left/right, erase to end of line, clear screen). */
#pragma once
#include <stddef.h>

void vga_text_init(void);
void vga_text_write(const char *s, size_t n);
