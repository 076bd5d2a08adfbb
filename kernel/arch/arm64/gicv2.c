/* GICv2 interrupt controller (QEMU virt's GIC, the BCM2711's GIC-400):
 * every interrupt goes to CPU 0 at one priority, level-triggered SPIs.
 *
 * Works both with a GIC without security extensions and from the
 * non-secure side of one that has them (the Pi's firmware and QEMU's
 * direct kernel boot put every interrupt in group 1): interrupts are made
 * group 0 where the group is writable, and the distributor and CPU
 * interface enable whichever group bit 0 means in the view we have. */
#include "arch/arm64/cpu.h"
#include "arch/arm64/traps.h"

enum {
    GICD_CTLR = 0x000, GICD_TYPER = 0x004, GICD_IGROUPR = 0x080, GICD_ISENABLER = 0x100,
    GICD_ICENABLER = 0x180, GICD_ICPENDR = 0x280, GICD_IPRIORITYR = 0x400,
    GICD_ITARGETSR = 0x800, GICD_ICFGR = 0xC00,
    GICC_CTLR = 0x00, GICC_PMR = 0x04, GICC_BPR = 0x08, GICC_IAR = 0x0C, GICC_EOIR = 0x10,
};

#define MAX_INTID 1020
#define PRIORITY 0xA0u

static uintptr_t gicd, gicc;
static unsigned intid_count;
static irq_handler handlers[MAX_INTID];
static uint64_t spurious;

void gic_init(uintptr_t distributor, uintptr_t cpu_interface)
{
    gicd = distributor;
    gicc = cpu_interface;
    mmio_write32(gicd + GICD_CTLR, 0);
    intid_count = 32 * ((mmio_read32(gicd + GICD_TYPER) & 0x1F) + 1);
    if (intid_count > MAX_INTID)
        intid_count = MAX_INTID;
    for (unsigned i = 0; i < intid_count; i += 32) {
        mmio_write32(gicd + GICD_ICENABLER + i / 8, 0xFFFFFFFF);
        mmio_write32(gicd + GICD_ICPENDR + i / 8, 0xFFFFFFFF);
        mmio_write32(gicd + GICD_IGROUPR + i / 8, 0);
    }
    for (unsigned i = 0; i < intid_count; i += 4)
        mmio_write32(gicd + GICD_IPRIORITYR + i, PRIORITY * 0x01010101u);
    for (unsigned i = 32; i < intid_count; i += 4)
        mmio_write32(gicd + GICD_ITARGETSR + i, 0x01010101);      /* CPU 0 */
    for (unsigned i = 32; i < intid_count; i += 16)
        mmio_write32(gicd + GICD_ICFGR + i / 4, 0);               /* level-triggered */
    mmio_write32(gicd + GICD_CTLR, 1);
    mmio_write32(gicc + GICC_PMR, 0xFF);                          /* every priority passes */
    mmio_write32(gicc + GICC_BPR, 0);
    mmio_write32(gicc + GICC_CTLR, 1);
}

void gic_enable(unsigned intid)
{
    if (intid < intid_count)
        mmio_write32(gicd + GICD_ISENABLER + (intid / 32) * 4, 1u << (intid % 32));
}

void gic_disable(unsigned intid)
{
    if (intid < intid_count)
        mmio_write32(gicd + GICD_ICENABLER + (intid / 32) * 4, 1u << (intid % 32));
}

unsigned gic_intid_count(void) { return intid_count; }

irq_handler irq_handler_of(unsigned intid)
{
    return intid < MAX_INTID ? handlers[intid] : 0;
}

void irq_unregister(unsigned intid)
{
    if (intid >= MAX_INTID)
        return;
    gic_disable(intid);
    handlers[intid] = 0;
}

void irq_register(unsigned intid, irq_handler handler)
{
    if (intid >= MAX_INTID)
        return;
    handlers[intid] = handler;
    gic_enable(intid);
}

/* Called by arm64_trap() for an IRQ: acknowledge, run, end of interrupt. */
void gic_handle_irq(void)
{
    for (int handled = 0;; handled++) {
        uint32_t iar = mmio_read32(gicc + GICC_IAR);
        unsigned intid = iar & 0x3FF;
        if (intid >= 1020) {                 /* 1020-1023: nothing (more) pending */
            if (intid == 1023 && !handled)
                spurious++;
            return;
        }
        if (handlers[intid])
            handlers[intid]();
        mmio_write32(gicc + GICC_EOIR, iar);
    }
}
