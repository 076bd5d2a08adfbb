#pragma once
#include <stdint.h>

/* What traps.asm pushes, lowest address first. */
struct trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error_code;
    uint64_t rip, cs, rflags, rsp, ss;     /* pushed by the CPU */
};

typedef void (*irq_handler)(void);
/* Legacy IRQ line 0-15, delivered through the 8259 PICs at vectors 32-47. */
void irq_register(unsigned line, irq_handler handler);
/* The handler of a line, or NULL (a line nobody handles is free). */
irq_handler irq_handler_of(unsigned line);
/* Masks the line and forgets its handler. */
void irq_unregister(unsigned line);

void gdt_init(void);
void pic_init(void);
void pic_unmask(unsigned line);
void pic_mask(unsigned line);
void pic_eoi(unsigned line);
