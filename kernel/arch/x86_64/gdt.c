/* The kernel's GDT and TSS. The TSS exists for its interrupt stack (IST1),
 * so that a double fault caused by a blown stack can still be reported. */
#include "arch/x86_64/traps.h"
#include "lib/string.h"

struct tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} __attribute__((packed));

static struct tss tss;
static uint8_t fault_stack[16384] __attribute__((aligned(16)));
static uint64_t gdt[7] __attribute__((aligned(16)));

void gdt_init(void)
{
    gdt[0] = 0;
    gdt[1] = 0x00AF9A000000FFFFull;     /* 0x08 kernel code, 64-bit */
    gdt[2] = 0x00CF92000000FFFFull;     /* 0x10 kernel data */
    memset(&tss, 0, sizeof tss);
    tss.ist[0] = (uint64_t)(fault_stack + sizeof fault_stack);
    tss.iomap_base = sizeof tss;
    uint64_t base = (uint64_t)&tss, limit = sizeof tss - 1;
    gdt[3] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) | (0x89ull << 40) |
             (((limit >> 16) & 0xF) << 48) | (((base >> 24) & 0xFF) << 56);  /* 0x18 TSS */
    gdt[4] = base >> 32;
    struct { uint16_t limit; uint64_t base; } __attribute__((packed)) gdtr = { sizeof gdt - 1, (uint64_t)gdt };
    __asm__ volatile(
        "lgdt %0\n"
        "pushq $0x08\n"
        "leaq 1f(%%rip), %%rax\n"
        "pushq %%rax\n"
        "lretq\n"
        "1:\n"
        "movw $0x10, %%ax\n"
        "movw %%ax, %%ds\n"
        "movw %%ax, %%es\n"
        "movw %%ax, %%ss\n"
        "movw $0x18, %%ax\n"
        "ltr %%ax\n"
        :: "m"(gdtr) : "rax", "memory");
}
