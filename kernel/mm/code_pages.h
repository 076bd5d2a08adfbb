/* Which pages of the JIT's code region are in use: the bookkeeping the
 * boards with an MMU share (arch/x86_64/paging.c, arch/arm64/mmu.c).
 *
 * The region is one 2 MiB-aligned run of RAM, so a board can replace its
 * single 2 MiB mapping with a table of 512 4 KiB pages and set each page's
 * permissions on its own. This file decides only which pages an allocation
 * gets; the board owns the page table entries, TLB and cache maintenance,
 * and the locking (callers hold interrupts off). */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "mm/page_alloc.h"

#define CODE_REGION_BYTES (2u << 20)
#define CODE_REGION_PAGES (CODE_REGION_BYTES / PAGE_SIZE)

struct code_pages {
    uint8_t *base;                              /* CODE_REGION_BYTES, aligned to it */
    uint16_t run_length[CODE_REGION_PAGES];     /* at the first page of each allocation */
    uint8_t used[CODE_REGION_PAGES];
};

/* A CODE_REGION_BYTES-aligned run of pages from the page allocator, or NULL. */
uint8_t *code_region_reserve(void);
size_t code_pages_for(size_t bytes);
/* The first page of a free run long enough for `bytes`, now in use; -1 when none. */
long code_pages_take(struct code_pages *cp, size_t bytes);
/* The first page of the allocation at `p` if it holds at least `bytes`; -1 otherwise. */
long code_pages_find(const struct code_pages *cp, const void *p, size_t bytes);
/* Frees the allocation starting at page `first`; returns how many pages it had. */
size_t code_pages_release(struct code_pages *cp, size_t first);
