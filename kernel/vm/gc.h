/* The garbage-collected heap of the VM.
 *
 * Mark-sweep, non-moving. Memory comes from the page allocator in arenas;
 * each arena is split into 16-byte blocks with four side bitmaps (head,
 * tail, unmarked, leaf). Roots: the C stack (scanned conservatively, interior
 * pointers allowed), registered root ranges, and a hook the interpreter
 * sets to mark its thread stacks. Heap objects are scanned word by word for
 * head pointers into the heap, except leaf blocks (strings, bytes, floats,
 * big int limbs) which are never scanned. Small ints have bit 0 set and
 * cannot be mistaken for pointers. See README.md. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vm/obj.h"

#define GC_BLOCK_SIZE 16

enum gc_flags {
    GC_LEAF = 1,            /* the block holds no pointers: never scanned */
};

void gc_init(void *stack_top);
/* Zeroed memory, 16-byte aligned. On exhaustion (after a collection and an
 * attempt to grow) raises MemoryError and returns NULL. */
void *gc_alloc(size_t bytes, unsigned flags);
/* gc_alloc(16, GC_LEAF), the float's allocation: inline, a pointer bump
 * through a run of blocks gc.c marks as allocated in one go. */
extern uintptr_t gc_leaf1_next, gc_leaf1_end;
void *gc_alloc_leaf1_refill(void);
static inline void *gc_alloc_leaf1(void)
{
    uintptr_t p = gc_leaf1_next;
    if (__builtin_expect(p == gc_leaf1_end, 0))
        return gc_alloc_leaf1_refill();
    gc_leaf1_next = p + GC_BLOCK_SIZE;
    ((uint64_t *)p)[0] = ((uint64_t *)p)[1] = 0;
    return (void *)p;
}
/* Grow or shrink in place when possible, else move. Raises like gc_alloc
 * (p is untouched then). New bytes are zeroed. */
void *gc_realloc(void *p, size_t bytes);
/* Give back a block nothing else refers to (optional). */
void gc_free(void *p);
/* The usable size of a block from gc_alloc. */
size_t gc_block_bytes(const void *p);
bool gc_is_heap_pointer(const void *p);

void gc_collect(void);
/* Bumped whenever blocks are freed (a collection, gc_free, a shrinking or
 * moving gc_realloc): a cache keyed by an object's address is valid only
 * while this is unchanged, since a freed address can be reused. */
extern uint64_t gc_reuse_epoch;
/* Refuse to grow the heap beyond this many bytes of arenas (0: no limit). */
void gc_set_limit(size_t bytes);
/* Collections may not run while disabled (allocation grows the heap). */
void gc_disable(void);
void gc_enable(void);

/* Roots outside the heap and the C stack: arrays of values in static data. */
bool gc_add_root(value_t *start, size_t count);
/* Called during marking; mark with gc_mark_value / gc_mark_range. */
void gc_set_root_hook(void (*hook)(void));
/* Finalization: `hook` runs in each collection after marking, before the
 * sweep; there gc_is_marked(p) is false exactly for heap objects about to
 * be freed (static objects count as marked). The hook may free memory
 * outside the heap but must not allocate from it. One hook (mod_tensor.c:
 * tensor descriptors and TENSOR zone storage). */
void gc_set_finalize_hook(void (*hook)(void));
/* More finalize hooks, run after that one, same rules (up to 4: mod_hw.c's
 * DMA buffers). False when the table is full. */
bool gc_add_finalize_hook(void (*hook)(void));
bool gc_is_marked(const void *p);
void gc_mark_value(value_t v);
void gc_mark_range(const void *start, const void *end); /* conservative, interior pointers ok */
/* The stack bottom (highest address) of the running C stack. */
void gc_set_stack_top(void *top);

struct gc_stats {
    size_t heap_bytes;      /* arenas' block space */
    size_t used_bytes;      /* allocated blocks */
    size_t free_bytes;
    size_t arenas;
    uint64_t collections;
    uint64_t last_collect_ns;   /* only if a clock was given */
    size_t mark_stack_overflows;
};
void gc_get_stats(struct gc_stats *out);
size_t gc_mem_free(void);
size_t gc_mem_alloc(void);
/* A nanosecond clock for statistics (optional). */
void gc_set_clock(uint64_t (*now_ns)(void));
