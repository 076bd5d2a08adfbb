/* Exception reports and IRQ dispatch for the ARM64 boards. vectors.S saves
 * the registers and calls arm64_trap(); interrupts go to the GIC driver,
 * everything else is a kernel panic with ESR/FAR/ELR decoded, all general
 * registers and a frame-pointer backtrace (the same format as on pc). */
#include "arch/arch.h"
#include "arch/arm64/cpu.h"
#include "arch/arm64/platform.h"
#include "arch/arm64/traps.h"
#include "core/console.h"
#include "core/log.h"
#include "core/panic.h"

static const char *source(unsigned bit)
{
    return (platform.from_tree & bit) ? "device tree" : "board default";
}

void arch_init_traps(void)
{
    /* VBAR_EL1 is set by entry.S, so faults before this point are reported too. */
    if (!platform.gicd || !platform.gicc)
        panic("no GICv2 interrupt controller in the device tree (GICv3 is not supported yet: "
              "use -M virt,gic-version=2)");
    gic_init(platform.gicd, platform.gicc);
    static const char *const psci[] = { "none", "HVC", "SMC" };
    klog("arm64: console PL011 at 0x%llx IRQ %u (%s), GICv2 at 0x%llx/0x%llx (%s), virtual timer IRQ %u (%s), PSCI %s",
         (unsigned long long)platform.uart_base, platform.uart_intid, source(FROM_TREE_CONSOLE),
         (unsigned long long)platform.gicd, (unsigned long long)platform.gicc, source(FROM_TREE_GIC),
         platform.timer_intid, source(FROM_TREE_TIMER), psci[platform.psci]);
    board_log();
}

static const char *exception_class(uint32_t ec)
{
    switch (ec) {
    case 0x00: return "unknown reason (undefined instruction)";
    case 0x01: return "WFI/WFE trapped";
    case 0x07: return "FP/SIMD access trapped";
    case 0x0E: return "illegal execution state";
    case 0x15: return "SVC";
    case 0x16: return "HVC";
    case 0x17: return "SMC";
    case 0x18: return "system register access trapped";
    case 0x20: return "instruction abort from a lower EL";
    case 0x21: return "instruction abort";
    case 0x22: return "PC alignment fault";
    case 0x24: return "data abort from a lower EL";
    case 0x25: return "data abort";
    case 0x26: return "SP alignment fault";
    case 0x2C: return "floating-point exception";
    case 0x2F: return "SError";
    case 0x30: case 0x31: return "breakpoint";
    case 0x32: case 0x33: return "software step";
    case 0x34: case 0x35: return "watchpoint";
    case 0x3C: return "BRK instruction";
    default: return "unexpected exception class";
    }
}

static const char *fault_status(uint32_t fsc, unsigned *level)
{
    *level = fsc & 3;
    switch (fsc & 0x3C) {
    case 0x00: return "address size fault";
    case 0x04: return "translation fault";
    case 0x08: return "access flag fault";
    case 0x0C: return "permission fault";
    }
    *level = 4;
    switch (fsc) {
    case 0x10: return "synchronous external abort";
    case 0x11: return "synchronous tag check fault";
    case 0x21: return "alignment fault";
    case 0x30: return "TLB conflict abort";
    default: return "other fault";
    }
}

static const char *const vector_groups[4] = {
    "current EL, SP_EL0", "current EL, SP_ELx", "lower EL, AArch64", "lower EL, AArch32",
};
static const char *const vector_types[4] = { "synchronous", "IRQ", "FIQ", "SError" };

static void report_exception(struct trap_frame *f, unsigned vector)
{
    panic_header();
    uint32_t ec = (uint32_t)(f->esr >> 26) & 0x3F, iss = (uint32_t)f->esr & 0x1FFFFFF;
    kprintf("CPU exception: %s (%s exception from %s), ESR 0x%08llx\r\n", exception_class(ec),
            vector_types[vector & 3], vector_groups[(vector >> 2) & 3], (unsigned long long)f->esr);
    if (ec == 0x24 || ec == 0x25 || ec == 0x20 || ec == 0x21) {
        unsigned level;
        const char *what = fault_status(iss & 0x3F, &level);
        bool data = ec == 0x24 || ec == 0x25;
        bool far_valid = !(iss & (1u << 10));   /* FnV */
        kprintf("%s at address 0x%016llx%s (%s", data ? "data abort" : "instruction abort",
                (unsigned long long)f->far, far_valid ? "" : " (not valid)", what);
        if (level < 4)
            kprintf(", level %u", level);
        kprintf(", %s)\r\n", !data ? "instruction fetch" : (iss & (1u << 6)) ? "write" : "read");
    } else if (ec == 0x3C) {
        kprintf("brk #0x%x\r\n", iss & 0xFFFF);
    }
    kprintf("pc=0x%016llx sp=0x%016llx fp=0x%016llx lr=0x%016llx\r\n", (unsigned long long)f->elr,
            (unsigned long long)f->sp, (unsigned long long)f->x[29], (unsigned long long)f->x[30]);
    for (int i = 0; i < 29; i += 4) {
        for (int j = i; j < i + 4 && j < 29; j++)
            kprintf("%sx%-2d=0x%016llx", j == i ? "" : " ", j, (unsigned long long)f->x[j]);
        kputs("\r\n");
    }
    kprintf("esr=0x%016llx far=0x%016llx elr=0x%016llx spsr=0x%08llx\r\n", (unsigned long long)f->esr,
            (unsigned long long)f->far, (unsigned long long)f->elr, (unsigned long long)f->spsr);
    kprintf("sctlr=0x%016llx tcr=0x%016llx ttbr0=0x%016llx\r\n", (unsigned long long)READ_SYSREG(sctlr_el1),
            (unsigned long long)READ_SYSREG(tcr_el1), (unsigned long long)READ_SYSREG(ttbr0_el1));
    panic_backtrace(f->elr, f->x[29]);
    panic_finish();
}

void arm64_trap(struct trap_frame *f, unsigned vector)
{
    unsigned type = vector & 3;
    if (type == 1 || type == 2) {               /* IRQ, FIQ */
        gic_handle_irq();
        return;
    }
    if (type == 0 && arm64_hw_fixup(f))
        return;
    report_exception(f, vector);
}
