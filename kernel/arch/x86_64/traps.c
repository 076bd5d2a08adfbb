/* IDT set-up, exception reports and IRQ dispatch for the pc board. */
#include "arch/arch.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/traps.h"
#include "core/console.h"
#include "core/panic.h"

struct idt_entry {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t offset_mid;
    uint32_t offset_high;
    uint32_t zero;
} __attribute__((packed));

static struct idt_entry idt[256] __attribute__((aligned(16)));
extern const uint64_t trap_stubs[256];
static irq_handler irq_handlers[16];

static const char *const exception_names[32] = {
    "divide error", "debug", "non-maskable interrupt", "breakpoint", "overflow",
    "bound range exceeded", "invalid opcode", "device not available", "double fault",
    "coprocessor segment overrun", "invalid TSS", "segment not present", "stack-segment fault",
    "general protection fault", "page fault", "reserved (15)", "x87 floating-point error",
    "alignment check", "machine check", "SIMD floating-point exception", "virtualization exception",
    "control protection exception", "reserved (22)", "reserved (23)", "reserved (24)",
    "reserved (25)", "reserved (26)", "reserved (27)", "hypervisor injection exception",
    "VMM communication exception", "security exception", "reserved (31)",
};

/* Vectors that get their own known-good stack (TSS IST1): a double fault
 * from a blown stack, NMI and machine check can arrive on any stack. */
static int uses_ist(unsigned v) { return v == 2 || v == 8 || v == 18; }

void arch_init_traps(void)
{
    gdt_init();
    for (unsigned v = 0; v < 256; v++) {
        uint64_t addr = trap_stubs[v];
        idt[v] = (struct idt_entry){
            .offset_low = (uint16_t)addr,
            .selector = 0x08,
            .ist = uses_ist(v) ? 1 : 0,
            .type_attr = 0x8E,          /* present, ring 0, 64-bit interrupt gate */
            .offset_mid = (uint16_t)(addr >> 16),
            .offset_high = (uint32_t)(addr >> 32),
        };
    }
    struct { uint16_t limit; uint64_t base; } __attribute__((packed)) idtr = { sizeof idt - 1, (uint64_t)idt };
    __asm__ volatile("lidt %0" :: "m"(idtr));
    pic_init();
}

void irq_register(unsigned line, irq_handler handler)
{
    irq_handlers[line] = handler;
    pic_unmask(line);
}

irq_handler irq_handler_of(unsigned line)
{
    return line < 16 ? irq_handlers[line] : 0;
}

void irq_unregister(unsigned line)
{
    if (line >= 16 || line == 2)
        return;
    pic_mask(line);
    irq_handlers[line] = 0;
}

static void report_exception(struct trap_frame *f)
{
    panic_header();
    kprintf("CPU exception %llu: %s, error code 0x%llx\r\n", (unsigned long long)f->vector,
            exception_names[f->vector], (unsigned long long)f->error_code);
    if (f->vector == 14) {
        uint64_t cr2 = READ_CR(2);
        kprintf("page fault at address 0x%016llx (%s, %s)\r\n", (unsigned long long)cr2,
                (f->error_code & 1) ? "protection violation" : "page not present",
                (f->error_code & 2) ? "write" : (f->error_code & 16) ? "instruction fetch" : "read");
    }
    kprintf("rip=0x%016llx rsp=0x%016llx rbp=0x%016llx rflags=0x%08llx\r\n",
            (unsigned long long)f->rip, (unsigned long long)f->rsp, (unsigned long long)f->rbp,
            (unsigned long long)f->rflags);
    kprintf("rax=0x%016llx rbx=0x%016llx rcx=0x%016llx rdx=0x%016llx\r\n",
            (unsigned long long)f->rax, (unsigned long long)f->rbx, (unsigned long long)f->rcx,
            (unsigned long long)f->rdx);
    kprintf("rsi=0x%016llx rdi=0x%016llx r8 =0x%016llx r9 =0x%016llx\r\n",
            (unsigned long long)f->rsi, (unsigned long long)f->rdi, (unsigned long long)f->r8,
            (unsigned long long)f->r9);
    kprintf("r10=0x%016llx r11=0x%016llx r12=0x%016llx r13=0x%016llx\r\n",
            (unsigned long long)f->r10, (unsigned long long)f->r11, (unsigned long long)f->r12,
            (unsigned long long)f->r13);
    kprintf("r14=0x%016llx r15=0x%016llx cs=0x%llx ss=0x%llx\r\n",
            (unsigned long long)f->r14, (unsigned long long)f->r15, (unsigned long long)f->cs,
            (unsigned long long)f->ss);
    kprintf("cr0=0x%016llx cr3=0x%016llx cr4=0x%016llx\r\n", (unsigned long long)READ_CR(0),
            (unsigned long long)READ_CR(3), (unsigned long long)READ_CR(4));
    panic_backtrace(f->rip, f->rbp);
    panic_finish();
}

void trap_dispatch(struct trap_frame *f)
{
    if (f->vector < 32) {
        report_exception(f);
        return;
    }
    if (f->vector >= 32 && f->vector < 48) {
        unsigned line = (unsigned)f->vector - 32;
        /* IRQ 7 and 15 can be spurious: the PIC's in-service bit says. */
        if (line == 7 || line == 15) {
            outb(line == 7 ? 0x20 : 0xA0, 0x0B);
            if (!(inb(line == 7 ? 0x20 : 0xA0) & 0x80)) {
                if (line == 15)
                    pic_eoi(2);
                return;
            }
        }
        if (irq_handlers[line])
            irq_handlers[line]();
        pic_eoi(line);
    }
}
