"""kernel/mm/code_pages.c on the host: the JIT code region's page runs,
which the pc and ARM64 boards share. The region is 2 MiB-aligned with the
rest of the over-allocation given back; runs never overlap; a pointer that
is not the start of a live allocation is refused; freed runs are reused."""

import subprocess

DRIVER = r'''
#include "arch/arch.h"
#include "mm/page_alloc.h"
#include "mm/code_pages.h"
#include <stdio.h>

#define RAM (8u << 20)
static unsigned char ram[RAM] __attribute__((aligned(4096)));
static unsigned long long rng_state = 99;
static unsigned rnd(void) { rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull; return (unsigned)(rng_state >> 33); }
static int fail(const char *what, long i) { printf("FAIL %s at %ld\n", what, i); return 1; }

#define SLOTS 64
static long first[SLOTS];
static size_t bytes[SLOTS];
static unsigned char owner[CODE_REGION_PAGES];

int main(void) {
    struct boot_info bi = {0};
    /* Start the usable RAM one page past a 2 MiB boundary, so aligning costs pages. */
    uintptr_t start = (((uintptr_t)ram + CODE_REGION_BYTES - 1) & ~(uintptr_t)(CODE_REGION_BYTES - 1)) - (1u << 20) + 4096;
    if (start < (uintptr_t)ram) start += CODE_REGION_BYTES;
    bi.regions[0] = (struct mem_region){ start, (uintptr_t)ram + RAM - start, MEM_USABLE };
    bi.region_count = 1;
    page_alloc_init(&bi);
    struct page_stats before; page_stats(&before);

    struct code_pages cp = {0};
    if (code_pages_take(&cp, 4096) != -1) return fail("take without a region", 0);
    cp.base = code_region_reserve();
    if (!cp.base || ((uintptr_t)cp.base & (CODE_REGION_BYTES - 1))) return fail("region not aligned", 0);
    struct page_stats after; page_stats(&after);
    if (before.free_pages - after.free_pages != CODE_REGION_PAGES) return fail("over-allocation not given back", (long)(before.free_pages - after.free_pages));

    for (int i = 0; i < SLOTS; i++) first[i] = -1;
    for (int round = 0; round < 20000; round++) {
        int i = rnd() % SLOTS;
        if (first[i] >= 0) {
            void *p = cp.base + first[i] * PAGE_SIZE;
            if (code_pages_find(&cp, p, bytes[i]) != first[i]) return fail("find", i);
            if (code_pages_find(&cp, (char *)p + 1, bytes[i]) != -1) return fail("unaligned pointer accepted", i);
            if (code_pages_find(&cp, p, bytes[i] + PAGE_SIZE * 64) != -1) return fail("size beyond the run accepted", i);
            size_t count = code_pages_release(&cp, (size_t)first[i]);
            if (count != code_pages_for(bytes[i])) return fail("release count", i);
            for (size_t k = 0; k < count; k++) {
                if (owner[first[i] + k] != i + 1) return fail("owner", i);
                owner[first[i] + k] = 0;
            }
            if (code_pages_find(&cp, p, bytes[i]) != -1) return fail("freed run still found", i);
            first[i] = -1;
        } else {
            size_t n = 1 + rnd() % (rnd() % 8 == 0 ? 200000 : 12000);
            long f = code_pages_take(&cp, n);
            if (f < 0) continue;
            size_t count = code_pages_for(n);
            if ((size_t)f + count > CODE_REGION_PAGES) return fail("run past the region", i);
            for (size_t k = 0; k < count; k++) {
                if (owner[f + k]) return fail("overlap", i);
                owner[f + k] = (unsigned char)(i + 1);
            }
            first[i] = f;
            bytes[i] = n;
        }
    }
    for (int i = 0; i < SLOTS; i++)
        if (first[i] >= 0) code_pages_release(&cp, (size_t)first[i]);
    if (code_pages_take(&cp, CODE_REGION_BYTES) != 0) return fail("whole region after freeing all", 0);
    if (code_pages_take(&cp, 1) != -1) return fail("take from a full region", 0);
    if (code_pages_take(&cp, CODE_REGION_BYTES + 1) != -1 || code_pages_take(&cp, 0) != -1) return fail("bad sizes", 0);
    if (code_pages_find(&cp, cp.base - PAGE_SIZE, 1) != -1 || code_pages_find(&cp, cp.base + CODE_REGION_BYTES, 1) != -1)
        return fail("pointer outside the region accepted", 0);
    printf("OK\n");
    return 0;
}
'''


def test_code_pages(build_host_program):
    exe = build_host_program("code_pages_test", ["kernel/mm/code_pages.c", "kernel/mm/page_alloc.c",
                                                 "kernel/lib/string.c"], DRIVER)
    proc = subprocess.run([exe], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.startswith("OK"), proc.stdout + proc.stderr
