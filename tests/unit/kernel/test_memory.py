"""The page allocator and the kernel heap, driven by random workloads on
the host: no overlap between live blocks, statistics that add up, memory
back to the start after everything is freed, NULL (not a crash) when full."""

import subprocess

DRIVER = r'''
#include "arch/arch.h"
#include "mm/page_alloc.h"
#include "mm/heap.h"
#include "lib/string.h"
#include <stdio.h>
#include <stdlib.h>

#define RAM (8u << 20)
static unsigned char ram[RAM] __attribute__((aligned(4096)));
static unsigned long long rng_state = 12345;
static unsigned rnd(void) { rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull; return (unsigned)(rng_state >> 33); }

#define SLOTS 512
static unsigned char *ptr[SLOTS];
static size_t len[SLOTS];

static int fail(const char *what, int i) { printf("FAIL %s at %d\n", what, i); return 1; }

int main(void) {
    struct boot_info bi = {0};
    bi.regions[0] = (struct mem_region){ (uintptr_t)ram, RAM, MEM_USABLE };
    bi.region_count = 1;
    bi.reserved[0] = (struct mem_region){ (uintptr_t)ram + 4096 * 10, 4096 * 3, MEM_RESERVED };
    bi.reserved_count = 1;
    page_alloc_init(&bi);
    struct page_stats ps0; page_stats(&ps0);
    if (ps0.managed_pages != RAM / 4096) return fail("managed", 0);
    /* pages 10-12 are reserved: never handed out */
    for (int round = 0; round < 20000; round++) {
        int i = rnd() % SLOTS;
        if (ptr[i]) {
            for (size_t k = 0; k < len[i]; k++)
                if (ptr[i][k] != (unsigned char)i) return fail("corrupted block", i);
            kfree(ptr[i]);
            ptr[i] = 0;
        } else {
            size_t n = (rnd() % 4 == 0) ? rnd() % 20000 : rnd() % 300;
            ptr[i] = kmalloc(n);
            if (!ptr[i]) continue;
            if (((uintptr_t)ptr[i] & 15) != 0) return fail("alignment", i);
            uintptr_t a = (uintptr_t)ptr[i];
            if (a < (uintptr_t)ram || a + n > (uintptr_t)ram + RAM) return fail("outside RAM", i);
            if (a + n > (uintptr_t)ram + 4096 * 10 && a < (uintptr_t)ram + 4096 * 13) return fail("reserved page used", i);
            len[i] = n;
            memset(ptr[i], i, n);
        }
    }
    for (int i = 0; i < SLOTS; i++) { kfree(ptr[i]); ptr[i] = 0; }
    struct heap_stats hs; heap_stats(&hs);
    if (hs.allocations != 0 || hs.bytes_in_use != 0) return fail("heap not empty", (int)hs.allocations);
    /* Exhaustion: allocate pages until NULL, then free them all. */
    void *pages[4096]; int count = 0;
    while (count < 4096 && (pages[count] = page_alloc(1))) count++;
    if (count == 4096) return fail("never exhausted", 0);
    if (kmalloc(1 << 20) != 0) return fail("large kmalloc when full", 0);
    for (int i = 0; i < count; i++) page_free(pages[i], 1);
    void *big = page_alloc(256);
    if (!big) return fail("contiguous after free", 0);
    page_free(big, 256);
    struct page_stats ps1; page_stats(&ps1);
    printf("OK managed=%llu free=%llu chunks=%llu\n", (unsigned long long)ps1.managed_pages,
           (unsigned long long)ps1.free_pages, (unsigned long long)hs.bytes_reserved);
    return 0;
}
'''


def test_page_alloc_and_heap(build_host_program):
    exe = build_host_program("memory_test", ["kernel/mm/page_alloc.c", "kernel/mm/heap.c", "kernel/lib/string.c"], DRIVER)
    proc = subprocess.run([exe], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.startswith("OK"), proc.stdout + proc.stderr
