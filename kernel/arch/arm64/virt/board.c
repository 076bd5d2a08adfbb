/* QEMU's `virt` machine: GICv2, PL011, PSCI from the device tree. QEMU puts
 * the device tree at the start of RAM for an ELF kernel (x0 is 0 then) and
 * passes it in x0 for an Image. */
#include "arch/arm64/platform.h"

void board_defaults(struct arm64_platform *p)
{
    p->board = "virt";
    p->loader = "QEMU -kernel";
    p->fdt_fallback = 0x40000000;
    p->uart_base = 0x09000000;
    p->uart_clock_hz = 0;               /* QEMU's PL011 needs no divisor; the DT's apb-pclk overrides */
    p->uart_intid = 33;                 /* SPI 1 */
    p->gicd = 0x08000000;
    p->gicc = 0x08010000;
    p->psci = PSCI_NONE;
}

void board_early_init(struct arm64_platform *p) { (void)p; }
int board_memory(struct boot_info *info) { (void)info; return 0; }
void board_reserve(struct boot_info *info) { (void)info; }
void board_log(void) {}
void board_poweroff(void) {}
void board_reboot(void) {}
