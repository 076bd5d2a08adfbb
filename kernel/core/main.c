/* The portable kernel entry: every board's arch code ends up here. */
#include "arch/arch.h"
#include "core/console.h"
#include "core/log.h"
#include "core/shell.h"
#include "core/version.h"
#include "mm/heap.h"
#include "mm/page_alloc.h"
#include "tensor/tensor.h"

const struct boot_info *boot_info_saved;

/* The VM (kernel/vm/vm_main.c), when it is linked in: runs the Python shell
 * (hosted with an argument: that file); returns only if it cannot start,
 * and the C shell takes over. */
int vm_main(const struct boot_info *info) __attribute__((weak));
static bool quiet;      /* hosted `tensoros FILE.py`: no boot log on stdout */

/* The timer tick's hook (arch.h): the VM's scheduler replaces it. */
__attribute__((weak)) void kernel_timer_tick(void) {}

/* Runs one boot phase and logs how long it took. */
static void phase(const char *name, void (*fn)(void))
{
    uint64_t start = time_us();
    fn();
    if (!quiet)
        klog("%s (%llu us)", name, (unsigned long long)(time_us() - start));
}

static void init_memory(void)
{
    page_alloc_init(boot_info_saved);
}

void kmain(struct boot_info *info)
{
    boot_info_saved = info;
    quiet = vm_main && info->argc > 1;
    if (!quiet)
        klog("TensorOS " TENSOROS_VERSION " on board %s (firmware: %s), loaded by %s", info->board,
         info->firmware ? info->firmware : "unknown", info->loader);
    phase("traps", arch_init_traps);
    phase("memory", init_memory);
    struct page_stats ps;
    page_stats(&ps);
    if (!quiet)
        klog("memory: %llu MiB usable, %llu MiB free",
         (unsigned long long)(ps.managed_pages * PAGE_SIZE >> 20),
         (unsigned long long)(ps.free_pages * PAGE_SIZE >> 20));
    phase("timer", arch_init_timer);
    phase("console input", arch_init_console_input);
    phase("tensor", tensor_init);
    if (vm_main)
        vm_main(info);
    shell_run();
    arch_poweroff();
}
