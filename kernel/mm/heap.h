/* The kernel heap: small blocks from size classes carved out of 64 KiB
 * chunks, large blocks straight from the page allocator. The Python heap is
 * separate (the VM's garbage-collected region); this is for C structures. */
#pragma once
#include <stddef.h>
#include <stdint.h>

void *kmalloc(size_t size);                 /* 16-byte aligned, or NULL */
void *kzalloc(size_t size);                 /* zeroed */
void *krealloc(void *p, size_t size);
void kfree(void *p);

struct heap_stats {
    uint64_t bytes_in_use;      /* what callers asked for, rounded to their class */
    uint64_t bytes_reserved;    /* pages the heap holds */
    uint64_t allocations;       /* live blocks */
};
void heap_stats(struct heap_stats *out);
