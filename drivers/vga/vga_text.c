#include "drivers/vga/vga_text.h"
#include "arch/x86_64/cpu.h"
#include "lib/string.h"
#include <stdint.h>

#define COLS 80
#define ROWS 25
#define ATTR 0x0700                     /* light grey on black */

static volatile uint16_t *const screen = (volatile uint16_t *)0xB8000;
static int row, col;
static int enabled;

/* Escape-sequence parser state: 0 text, 1 after ESC, 2 inside CSI. */
static int esc_state;
static int esc_number;

static void move_hw_cursor(void)
{
    uint16_t pos = (uint16_t)(row * COLS + col);
    outb(0x3D4, 0x0F); outb(0x3D5, (uint8_t)pos);
    outb(0x3D4, 0x0E); outb(0x3D5, (uint8_t)(pos >> 8));
}

static void clear_from(int r, int c)
{
    for (int i = r * COLS + c; i < ROWS * COLS; i++)
        screen[i] = ATTR | ' ';
}

static void scroll(void)
{
    for (int i = 0; i < (ROWS - 1) * COLS; i++)
        screen[i] = screen[i + COLS];
    for (int i = (ROWS - 1) * COLS; i < ROWS * COLS; i++)
        screen[i] = ATTR | ' ';
    row = ROWS - 1;
}

void vga_text_init(void)
{
    enabled = 1;
    row = col = 0;
    clear_from(0, 0);
    move_hw_cursor();
}

static void csi(char final)
{
    int n = esc_number ? esc_number : 1;
    switch (final) {
    case 'D': col = col >= n ? col - n : 0; break;
    case 'C': col = col + n < COLS ? col + n : COLS - 1; break;
    case 'K':
        for (int c = col; c < COLS; c++)
            screen[row * COLS + c] = ATTR | ' ';
        break;
    case 'J': clear_from(0, 0); break;
    case 'H': row = col = 0; break;
    default: break;
    }
}

void vga_text_write(const char *s, size_t n)
{
    if (!enabled)
        return;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (esc_state == 1) {
            esc_state = c == '[' ? 2 : 0;
            esc_number = 0;
            continue;
        }
        if (esc_state == 2) {
            if (c >= '0' && c <= '9') {
                esc_number = esc_number * 10 + (c - '0');
            } else if (c != ';') {
                csi((char)c);
                esc_state = 0;
            }
            continue;
        }
        if (c == 27) {
            esc_state = 1;
        } else if (c == '\r') {
            col = 0;
        } else if (c == '\n') {
            col = 0;                    /* LF is a new line here, as on a tty with ONLCR */
            if (++row == ROWS)
                scroll();
        } else if (c == '\b') {
            if (col)
                col--;
        } else if (c >= 32 && c < 127) {
            screen[row * COLS + col] = (uint16_t)(ATTR | c);
            if (++col == COLS) {
                col = 0;
                if (++row == ROWS)
                    scroll();
            }
        } else if (c >= 0x80 && (c & 0xC0) != 0x80) {
            /* One cell per UTF-8 character; the screen's code page has no
             * way to show most of them. */
            screen[row * COLS + col] = ATTR | '?';
            if (++col == COLS) {
                col = 0;
                if (++row == ROWS)
                    scroll();
            }
        }
    }
    move_hw_cursor();
}
