/* Physical page allocator: a bitmap over usable RAM, 4 KiB pages.
 * Memory is identity mapped, so a page's physical address is its pointer. */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "arch/arch.h"

#define PAGE_SIZE 4096u

void page_alloc_init(const struct boot_info *info);
/* `count` contiguous pages, not zeroed, or NULL when none are free. */
void *page_alloc(size_t count);
void page_free(void *pages, size_t count);

struct page_stats {
    uint64_t managed_pages;     /* usable RAM the allocator knows */
    uint64_t free_pages;
    uint64_t bitmap_bytes;
};
void page_stats(struct page_stats *out);
