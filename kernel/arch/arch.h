/* The thin line between the portable kernel and a board.
 *
 * Each board (arch/x86_64 for pc, arch/hosted for a Linux process, later
 * arch/arm64) implements these; everything above this header is the same
 * code on every board. The arch entry code fills a struct boot_info and
 * calls kmain(). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum mem_type { MEM_USABLE = 1, MEM_RESERVED = 2, MEM_ACPI = 3, MEM_NVS = 4, MEM_BAD = 5 };

struct mem_region {
    uint64_t base;
    uint64_t length;
    uint32_t type;          /* enum mem_type */
};

#define BOOT_MAX_REGIONS 64
#define BOOT_MAX_RESERVED 16

struct boot_info {
    const char *board;                      /* "pc", "hosted", ... */
    const char *loader;                     /* who started us: "GRUB 2.06", "linux" */
    const char *firmware;                   /* "BIOS", "UEFI", "device tree", "none" */
    const char *cmdline;
    struct mem_region regions[BOOT_MAX_REGIONS];
    int region_count;
    /* Ranges inside usable RAM that must not be handed out: the kernel
     * image, the loader's information, boot modules. */
    struct mem_region reserved[BOOT_MAX_RESERVED];
    int reserved_count;
    int argc;                               /* hosted: the process arguments */
    char **argv;
    char **envp;                            /* hosted: the environment (NULL-terminated); else NULL */
};

/* Called first by the arch entry code, before anything is printed. */
void kmain(struct boot_info *info) __attribute__((noreturn));

/* Early set-up after kmain starts: traps, interrupt controller, timer. */
void arch_init_traps(void);
void arch_init_timer(void);
/* The console device: interrupts on, ready to deliver input. */
void arch_init_console_input(void);

void arch_console_write(const char *s, size_t n);
/* Next input byte, or -1 when there is none yet. */
int arch_console_poll(void);
/* Sleep until something happens (an interrupt, input). Returns false when
 * input has ended for good (hosted: end of stdin). */
bool arch_wait_for_event(void);
/* The same, but back by deadline_ns (arch_time_ns; UINT64_MAX: none) at the
 * latest. Optional: the weak default in kernel/vm/thread.c is
 * arch_wait_for_event, enough where a timer interrupt ends every wait
 * within a tick (pc, arm64). */
bool arch_wait_until(uint64_t deadline_ns);
/* Called by the board on every timer tick, in interrupt context (hosted:
 * from a 10 ms signal): the VM's scheduler ends time slices here by setting
 * flags. The weak default in core/main.c does nothing. */
void kernel_timer_tick(void);

/* Execution contexts for the VM's green threads. arch_context_switch saves
 * the callee-saved registers on the current stack, stores the stack pointer
 * in *save_sp and continues the context whose stack pointer is new_sp.
 * arch_context_new prepares the stack below stack_top so that switching to
 * the stack pointer it returns calls entry(), which must never return. */
void arch_context_switch(void **save_sp, void *new_sp);
void *arch_context_new(void *stack_top, void (*entry)(void));

/* Nanoseconds since the kernel's first instruction. */
uint64_t arch_time_ns(void);
uint64_t arch_timer_ticks(void);
unsigned arch_timer_hz(void);

/* A human-readable CPU description; features as a space-separated list. */
struct cpu_info {
    char vendor[16];
    char brand[52];
    unsigned family, model, stepping;
    uint64_t tsc_hz;
    char features[256];
};
void arch_cpu_info(struct cpu_info *out);
bool arch_cpu_has(const char *feature);

/* Executable memory for the JIT (kernel/tensor/jit.c). Pages are writable
 * or executable, never both:
 *   arch_code_alloc  `bytes` (rounded up to pages) of writable, not
 *                    executable memory, page aligned; NULL when none is left.
 *   arch_code_seal   makes [p, p+bytes) read+execute, not writable, and
 *                    makes the new code visible to instruction fetch
 *                    (TLB, and on ARM64 the I-cache); false on failure.
 *   arch_code_free   gives an allocation back (sealed or not).
 * A board without executable memory returns NULL: the JIT then stays on
 * its portable C tier. */
void *arch_code_alloc(size_t bytes);
bool arch_code_seal(void *p, size_t bytes);
void arch_code_free(void *p, size_t bytes);

/* Free memory the kernel will not read before writing it again: a board
 * that borrows its RAM from a host may give the pages back (hosted: madvise
 * DONTNEED, so they read as zero when next touched). `p` and `bytes` are
 * page aligned. Optional: the weak default in kernel/vm does nothing. */
void arch_memory_unused(void *p, size_t bytes);

/* Files of the host (hosted) or of a boot medium, for the VM's imports and
 * kernel.read_file: up to cap bytes of path from offset into buf; returns the
 * bytes read (0 at the end) or -1 when it cannot be read. Optional: a weak
 * default in kernel/vm returns -1. */
long arch_file_read(const char *path, uint64_t offset, void *buf, size_t cap);
/* A whole file mapped read-only into the kernel's address space, for
 * kernel.map_file (model weights used in place, never copied). Returns 0
 * and sets *data / *len, or a negative errno: -2 no such file, -13 not
 * allowed, -21 a directory, -22 not a regular file, -38 this board cannot
 * map files. A mapping lasts until the kernel ends. Optional: the weak
 * default in kernel/vm returns -38. */
int arch_file_map(const char *path, const uint8_t **data, size_t *len);
/* The error console (hosted: file descriptor 2). Optional: the default
 * writes to the console. */
void arch_console_write_error(const char *s, size_t n);
/* Ends the kernel with a status (hosted: the process's exit status).
 * Optional: the default is arch_poweroff(). */
void arch_exit(int status) __attribute__((noreturn));

/* The frame pointer of the caller, to start a backtrace. */
uintptr_t arch_frame_pointer(void);
/* True when [addr, addr+len) can be read without faulting. */
bool arch_address_readable(uintptr_t addr, size_t len);

void arch_reboot(void) __attribute__((noreturn));
void arch_poweroff(void) __attribute__((noreturn));
/* Stop this CPU for good, interrupts off. */
void arch_halt(void) __attribute__((noreturn));

/* ---- Device access for drivers: the `hw` module (kernel/vm/mod_hw.c) ----
 * Optional: a board without devices (hosted) keeps the weak defaults in
 * mod_hw.c, which refuse. On failure *why gets a static message. */
/* Port I/O (x86 only): width 1, 2 or 4 bytes. */
bool arch_port_read(unsigned port, unsigned width, uint32_t *value, const char **why);
bool arch_port_write(unsigned port, unsigned width, uint32_t value, const char **why);
/* Device registers at physical [phys, phys+len): makes them reachable
 * uncached (device memory) and returns their virtual address, or 0 with
 * *why when the board cannot map them there. The caller (mod_hw.c) has
 * already refused RAM and the kernel's own ranges. */
uintptr_t arch_mmio_map(uint64_t phys, uint64_t len, const char **why);
/* One register access of `width` bytes (1, 2, 4, 8) at a mapped address;
 * false when the bus reports an error (no device there: arm64 turns the
 * synchronous external abort into this instead of a panic). */
bool arch_mmio_read(uintptr_t addr, unsigned width, uint64_t *value);
bool arch_mmio_write(uintptr_t addr, unsigned width, uint64_t value);
/* Interrupt lines for drivers (pc: legacy IRQ 0-15 on the 8259s; arm64:
 * GIC SPIs, INTID 32 and up). `handler` runs in interrupt context with the
 * line's end-of-interrupt after it; false with *why when the line does not
 * exist or the kernel uses it. */
bool arch_irq_attach(unsigned line, void (*handler)(void), const char **why);
void arch_irq_detach(unsigned line);
void arch_irq_set_masked(unsigned line, bool masked);
/* Devices the firmware describes (the device tree's nodes compatible with
 * `compatible`): up to max of them into out; returns how many there are
 * (0 without a device tree). The weak default returns -1: this board has
 * no device access at all, and `import hw` says so. */
struct arch_device { uint64_t address, size; unsigned irq; };
int arch_find_devices(const char *compatible, struct arch_device *out, int max);
/* The physical address devices use for kernel memory at p. */
uint64_t arch_physical_address(const void *p);
/* Orders every earlier memory and device access before every later one
 * (descriptors written before the doorbell, status read after the IRQ). */
void arch_memory_barrier(void);
