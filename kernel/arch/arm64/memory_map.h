/* Where RAM and devices may be on each ARM64 board: the windows the boot
 * page tables map before the device tree has been read. Shared by
 * boot/arm64/entry.S and the C code, so only #defines here.
 *
 * The boot map covers the first MAP_END bytes of physical address space
 * with 2 MiB blocks: device memory (nGnRE, never executable) inside the
 * device window, normal write-back cacheable memory inside the RAM window,
 * nothing elsewhere. Once the memory nodes are known, mmu_trim_to_ram()
 * unmaps the RAM-window blocks that hold no RAM. */
#pragma once

#define MAP_END             0x200000000     /* 8 GiB: the largest Pi 4 */
#define BLOCK_SIZE          0x200000        /* 2 MiB */

#if defined(BOARD_VIRT)
/* QEMU virt: devices below 1 GiB (GIC, PL011, RTC, virtio-mmio), RAM from 1 GiB. */
#define RAM_WINDOW_START    0x40000000
#define RAM_WINDOW_END      MAP_END
#define DEVICE_WINDOW_START 0x0
#define DEVICE_WINDOW_END   0x40000000
#elif defined(BOARD_RPI4)
/* BCM2711 in low-peripheral mode: RAM from 0, peripherals and the GIC-400
 * in the top 64 MiB below 4 GiB, more RAM above 4 GiB on 8 GiB boards. */
#define RAM_WINDOW_START    0x0
#define RAM_WINDOW_END      MAP_END
#define DEVICE_WINDOW_START 0xFC000000
#define DEVICE_WINDOW_END   0x100000000
#else
#error "define BOARD_VIRT or BOARD_RPI4"
#endif

/* MAIR_EL1 attribute indexes used by the block descriptors. */
#define MAIR_DEVICE_NGNRE   0       /* 0x04 */
#define MAIR_NORMAL_WB      1       /* 0xFF: inner and outer write-back, read/write allocate */
#define MAIR_NORMAL_NC      2       /* 0x44: non-cacheable, for later DMA buffers */
#define MAIR_VALUE          0x44FF04

/* Level 2 block descriptors (4 KiB granule): valid block, AttrIndx, access
 * flag, shareability, execute-never bits. EL1 read/write (AP = 00). */
#define BLOCK_NORMAL        0x0040000000000705   /* UXN | AF | inner shareable | attr 1 | block */
#define BLOCK_DEVICE        0x0060000000000401   /* UXN | PXN | AF | attr 0 | block */

/* Level 3 page descriptors (4 KiB), for the kernel image and the JIT's
 * code region: writable and never executable, read-only and executable at
 * EL1, or read-only. Nothing is both writable and executable. */
#define PAGE_WRITABLE       0x0060000000000707   /* UXN | PXN | AF | inner shareable | attr 1 | page */
#define PAGE_EXECUTABLE     0x0040000000000787   /* UXN | AF | inner shareable | AP = EL1 read-only | attr 1 | page */
#define PAGE_READ_ONLY      0x0060000000000787   /* UXN | PXN | AF | inner shareable | AP = EL1 read-only | attr 1 | page */

/* The kernel image's 2 MiB blocks are mapped with 4 KiB pages (text
 * executable, rodata read-only, the rest writable): this many at most. */
#define KERNEL_L3_TABLES    16
#define TABLE_DESCRIPTOR    0x3
#define DESCRIPTOR_PXN      (1ull << 53)

/* SCTLR_EL1 bits that are RES1 in ARMv8.0, plus the ones we set. */
#define SCTLR_EL1_RES1      0x30D00800
#define SCTLR_M             (1 << 0)
#define SCTLR_C             (1 << 2)
#define SCTLR_I             (1 << 12)
