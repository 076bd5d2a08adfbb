/* The two 8259 PICs: remapped to vectors 32-47, every line masked until a
 * driver registers a handler. */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/traps.h"

static uint16_t mask = 0xFFFF;

static void write_mask(void)
{
    outb(0x21, (uint8_t)mask);
    outb(0xA1, (uint8_t)(mask >> 8));
}

void pic_init(void)
{
    outb(0x20, 0x11); outb(0xA0, 0x11);     /* ICW1: init, expect ICW4 */
    outb(0x21, 32);   outb(0xA1, 40);       /* ICW2: vector offsets */
    outb(0x21, 4);    outb(0xA1, 2);        /* ICW3: slave on line 2 */
    outb(0x21, 1);    outb(0xA1, 1);        /* ICW4: 8086 mode */
    mask = 0xFFFF & ~(1u << 2);             /* the cascade line stays open */
    write_mask();
}

void pic_unmask(unsigned line)
{
    mask &= (uint16_t)~(1u << line);
    write_mask();
}

void pic_mask(unsigned line)
{
    mask |= (uint16_t)(1u << line);
    write_mask();
}

void pic_eoi(unsigned line)
{
    if (line >= 8)
        outb(0xA0, 0x20);
    outb(0x20, 0x20);
}
