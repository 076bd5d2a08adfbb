/* Page runs in the JIT's code region; see code_pages.h. */
#include "mm/code_pages.h"

uint8_t *code_region_reserve(void)
{
    /* Over-allocate by one region less a page, then give back both ends. */
    size_t total = 2 * CODE_REGION_PAGES - 1;
    uint8_t *raw = page_alloc(total);
    if (!raw)
        return 0;
    uintptr_t aligned = ((uintptr_t)raw + CODE_REGION_BYTES - 1) & ~(uintptr_t)(CODE_REGION_BYTES - 1);
    size_t head = (aligned - (uintptr_t)raw) / PAGE_SIZE;
    size_t tail = total - head - CODE_REGION_PAGES;
    if (head)
        page_free(raw, head);
    if (tail)
        page_free((void *)(aligned + CODE_REGION_BYTES), tail);
    return (uint8_t *)aligned;
}

size_t code_pages_for(size_t bytes) { return (bytes + PAGE_SIZE - 1) / PAGE_SIZE; }

long code_pages_take(struct code_pages *cp, size_t bytes)
{
    size_t count = code_pages_for(bytes);
    if (!cp->base || count == 0 || count > CODE_REGION_PAGES)
        return -1;
    size_t run = 0;
    for (size_t i = 0; i < CODE_REGION_PAGES; i++) {
        run = cp->used[i] ? 0 : run + 1;
        if (run == count) {
            size_t first = i + 1 - count;
            for (size_t j = first; j <= i; j++)
                cp->used[j] = 1;
            cp->run_length[first] = (uint16_t)count;
            return (long)first;
        }
    }
    return -1;
}

long code_pages_find(const struct code_pages *cp, const void *p, size_t bytes)
{
    const uint8_t *b = p;
    if (!cp->base || b < cp->base || b >= cp->base + CODE_REGION_BYTES || ((uintptr_t)b & (PAGE_SIZE - 1)))
        return -1;
    size_t first = (size_t)(b - cp->base) / PAGE_SIZE;
    if (!cp->used[first] || cp->run_length[first] < code_pages_for(bytes))
        return -1;
    return (long)first;
}

size_t code_pages_release(struct code_pages *cp, size_t first)
{
    size_t count = cp->run_length[first];
    for (size_t j = first; j < first + count; j++)
        cp->used[j] = 0;
    cp->run_length[first] = 0;
    return count;
}
