/* Device access for the `hw` module on the ARM64 boards (arch.h, "Device
 * access for drivers").
 *
 * * No I/O ports on ARM.
 * * Registers: the boot map already maps the board's device window as
 *   Device-nGnRE (uncached, never executable); addresses outside it are
 *   refused, and so are the GIC and the console UART, which the kernel
 *   drives. A hole in the window (no device decodes it) answers with a
 *   synchronous external abort: the accessors below are the only
 *   instructions arm64_hw_fixup() forgives, turning the abort into an error
 *   result instead of a kernel panic.
 * * IRQs: GIC SPIs (INTID 32 and up) nobody else uses.
 * * Devices: the device tree's nodes under the root by compatible string
 *   (virt: "virtio,mmio" transports). */
#include "arch/arch.h"
#include "arch/arm64/cpu.h"
#include "arch/arm64/fdt.h"
#include "arch/arm64/memory_map.h"
#include "arch/arm64/platform.h"
#include "arch/arm64/traps.h"
#include "lib/string.h"

bool arch_port_read(unsigned port, unsigned width, uint32_t *value, const char **why)
{
    (void)port; (void)width; (void)value;
    *why = "I/O ports exist only on the pc board (x86); ARM devices are memory mapped";
    return false;
}

bool arch_port_write(unsigned port, unsigned width, uint32_t value, const char **why)
{
    (void)port; (void)width; (void)value;
    *why = "I/O ports exist only on the pc board (x86); ARM devices are memory mapped";
    return false;
}

/* ---- device registers ---- */

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return b && a < b + blen && b < a + alen;
}

uintptr_t arch_mmio_map(uint64_t phys, uint64_t len, const char **why)
{
    if (len == 0 || phys + len < phys || phys < DEVICE_WINDOW_START || phys + len > DEVICE_WINDOW_END) {
#if defined(BOARD_VIRT)
        *why = "device registers must lie in the device window 0x0-0x40000000 (QEMU virt)";
#else
        *why = "device registers must lie in the device window 0xFC000000-0xFFFFFFFF (BCM2711)";
#endif
        return 0;
    }
    if (overlaps(phys, len, platform.gicd, 0x10000) || overlaps(phys, len, platform.gicc, 0x10000)) {
        *why = "the address is the GIC's, which the kernel drives";
        return 0;
    }
    if (overlaps(phys, len, platform.uart_base, 0x1000)) {
        *why = "the address is the console UART's, which the kernel drives";
        return 0;
    }
    return (uintptr_t)phys;             /* the boot map: identity, Device-nGnRE */
}

/* The accessors: x0 = address (x1 = value to write); a read returns the
 * value in x0. hw_access_start/end bound the instructions that may fault. */
__asm__(
    ".text\n"
    ".balign 4\n"
    "hw_access_start:\n"
    "hw_read8:  ldrb w0, [x0]\n ret\n"
    "hw_read16: ldrh w0, [x0]\n ret\n"
    "hw_read32: ldr w0, [x0]\n ret\n"
    "hw_read64: ldr x0, [x0]\n ret\n"
    "hw_write8:  strb w1, [x0]\n ret\n"
    "hw_write16: strh w1, [x0]\n ret\n"
    "hw_write32: str w1, [x0]\n ret\n"
    "hw_write64: str x1, [x0]\n ret\n"
    "hw_access_end:\n"
    ".previous\n");
extern char hw_access_start[], hw_access_end[];
uint64_t hw_read8(uintptr_t a), hw_read16(uintptr_t a), hw_read32(uintptr_t a), hw_read64(uintptr_t a);
void hw_write8(uintptr_t a, uint64_t v), hw_write16(uintptr_t a, uint64_t v);
void hw_write32(uintptr_t a, uint64_t v), hw_write64(uintptr_t a, uint64_t v);

static volatile bool access_faulted;

bool arm64_hw_fixup(struct trap_frame *f)
{
    uint32_t ec = (uint32_t)(f->esr >> 26) & 0x3F;
    if (ec != 0x25 || f->elr < (uintptr_t)hw_access_start || f->elr >= (uintptr_t)hw_access_end)
        return false;
    access_faulted = true;
    f->x[0] = ~0ull;
    f->elr += 4;                        /* continue at the accessor's ret */
    return true;
}

bool arch_mmio_read(uintptr_t addr, unsigned width, uint64_t *value)
{
    access_faulted = false;
    __asm__ volatile("" ::: "memory");
    switch (width) {
    case 1: *value = hw_read8(addr); break;
    case 2: *value = hw_read16(addr); break;
    case 4: *value = hw_read32(addr); break;
    case 8: *value = hw_read64(addr); break;
    default: return false;
    }
    __asm__ volatile("" ::: "memory");
    return !access_faulted;
}

bool arch_mmio_write(uintptr_t addr, unsigned width, uint64_t value)
{
    access_faulted = false;
    __asm__ volatile("" ::: "memory");
    switch (width) {
    case 1: hw_write8(addr, value); break;
    case 2: hw_write16(addr, value); break;
    case 4: hw_write32(addr, value); break;
    case 8: hw_write64(addr, value); break;
    default: return false;
    }
    __asm__ volatile("dsb sy" ::: "memory");   /* a posted write's abort arrives before we look */
    return !access_faulted;
}

/* ---- interrupts ---- */

bool arch_irq_attach(unsigned line, void (*handler)(void), const char **why)
{
    if (line < 32) {
        *why = "INTIDs 0-31 (SGIs and PPIs) are the kernel's; device interrupts are SPIs, 32 and up";
        return false;
    }
    if (line >= gic_intid_count()) {
        *why = "the GIC has no such interrupt (INTID beyond GICD_TYPER's count)";
        return false;
    }
    if (irq_handler_of(line)) {
        *why = "the kernel uses this interrupt (console UART)";
        return false;
    }
    uint64_t daif = irq_save();
    irq_register(line, handler);
    irq_restore(daif);
    return true;
}

void arch_irq_detach(unsigned line)
{
    if (line < 32)
        return;
    uint64_t daif = irq_save();
    irq_unregister(line);
    irq_restore(daif);
}

void arch_irq_set_masked(unsigned line, bool masked)
{
    if (line < 32)
        return;
    if (masked)
        gic_disable(line);
    else
        gic_enable(line);
}

/* ---- devices from the device tree ---- */

struct device_search {
    const char *compatible;
    struct arch_device *out;
    int max, count;
};

static void visit_device(const struct fdt_node *node, void *ctx)
{
    struct device_search *s = ctx;
    if (!fdt_is_compatible(node, s->compatible))
        return;
    const char *status = fdt_property_string(node, "status");
    if (status && strcmp(status, "okay") && strcmp(status, "ok"))
        return;
    uint64_t base, size;
    if (!fdt_reg(node, 0, &base, &size))
        return;
    unsigned intid = 0;
    if (!fdt_interrupt(node, 0, &intid))
        intid = 0;
    if (s->count < s->max)
        s->out[s->count] = (struct arch_device){ base, size, intid };
    s->count++;
}

int arch_find_devices(const char *compatible, struct arch_device *out, int max)
{
    struct fdt_node root;
    if (!fdt_present() || !fdt_find_path("/", &root))
        return 0;
    struct device_search s = { compatible, out, max, 0 };
    fdt_for_each_child(&root, visit_device, &s);
    return s.count;
}

uint64_t arch_physical_address(const void *p)
{
    return (uint64_t)(uintptr_t)p;      /* RAM is identity mapped */
}

void arch_memory_barrier(void)
{
    __asm__ volatile("dsb sy" ::: "memory");
}
