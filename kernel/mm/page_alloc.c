#include "mm/page_alloc.h"
#include "lib/string.h"

/* One bit per page in [base, base + pages * PAGE_SIZE): 1 = in use or not RAM. */
static uint64_t *bitmap;
static uint64_t base;
static uint64_t pages;
static uint64_t free_count;
static uint64_t managed_count;          /* usable RAM pages, before reservations */
static uint64_t search_hint;

static inline int used(uint64_t i) { return (bitmap[i / 64] >> (i % 64)) & 1; }
static inline void mark_used(uint64_t i) { bitmap[i / 64] |= 1ull << (i % 64); }
static inline void mark_free(uint64_t i) { bitmap[i / 64] &= ~(1ull << (i % 64)); }

static uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }
static uint64_t align_down(uint64_t v, uint64_t a) { return v & ~(a - 1); }

static int overlaps_reserved(const struct boot_info *info, uint64_t start, uint64_t end)
{
    for (int i = 0; i < info->reserved_count; i++) {
        uint64_t rs = info->reserved[i].base, re = rs + info->reserved[i].length;
        if (start < re && rs < end)
            return 1;
    }
    return 0;
}

/* Marks the whole pages inside [start, end) free or used, a bitmap word at a
 * time where it can: setting up gigabytes bit by bit cost tens of ms of boot. */
static void set_range(uint64_t start, uint64_t end, int make_free)
{
    start = align_up(start < base ? base : start, PAGE_SIZE);
    uint64_t limit = base + pages * PAGE_SIZE;
    end = align_down(end > limit ? limit : end, PAGE_SIZE);
    if (end <= start)
        return;
    uint64_t i = (start - base) / PAGE_SIZE, last = (end - base) / PAGE_SIZE;
    while (i < last) {
        if ((i % 64) == 0 && last - i >= 64) {
            uint64_t word = bitmap[i / 64];
            uint64_t used_bits = (uint64_t)__builtin_popcountll(word);
            if (make_free) {
                free_count += used_bits;
                bitmap[i / 64] = 0;
            } else {
                free_count -= 64 - used_bits;
                bitmap[i / 64] = ~0ull;
            }
            i += 64;
            continue;
        }
        if (make_free && used(i)) {
            mark_free(i);
            free_count++;
        } else if (!make_free && !used(i)) {
            mark_used(i);
            free_count--;
        }
        i++;
    }
}

void page_alloc_init(const struct boot_info *info)
{
    uint64_t low = UINT64_MAX, high = 0;
    for (int i = 0; i < info->region_count; i++) {
        const struct mem_region *r = &info->regions[i];
        if (r->type != MEM_USABLE || r->length < PAGE_SIZE)
            continue;
        if (r->base < low) low = r->base;
        if (r->base + r->length > high) high = r->base + r->length;
    }
    if (high <= low)
        return;
    base = align_down(low, PAGE_SIZE);
    pages = (align_down(high, PAGE_SIZE) - base) / PAGE_SIZE;
    uint64_t bitmap_bytes = align_up((pages + 63) / 64 * 8, PAGE_SIZE);

    /* The bitmap itself goes in the first usable gap big enough for it. */
    for (int i = 0; i < info->region_count && !bitmap; i++) {
        const struct mem_region *r = &info->regions[i];
        if (r->type != MEM_USABLE)
            continue;
        for (uint64_t a = align_up(r->base, PAGE_SIZE); a + bitmap_bytes <= r->base + r->length; a += PAGE_SIZE) {
            if (a == 0 || overlaps_reserved(info, a, a + bitmap_bytes))
                continue;
            bitmap = (uint64_t *)(uintptr_t)a;
            break;
        }
    }
    if (!bitmap) {
        pages = 0;
        return;
    }
    memset(bitmap, 0xFF, bitmap_bytes);
    free_count = 0;
    for (int i = 0; i < info->region_count; i++) {
        const struct mem_region *r = &info->regions[i];
        if (r->type == MEM_USABLE)
            set_range(r->base, r->base + r->length, 1);
    }
    managed_count = free_count;
    for (int i = 0; i < info->reserved_count; i++)
        set_range(align_down(info->reserved[i].base, PAGE_SIZE),
                  align_up(info->reserved[i].base + info->reserved[i].length, PAGE_SIZE), 0);
    set_range((uintptr_t)bitmap, (uintptr_t)bitmap + bitmap_bytes, 0);
    set_range(0, PAGE_SIZE, 0);          /* page 0 stays unmapped-looking: NULL is never a page */
}

void *page_alloc(size_t count)
{
    if (count == 0 || count > free_count)
        return 0;
    for (int pass = 0; pass < 2; pass++) {
        uint64_t start = pass == 0 ? search_hint : 0;
        uint64_t end = pass == 0 ? pages : search_hint + count;
        if (end > pages)
            end = pages;
        uint64_t run = 0;
        for (uint64_t i = start; i < end; i++) {
            if ((i % 64) == 0 && bitmap[i / 64] == ~0ull && run == 0) {
                i += 63;                 /* a full word: skip it */
                continue;
            }
            if (used(i)) {
                run = 0;
                continue;
            }
            if (++run == count) {
                uint64_t first = i + 1 - count;
                for (uint64_t j = first; j <= i; j++)
                    mark_used(j);
                free_count -= count;
                search_hint = i + 1;
                return (void *)(uintptr_t)(base + first * PAGE_SIZE);
            }
        }
    }
    return 0;
}

void page_free(void *p, size_t count)
{
    uint64_t first = ((uintptr_t)p - base) / PAGE_SIZE;
    for (uint64_t i = first; i < first + count && i < pages; i++) {
        if (used(i)) {
            mark_free(i);
            free_count++;
        }
    }
    if (first < search_hint)
        search_hint = first;
}

void page_stats(struct page_stats *out)
{
    out->managed_pages = managed_count;
    out->free_pages = free_count;
    out->bitmap_bytes = align_up((pages + 63) / 64 * 8, PAGE_SIZE);
}
