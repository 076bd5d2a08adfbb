/* The garbage-collected heap: arenas of 16-byte blocks, side bitmaps,
 * mark-sweep with an explicit mark stack, O(1) allocation from free lists
 * the sweep rebuilds. See gc.h and README.md. */
#include "vm/gc.h"
#include "lib/string.h"
#include "mm/page_alloc.h"

#define MAX_ARENAS 64
#define MARK_STACK_SIZE 16384
#define MIN_ARENA_BYTES ((size_t)1 << 20)
#define MAX_GROW_BYTES ((size_t)64 << 20)
#define MIN_FREE_BYTES ((size_t)4 << 20)   /* free after a collection, else grow */
#define NO_BLOCK ((size_t)-1)

struct arena {
    uintptr_t start;        /* address of block 0 */
    uintptr_t end;          /* start + nblocks * 16 */
    size_t nblocks;
    size_t nwords;          /* words per bitmap */
    /* the bitmaps, interleaved: word w of each is at index W(w) */
    uint64_t *head;         /* a block starts an allocation */
    uint64_t *tail;         /* a block continues one */
    uint64_t *unmarked;     /* == head between collections; marking clears bits */
    uint64_t *leaf;         /* never scanned (head blocks only) */
    void *pages;
    size_t page_count;
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

/* PREFETCH_AHEAD entries below the stack's bottom hold a harmless
 * address: drain() prefetches the entry that far below its top. */
#define PREFETCH_AHEAD 16
static uintptr_t mark_stack_space[PREFETCH_AHEAD + MARK_STACK_SIZE];
#define mark_stack (mark_stack_space + PREFETCH_AHEAD)
static size_t mark_sp;
static bool mark_overflowed;

/* ---- bitmaps ---- */
/* The four bitmaps are interleaved, one word of each per 64 blocks
 * (head, tail, unmarked, leaf): marking an object reads its unmarked and
 * leaf bits and finding its end reads its tail bits, all in one cache line
 * instead of far-apart ones. W(w) is the index of bitmap word w. */
#define W(w) ((w) << 2)
static inline bool bit_get(const uint64_t *m, size_t i) { return (m[W(i >> 6)] >> (i & 63)) & 1; }
static inline void bit_clear(uint64_t *m, size_t i) { m[W(i >> 6)] &= ~(1ull << (i & 63)); }

static void bits_range(uint64_t *m, size_t from, size_t count, bool set)
{
    while (count) {
        size_t off = from & 63;
        size_t n = 64 - off < count ? 64 - off : count;
        uint64_t mask = (n == 64 ? ~0ull : ((1ull << n) - 1)) << off;
        if (set)
            m[W(from >> 6)] |= mask;
        else
            m[W(from >> 6)] &= ~mask;
        from += n;
        count -= n;
    }
}

/* First block after b that is not a tail of b's allocation. */
static size_t alloc_end(const struct arena *a, size_t b)
{
    size_t i = b + 1;
    while (i < a->nblocks) {
        uint64_t w = ~a->tail[W(i >> 6)] >> (i & 63);
        if (w) {
            size_t e = i + (size_t)__builtin_ctzll(w);
            return e < a->nblocks ? e : a->nblocks;
        }
        i = (i | 63) + 1;
    }
    return a->nblocks;
}

/* ---- free chunks (see "allocation" below) ---- */
#define SMALL_RUNS 64
#define LARGE_BINS 48               /* bin k: runs of [2^k, 2^(k+1)) blocks, k >= 6 */

struct chunk {
    struct chunk *next;
    size_t blocks;
};

static struct chunk *small_free[SMALL_RUNS];
static uint64_t small_mask;             /* bit k: small_free[k] non-empty */
static struct chunk *large_free[LARGE_BINS];
static uint64_t large_mask;             /* bit k: large_free[k] non-empty */
static uintptr_t bump, bump_end;        /* the bump region, addresses */
static size_t used_after_gc;            /* used_blocks after the last collection */
uint64_t gc_reuse_epoch;

static inline size_t log2_floor(size_t n) { return 63 - (size_t)__builtin_clzll(n); }

static void put_chunk(uintptr_t p, size_t n)
{
    struct chunk *c = (struct chunk *)p;
    c->blocks = n;
    if (n < SMALL_RUNS) {
        c->next = small_free[n];
        small_free[n] = c;
        small_mask |= 1ull << n;
    } else {
        size_t k = log2_floor(n);
        c->next = large_free[k];
        large_free[k] = c;
        large_mask |= 1ull << k;
    }
}

static struct chunk *pop_large(size_t k)
{
    struct chunk *c = large_free[k];
    if (!(large_free[k] = c->next))
        large_mask &= ~(1ull << k);
    return c;
}

/* Scannable allocations take the bump region's low end, small leaves
 * (strings, floats, int limbs) its high end: the objects that the mark
 * phase reads end up next to each other instead of interleaved with data
 * it never reads (a tuple of a float and a str: 48 of every 112 bytes),
 * so marking them reads fewer cache lines. Long allocations, leaves too,
 * take the low end, where gc_realloc can grow the last one in place (a
 * bytearray growing). */
static inline __attribute__((always_inline)) uintptr_t bump_take(size_t bytes, unsigned flags)
{
    if (bump_end - bump < bytes)
        return 0;
    if (flags & GC_LEAF)
        return bump_end -= bytes;
    uintptr_t p = bump;
    bump += bytes;
    return p;
}

static void retire_bump(void)
{
    if (bump < bump_end)
        put_chunk(bump, (bump_end - bump) / GC_BLOCK_SIZE);
    bump = bump_end = 0;
}

static void reset_free_lists(void)
{
    for (size_t i = 0; i < SMALL_RUNS; i++)
        small_free[i] = 0;
    for (size_t i = 0; i < LARGE_BINS; i++)
        large_free[i] = 0;
    small_mask = large_mask = 0;
    bump = bump_end = 0;
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
    a.head = (uint64_t *)mem;
    a.tail = a.head + 1;
    a.unmarked = a.head + 2;
    a.leaf = a.head + 3;
    memset(mem, 0, 4 * nwords * 8);
    a.start = (uintptr_t)mem + meta;
    a.end = a.start + n * GC_BLOCK_SIZE;
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
    /* a fresh arena is one free run: allocate from it by bumping */
    retire_bump();
    bump = a.start;
    bump_end = a.end;
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

/* ---- allocation ----
 *
 * Free memory is kept in chunks (runs of free blocks) that the sweep
 * rebuilds from the bitmaps: exact-size lists for runs of 1..SMALL_RUNS-1
 * blocks (a mask says which are non-empty), power-of-two bins of longer
 * runs, and a bump region (a fresh arena, else the longest run). So an
 * allocation is a list pop or a pointer bump, never a bitmap search (the
 * next-fit search it replaces spent most of a compile in scanning full
 * bitmaps). A free chunk's first two words hold the link and its length;
 * free blocks have neither head nor tail bits, so no pointer can reach them
 * and the collector never reads those words as values. */

/* Mark blocks [p, p + n blocks) as one allocation and zero them. */
static inline __attribute__((always_inline)) void *take(uintptr_t p, size_t n, unsigned flags)
{
    struct arena *a = arena_of(p);
    size_t b = (p - a->start) / GC_BLOCK_SIZE;
    size_t w = W(b >> 6);
    unsigned s = b & 63;
    a->head[w] |= 1ull << s;
    a->unmarked[w] |= 1ull << s;
    if (flags & GC_LEAF)
        a->leaf[w] |= 1ull << s;
    if (n > 1) {
        if (s + n <= 64)
            a->tail[w] |= (~0ull >> (64 - (n - 1))) << (s + 1);
        else
            bits_range(a->tail, b + 1, n - 1, true);
    }
    used_blocks += n;
    /* most objects are 1-4 blocks: store instead of calling memset */
    uint64_t *q = (uint64_t *)p;
    switch (n) {
    case 4: q[6] = q[7] = 0; /* fall through */
    case 3: q[4] = q[5] = 0; /* fall through */
    case 2: q[2] = q[3] = 0; /* fall through */
    case 1: q[0] = q[1] = 0; break;
    default: memset(q, 0, n * GC_BLOCK_SIZE); break;
    }
    return (void *)p;
}

/* Take n blocks off the front of a long chunk that was unlinked. */
static void *take_split(struct chunk *c, size_t n, unsigned flags)
{
    size_t have = c->blocks;
    uintptr_t p = (uintptr_t)c;
    if (have > n)
        put_chunk(p + n * GC_BLOCK_SIZE, have - n);
    return take(p, n, flags);
}

static void *try_alloc(size_t n, unsigned flags)
{
    if (n < SMALL_RUNS) {
        struct chunk *c = small_free[n];
        if (c) {
            if (!(small_free[n] = c->next))
                small_mask &= ~(1ull << n);
            return take((uintptr_t)c, n, flags);
        }
        for (;;) {
            uintptr_t p = bump_take(n * GC_BLOCK_SIZE, flags);
            if (p)
                return take(p, n, flags);
            /* the longest free run becomes the bump region */
            if (!large_mask)
                break;
            c = pop_large(log2_floor(large_mask));
            retire_bump();
            bump = (uintptr_t)c;
            bump_end = bump + c->blocks * GC_BLOCK_SIZE;
        }
        /* split the smallest longer small run */
        uint64_t m = n + 1 < SMALL_RUNS ? small_mask >> (n + 1) << (n + 1) : 0;
        if (m) {
            size_t k = (size_t)__builtin_ctzll(m);
            c = small_free[k];
            if (!(small_free[k] = c->next))
                small_mask &= ~(1ull << k);
            return take_split(c, n, flags);
        }
        return 0;
    }
    /* long: a few tries in n's own bin, then any run of a higher bin (all
     * fit), then the bump region */
    size_t k = log2_floor(n);
    int tries = 8;
    for (struct chunk **pc = &large_free[k]; *pc && tries--; pc = &(*pc)->next) {
        struct chunk *c = *pc;
        if (c->blocks >= n) {
            *pc = c->next;
            if (!large_free[k])
                large_mask &= ~(1ull << k);
            return take_split(c, n, flags);
        }
    }
    uint64_t m = k + 1 < 64 ? large_mask >> (k + 1) << (k + 1) : 0;
    if (m)
        return take_split(pop_large((size_t)__builtin_ctzll(m)), n, flags);
    uintptr_t p = bump_take(n * GC_BLOCK_SIZE, 0);
    if (p)
        return take(p, n, flags);
    return 0;
}

/* Growth policy: collect only when at least a quarter of the heap was
 * allocated since the last collection (else the heap is mostly live or
 * fragmented and collecting again would find little); after a collection
 * that leaves less free than live (or under MIN_FREE_BYTES), grow, so the
 * next collection is at least as much allocation away as there is live
 * data to mark: the cost of collecting is amortized over the allocations,
 * whatever the live size. */
static __attribute__((noinline)) void *alloc_slow(size_t bytes, unsigned flags)
{
    if (bytes > ((size_t)1 << 40))
        goto fail;
    size_t n = bytes ? (bytes + GC_BLOCK_SIZE - 1) / GC_BLOCK_SIZE : 1;
    void *p = try_alloc(n, flags);
    if (p)
        return p;
    bool collected = false;
    bool can_collect = !disabled && !collecting && arena_count;
    /* blocks allocated since the last collection (less those given back) */
    size_t allocated = used_blocks > used_after_gc ? used_blocks - used_after_gc : 0;
    if (can_collect && allocated * 4 >= heap_blocks) {
        gc_collect();
        collected = true;
        size_t free_blocks = heap_blocks - used_blocks;
        if (free_blocks < used_blocks || free_blocks < MIN_FREE_BYTES / GC_BLOCK_SIZE) {
            size_t heap = heap_blocks * GC_BLOCK_SIZE;
            grow(n, heap < MAX_GROW_BYTES ? heap : MAX_GROW_BYTES);
        }
        p = try_alloc(n, flags);
        if (p)
            return p;
    }
    size_t heap = heap_blocks * GC_BLOCK_SIZE;
    size_t want = heap < MAX_GROW_BYTES ? heap : MAX_GROW_BYTES;
    /* Free space is plentiful but no run is long enough: a big list or
     * buffer among scattered small live objects (a 49,152-entry list
     * growing while its strings are made). Room for this request (and the
     * next, larger one) is enough; growing by a heap's worth each time
     * took the heap to 113 MiB for 12 MiB live. At least an eighth of the
     * heap, and the doubling again when arenas run short, so the number of
     * arenas stays bounded. */
    size_t room = n * GC_BLOCK_SIZE * 4 > heap / 8 ? n * GC_BLOCK_SIZE * 4 : heap / 8;
    if (heap_blocks - used_blocks >= used_blocks && room < want && arena_count < MAX_ARENAS - 16)
        want = room;
    if (grow(n, want)) {
        p = try_alloc(n, flags);
        if (p)
            return p;
    }
    if (can_collect && !collected) {
        /* the page allocator said no: collect before giving up */
        gc_collect();
        p = try_alloc(n, flags);
        if (p)
            return p;
    }
fail:
    vm_raise_memory_error();
    return 0;
}

void *gc_alloc(size_t bytes, unsigned flags)
{
    /* the common cases inline, with no frame to set up: an exact-size
     * free chunk, or bumping */
    if (bytes <= (SMALL_RUNS - 1) * GC_BLOCK_SIZE) {
        size_t n = bytes ? (bytes + GC_BLOCK_SIZE - 1) / GC_BLOCK_SIZE : 1;
        struct chunk *c = small_free[n];
        if (c) {
            if (!(small_free[n] = c->next))
                small_mask &= ~(1ull << n);
            return take((uintptr_t)c, n, flags);
        }
        uintptr_t q = bump_take(n * GC_BLOCK_SIZE, flags);
        if (q)
            return take(q, n, flags);
    }
    return alloc_slow(bytes, flags);
}

/* 1-block leaves (floats, gc.h's gc_alloc_leaf1): a run of up to 64
 * blocks within one bitmap word is taken from the bump region's leaf end
 * at once, its head, unmarked and leaf bits set with one OR each; the
 * blocks are then handed out by a pointer bump. Those not handed out yet
 * look like unreachable leaf objects: a collection gives them back first
 * (leaf1_drop) and the figures leave them out (leaf1_left). */
uintptr_t gc_leaf1_next, gc_leaf1_end;

static size_t leaf1_left(void) { return (gc_leaf1_end - gc_leaf1_next) / GC_BLOCK_SIZE; }

static void leaf1_drop(void)
{
    size_t k = leaf1_left();
    if (k) {
        struct arena *a = arena_of(gc_leaf1_next);
        size_t b = (gc_leaf1_next - a->start) / GC_BLOCK_SIZE;
        uint64_t mask = ~(k == 64 ? ~0ull : ((1ull << k) - 1) << (b & 63));
        size_t w = W(b >> 6);
        a->head[w] &= mask;
        a->unmarked[w] &= mask;
        a->leaf[w] &= mask;
        used_blocks -= k;
    }
    gc_leaf1_next = gc_leaf1_end = 0;
}

void *gc_alloc_leaf1_refill(void)
{
    size_t avail = (bump_end - bump) / GC_BLOCK_SIZE;
    /* free single blocks first, as gc_alloc would */
    if (small_free[1] || avail < 2)
        return gc_alloc(GC_BLOCK_SIZE, GC_LEAF);
    struct arena *a = arena_of(bump_end - GC_BLOCK_SIZE);
    size_t e = (bump_end - a->start) / GC_BLOCK_SIZE;      /* one past the run */
    size_t k = e & 63 ? e & 63 : 64;
    if (k > avail)
        k = avail;
    size_t b = e - k;
    uint64_t mask = (k == 64 ? ~0ull : ((1ull << k) - 1)) << (b & 63);
    size_t w = W(b >> 6);
    a->head[w] |= mask;
    a->unmarked[w] |= mask;
    a->leaf[w] |= mask;
    used_blocks += k;
    bump_end -= k * GC_BLOCK_SIZE;
    uintptr_t p = bump_end;
    gc_leaf1_next = p + GC_BLOCK_SIZE;
    gc_leaf1_end = p + k * GC_BLOCK_SIZE;
    ((uint64_t *)p)[0] = ((uint64_t *)p)[1] = 0;
    return (void *)p;
}

static struct arena *block_of(const void *p, size_t *b)
{
    struct arena *a = arena_of((uintptr_t)p);
    if (!a || ((uintptr_t)p & (GC_BLOCK_SIZE - 1)))
        return 0;
    *b = ((uintptr_t)p - a->start) / GC_BLOCK_SIZE;
    return bit_get(a->head, *b) ? a : 0;
}

/* Finalization (gc.h): a hook run after marking, before the sweep. */
static void (*finalize_hook)(void);
void gc_set_finalize_hook(void (*hook)(void)) { finalize_hook = hook; }
static void (*more_finalize_hooks[4])(void);
bool gc_add_finalize_hook(void (*hook)(void))
{
    for (int i = 0; i < 4; i++) {
        if (!more_finalize_hooks[i] || more_finalize_hooks[i] == hook) {
            more_finalize_hooks[i] = hook;
            return true;
        }
    }
    return false;
}

bool gc_is_marked(const void *p)
{
    size_t b;
    struct arena *a = block_of(p, &b);
    return !a || !bit_get(a->unmarked, b);
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
    bit_clear(a->unmarked, b);
    if (n > 1)
        bits_range(a->tail, b + 1, n - 1, false);
    used_blocks -= n;
    gc_reuse_epoch++;
    if ((uintptr_t)p + n * GC_BLOCK_SIZE == bump)
        bump = (uintptr_t)p;        /* the last allocation: un-bump */
    else if ((uintptr_t)p == bump_end)
        bump_end += n * GC_BLOCK_SIZE;  /* the last leaf allocation */
    else
        put_chunk((uintptr_t)p, n);
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
    uintptr_t end = (uintptr_t)p + old * GC_BLOCK_SIZE;
    if (n <= old) {
        if (n < old && !collecting) {
            bits_range(a->tail, b + n, old - n, false);
            used_blocks -= old - n;
            gc_reuse_epoch++;
            uintptr_t rest = (uintptr_t)p + n * GC_BLOCK_SIZE;
            if (end == bump)
                bump = rest;
            else
                put_chunk(rest, old - n);
        }
        return p;
    }
    /* grow in place only into the bump region: other free blocks are on
     * free lists */
    if (end == bump && bump_end - bump >= (n - old) * GC_BLOCK_SIZE) {
        bump += (n - old) * GC_BLOCK_SIZE;
        bits_range(a->tail, b + old, n - old, true);
        used_blocks += n - old;
        memset((void *)end, 0, (n - old) * GC_BLOCK_SIZE);
        return p;
    }
    unsigned flags = bit_get(a->leaf, b) ? GC_LEAF : 0;
    void *q = gc_alloc(bytes, flags);
    if (!q)
        return 0;
    /* the collector never moves objects, and p is alive because the caller
     * holds it */
    memcpy(q, p, old * GC_BLOCK_SIZE);
    gc_free(p);
    return q;
}

/* ---- marking ----
 *
 * An object is marked by clearing its `unmarked` bit. Between collections
 * `unmarked` equals `head` (take, gc_free and the sweep keep it so), so one
 * bitmap word answers "an allocation starts here and is not marked yet":
 * a candidate pointer costs one load and one test. */
static inline void push(uintptr_t p)
{
    if (mark_sp < MARK_STACK_SIZE)
        mark_stack[mark_sp++] = p;
    else
        mark_overflowed = true;
}

/* p points at block b of the arena whose bitmaps start at bm: mark it if
 * it is an unmarked head; true if it must be scanned (pushed). */
static inline __attribute__((always_inline)) bool mark_block(uint64_t *bm, size_t b)
{
    uint64_t *g = bm + W(b >> 6);          /* head, tail, unmarked, leaf words */
    uint64_t bit = 1ull << (b & 63);
    uint64_t u = g[2];
    if (!(u & bit))                        /* not a head, or marked already */
        return false;
    g[2] = u ^ bit;
    return !(g[3] & bit);
}

/* p is a candidate pointer to the head of an allocation. */
static void mark_head(uintptr_t p)
{
    struct arena *a = arena_of(p);
    if (!a || p < a->start)
        return;
    if (mark_block(a->head, (p - a->start) / GC_BLOCK_SIZE))
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
        uint64_t m = a->head[W(w)] & (((b & 63) == 63) ? ~0ull : ((1ull << ((b & 63) + 1)) - 1));
        while (!m)
            m = a->head[W(--w)];
        b = (w << 6) + 63 - (size_t)__builtin_clzll(m);
    }
    mark_head(a->start + b * GC_BLOCK_SIZE);
}

/* What drain() keeps in registers while it scans an object. */
struct scan {
    uintptr_t *sp, *limit;      /* the mark stack */
    bool overflowed;
    uintptr_t alo;              /* the scanned object's arena, where its */
    size_t nb;                  /* fields mostly point: first block, */
    uint64_t *bm;               /* blocks, bitmaps */
    uintptr_t lo, span;         /* all arenas */
};

/* One word v of an object being scanned. Rotating its offset in the arena
 * right by 4 turns a misaligned offset into a huge one, so one compare
 * tests "a 16-byte aligned address inside this arena". Other arenas are
 * the rare case and go through the global stack. */
static inline __attribute__((always_inline)) void scan_word(struct scan *s, uintptr_t v)
{
    uintptr_t d = v - s->alo;
    size_t b = (d >> 4) | (d << 60);
    if (b < s->nb) {
        if (mark_block(s->bm, b)) {
            if (s->sp < s->limit)
                *s->sp++ = v;
            else
                s->overflowed = true;
        }
    } else if (!(v & (GC_BLOCK_SIZE - 1)) && v - s->lo < s->span) {
        mark_sp = (size_t)(s->sp - mark_stack);
        mark_head(v);
        s->sp = mark_stack + mark_sp;
    }
}

/* Scan the marked objects on the mark stack, and what they reach, until
 * the stack is empty. Each popped object is scanned right away and the
 * entry PREFETCH_AHEAD below the top is prefetched: it is popped that many
 * scans later when the objects in between push nothing (a list's tuples of
 * numbers and strings), so the cache misses of scattered small objects
 * overlap instead of stalling one by one. The stack pointer is a local so
 * that it stays in a register (a bitmap store could alias a global). */
static void drain(void)
{
    struct arena *a = &arenas[0];
    struct scan s = {
        .sp = mark_stack + mark_sp, .limit = mark_stack + MARK_STACK_SIZE, .overflowed = false,
        .alo = a->start, .nb = a->nblocks, .bm = a->head, .lo = heap_lo, .span = heap_hi - heap_lo,
    };
    uintptr_t ahi = a->end;
    while (s.sp > mark_stack) {
        uintptr_t p = *--s.sp;
        /* the stack has PREFETCH_AHEAD harmless entries below it */
        __builtin_prefetch((const void *)s.sp[-PREFETCH_AHEAD]);
        if (p - s.alo >= ahi - s.alo) {
            a = arena_of(p);
            s.alo = a->start;
            ahi = a->end;
            s.bm = a->head;
            s.nb = a->nblocks;
        }
        size_t b = (p - s.alo) / GC_BLOCK_SIZE;
        /* its length: the tail bits after b, nearly always in b's word */
        uint64_t after = (~s.bm[W(b >> 6) + 1] >> (b & 63)) & ~1ull;
        size_t n = after ? (size_t)__builtin_ctzll(after) : alloc_end(a, b) - b;
        const uintptr_t *w = (const uintptr_t *)p;
        const uintptr_t *end = w + n * (GC_BLOCK_SIZE / sizeof(uintptr_t));
        for (; w < end; w += 2) {       /* a block is two words */
            scan_word(&s, w[0]);
            scan_word(&s, w[1]);
        }
    }
    mark_sp = 0;
    if (s.overflowed)
        mark_overflowed = true;
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
                uint64_t m = a->head[W(w)] & ~a->unmarked[W(w)] & ~a->leaf[W(w)];
                while (m) {
                    size_t b = (w << 6) + (size_t)__builtin_ctzll(m);
                    m &= m - 1;
                    push(a->start + b * GC_BLOCK_SIZE);
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

/* ---- sweeping ----
 *
 * A word of bitmaps at a time, without visiting objects: the blocks still
 * in use are the live heads (head & ~unmarked) and the runs of tail bits right
 * after them. Adding the "block after a live head" bits to the tail word
 * carries through exactly those runs, so `tail & ~(tail + starts)` is the
 * live tails (the carry out of bit 63 continues the run in the next word).
 * The free runs found on the way become the free lists. */
static void sweep(void)
{
    size_t free_blocks = 0;
    reset_free_lists();
    for (size_t i = 0; i < arena_count; i++) {
        struct arena *a = &arenas[i];
        uint64_t *g = a->head;      /* the bitmap words of blocks w*64.. */
        uint64_t carry = 0;         /* a live run continues into this word */
        size_t run = NO_BLOCK;      /* start of the current free run */
        for (size_t w = 0; w < a->nwords; w++, g += W(1)) {
            uint64_t head = g[0], tail = g[1];
            size_t base = w << 6;
            if (!(head | tail)) {
                /* nothing allocated here (unmarked and leaf are subsets
                 * of head): no stores */
                carry = 0;
                if (run == NO_BLOCK)
                    run = base;
                continue;
            }
            uint64_t heads = head & ~g[2];
            uint64_t starts = (heads << 1) | carry;
            uint64_t sum = tail + starts;
            uint64_t tails = tail & ~sum;
            /* carry out: the run reached bit 63; a live head at bit 63
             * starts a run at bit 0 of the next word */
            carry = (uint64_t)(sum < tail) | (heads >> 63);
            g[0] = heads;
            g[1] = tails;
            g[2] = heads;
            g[3] &= heads;
            uint64_t inuse = heads | tails;
            /* free runs: walk the transitions of inuse */
            if (inuse == 0) {
                if (run == NO_BLOCK)
                    run = base;
                continue;
            }
            if (inuse == ~0ull) {
                if (run != NO_BLOCK) {
                    free_blocks += base - run;
                    put_chunk(a->start + run * GC_BLOCK_SIZE, base - run);
                    run = NO_BLOCK;
                }
                continue;
            }
            size_t bit = 0;
            while (bit < 64) {
                if (run == NO_BLOCK) {
                    uint64_t f = ~inuse >> bit;
                    if (!f)
                        break;
                    bit += (size_t)__builtin_ctzll(f);
                    run = base + bit;
                } else {
                    uint64_t u = inuse >> bit;
                    if (!u)
                        break;
                    bit += (size_t)__builtin_ctzll(u);
                    size_t n = base + bit - run;
                    free_blocks += n;
                    put_chunk(a->start + run * GC_BLOCK_SIZE, n);
                    run = NO_BLOCK;
                }
            }
        }
        if (run != NO_BLOCK && run < a->nblocks) {
            free_blocks += a->nblocks - run;
            put_chunk(a->start + run * GC_BLOCK_SIZE, a->nblocks - run);
        }
    }
    /* counted from the free runs: a popcount per word is a long bit-trick
     * sequence on the baseline x86_64 the kernel is built for */
    used_blocks = heap_blocks - free_blocks;
    used_after_gc = used_blocks;
    gc_reuse_epoch++;
}

/* After a sweep, the whole pages inside free runs of RELEASE_MIN_BLOCKS or
 * more go back to the board (arch_memory_unused): a heap that grew for a
 * peak (loading a tokenizer doubles it) then does not keep the peak
 * resident on hosted. The page holding the run's chunk header stays.
 * Released pages read as zero, and nothing reads a free block before
 * take() zeroes it, so the allocator is unaffected. */
#define RELEASE_MIN_BLOCKS ((256u << 10) / GC_BLOCK_SIZE)
__attribute__((weak)) void arch_memory_unused(void *p, size_t bytes) { (void)p; (void)bytes; }

static void release_free_pages(void)
{
    for (size_t k = log2_floor(RELEASE_MIN_BLOCKS); k < LARGE_BINS; k++) {
        for (struct chunk *c = large_free[k]; c; c = c->next) {
            uintptr_t lo = ((uintptr_t)c + sizeof *c + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1);
            uintptr_t hi = ((uintptr_t)c + c->blocks * GC_BLOCK_SIZE) & ~(uintptr_t)(PAGE_SIZE - 1);
            if (hi > lo)
                arch_memory_unused((void *)lo, hi - lo);
        }
    }
}

void gc_collect(void)
{
    if (disabled || collecting)
        return;
    collecting = true;
    uint64_t t0 = clock_ns ? clock_ns() : 0;
    leaf1_drop();
    mark_sp = 0;
    mark_overflowed = false;
    for (size_t i = 0; i < PREFETCH_AHEAD; i++)
        mark_stack_space[i] = (uintptr_t)mark_stack_space;
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
    if (finalize_hook)
        finalize_hook();
    for (int i = 0; i < 4 && more_finalize_hooks[i]; i++)
        more_finalize_hooks[i]();
    sweep();
    release_free_pages();
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

size_t gc_mem_alloc(void) { return (used_blocks - leaf1_left()) * GC_BLOCK_SIZE; }
size_t gc_mem_free(void) { return (heap_blocks - used_blocks + leaf1_left()) * GC_BLOCK_SIZE; }

void gc_get_stats(struct gc_stats *out)
{
    out->heap_bytes = heap_blocks * GC_BLOCK_SIZE;
    out->used_bytes = gc_mem_alloc();
    out->free_bytes = gc_mem_free();
    out->arenas = arena_count;
    out->collections = collections;
    out->last_collect_ns = last_collect_ns;
    out->mark_stack_overflows = overflow_count;
}
