#include "mm/heap.h"
#include "mm/page_alloc.h"
#include "lib/string.h"

/* Every block has a 16-byte header in front of it: its class, or for a
 * large block the number of pages it spans. */
struct header {
    uint32_t class_index;       /* LARGE for page-sized blocks */
    uint32_t magic;
    uint64_t pages;
};

#define HEAP_MAGIC 0x48454150u
#define LARGE 0xFFFFFFFFu
#define CHUNK_PAGES 16

static const uint32_t class_sizes[] = {
    32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096, 6144, 8192,
};
#define CLASS_COUNT (sizeof class_sizes / sizeof class_sizes[0])

struct free_block { struct free_block *next; };
static struct free_block *free_lists[CLASS_COUNT];
static struct heap_stats stats;

static int class_for(size_t total)
{
    for (unsigned i = 0; i < CLASS_COUNT; i++)
        if (total <= class_sizes[i])
            return (int)i;
    return -1;
}

static int refill(int c)
{
    char *chunk = page_alloc(CHUNK_PAGES);
    if (!chunk)
        return 0;
    stats.bytes_reserved += CHUNK_PAGES * PAGE_SIZE;
    uint32_t size = class_sizes[c];
    for (size_t off = 0; off + size <= CHUNK_PAGES * PAGE_SIZE; off += size) {
        struct free_block *b = (struct free_block *)(chunk + off);
        b->next = free_lists[c];
        free_lists[c] = b;
    }
    return 1;
}

void *kmalloc(size_t size)
{
    if (size > ((size_t)1 << 40))
        return 0;
    size_t total = size + sizeof(struct header);
    int c = class_for(total);
    struct header *h;
    if (c < 0) {
        uint64_t n = (total + PAGE_SIZE - 1) / PAGE_SIZE;
        h = page_alloc(n);
        if (!h)
            return 0;
        h->class_index = LARGE;
        h->pages = n;
        stats.bytes_reserved += n * PAGE_SIZE;
        stats.bytes_in_use += n * PAGE_SIZE;
    } else {
        if (!free_lists[c] && !refill(c))
            return 0;
        h = (struct header *)free_lists[c];
        free_lists[c] = free_lists[c]->next;
        h->class_index = (uint32_t)c;
        h->pages = 0;
        stats.bytes_in_use += class_sizes[c];
    }
    h->magic = HEAP_MAGIC;
    stats.allocations++;
    return h + 1;
}

void *kzalloc(size_t size)
{
    void *p = kmalloc(size);
    if (p)
        memset(p, 0, size);
    return p;
}

static size_t usable_size(struct header *h)
{
    if (h->class_index == LARGE)
        return h->pages * PAGE_SIZE - sizeof *h;
    return class_sizes[h->class_index] - sizeof *h;
}

void kfree(void *p)
{
    if (!p)
        return;
    struct header *h = (struct header *)p - 1;
    if (h->magic != HEAP_MAGIC)
        return;                 /* not ours, or freed twice: leaking beats corrupting */
    h->magic = 0;
    stats.allocations--;
    if (h->class_index == LARGE) {
        stats.bytes_in_use -= h->pages * PAGE_SIZE;
        stats.bytes_reserved -= h->pages * PAGE_SIZE;
        page_free(h, h->pages);
        return;
    }
    uint32_t c = h->class_index;        /* read before the free-list link overwrites the header */
    stats.bytes_in_use -= class_sizes[c];
    struct free_block *b = (struct free_block *)h;
    b->next = free_lists[c];
    free_lists[c] = b;
}

void *krealloc(void *p, size_t size)
{
    if (!p)
        return kmalloc(size);
    struct header *h = (struct header *)p - 1;
    size_t have = usable_size(h);
    if (size <= have)
        return p;
    void *q = kmalloc(size);
    if (!q)
        return 0;
    memcpy(q, p, have);
    kfree(p);
    return q;
}

void heap_stats(struct heap_stats *out)
{
    *out = stats;
}
