/* The garbage-collected heap: arenas of 16-byte blocks, side bitmaps,
 * mark-sweep with an explicit mark stack. See gc.h and README.md. */
#include "vm/gc.h"
#include "lib/string.h"
#include "mm/page_alloc.h"

#define MAX_ARENAS 64
#define MARK_STACK_SIZE 16384
#define MIN_ARENA_BYTES ((size_t)1 << 20)
#define MAX_GROW_BYTES ((size_t)64 << 20)
#define NO_BLOCK ((size_t)-1)

struct arena {
    uintptr_t start;        /* address of block 0 */
    uintptr_t end;          /* start + nblocks * 16 */
    size_t nblocks;
    size_t nwords;          /* words per bitmap */
    uint64_t *head;         /* a block starts an allocation */
    uint64_t *tail;         /* a block continues one */
    uint64_t *mark;         /* marked (head blocks only) */
    uint64_t *leaf;         /* never scanned (head blocks only) */
    void *pages;
    size_t page_count;
    size_t cursor;          /* next-fit position */
    size_t free_blocks;
};

static struct arena arenas[MAX_ARENAS];
static size_t arena_count;
static uintptr_t heap_lo = UINTPTR_MAX, heap_hi;
static size_t heap_blocks, used_blocks;
static size_t heap_limit;
static int disabled;
static bool collecting;
static uintptr_t stack_top;
static void (*root_hook)(void);
static uint64_t (*clock_ns)(void);
static uint64_t collections, last_collect_ns;
static size_t overflow_count;

#define MAX_ROOT_RANGES 32
static struct { value_t *start; size_t count; } root_ranges[MAX_ROOT_RANGES];
static size_t root_range_count;

static uintptr_t mark_stack[MARK_STACK_SIZE];
static size_t mark_sp;
static bool mark_overflowed;

/* ---- bitmaps ---- */
static inline bool bit_get(const uint64_t *m, size_t i) { return (m[i >> 6] >> (i & 63)) & 1; }
static inline void bit_set(uint64_t *m, size_t i) { m[i >> 6] |= 1ull << (i & 63); }
static inline void bit_clear(uint64_t *m, size_t i) { m[i >> 6] &= ~(1ull << (i & 63)); }

static void bits_range(uint64_t *m, size_t from, size_t count, bool set)
{
    while (count) {
        size_t off = from & 63;
        size_t n = 64 - off < count ? 64 - off : count;
        uint64_t mask = (n == 64 ? ~0ull : ((1ull << n) - 1)) << off;
        if (set)
            m[from >> 6] |= mask;
        else
            m[from >> 6] &= ~mask;
        from += n;
        count -= n;
    }
}

/* First block after b that is not a tail of b's allocation. */
static size_t alloc_end(const struct arena *a, size_t b)
{
    size_t i = b + 1;
    while (i < a->nblocks) {
        uint64_t w = ~a->tail[i >> 6] >> (i & 63);
        if (w) {
            size_t e = i + (size_t)__builtin_ctzll(w);
            return e < a->nblocks ? e : a->nblocks;
        }
        i = (i | 63) + 1;
    }
    return a->nblocks;
}

/* First used block in [i, limit), or limit. */
static size_t next_used(const struct arena *a, size_t i, size_t limit)
{
    while (i < limit) {
        size_t w = i >> 6;
        uint64_t used = (a->head[w] | a->tail[w]) & (~0ull << (i & 63));
        if (used) {
            size_t p = (w << 6) + (size_t)__builtin_ctzll(used);
            return p < limit ? p : limit;
        }
        i = (w + 1) << 6;
    }
    return limit;
}

/* Start of a run of n free blocks in [from, to), or NO_BLOCK. */
static size_t find_run(const struct arena *a, size_t n, size_t from, size_t to)
{
    size_t i = from;
    while (i + n <= to) {
        size_t w = i >> 6;
        uint64_t free = ~(a->head[w] | a->tail[w]) & (~0ull << (i & 63));
        if (!free) {
            i = (w + 1) << 6;
            continue;
        }
        i = (w << 6) + (size_t)__builtin_ctzll(free);
        if (i + n > to)
            break;
        size_t u = next_used(a, i, i + n);
        if (u == i + n)
            return i;
        i = u + 1;
    }
    return NO_BLOCK;
}

/* ---- arenas ---- */
static struct arena *arena_of(uintptr_t p)
{
    static struct arena *last;
    if (last && p >= last->start && p < last->end)
        return last;
    if (p < heap_lo || p >= heap_hi)
        return 0;
    size_t lo = 0, hi = arena_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (p < arenas[mid].start)
            hi = mid;
        else if (p >= arenas[mid].end)
            lo = mid + 1;
        else
            return last = &arenas[mid];
    }
    return 0;
}

static bool add_arena(size_t bytes)
{
    if (arena_count == MAX_ARENAS)
        return false;
    size_t pages = (bytes + PAGE_SIZE - 1) / PAGE_SIZE;
    void *mem = page_alloc(pages);
    if (!mem)
        return false;
    size_t total = pages * PAGE_SIZE;
    /* n blocks need n*16 bytes plus 4 bitmaps of n/8 bytes each. */
    size_t n = total * 2 / 33;
    size_t nwords, meta;
    for (;;) {
        nwords = (n + 63) / 64;
        meta = (4 * nwords * 8 + 15) & ~(size_t)15;
        if (meta + n * GC_BLOCK_SIZE <= total)
            break;
        n--;
    }
    struct arena a;
    a.pages = mem;
    a.page_count = pages;
    a.nblocks = n;
    a.nwords = nwords;
    a.head = mem;
    a.tail = a.head + nwords;
    a.mark = a.tail + nwords;
    a.leaf = a.mark + nwords;
    memset(mem, 0, 4 * nwords * 8);
    a.start = (uintptr_t)mem + meta;
    a.end = a.start + n * GC_BLOCK_SIZE;
    a.cursor = 0;
    a.free_blocks = n;
    /* keep the table sorted by address */
    size_t i = arena_count;
    while (i > 0 && arenas[i - 1].start > a.start) {
        arenas[i] = arenas[i - 1];
        i--;
    }
    arenas[i] = a;
    arena_count++;
    heap_blocks += n;
    if ((uintptr_t)mem < heap_lo)
        heap_lo = (uintptr_t)mem;
    if (a.end > heap_hi)
        heap_hi = a.end;
    return true;
}

static size_t heap_bytes_reserved(void)
{
    size_t t = 0;
    for (size_t i = 0; i < arena_count; i++)
        t += arenas[i].page_count * PAGE_SIZE;
    return t;
}

/* Add an arena for at least `need` blocks; false if the limit or the page
 * allocator says no. */
static bool grow(size_t need_blocks, size_t want_bytes)
{
    size_t need = need_blocks * GC_BLOCK_SIZE + need_blocks * GC_BLOCK_SIZE / 32 + 2 * PAGE_SIZE;
    size_t want = want_bytes > need ? want_bytes : need;
    if (want < MIN_ARENA_BYTES)
        want = MIN_ARENA_BYTES;
    size_t have = heap_bytes_reserved();
    if (heap_limit) {
        if (have + need > heap_limit)
            return false;
        if (have + want > heap_limit)
            want = heap_limit - have;
    }
    if (add_arena(want))
        return true;
    return want > need && add_arena(need);
}

/* ---- allocation ---- */
static void *take(struct arena *a, size_t b, size_t n, unsigned flags)
{
    bit_set(a->head, b);
    if (n > 1)
        bits_range(a->tail, b + 1, n - 1, true);
    if (flags & GC_LEAF)
        bit_set(a->leaf, b);
    a->free_blocks -= n;
    used_blocks += n;
    a->cursor = b + n;
    void *p = (void *)(a->start + b * GC_BLOCK_SIZE);
    memset(p, 0, n * GC_BLOCK_SIZE);
    return p;
}

static void *try_alloc(size_t n, unsigned flags)
{
    for (size_t i = 0; i < arena_count; i++) {
        struct arena *a = &arenas[i];
        if (a->free_blocks < n)
            continue;
        size_t b = find_run(a, n, a->cursor, a->nblocks);
        if (b == NO_BLOCK)
            b = find_run(a, n, 0, a->cursor + n < a->nblocks ? a->cursor + n : a->nblocks);
        if (b != NO_BLOCK)
            return take(a, b, n, flags);
    }
    return 0;
}

void *gc_alloc(size_t bytes, unsigned flags)
{
    if (bytes > ((size_t)1 << 40))
        goto fail;
    size_t n = bytes ? (bytes + GC_BLOCK_SIZE - 1) / GC_BLOCK_SIZE : 1;
    void *p = try_alloc(n, flags);
    if (p)
        return p;
    if (!disabled && !collecting && arena_count) {
        gc_collect();
        size_t heap = heap_blocks * GC_BLOCK_SIZE;
        if ((heap_blocks - used_blocks) < heap_blocks / 4)
            grow(0, heap < MAX_GROW_BYTES ? heap : MAX_GROW_BYTES);
        p = try_alloc(n, flags);
        if (p)
            return p;
    }
    size_t heap = heap_blocks * GC_BLOCK_SIZE;
    if (grow(n, heap < MAX_GROW_BYTES ? heap : MAX_GROW_BYTES)) {
        p = try_alloc(n, flags);
        if (p)
            return p;
    }
fail:
    vm_raise_memory_error();
    return 0;
}

static struct arena *block_of(const void *p, size_t *b)
{
    struct arena *a = arena_of((uintptr_t)p);
    if (!a || ((uintptr_t)p & (GC_BLOCK_SIZE - 1)))
        return 0;
    *b = ((uintptr_t)p - a->start) / GC_BLOCK_SIZE;
    return bit_get(a->head, *b) ? a : 0;
}

bool gc_is_heap_pointer(const void *p)
{
    size_t b;
    return block_of(p, &b) != 0;
}

size_t gc_block_bytes(const void *p)
{
    size_t b;
    struct arena *a = block_of(p, &b);
    return a ? (alloc_end(a, b) - b) * GC_BLOCK_SIZE : 0;
}

void gc_free(void *p)
{
    size_t b;
    struct arena *a = block_of(p, &b);
    if (!a || collecting)
        return;
    size_t n = alloc_end(a, b) - b;
    bit_clear(a->head, b);
    bit_clear(a->leaf, b);
    bit_clear(a->mark, b);
    if (n > 1)
        bits_range(a->tail, b + 1, n - 1, false);
    a->free_blocks += n;
    used_blocks -= n;
    if (b < a->cursor)
        a->cursor = b;
}

void *gc_realloc(void *p, size_t bytes)
{
    if (!p)
        return gc_alloc(bytes, 0);
    size_t b;
    struct arena *a = block_of(p, &b);
    if (!a)
        return 0;
    size_t n = bytes ? (bytes + GC_BLOCK_SIZE - 1) / GC_BLOCK_SIZE : 1;
    size_t old = alloc_end(a, b) - b;
    if (n <= old) {
        if (n < old) {
            bits_range(a->tail, b + n, old - n, false);
            a->free_blocks += old - n;
            used_blocks -= old - n;
        }
        return p;
    }
    if (b + n <= a->nblocks && next_used(a, b + old, b + n) == b + n) {
        bits_range(a->tail, b + old, n - old, true);
        a->free_blocks -= n - old;
        used_blocks += n - old;
        memset((char *)p + old * GC_BLOCK_SIZE, 0, (n - old) * GC_BLOCK_SIZE);
        return p;
    }
    unsigned flags = bit_get(a->leaf, b) ? GC_LEAF : 0;
    void *q = gc_alloc(bytes, flags);
    if (!q)
        return 0;
    /* p may have been moved? No: the collector never moves; p is alive
     * because the caller holds it. */
    memcpy(q, p, old * GC_BLOCK_SIZE);
    gc_free(p);
    return q;
}

/* ---- marking ---- */
static inline void push(uintptr_t p)
{
    if (mark_sp < MARK_STACK_SIZE)
        mark_stack[mark_sp++] = p;
    else
        mark_overflowed = true;
}

/* p is a candidate pointer to the head of an allocation. */
static inline void mark_head(uintptr_t p)
{
    struct arena *a = arena_of(p);
    if (!a || p < a->start)
        return;
    size_t b = (p - a->start) / GC_BLOCK_SIZE;
    size_t w = b >> 6;
    uint64_t bit = 1ull << (b & 63);
    if (!(a->head[w] & bit) || (a->mark[w] & bit))
        return;
    a->mark[w] |= bit;
    if (!(a->leaf[w] & bit))
        push(p);
}

/* p may point anywhere inside an allocation (C stack words). */
static void mark_interior(uintptr_t p)
{
    struct arena *a = arena_of(p);
    if (!a || p < a->start)
        return;
    size_t b = (p - a->start) / GC_BLOCK_SIZE;
    if (!bit_get(a->head, b)) {
        if (!bit_get(a->tail, b))
            return;
        /* walk back to the closest head bit */
        size_t w = b >> 6;
        uint64_t m = a->head[w] & (((b & 63) == 63) ? ~0ull : ((1ull << ((b & 63) + 1)) - 1));
        while (!m)
            m = a->head[--w];
        b = (w << 6) + 63 - (size_t)__builtin_clzll(m);
    }
    mark_head(a->start + b * GC_BLOCK_SIZE);
}

static void scan_object(uintptr_t p)
{
    struct arena *a = arena_of(p);
    size_t b = (p - a->start) / GC_BLOCK_SIZE;
    size_t n = alloc_end(a, b) - b;
    const uintptr_t *w = (const uintptr_t *)p;
    const uintptr_t *end = w + n * (GC_BLOCK_SIZE / sizeof(uintptr_t));
    uintptr_t lo = heap_lo, hi = heap_hi;
    for (; w < end; w++) {
        uintptr_t v = *w;
        if (!(v & (GC_BLOCK_SIZE - 1)) && v >= lo && v < hi)
            mark_head(v);
    }
}

static void drain(void)
{
    while (mark_sp)
        scan_object(mark_stack[--mark_sp]);
}

/* After the mark stack overflowed some marked objects were not scanned:
 * scan every marked, scannable object again until nothing overflows. */
static void recover_overflow(void)
{
    while (mark_overflowed) {
        mark_overflowed = false;
        overflow_count++;
        for (size_t i = 0; i < arena_count; i++) {
            struct arena *a = &arenas[i];
            for (size_t w = 0; w < a->nwords; w++) {
                uint64_t m = a->mark[w] & ~a->leaf[w];
                while (m) {
                    size_t b = (w << 6) + (size_t)__builtin_ctzll(m);
                    m &= m - 1;
                    scan_object(a->start + b * GC_BLOCK_SIZE);
                    drain();
                }
            }
        }
    }
}

void gc_mark_value(value_t v)
{
    if (is_obj(v))
        mark_head((uintptr_t)v);
}

void gc_mark_range(const void *start, const void *end)
{
    const uintptr_t *w = (const uintptr_t *)(((uintptr_t)start + 7) & ~(uintptr_t)7);
    for (; (const void *)w < end; w++) {
        uintptr_t v = *w;
        if (v >= heap_lo && v < heap_hi)
            mark_interior(v);
    }
    drain();
}

static __attribute__((noinline)) void scan_stack_from_here(void)
{
    volatile uintptr_t marker = 0;
    if (stack_top)
        gc_mark_range((const void *)&marker, (const void *)stack_top);
    (void)marker;
}

/* Spill the callee-saved registers into this frame, then scan the stack
 * from a deeper frame so the spill area is included. */
static __attribute__((noinline)) void mark_stack_and_registers(void)
{
    __builtin_unwind_init();
    scan_stack_from_here();
    __asm__ volatile("" ::: "memory");
}

/* ---- sweeping ---- */
static void sweep(void)
{
    size_t used = 0;
    for (size_t i = 0; i < arena_count; i++) {
        struct arena *a = &arenas[i];
        size_t freed = 0;
        for (size_t w = 0; w < a->nwords; w++) {
            uint64_t dead = a->head[w] & ~a->mark[w];
            a->mark[w] = 0;
            if (!dead)
                continue;
            a->head[w] &= ~dead;
            a->leaf[w] &= ~dead;
            while (dead) {
                size_t b = (w << 6) + (size_t)__builtin_ctzll(dead);
                dead &= dead - 1;
                size_t e = alloc_end(a, b);
                if (e > b + 1)
                    bits_range(a->tail, b + 1, e - b - 1, false);
                freed += e - b;
            }
        }
        a->free_blocks += freed;
        a->cursor = 0;
        used += a->nblocks - a->free_blocks;
    }
    used_blocks = used;
}

void gc_collect(void)
{
    if (disabled || collecting)
        return;
    collecting = true;
    uint64_t t0 = clock_ns ? clock_ns() : 0;
    mark_sp = 0;
    mark_overflowed = false;
    for (size_t i = 0; i < root_range_count; i++) {
        for (size_t j = 0; j < root_ranges[i].count; j++)
            gc_mark_value(root_ranges[i].start[j]);
        drain();
    }
    if (root_hook)
        root_hook();
    drain();
    mark_stack_and_registers();
    drain();
    recover_overflow();
    sweep();
    collections++;
    if (clock_ns)
        last_collect_ns = clock_ns() - t0;
    collecting = false;
}

/* ---- set-up and figures ---- */
void gc_init(void *top)
{
    stack_top = (uintptr_t)top;
}

void gc_set_stack_top(void *top) { stack_top = (uintptr_t)top; }
void gc_set_limit(size_t bytes) { heap_limit = bytes; }
void gc_disable(void) { disabled++; }
void gc_enable(void) { if (disabled) disabled--; }
void gc_set_root_hook(void (*hook)(void)) { root_hook = hook; }
void gc_set_clock(uint64_t (*now)(void)) { clock_ns = now; }

bool gc_add_root(value_t *start, size_t count)
{
    if (root_range_count == MAX_ROOT_RANGES)
        return false;
    root_ranges[root_range_count].start = start;
    root_ranges[root_range_count].count = count;
    root_range_count++;
    return true;
}

size_t gc_mem_alloc(void) { return used_blocks * GC_BLOCK_SIZE; }
size_t gc_mem_free(void) { return (heap_blocks - used_blocks) * GC_BLOCK_SIZE; }

void gc_get_stats(struct gc_stats *out)
{
    out->heap_bytes = heap_blocks * GC_BLOCK_SIZE;
    out->used_bytes = used_blocks * GC_BLOCK_SIZE;
    out->free_bytes = (heap_blocks - used_blocks) * GC_BLOCK_SIZE;
    out->arenas = arena_count;
    out->collections = collections;
    out->last_collect_ns = last_collect_ns;
    out->mark_stack_overflows = overflow_count;
}
