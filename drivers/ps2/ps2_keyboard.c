#include "drivers/ps2/ps2_keyboard.h"
#include "arch/x86_64/cpu.h"
#include "core/console.h"
#include <stdint.h>

#define RING_SIZE 256

static volatile uint8_t ring[RING_SIZE];
static volatile uint32_t head, tail;
static int shift, ctrl, extended;

/* Set 1 make codes 0x00-0x39 to characters, unshifted and shifted. */
static const char normal[58] =
    "\0\x1b" "1234567890-=\x7f" "\tqwertyuiop[]\r" "\0asdfghjkl;'`" "\0\\zxcvbnm,./" "\0*\0 ";
static const char shifted[58] =
    "\0\x1b" "!@#$%^&*()_+\x7f" "\tQWERTYUIOP{}\r" "\0ASDFGHJKL:\"~" "\0|ZXCVBNM<>?" "\0*\0 ";

static void push(uint8_t c)
{
    uint32_t next = (head + 1) % RING_SIZE;
    if (next != tail) {
        ring[head] = c;
        head = next;
    }
}

static void push_escape(char final)
{
    push(27);
    push('[');
    push((uint8_t)final);
}

void ps2_keyboard_init(void)
{
    while (inb(0x64) & 1)       /* drop whatever the firmware left */
        inb(0x60);
}

void ps2_keyboard_irq(void)
{
    uint8_t code = inb(0x60);
    if (code == 0xE0) {
        extended = 1;
        return;
    }
    int release = code & 0x80;
    code &= 0x7F;
    if (extended) {
        extended = 0;
        if (code == 0x1D) {                     /* right ctrl */
            ctrl = !release;
            return;
        }
        if (release)
            return;
        switch (code) {
        case 0x48: push_escape('A'); break;    /* up */
        case 0x50: push_escape('B'); break;    /* down */
        case 0x4D: push_escape('C'); break;    /* right */
        case 0x4B: push_escape('D'); break;    /* left */
        case 0x47: push_escape('H'); break;    /* home */
        case 0x4F: push_escape('F'); break;    /* end */
        case 0x53: push(27); push('['); push('3'); push('~'); break;  /* delete */
        case 0x1C: push('\r'); break;           /* keypad enter */
        }
        return;
    }
    if (code == 0x2A || code == 0x36) {
        shift = !release;
        return;
    }
    if (code == 0x1D) {
        ctrl = !release;
        return;
    }
    if (release || code >= sizeof normal)
        return;
    char c = (shift ? shifted : normal)[code];
    if (!c)
        return;
    if (ctrl && c >= 'a' && c <= 'z')
        c = (char)(c - 'a' + 1);
    else if (ctrl && c >= 'A' && c <= 'Z')
        c = (char)(c - 'A' + 1);
    if (c == 3 && console_ctrl_c())
        return;                         /* Ctrl-C taken by running code (KeyboardInterrupt) */
    push((uint8_t)c);
}

int ps2_keyboard_read(void)
{
    if (tail == head)
        return -1;
    int c = ring[tail];
    tail = (tail + 1) % RING_SIZE;
    return c;
}
