/* Memory zones (DESIGN.md "Memory"): accounting layers over the page
 * allocator and the kernel heap. A zone knows how much its users hold,
 * how much that costs in pages, its peak and its failures, and may carry a
 * limit. Policy (which model to evict, when to raise MemoryError) is the
 * runtime's: here a failed allocation just returns NULL.
 *
 *   TENSOR  activations and scratch. Blocks of more than 1 MiB are whole
 *           2 MiB pages, 2 MiB aligned; smaller ones are 4 KiB pages, and
 *           blocks under 2 KiB come from the heap (a 1 KiB activation must
 *           not cost 2 MiB of a 512 MiB machine).
 *   MODEL   weights: 4 KiB pages (a model is read in place, not copied).
 *   DMA     pinned 4 KiB pages for devices (all RAM is identity mapped and
 *           pinned, so this is accounting and page alignment).
 *   GIT     the object store: 4 KiB pages, heap under 2 KiB.
 *   KERNEL  C structures: the heap, pages for large blocks.
 *
 * zone_free() takes the size the block was asked with, like page_free(). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum zone_id { ZONE_TENSOR, ZONE_MODEL, ZONE_DMA, ZONE_GIT, ZONE_KERNEL, ZONE_COUNT };

#define ZONE_HUGE_PAGE (2u << 20)

struct zone_stats {
    const char *name;
    uint64_t bytes_in_use;      /* what callers asked for */
    uint64_t bytes_reserved;    /* what that costs: pages (or heap blocks) */
    uint64_t peak_reserved;
    uint64_t allocations;       /* live blocks */
    uint64_t failures;          /* zone_alloc calls that returned NULL */
    uint64_t limit;             /* 0: no limit but the memory itself */
};

/* `bytes` of memory, 16-byte aligned at least (page aligned from 2 KiB,
 * 2 MiB aligned for large TENSOR blocks), not zeroed; NULL when the zone's
 * limit or the memory is exhausted, or bytes is 0. */
void *zone_alloc(enum zone_id zone, size_t bytes);
void *zone_zalloc(enum zone_id zone, size_t bytes);
void zone_free(enum zone_id zone, void *p, size_t bytes);
/* Bytes the zone would reserve for a block of `bytes`. */
uint64_t zone_block_cost(enum zone_id zone, size_t bytes);
/* A cap on bytes_reserved (0 removes it). Does not free anything. */
void zone_set_limit(enum zone_id zone, uint64_t bytes);
void zone_stats(enum zone_id zone, struct zone_stats *out);
const char *zone_name(enum zone_id zone);
