/* What the ARM64 arch code learns at boot about the machine, from the
 * device tree when there is one and from the board's defaults otherwise,
 * and the few hooks each board (virt/, rpi4/) implements. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "arch/arch.h"

enum psci_method { PSCI_NONE, PSCI_HVC, PSCI_SMC };

struct arm64_platform {
    const char *board;              /* "virt", "rpi4" */
    const char *loader;             /* "QEMU -kernel", "boot firmware" */
    unsigned entry_el;              /* exception level at _start */
    uintptr_t fdt_fallback;         /* where to look when x0 holds no device tree, or 0 */
    uintptr_t uart_base;
    uint32_t uart_clock_hz;         /* 0: keep the firmware's baud rate */
    unsigned uart_intid;
    uintptr_t gicd, gicc;           /* GICv2 distributor and CPU interface */
    unsigned timer_intid;           /* the EL1 virtual timer's PPI */
    enum psci_method psci;
    unsigned from_tree;             /* FROM_TREE_* bits: what the device tree supplied */
};

enum { FROM_TREE_CONSOLE = 1, FROM_TREE_GIC = 2, FROM_TREE_TIMER = 4 };

extern struct arm64_platform platform;

/* ---- board hooks (kernel/arch/arm64/<board>/board.c) ---- */
void board_defaults(struct arm64_platform *p);
/* After the device tree is read, before the console is set up. */
void board_early_init(struct arm64_platform *p);
/* RAM when the device tree names none; returns regions added. */
int board_memory(struct boot_info *info);
/* Board-specific ranges to keep out of the page allocator. */
void board_reserve(struct boot_info *info);
/* Extra boot log lines (board revision, clocks). */
void board_log(void);
/* Used when the device tree offers no PSCI. */
void board_poweroff(void);
void board_reboot(void);

/* ---- arch internals ---- */
void mmu_trim_to_ram(const struct boot_info *info);
bool mmu_is_mapped_normal(uintptr_t addr);
void psci_poweroff(void);
void psci_reboot(void);
