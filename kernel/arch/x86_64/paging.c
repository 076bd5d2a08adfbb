/* Executable memory for the JIT on the pc board.
 *
 * entry.asm identity-maps the first 4 GiB with 2 MiB pages, read/write/
 * execute. The JIT gets one 2 MiB region of RAM whose page-directory entry
 * is split into a table of 512 4 KiB pages, so each page's permissions can
 * be flipped on its own: a page being written is present+writable+NX, a
 * sealed page is present+read-only+executable, never both writable and
 * executable. EFER.NXE turns the NX bit on (when the CPU has it) and CR0.WP
 * makes read-only pages read-only for the kernel too. Every PTE change is
 * followed by invlpg. The region is set up on first use, from the page
 * allocator (so after page_alloc_init). */
#include "arch/arch.h"
#include "arch/x86_64/cpu.h"
#include "mm/code_pages.h"

#define MSR_EFER 0xC0000080u
#define EFER_NXE (1ull << 11)
#define CR0_WP (1ull << 16)

#define PTE_PRESENT 0x1ull
#define PTE_WRITABLE 0x2ull
#define PTE_LARGE 0x80ull
#define PTE_NX (1ull << 63)
#define PTE_ADDRESS 0x000FFFFFFFFFF000ull

static int state;                       /* 0 untried, 1 ready, -1 unavailable */
static struct code_pages pages;
static uint64_t *table;                 /* the 512 PTEs of the region */
static uint64_t nx_bit;

static inline void invlpg(const void *p)
{
    __asm__ volatile("invlpg (%0)" :: "r"(p) : "memory");
}

static void set_pages(size_t first, size_t count, uint64_t flags)
{
    for (size_t i = first; i < first + count; i++) {
        uint8_t *page = pages.base + i * PAGE_SIZE;
        table[i] = (uint64_t)(uintptr_t)page | flags;
        invlpg(page);
    }
}

static int region_init(void)
{
    if (x86_cpu_has("nx")) {
        wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
        nx_bit = PTE_NX;
    }
    WRITE_CR(0, READ_CR(0) | CR0_WP);
    uint64_t *pt = page_alloc(1);
    uint8_t *region = pt ? code_region_reserve() : 0;
    if (!region) {
        if (pt) page_free(pt, 1);
        return -1;
    }
    uintptr_t aligned = (uintptr_t)region;
    if (aligned + CODE_REGION_BYTES > 0x100000000ull)
        return -1;                      /* outside the identity map: cannot happen with entry.asm */

    /* CR3 -> PML4 -> PDPT -> PD, all identity mapped. */
    uint64_t *pml4 = (uint64_t *)(uintptr_t)(READ_CR(3) & PTE_ADDRESS);
    uint64_t e = pml4[(aligned >> 39) & 511];
    if (!(e & PTE_PRESENT))
        return -1;
    uint64_t *pdpt = (uint64_t *)(uintptr_t)(e & PTE_ADDRESS);
    e = pdpt[(aligned >> 30) & 511];
    if (!(e & PTE_PRESENT) || (e & PTE_LARGE))
        return -1;
    uint64_t *pd = (uint64_t *)(uintptr_t)(e & PTE_ADDRESS);
    uint64_t *pde = &pd[(aligned >> 21) & 511];
    if (!(*pde & PTE_PRESENT) || !(*pde & PTE_LARGE))
        return -1;

    pages.base = region;
    table = pt;
    for (size_t i = 0; i < CODE_REGION_PAGES; i++)
        table[i] = (aligned + i * PAGE_SIZE) | PTE_PRESENT | PTE_WRITABLE | nx_bit;
    /* The directory entry stays writable and executable: the 4 KiB
     * entries decide. Reloading CR3 drops the old 2 MiB translation. */
    *pde = (uint64_t)(uintptr_t)pt | PTE_PRESENT | PTE_WRITABLE;
    WRITE_CR(3, READ_CR(3));
    return 1;
}

void *arch_code_alloc(size_t bytes)
{
    if (state == 0)
        state = region_init();
    if (state < 0)
        return 0;
    uint64_t flags = irq_save();
    long first = code_pages_take(&pages, bytes);
    if (first >= 0)
        set_pages((size_t)first, code_pages_for(bytes), PTE_PRESENT | PTE_WRITABLE | nx_bit);
    irq_restore(flags);
    return first < 0 ? 0 : pages.base + (size_t)first * PAGE_SIZE;
}

bool arch_code_seal(void *p, size_t bytes)
{
    long first = code_pages_find(&pages, p, bytes);
    if (first < 0)
        return false;
    set_pages((size_t)first, code_pages_for(bytes), PTE_PRESENT);     /* read + execute */
    return true;
}

void arch_code_free(void *p, size_t bytes)
{
    long first = code_pages_find(&pages, p, bytes);
    if (first < 0)
        return;
    uint64_t flags = irq_save();
    size_t count = code_pages_release(&pages, (size_t)first);
    set_pages((size_t)first, count, PTE_PRESENT | PTE_WRITABLE | nx_bit);
    irq_restore(flags);
}
