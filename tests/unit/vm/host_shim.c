/* Test-only: the kernel services the VM needs, provided by the host C
 * library, so kernel/vm can be linked into a hosted test binary. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include "mm/page_alloc.h"
#include "mm/heap.h"

static size_t page_limit = (size_t)1 << 40;   /* bytes; tests can lower it */
static size_t pages_in_use;

void shim_set_page_limit(size_t bytes) { page_limit = bytes; }

void *page_alloc(size_t count)
{
    if ((pages_in_use + count) * PAGE_SIZE > page_limit)
        return NULL;
    void *p = mmap(NULL, count * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    pages_in_use += count;
    return p;
}

void page_free(void *pages, size_t count)
{
    munmap(pages, count * PAGE_SIZE);
    pages_in_use -= count;
}

void *kmalloc(size_t size) { return malloc(size ? size : 1); }
void *kzalloc(size_t size) { return calloc(1, size ? size : 1); }
void *krealloc(void *p, size_t size) { return realloc(p, size ? size : 1); }
void kfree(void *p) { free(p); }

uint64_t shim_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
