#include "mm/zone.h"
#include "mm/heap.h"
#include "mm/page_alloc.h"
#include "lib/string.h"

#define HEAP_MAX 2048u              /* blocks under this come from the heap */
#define HUGE_FROM (1u << 20)        /* TENSOR blocks over this are 2 MiB pages */

static struct zone_stats zones[ZONE_COUNT] = {
    [ZONE_TENSOR] = { .name = "TENSOR" },
    [ZONE_MODEL] = { .name = "MODEL" },
    [ZONE_DMA] = { .name = "DMA" },
    [ZONE_GIT] = { .name = "GIT" },
    [ZONE_KERNEL] = { .name = "KERNEL" },
};

enum source { FROM_HEAP, FROM_PAGES, FROM_HUGE_PAGES };

static enum source source_of(enum zone_id zone, size_t bytes)
{
    if (zone == ZONE_TENSOR && bytes > HUGE_FROM)
        return FROM_HUGE_PAGES;
    if (bytes < HEAP_MAX && zone != ZONE_DMA && zone != ZONE_MODEL)
        return FROM_HEAP;
    return FROM_PAGES;
}

uint64_t zone_block_cost(enum zone_id zone, size_t bytes)
{
    switch (source_of(zone, bytes)) {
    case FROM_HEAP: return (bytes + 15) & ~(uint64_t)15;
    case FROM_HUGE_PAGES: return ((uint64_t)bytes + ZONE_HUGE_PAGE - 1) & ~(uint64_t)(ZONE_HUGE_PAGE - 1);
    default: return ((uint64_t)bytes + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
    }
}

/* 2 MiB-aligned runs: over-allocate by one huge page, give back the ends. */
static void *huge_pages(size_t pages)
{
    const size_t per_huge = ZONE_HUGE_PAGE / PAGE_SIZE;
    uint8_t *raw = page_alloc(pages + per_huge - 1);
    if (!raw)
        return 0;
    uintptr_t aligned = ((uintptr_t)raw + ZONE_HUGE_PAGE - 1) & ~(uintptr_t)(ZONE_HUGE_PAGE - 1);
    size_t head = (aligned - (uintptr_t)raw) / PAGE_SIZE;
    size_t tail = per_huge - 1 - head;
    if (head)
        page_free(raw, head);
    if (tail)
        page_free((void *)(aligned + pages * PAGE_SIZE), tail);
    return (void *)aligned;
}

void *zone_alloc(enum zone_id zone, size_t bytes)
{
    if ((unsigned)zone >= ZONE_COUNT || bytes == 0)
        return 0;
    struct zone_stats *z = &zones[zone];
    uint64_t cost = zone_block_cost(zone, bytes);
    if (bytes > (1ull << 47) || (z->limit && z->bytes_reserved + cost > z->limit)) {
        z->failures++;
        return 0;
    }
    void *p;
    switch (source_of(zone, bytes)) {
    case FROM_HEAP: p = kmalloc(bytes); break;
    case FROM_HUGE_PAGES: p = huge_pages(cost / PAGE_SIZE); break;
    default: p = page_alloc(cost / PAGE_SIZE); break;
    }
    if (!p) {
        z->failures++;
        return 0;
    }
    z->bytes_in_use += bytes;
    z->bytes_reserved += cost;
    if (z->bytes_reserved > z->peak_reserved)
        z->peak_reserved = z->bytes_reserved;
    z->allocations++;
    return p;
}

void *zone_zalloc(enum zone_id zone, size_t bytes)
{
    void *p = zone_alloc(zone, bytes);
    if (p)
        memset(p, 0, bytes);
    return p;
}

void zone_free(enum zone_id zone, void *p, size_t bytes)
{
    if (!p || (unsigned)zone >= ZONE_COUNT)
        return;
    struct zone_stats *z = &zones[zone];
    uint64_t cost = zone_block_cost(zone, bytes);
    if (source_of(zone, bytes) == FROM_HEAP)
        kfree(p);
    else
        page_free(p, cost / PAGE_SIZE);
    z->bytes_in_use -= bytes;
    z->bytes_reserved -= cost;
    z->allocations--;
}

void zone_set_limit(enum zone_id zone, uint64_t bytes)
{
    if ((unsigned)zone < ZONE_COUNT)
        zones[zone].limit = bytes;
}

void zone_stats(enum zone_id zone, struct zone_stats *out)
{
    if ((unsigned)zone < ZONE_COUNT)
        *out = zones[zone];
    else
        memset(out, 0, sizeof *out);
}

const char *zone_name(enum zone_id zone)
{
    return (unsigned)zone < ZONE_COUNT ? zones[zone].name : "?";
}
