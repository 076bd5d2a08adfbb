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
#include "mm/page_alloc.h"

#define MSR_EFER 0xC0000080u
#define EFER_NXE (1ull << 11)
#define CR0_WP (1ull << 16)

#define PTE_PRESENT 0x1ull
#define PTE_WRITABLE 0x2ull
#define PTE_LARGE 0x80ull
#define PTE_NX (1ull << 63)
#define PTE_ADDRESS 0x000FFFFFFFFFF000ull

#define REGION_BYTES (2ull << 20)
#define REGION_PAGES 512

static int state;                       /* 0 untried, 1 ready, -1 unavailable */
static uint8_t *region;
static uint64_t *table;                 /* the 512 PTEs of the region */
static uint64_t nx_bit;
static uint16_t run_length[REGION_PAGES];   /* at the first page of each allocation */
static uint8_t page_used[REGION_PAGES];

static inline void invlpg(const void *p)
{
    __asm__ volatile("invlpg (%0)" :: "r"(p) : "memory");
}

static void set_pages(size_t first, size_t count, uint64_t flags)
{
    for (size_t i = first; i < first + count; i++) {
        uint8_t *page = region + i * PAGE_SIZE;
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
    /* A 2 MiB-aligned run of pages: over-allocate, give back both ends. */
    uint8_t *raw = page_alloc(2 * REGION_PAGES - 1);
    uint64_t *pt = page_alloc(1);
    if (!raw || !pt) {
        if (raw) page_free(raw, 2 * REGION_PAGES - 1);
        if (pt) page_free(pt, 1);
        return -1;
    }
    uintptr_t aligned = ((uintptr_t)raw + REGION_BYTES - 1) & ~(uintptr_t)(REGION_BYTES - 1);
    size_t head = (aligned - (uintptr_t)raw) / PAGE_SIZE;
    if (head)
        page_free(raw, head);
    if (REGION_PAGES - 1 - head)
        page_free((void *)(aligned + REGION_BYTES), REGION_PAGES - 1 - head);
    if (aligned + REGION_BYTES > 0x100000000ull)
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

    region = (uint8_t *)aligned;
    table = pt;
    for (size_t i = 0; i < REGION_PAGES; i++)
        table[i] = (aligned + i * PAGE_SIZE) | PTE_PRESENT | PTE_WRITABLE | nx_bit;
    /* The directory entry stays writable and executable: the 4 KiB
     * entries decide. Reloading CR3 drops the old 2 MiB translation. */
    *pde = (uint64_t)(uintptr_t)pt | PTE_PRESENT | PTE_WRITABLE;
    WRITE_CR(3, READ_CR(3));
    return 1;
}

static size_t pages_for(size_t bytes) { return (bytes + PAGE_SIZE - 1) / PAGE_SIZE; }

void *arch_code_alloc(size_t bytes)
{
    if (state == 0)
        state = region_init();
    size_t count = pages_for(bytes);
    if (state < 0 || count == 0 || count > REGION_PAGES)
        return 0;
    uint64_t flags = irq_save();
    size_t run = 0;
    for (size_t i = 0; i < REGION_PAGES; i++) {
        run = page_used[i] ? 0 : run + 1;
        if (run == count) {
            size_t first = i + 1 - count;
            for (size_t j = first; j <= i; j++)
                page_used[j] = 1;
            run_length[first] = (uint16_t)count;
            set_pages(first, count, PTE_PRESENT | PTE_WRITABLE | nx_bit);
            irq_restore(flags);
            return region + first * PAGE_SIZE;
        }
    }
    irq_restore(flags);
    return 0;
}

static long first_page_of(void *p, size_t bytes)
{
    uint8_t *b = p;
    if (state <= 0 || b < region || b >= region + REGION_BYTES || ((uintptr_t)b & (PAGE_SIZE - 1)))
        return -1;
    size_t first = (size_t)(b - region) / PAGE_SIZE;
    if (!page_used[first] || run_length[first] < pages_for(bytes))
        return -1;
    return (long)first;
}

bool arch_code_seal(void *p, size_t bytes)
{
    long first = first_page_of(p, bytes);
    if (first < 0)
        return false;
    set_pages((size_t)first, pages_for(bytes), PTE_PRESENT);     /* read + execute */
    return true;
}

void arch_code_free(void *p, size_t bytes)
{
    long first = first_page_of(p, bytes);
    if (first < 0)
        return;
    size_t count = run_length[first];
    set_pages((size_t)first, count, PTE_PRESENT | PTE_WRITABLE | nx_bit);
    for (size_t j = (size_t)first; j < (size_t)first + count; j++)
        page_used[j] = 0;
    run_length[first] = 0;
}
