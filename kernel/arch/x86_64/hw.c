/* Device access for the `hw` module on the pc board (arch.h, "Device
 * access for drivers"): I/O ports, device registers, legacy IRQ lines.
 *
 * * Ports: any port but those of the devices the kernel drives itself
 *   (8259 PICs, PIT, COM1, PS/2 controller), so a driver bug cannot take
 *   the console or the clock away.
 * * Registers: below 4 GiB everything is already identity mapped with
 *   2 MiB pages (entry.asm); a block that holds no RAM gets PCD|PWT, i.e.
 *   uncached whatever the MTRRs say. Above 4 GiB (64-bit BARs) blocks are
 *   added to the identity map, uncached, on first use, up to 512 GiB (one
 *   PML4 entry). RAM is refused by mod_hw.c before we get here, and
 *   x86_ram_end keeps RAM above 4 GiB (which the kernel does not map) out.
 * * IRQs: the 8259 lines the kernel leaves free (not the timer, keyboard,
 *   cascade or COM1). */
#include "arch/arch.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/traps.h"
#include "lib/string.h"
#include "mm/page_alloc.h"

extern const struct boot_info *boot_info_saved;
extern uint64_t x86_ram_end;            /* start.c */

#define PTE_PRESENT 0x1ull
#define PTE_WRITABLE 0x2ull
#define PTE_PWT 0x8ull
#define PTE_PCD 0x10ull
#define PTE_LARGE 0x80ull
#define PTE_ADDRESS 0x000FFFFFFFFFF000ull
#define BLOCK (2ull << 20)
#define FOUR_GIB 0x100000000ull
#define MAP_LIMIT (512ull << 30)        /* what PML4[0] covers */

/* ---- ports ---- */

static const struct { uint16_t first, last; const char *owner; } kernel_ports[] = {
    {0x20, 0x21, "port 0x20-0x21 belongs to the kernel (8259 PIC)"},
    {0xA0, 0xA1, "port 0xA0-0xA1 belongs to the kernel (8259 PIC)"},
    {0x40, 0x43, "port 0x40-0x43 belongs to the kernel (PIT timer)"},
    {0x60, 0x60, "port 0x60 belongs to the kernel (PS/2 keyboard)"},
    {0x64, 0x64, "port 0x64 belongs to the kernel (PS/2 keyboard)"},
    {0x3F8, 0x3FF, "port 0x3F8-0x3FF belongs to the kernel (COM1 serial console)"},
};

static bool port_ok(unsigned port, unsigned width, const char **why)
{
    if (width != 1 && width != 2 && width != 4) {
        *why = "port access width must be 1, 2 or 4 bytes";
        return false;
    }
    if (port + width - 1 > 0xFFFF) {
        *why = "I/O ports are 0x0-0xFFFF";
        return false;
    }
    for (size_t i = 0; i < sizeof kernel_ports / sizeof kernel_ports[0]; i++) {
        if (port <= kernel_ports[i].last && port + width - 1 >= kernel_ports[i].first) {
            *why = kernel_ports[i].owner;
            return false;
        }
    }
    return true;
}

bool arch_port_read(unsigned port, unsigned width, uint32_t *value, const char **why)
{
    if (!port_ok(port, width, why))
        return false;
    *value = width == 1 ? inb((uint16_t)port) : width == 2 ? inw((uint16_t)port) : inl((uint16_t)port);
    return true;
}

bool arch_port_write(unsigned port, unsigned width, uint32_t value, const char **why)
{
    if (!port_ok(port, width, why))
        return false;
    if (width == 1)
        outb((uint16_t)port, (uint8_t)value);
    else if (width == 2)
        outw((uint16_t)port, (uint16_t)value);
    else
        outl((uint16_t)port, value);
    return true;
}

/* ---- device registers ---- */

static inline void invlpg(uint64_t a)
{
    __asm__ volatile("invlpg (%0)" :: "r"(a) : "memory");
}

static bool block_has_ram(uint64_t block)
{
    const struct boot_info *bi = boot_info_saved;
    for (int i = 0; bi && i < bi->region_count; i++) {
        const struct mem_region *r = &bi->regions[i];
        if (r->type == MEM_RESERVED || r->type == MEM_BAD || !r->length)
            continue;
        if (r->base < block + BLOCK && block < r->base + r->length)
            return true;
    }
    return false;
}

/* The page-directory entry that maps the 2 MiB block at `block`, creating
 * the page directory above 4 GiB when needed; NULL when impossible. */
static uint64_t *directory_entry(uint64_t block, const char **why)
{
    uint64_t *pml4 = (uint64_t *)(uintptr_t)(READ_CR(3) & PTE_ADDRESS);
    if (!(pml4[0] & PTE_PRESENT)) {
        *why = "the page tables have no first PML4 entry";
        return 0;
    }
    uint64_t *pdpt = (uint64_t *)(uintptr_t)(pml4[0] & PTE_ADDRESS);
    uint64_t *e = &pdpt[(block >> 30) & 511];
    if (!(*e & PTE_PRESENT)) {
        uint64_t *pd = page_alloc(1);
        if (!pd) {
            *why = "no free page for a page directory";
            return 0;
        }
        memset(pd, 0, PAGE_SIZE);
        *e = (uint64_t)(uintptr_t)pd | PTE_PRESENT | PTE_WRITABLE;
    } else if (*e & PTE_LARGE) {
        *why = "the address is inside a 1 GiB page";
        return 0;
    }
    uint64_t *pd = (uint64_t *)(uintptr_t)(*e & PTE_ADDRESS);
    return &pd[(block >> 21) & 511];
}

uintptr_t arch_mmio_map(uint64_t phys, uint64_t len, const char **why)
{
    if (len == 0 || phys + len < phys || phys + len > MAP_LIMIT) {
        *why = "device registers must lie below 512 GiB on the pc board";
        return 0;
    }
    if (phys + len > FOUR_GIB && phys < x86_ram_end) {
        *why = "the address is RAM above 4 GiB";
        return 0;
    }
    uint64_t flags = irq_save();
    for (uint64_t block = phys & ~(BLOCK - 1); block < phys + len; block += BLOCK) {
        uint64_t *pde = directory_entry(block, why);
        if (!pde) {
            irq_restore(flags);
            return 0;
        }
        if (!(*pde & PTE_PRESENT)) {
            *pde = block | PTE_PRESENT | PTE_WRITABLE | PTE_LARGE | PTE_PCD | PTE_PWT;
            invlpg(block);
        } else if ((*pde & PTE_LARGE) && !(*pde & PTE_PCD) && !block_has_ram(block)) {
            *pde |= PTE_PCD | PTE_PWT;
            invlpg(block);
        }
    }
    irq_restore(flags);
    return (uintptr_t)phys;
}

bool arch_mmio_read(uintptr_t addr, unsigned width, uint64_t *value)
{
    switch (width) {
    case 1: *value = *(volatile uint8_t *)addr; return true;
    case 2: *value = *(volatile uint16_t *)addr; return true;
    case 4: *value = *(volatile uint32_t *)addr; return true;
    case 8: *value = *(volatile uint64_t *)addr; return true;
    }
    return false;
}

bool arch_mmio_write(uintptr_t addr, unsigned width, uint64_t value)
{
    switch (width) {
    case 1: *(volatile uint8_t *)addr = (uint8_t)value; return true;
    case 2: *(volatile uint16_t *)addr = (uint16_t)value; return true;
    case 4: *(volatile uint32_t *)addr = (uint32_t)value; return true;
    case 8: *(volatile uint64_t *)addr = value; return true;
    }
    return false;
}

/* ---- interrupts ---- */

bool arch_irq_attach(unsigned line, void (*handler)(void), const char **why)
{
    if (line >= 16) {
        *why = "the pc board's IRQ lines are 0-15 (8259 PICs)";
        return false;
    }
    if (line == 2 || irq_handler_of(line)) {
        *why = "the kernel uses this IRQ line (timer, keyboard, cascade or serial console)";
        return false;
    }
    uint64_t flags = irq_save();
    irq_register(line, handler);
    irq_restore(flags);
    return true;
}

void arch_irq_detach(unsigned line)
{
    uint64_t flags = irq_save();
    irq_unregister(line);
    irq_restore(flags);
}

void arch_irq_set_masked(unsigned line, bool masked)
{
    if (line >= 16 || line == 2)
        return;
    uint64_t flags = irq_save();
    if (masked)
        pic_mask(line);
    else
        pic_unmask(line);
    irq_restore(flags);
}

int arch_find_devices(const char *compatible, struct arch_device *out, int max)
{
    (void)compatible; (void)out; (void)max;
    return 0;                           /* no device tree: PCI is enumerated by the drivers */
}

uint64_t arch_physical_address(const void *p)
{
    return (uint64_t)(uintptr_t)p;      /* RAM is identity mapped */
}

void arch_memory_barrier(void)
{
    __asm__ volatile("mfence" ::: "memory");
}
