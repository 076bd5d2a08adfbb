/* The pc board's C entry, called by boot/x86_64/entry.asm in long mode. */
#include "arch/arch.h"
#include "arch/x86_64/clock.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/multiboot2.h"
#include "arch/x86_64/power.h"
#include "arch/x86_64/traps.h"
#include "drivers/ps2/ps2_keyboard.h"
#include "drivers/uart/ns16550.h"
#include "drivers/vga/vga_text.h"
#include "lib/string.h"

extern char kernel_image_start[], kernel_image_end[];   /* boot/x86_64/kernel.ld */
static struct boot_info boot_info;
uint64_t x86_ram_end;                  /* end of the highest usable RAM, mapped or not */

/* AVX state on when the CPU has it: XCR0 gets x87, SSE and the YMM halves. */
static void enable_avx(void)
{
    if (!x86_cpu_has("xsave") || !x86_cpu_has("avx"))
        return;
    WRITE_CR(4, READ_CR(4) | (1u << 18));   /* CR4.OSXSAVE */
    uint64_t xcr0 = 0x7;
    uint32_t r[4];
    cpuid(0xD, 0, r);
    if ((r[0] & 0xE0) == 0xE0 && x86_cpu_has("avx512f"))
        xcr0 |= 0xE0;                       /* opmask and ZMM state */
    xsetbv(0, xcr0);
}

static void fatal_early(const char *msg)
{
    ns16550_write(msg, strlen(msg));
    arch_halt();
}

void arch_start(uint32_t magic, uint32_t info)
{
    ns16550_init(0x3F8, 115200);
    x86_clock_init();
    boot_info.board = "pc";
    boot_info.loader = "unknown loader";
    boot_info.cmdline = "";
    uintptr_t rsdp = 0;
    if (multiboot2_parse(magic, info, &boot_info, &rsdp) != 0)
        fatal_early("TensorOS: not started by a Multiboot2 loader; halting.\r\n");
    /* Low memory holds BIOS data and the EBDA; the kernel image is ours. */
    boot_info.reserved[boot_info.reserved_count++] = (struct mem_region){ 0, 0x100000, MEM_RESERVED };
    boot_info.reserved[boot_info.reserved_count++] = (struct mem_region){
        (uintptr_t)kernel_image_start, (uintptr_t)(kernel_image_end - kernel_image_start), MEM_RESERVED };
    /* entry.asm maps the first 4 GiB; RAM above it is not used yet (but
     * x86_ram_end remembers it, so hw.c never maps it as device memory). */
    for (int i = 0; i < boot_info.region_count; i++) {
        struct mem_region *r = &boot_info.regions[i];
        if (r->type != MEM_USABLE)
            continue;
        if (r->base + r->length > x86_ram_end)
            x86_ram_end = r->base + r->length;
        if (r->base + r->length > 0x100000000ull)
            r->length = r->base >= 0x100000000ull ? 0 : 0x100000000ull - r->base;
    }
    acpi_init(rsdp);
    enable_avx();
    /* Under UEFI there is no text mode: the screen is a framebuffer. */
    if (boot_info.firmware[0] == 'B')
        vga_text_init();
    kmain(&boot_info);
}

void arch_console_write(const char *s, size_t n)
{
    ns16550_write(s, n);
    vga_text_write(s, n);
}

int arch_console_poll(void)
{
    int c = ns16550_read();
    return c >= 0 ? c : ps2_keyboard_read();
}

void arch_init_console_input(void)
{
    irq_register(4, ns16550_irq);
    ns16550_enable_rx_irq();
    ps2_keyboard_init();
    irq_register(1, ps2_keyboard_irq);
}

bool arch_wait_for_event(void)
{
    /* sti; hlt back to back: an interrupt between them cannot be lost. */
    __asm__ volatile("sti; hlt" ::: "memory");
    return true;
}

void arch_cpu_info(struct cpu_info *out)
{
    x86_cpu_describe(out);
    out->tsc_hz = x86_tsc_hz();
}

bool arch_cpu_has(const char *feature)
{
    return x86_cpu_has(feature);
}

uintptr_t arch_frame_pointer(void)
{
    return (uintptr_t)__builtin_frame_address(0);
}

bool arch_address_readable(uintptr_t addr, size_t len)
{
    /* Everything in the identity map below 4 GiB is mapped. */
    return addr >= 0x1000 && addr + len <= 0x100000000ull && addr + len > addr;
}
