/* The identity map after boot, and executable memory for the JIT.
 *
 * entry.S maps whole windows with 2 MiB blocks (memory_map.h). Once the RAM
 * is known, mmu_trim_to_ram() unmaps the RAM-window blocks that hold none
 * of it (a stray pointer faults instead of reading nothing) and makes the
 * others never-executable (PXN). The kernel image's blocks are 4 KiB pages
 * from the start (entry.S): text read-only + executable, rodata read-only,
 * the rest writable + never executable.
 *
 * The JIT gets one 2 MiB region of RAM whose block is replaced by a table
 * of 512 4 KiB pages, so each page's permissions can change on its own: a
 * page being written is read/write and never executable, a sealed page is
 * read-only and executable. Replacing the block follows break-before-make;
 * permission changes are followed by TLB invalidation, sealing by cleaning
 * the data cache and invalidating the instruction cache to the point of
 * unification. */
#include "arch/arm64/cpu.h"
#include "arch/arm64/memory_map.h"
#include "arch/arm64/platform.h"
#include "mm/code_pages.h"

extern uint64_t boot_l2[];              /* boot/arm64/entry.S: MAP_END / 2 MiB entries */

static bool overlaps(const struct mem_region *list, int count, uint64_t start, uint64_t end)
{
    for (int i = 0; i < count; i++)
        if (list[i].length && list[i].base < end && start < list[i].base + list[i].length)
            return true;
    return false;
}

static void tlb_flush_all(void)
{
    __asm__ volatile("dsb ishst; tlbi vmalle1is; dsb ish; isb" ::: "memory");
}

void mmu_trim_to_ram(const struct boot_info *info)
{
    if (info->region_count == 0)
        return;                         /* nothing known: keep the window */
    for (uint64_t a = 0; a < MAP_END; a += BLOCK_SIZE) {
        uint64_t *entry = &boot_l2[a / BLOCK_SIZE];
        if ((*entry & 3) != 1 || (*entry & (7 << 2)) != (MAIR_NORMAL_WB << 2))
            continue;                   /* not a RAM block (the kernel image's are page tables) */
        if (!overlaps(info->regions, info->region_count, a, a + BLOCK_SIZE) &&
            !overlaps(info->reserved, info->reserved_count, a, a + BLOCK_SIZE))
            *entry = 0;
        else
            *entry |= DESCRIPTOR_PXN;
    }
    tlb_flush_all();
}

/* True when a read of `addr` at EL1 translates to normal memory. */
bool mmu_is_mapped_normal(uintptr_t addr)
{
    uint64_t par;
    uint64_t daif = irq_save();
    __asm__ volatile("at s1e1r, %1; isb; mrs %0, par_el1" : "=r"(par) : "r"(addr) : "memory");
    irq_restore(daif);
    return !(par & 1) && (par >> 56) == 0xFF;   /* no fault, MAIR attribute write-back */
}

/* ---- executable memory for the JIT ---- */

_Static_assert(CODE_REGION_BYTES == BLOCK_SIZE, "the code region replaces one 2 MiB block");

static int state;                       /* 0 untried, 1 ready, -1 unavailable */
static struct code_pages pages;
static uint64_t *table;                 /* the region's 512 level 3 entries */

static void set_pages(size_t first, size_t count, uint64_t descriptor)
{
    for (size_t i = first; i < first + count; i++)
        table[i] = ((uintptr_t)pages.base + i * PAGE_SIZE) | descriptor;
    __asm__ volatile("dsb ishst" ::: "memory");
    for (size_t i = first; i < first + count; i++)
        __asm__ volatile("tlbi vaae1is, %0" :: "r"(((uintptr_t)pages.base + i * PAGE_SIZE) >> 12) : "memory");
    __asm__ volatile("dsb ish; isb" ::: "memory");
}

static int region_init(void)
{
    uint64_t *l3 = page_alloc(1);
    uint8_t *region = l3 ? code_region_reserve() : 0;
    if (!region) {
        if (l3) page_free(l3, 1);
        return -1;
    }
    uintptr_t aligned = (uintptr_t)region;
    uint64_t *block = &boot_l2[aligned / BLOCK_SIZE];
    if (aligned >= MAP_END || (*block & 3) != 1)
        return -1;                      /* not a 2 MiB block of the boot map: cannot happen */

    pages.base = region;
    table = l3;
    for (size_t i = 0; i < CODE_REGION_PAGES; i++)
        table[i] = (aligned + i * PAGE_SIZE) | PAGE_WRITABLE;
    /* Break before make: nothing uses the region yet, so unmapping the
     * block for a moment is safe. */
    uint64_t daif = irq_save();
    *block = 0;
    __asm__ volatile("dsb ishst; tlbi vaae1is, %0; dsb ish" :: "r"(aligned >> 12) : "memory");
    *block = (uintptr_t)l3 | TABLE_DESCRIPTOR;
    __asm__ volatile("dsb ishst; isb" ::: "memory");
    irq_restore(daif);
    return 1;
}

void *arch_code_alloc(size_t bytes)
{
    if (state == 0)
        state = region_init();
    if (state < 0)
        return 0;
    uint64_t daif = irq_save();
    long first = code_pages_take(&pages, bytes);
    if (first >= 0)
        set_pages((size_t)first, code_pages_for(bytes), PAGE_WRITABLE);
    irq_restore(daif);
    return first < 0 ? 0 : pages.base + (size_t)first * PAGE_SIZE;
}

bool arch_code_seal(void *p, size_t bytes)
{
    long first = code_pages_find(&pages, p, bytes);
    if (first < 0)
        return false;
    /* New instructions reach instruction fetch through the point of
     * unification: clean the data cache, invalidate the instruction cache. */
    uint64_t ctr = READ_SYSREG(ctr_el0);
    uintptr_t dline = 4u << ((ctr >> 16) & 0xF), iline = 4u << (ctr & 0xF);
    uintptr_t start = (uintptr_t)p, end = start + code_pages_for(bytes) * PAGE_SIZE;
    for (uintptr_t a = start & ~(dline - 1); a < end; a += dline)
        __asm__ volatile("dc cvau, %0" :: "r"(a) : "memory");
    __asm__ volatile("dsb ish" ::: "memory");
    for (uintptr_t a = start & ~(iline - 1); a < end; a += iline)
        __asm__ volatile("ic ivau, %0" :: "r"(a) : "memory");
    __asm__ volatile("dsb ish" ::: "memory");
    set_pages((size_t)first, code_pages_for(bytes), PAGE_EXECUTABLE);
    return true;
}

void arch_code_free(void *p, size_t bytes)
{
    long first = code_pages_find(&pages, p, bytes);
    if (first < 0)
        return;
    uint64_t daif = irq_save();
    size_t count = code_pages_release(&pages, (size_t)first);
    set_pages((size_t)first, count, PAGE_WRITABLE);
    irq_restore(daif);
}
