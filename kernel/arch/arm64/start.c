/* The ARM64 boards' C entry, called by boot/arm64/entry.S at EL1 with the
 * MMU and caches on: reads the device tree (memory, console, GIC, timer,
 * PSCI), sets up the console and calls kmain(). Also the console half of
 * arch.h. */
#include "arch/arch.h"
#include "arch/arm64/cpu.h"
#include "arch/arm64/fdt.h"
#include "arch/arm64/memory_map.h"
#include "arch/arm64/platform.h"
#include "arch/arm64/traps.h"
#include "drivers/uart/pl011.h"
#include "lib/format.h"
#include "lib/string.h"

extern char kernel_image_start[], kernel_image_end[];   /* boot/arm64/<board>.ld */

struct arm64_platform platform;
static struct boot_info boot_info;
static char loader_text[96];

static void add_region(struct mem_region *list, int *count, int max, uint64_t base, uint64_t length, uint32_t type)
{
    if (length && *count < max)
        list[(*count)++] = (struct mem_region){ base, length, type };
}

static void add_memory_node(const struct fdt_node *node, void *ctx)
{
    (void)ctx;
    uint64_t base, size;
    for (int i = 0; fdt_reg(node, i, &base, &size); i++)
        add_region(boot_info.regions, &boot_info.region_count, BOOT_MAX_REGIONS, base, size, MEM_USABLE);
}

static void add_reserved_node(const struct fdt_node *node, void *ctx)
{
    (void)ctx;
    uint64_t base, size;
    for (int i = 0; fdt_reg(node, i, &base, &size); i++)
        add_region(boot_info.reserved, &boot_info.reserved_count, BOOT_MAX_RESERVED, base, size, MEM_RESERVED);
}

/* The console: /chosen stdout-path (a path or an alias, maybe ":115200n8"
 * after it), else the first PL011. */
static bool find_console(struct fdt_node *out)
{
    struct fdt_node chosen, aliases;
    const char *path = fdt_find_path("/chosen", &chosen) ? fdt_property_string(&chosen, "stdout-path") : 0;
    if (path) {
        char name[64];
        size_t n = 0;
        while (path[n] && path[n] != ':' && n < sizeof name - 1) {
            name[n] = path[n];
            n++;
        }
        name[n] = 0;
        const char *full = name;
        if (name[0] != '/' && fdt_find_path("/aliases", &aliases))
            full = fdt_property_string(&aliases, name);
        if (full && fdt_find_path(full, out) && fdt_is_compatible(out, "arm,pl011"))
            return true;
    }
    return fdt_find_compatible("arm,pl011", out);
}

static void read_device_tree(void)
{
    struct fdt_node node;
    uint64_t base, size;
    if (find_console(&node) && fdt_reg(&node, 0, &base, &size)) {
        platform.uart_base = (uintptr_t)base;
        platform.from_tree |= FROM_TREE_CONSOLE;
        unsigned intid;
        if (fdt_interrupt(&node, 0, &intid))
            platform.uart_intid = intid;
        uint32_t hz = fdt_clock_frequency(&node);
        if (hz)
            platform.uart_clock_hz = hz;
    }
    if ((fdt_find_compatible("arm,cortex-a15-gic", &node) || fdt_find_compatible("arm,gic-400", &node) ||
         fdt_find_compatible("arm,cortex-a7-gic", &node)) &&
        fdt_reg(&node, 0, &base, &size)) {
        platform.gicd = (uintptr_t)base;
        if (fdt_reg(&node, 1, &base, &size)) {
            platform.gicc = (uintptr_t)base;
            platform.from_tree |= FROM_TREE_GIC;
        }
    } else if (fdt_find_compatible("arm,gic-v3", &node)) {
        platform.gicd = platform.gicc = 0;      /* reported by arch_init_traps */
    }
    /* arm,armv8-timer interrupts: secure phys, non-secure phys, virtual, hyp. */
    unsigned intid;
    if ((fdt_find_compatible("arm,armv8-timer", &node) || fdt_find_compatible("arm,armv7-timer", &node)) &&
        fdt_interrupt(&node, 2, &intid)) {
        platform.timer_intid = intid;
        platform.from_tree |= FROM_TREE_TIMER;
    }
    if (fdt_find_path("/psci", &node)) {
        const char *method = fdt_property_string(&node, "method");
        if (method && strcmp(method, "hvc") == 0)
            platform.psci = PSCI_HVC;
        else if (method && strcmp(method, "smc") == 0)
            platform.psci = PSCI_SMC;
    }
}

static void read_memory(void)
{
    fdt_for_each_device_type("memory", add_memory_node, 0);
    if (boot_info.region_count == 0)
        board_memory(&boot_info);
    add_region(boot_info.reserved, &boot_info.reserved_count, BOOT_MAX_RESERVED,
               (uintptr_t)kernel_image_start, (uintptr_t)(kernel_image_end - kernel_image_start), MEM_RESERVED);
    if (fdt_present()) {
        add_region(boot_info.reserved, &boot_info.reserved_count, BOOT_MAX_RESERVED,
                   (uintptr_t)fdt_blob(), fdt_total_size(), MEM_RESERVED);
        uint64_t base, size;
        for (int i = 0; fdt_memory_reservation(i, &base, &size); i++)
            add_region(boot_info.reserved, &boot_info.reserved_count, BOOT_MAX_RESERVED, base, size, MEM_RESERVED);
        struct fdt_node node;
        if (fdt_find_path("/reserved-memory", &node))
            fdt_for_each_child(&node, add_reserved_node, 0);
    }
    board_reserve(&boot_info);
    /* The boot page tables map the first MAP_END bytes; RAM above is not used yet. */
    for (int i = 0; i < boot_info.region_count; i++) {
        struct mem_region *r = &boot_info.regions[i];
        if (r->base >= MAP_END)
            r->length = 0;
        else if (r->base + r->length > MAP_END)
            r->length = MAP_END - r->base;
    }
}

void arch_start(uintptr_t device_tree, uint64_t entry_el)
{
    board_defaults(&platform);
    platform.entry_el = (unsigned)entry_el;
    platform.timer_intid = 27;                  /* PPI 11: the EL1 virtual timer */
    bool have_tree = fdt_init((const void *)device_tree);
    if (!have_tree && platform.fdt_fallback)
        have_tree = fdt_init((const void *)platform.fdt_fallback);
    if (have_tree)
        read_device_tree();
    board_early_init(&platform);
    pl011_init(platform.uart_base, platform.uart_clock_hz, 115200);

    read_memory();
    mmu_trim_to_ram(&boot_info);

    if (have_tree)
        snprintf(loader_text, sizeof loader_text, "%s, device tree at 0x%llx, entered at EL%u", platform.loader,
                 (unsigned long long)(uintptr_t)fdt_blob(), platform.entry_el);
    else
        snprintf(loader_text, sizeof loader_text, "%s, entered at EL%u", platform.loader, platform.entry_el);
    boot_info.board = platform.board;
    boot_info.firmware = have_tree ? "device tree" : "none";
    boot_info.loader = loader_text;
    boot_info.cmdline = "";
    struct fdt_node chosen;
    if (have_tree && fdt_find_path("/chosen", &chosen) && fdt_property_string(&chosen, "bootargs"))
        boot_info.cmdline = fdt_property_string(&chosen, "bootargs");
    kmain(&boot_info);
}

/* ---- console ---- */

void arch_console_write(const char *s, size_t n)
{
    pl011_write(s, n);
}

int arch_console_poll(void)
{
    return pl011_read();
}

void arch_init_console_input(void)
{
    irq_register(platform.uart_intid, pl011_irq);
    pl011_enable_rx_irq();
}

bool arch_wait_for_event(void)
{
    /* WFI with interrupts masked still wakes on a pending one; checking for
     * input in between cannot miss a byte that arrives just before it. */
    irq_disable();
    if (!pl011_has_input())
        __asm__ volatile("dsb sy; wfi" ::: "memory");
    irq_enable();
    return true;
}
