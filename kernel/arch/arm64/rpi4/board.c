/* Raspberry Pi 4 (BCM2711; QEMU's raspi4b): GIC-400, PL011 UART0 on GPIO
 * 14/15, memory and clocks from the firmware's mailbox when the device tree
 * does not say, watchdog reset for reboot and the firmware's halt for
 * poweroff (the Pi firmware offers no PSCI). */
#include "arch/arm64/cpu.h"
#include "arch/arm64/fdt.h"
#include "arch/arm64/platform.h"
#include "arch/arm64/rpi4/mailbox.h"
#include "core/log.h"

#define GPIO_BASE       0xFE200000u
#define GPFSEL1         (GPIO_BASE + 0x04)
#define GPIO_PULL0      (GPIO_BASE + 0xE4)  /* GPIO_PUP_PDN_CNTRL_REG0: 2 bits a pin */
#define PM_BASE         0xFE100000u
#define PM_RSTC         (PM_BASE + 0x1C)
#define PM_RSTS         (PM_BASE + 0x20)
#define PM_WDOG         (PM_BASE + 0x24)
#define PM_PASSWORD     0x5A000000u
#define PM_RSTC_FULL_RESET 0x20u
#define PM_RSTS_HALT    0x555u              /* "boot partition 63": the firmware halts */

void board_defaults(struct arm64_platform *p)
{
    p->board = "rpi4";
    p->loader = "the Raspberry Pi firmware";
    p->fdt_fallback = 0;
    p->uart_base = 0xFE201000;              /* UART0, a PL011 */
    p->uart_clock_hz = 0;
    p->uart_intid = 153;                    /* VideoCore IRQ 57 = GIC SPI 121 */
    p->gicd = 0xFF841000;
    p->gicc = 0xFF842000;
    p->psci = PSCI_NONE;
}

void board_early_init(struct arm64_platform *p)
{
    /* The Pi firmware always passes a device tree; QEMU -kernel passes none
     * unless given -dtb. */
    if (!fdt_present())
        p->loader = "a loader that passed no device tree (QEMU -kernel)";
    /* GPIO 14/15 to ALT0 (TXD0/RXD0), RX pulled up, TX without pull. */
    uint32_t sel = mmio_read32(GPFSEL1);
    sel &= ~((7u << 12) | (7u << 15));
    sel |= (4u << 12) | (4u << 15);
    mmio_write32(GPFSEL1, sel);
    uint32_t pull = mmio_read32(GPIO_PULL0);
    pull &= ~((3u << 28) | (3u << 30));
    pull |= 1u << 30;
    mmio_write32(GPIO_PULL0, pull);
    /* The firmware sets the UART clock (48 MHz by default): ask it. */
    uint32_t hz = mailbox_clock_rate(CLOCK_UART);
    if (hz)
        p->uart_clock_hz = hz;
}

/* Without a device tree: the mailbox gives the ARM's part of the first GiB;
 * the board revision gives the total, the rest of which lies from 1 GiB up
 * (with the peripheral hole below 4 GiB, as the firmware's tree says). */
int board_memory(struct boot_info *info)
{
    uint32_t words[2] = { 0, 0 }, rev[1] = { 0 };
    int added = 0;
    if (!mailbox_property(TAG_ARM_MEMORY, words, 2) || words[1] == 0)
        return 0;
    info->regions[info->region_count++] = (struct mem_region){ words[0], words[1], MEM_USABLE };
    added++;
    if (!mailbox_property(TAG_BOARD_REVISION, rev, 1) || !(rev[0] & (1u << 23)))
        return added;
    uint64_t total = 256ull << (20 + ((rev[0] >> 20) & 7));
    uint64_t low_end = total < 0xFC000000ull ? total : 0xFC000000ull;
    if (low_end > 0x40000000ull && info->region_count < BOOT_MAX_REGIONS) {
        info->regions[info->region_count++] = (struct mem_region){ 0x40000000, low_end - 0x40000000, MEM_USABLE };
        added++;
    }
    if (total > 0x100000000ull && info->region_count < BOOT_MAX_REGIONS) {
        info->regions[info->region_count++] = (struct mem_region){ 0x100000000ull, total - 0x100000000ull, MEM_USABLE };
        added++;
    }
    return added;
}

void board_reserve(struct boot_info *info)
{
    /* The armstub and the secondary CPUs' spin tables live below the kernel. */
    if (info->reserved_count < BOOT_MAX_RESERVED)
        info->reserved[info->reserved_count++] = (struct mem_region){ 0, 0x80000, MEM_RESERVED };
}

static const char *memory_size(uint32_t revision)
{
    static const char *const sizes[] = { "256 MB", "512 MB", "1 GB", "2 GB", "4 GB", "8 GB", "16 GB" };
    unsigned m = (revision >> 20) & 7;
    return m < 7 ? sizes[m] : "?";
}

void board_log(void)
{
    uint32_t rev[1] = { 0 }, vc[2] = { 0, 0 };
    if (!mailbox_property(TAG_BOARD_REVISION, rev, 1)) {
        klog("rpi4: the firmware mailbox does not answer");
        return;
    }
    mailbox_property(TAG_VC_MEMORY, vc, 2);
    klog("rpi4: board revision 0x%06x (%s RAM), ARM %u MHz, core %u MHz, UART clock %u Hz, VideoCore memory %u MiB at 0x%08x",
         rev[0], (rev[0] & (1u << 23)) ? memory_size(rev[0]) : "old-style code",
         mailbox_clock_rate(CLOCK_ARM) / 1000000, mailbox_clock_rate(CLOCK_CORE) / 1000000,
         mailbox_clock_rate(CLOCK_UART), vc[1] >> 20, vc[0]);
}

static void watchdog_reset(uint32_t partition_bits)
{
    uint32_t rsts = mmio_read32(PM_RSTS) & ~(0xFF000000u | PM_RSTS_HALT);   /* keep the other bits */
    mmio_write32(PM_RSTS, PM_PASSWORD | rsts | partition_bits);
    mmio_write32(PM_WDOG, PM_PASSWORD | 10);                 /* about 150 us */
    uint32_t rstc = mmio_read32(PM_RSTC) & ~0x30u;
    mmio_write32(PM_RSTC, PM_PASSWORD | rstc | PM_RSTC_FULL_RESET);
}

void board_poweroff(void) { watchdog_reset(PM_RSTS_HALT); }
void board_reboot(void) { watchdog_reset(0); }
