/* ARM64 entry for the virt and rpi4 boards.
 *
 * The loader (QEMU -kernel, or the Raspberry Pi firmware and its armstub)
 * jumps to _start with the MMU off, at EL2 (or EL1 when the machine has no
 * EL2), x0 = the device tree's physical address or 0. We
 *   1. note the counter (boot timing starts here) and park every CPU but 0;
 *   2. drop from EL2 to EL1: EL1 is AArch64, may use the counters and the
 *      FP/SIMD registers, and reads the real MIDR/MPIDR;
 *   3. turn on FP/SIMD, set the boot stack and the exception vectors;
 *   4. build the boot page tables (identity map, 2 MiB blocks, 4 KiB pages
 *      for the kernel image: see kernel/arch/arm64/memory_map.h) and turn
 *      the MMU and caches on:
 *      C code must not run uncached (alignment rules and ~8x speed);
 *   5. clear .bss and call arch_start(device_tree, entry_el).
 * Memory is identity mapped at the link address, so absolute addresses
 * (ldr xN, =symbol) are right before and after the MMU is on. */
#include "arch/arm64/memory_map.h"

    .section .text.boot, "ax"
    .global _start
_start:
    mrs     x9, CurrentEL
    ubfx    x9, x9, #2, #2
    cmp     x9, #2
    b.ne    1f
    msr     cntvoff_el2, xzr            // virtual count == physical count from now on
    isb
1:  mrs     x20, cntvct_el0             // the kernel's time zero
    mov     x19, x0                     // device tree (or 0)
    mov     x21, x9                     // exception level at entry

    mrs     x9, mpidr_el1
    and     x9, x9, #0xFFFFFF           // Aff2.Aff1.Aff0
    cbnz    x9, park                    // one CPU for now: the others sleep

    cmp     x21, #2
    b.lt    at_el1
    b.gt    park                        // EL3: not supported (the Pi armstub and QEMU leave EL2)

    /* EL2 -> EL1. */
    mov     x9, #(1 << 31)              // HCR_EL2.RW: EL1 is AArch64; nothing trapped to EL2
    msr     hcr_el2, x9
    mrs     x9, cnthctl_el2
    orr     x9, x9, #3                  // EL1PCTEN | EL1PCEN: EL1 may use the physical counter/timer
    msr     cnthctl_el2, x9
    mov     x9, #0x33FF                 // CPTR_EL2: RES1 bits only, TFP = 0 (FP/SIMD not trapped)
    msr     cptr_el2, x9
    msr     hstr_el2, xzr
    mrs     x9, midr_el1                // what EL1 reads as MIDR_EL1 / MPIDR_EL1
    msr     vpidr_el2, x9
    mrs     x9, mpidr_el1
    msr     vmpidr_el2, x9
    ldr     x9, =SCTLR_EL1_RES1         // EL1: MMU and caches off until we set them up
    msr     sctlr_el1, x9
    mov     x9, #0x3C5                  // SPSR: EL1h, D A I F masked
    msr     spsr_el2, x9
    adr     x9, at_el1
    msr     elr_el2, x9
    eret

at_el1:
    ldr     x9, =SCTLR_EL1_RES1
    msr     sctlr_el1, x9               // entered at EL1: make sure the MMU is off too
    mov     x9, #(3 << 20)              // CPACR_EL1.FPEN: FP/SIMD at EL1 and EL0
    msr     cpacr_el1, x9
    isb
    ldr     x9, =boot_stack_top
    mov     sp, x9
    ldr     x9, =exception_vectors
    msr     vbar_el1, x9
    isb

    bl      build_page_tables
    bl      enable_mmu

    ldr     x9, =__bss_start            // .bss is cleared with the caches on
    ldr     x10, =__bss_end
2:  cmp     x9, x10
    b.hs    3f
    stp     xzr, xzr, [x9], #16
    b       2b
3:  ldr     x9, =boot_entry_count
    str     x20, [x9]

    mov     x0, x19
    mov     x1, x21
    mov     x29, xzr                    // the backtrace ends at a zero frame pointer
    mov     x30, xzr
    bl      arch_start
park:
    msr     daifset, #0xF
4:  wfe
    b       4b

/* Identity map of [0, MAP_END) with 2 MiB blocks: L0[0] -> L1, L1[i] -> L2
 * table i (1 GiB each). Written with the MMU off (straight to memory), then
 * invalidated from the data cache so no stale line hides them. */
build_page_tables:
    ldr     x0, =boot_page_tables
    ldr     x1, =boot_page_tables_end
    mov     x2, x0
1:  stp     xzr, xzr, [x2], #16
    cmp     x2, x1
    b.lo    1b

    ldr     x3, =boot_l1
    orr     x4, x3, #3                  // table descriptor
    str     x4, [x0]                    // boot_page_tables is L0

    ldr     x4, =boot_l2
    mov     x5, #0                      // L1 index
    mov     x6, #(MAP_END >> 30)
2:  add     x7, x4, x5, lsl #12
    orr     x7, x7, #3
    str     x7, [x3, x5, lsl #3]
    add     x5, x5, #1
    cmp     x5, x6
    b.lo    2b

    mov     x5, #0                      // physical address of the block
    ldr     x6, =MAP_END
    ldr     x8, =DEVICE_WINDOW_START
    ldr     x9, =DEVICE_WINDOW_END
    ldr     x10, =RAM_WINDOW_START
    ldr     x11, =RAM_WINDOW_END
    ldr     x12, =BLOCK_DEVICE
    ldr     x13, =BLOCK_NORMAL
3:  mov     x7, xzr
    cmp     x5, x8
    b.lo    4f
    cmp     x5, x9
    b.hs    4f
    orr     x7, x5, x12                 // inside the device window
    b       6f
4:  cmp     x5, x10
    b.lo    6f
    cmp     x5, x11
    b.hs    6f
    orr     x7, x5, x13                 // inside the RAM window
6:  lsr     x14, x5, #21                // entry index across the L2 tables
    str     x7, [x4, x14, lsl #3]
    add     x5, x5, #BLOCK_SIZE
    cmp     x5, x6
    b.lo    3b

    /* The kernel image's blocks get 4 KiB pages, so that no page is both
     * writable and executable: text read-only + executable, rodata
     * read-only, everything else (data, bss, stack, page tables, free RAM
     * after the image) read/write + never executable. The linker script
     * checks that KERNEL_L3_TABLES blocks are enough. */
    ldr     x5, =kernel_image_start
    and     x5, x5, #~(BLOCK_SIZE - 1)  // first block
    ldr     x6, =(kernel_image_end + BLOCK_SIZE - 1)
    and     x6, x6, #~(BLOCK_SIZE - 1)  // end of the last block
    ldr     x3, =boot_l3
    ldr     x8, =kernel_image_start     // text starts the image
    ldr     x9, =__text_end
    ldr     x10, =__rodata_end
    ldr     x11, =PAGE_EXECUTABLE
    ldr     x12, =PAGE_READ_ONLY
    ldr     x13, =PAGE_WRITABLE
    mov     x7, x5
8:  mov     x14, x13                    // writable unless text or rodata
    cmp     x7, x8
    b.lo    9f
    cmp     x7, x10
    b.hs    9f
    cmp     x7, x9
    csel    x14, x11, x12, lo
9:  orr     x14, x14, x7
    sub     x15, x7, x5
    lsr     x15, x15, #12
    str     x14, [x3, x15, lsl #3]
    add     x7, x7, #4096
    cmp     x7, x6
    b.lo    8b
    mov     x7, x5                      // the blocks now point at their tables
10: sub     x15, x7, x5
    lsr     x15, x15, #9                // (offset / 2 MiB) * 4096
    add     x14, x3, x15
    orr     x14, x14, #3
    lsr     x15, x7, #21
    str     x14, [x4, x15, lsl #3]
    add     x7, x7, #BLOCK_SIZE
    cmp     x7, x6
    b.lo    10b

    dsb     sy
    mrs     x2, ctr_el0                 // data cache line: 4 << CTR_EL0.DminLine bytes
    ubfx    x2, x2, #16, #4
    mov     x3, #4
    lsl     x2, x3, x2
    mov     x3, x0
7:  dc      ivac, x3
    add     x3, x3, x2
    cmp     x3, x1
    b.lo    7b
    dsb     sy
    ret

enable_mmu:
    ldr     x0, =MAIR_VALUE
    msr     mair_el1, x0
    /* TCR_EL1: T0SZ = 16 (48-bit VA), walks inner/outer write-back and inner
     * shareable, 4 KiB granule, TTBR1 walks off (EPD1), IPS = the CPU's
     * physical address size (at most 48 bits). */
    mrs     x1, id_aa64mmfr0_el1
    and     x1, x1, #7
    cmp     x1, #5
    mov     x2, #5
    csel    x1, x1, x2, ls
    ldr     x0, =(16 | (1 << 8) | (1 << 10) | (3 << 12) | (16 << 16) | (1 << 23))
    orr     x0, x0, x1, lsl #32
    msr     tcr_el1, x0
    ldr     x0, =boot_page_tables
    msr     ttbr0_el1, x0
    isb
    tlbi    vmalle1
    ic      iallu
    dsb     nsh
    isb
    mrs     x0, sctlr_el1
    ldr     x1, =(SCTLR_M | SCTLR_C | SCTLR_I)
    orr     x0, x0, x1
    msr     sctlr_el1, x0
    isb
    ret

    .section .data
    .balign 8
    .global boot_entry_count
boot_entry_count:
    .quad   0

    /* Outside .bss: the tables are built before .bss is cleared, the stack
     * needs no clearing. */
    .section .boot_bss, "aw", %nobits
    .balign 4096
    .global boot_page_tables, boot_page_tables_end, boot_l1, boot_l2
boot_page_tables:                       // L0
    .skip   4096
boot_l1:
    .skip   4096
boot_l2:
    .skip   4096 * (MAP_END >> 30)
    .global boot_l3
boot_l3:
    .skip   4096 * KERNEL_L3_TABLES
boot_page_tables_end:
    .balign 16
boot_stack:
    .skip   65536
    .global boot_stack_top
boot_stack_top:
