/* The hosted board: the kernel as a Linux process. The console is
 * stdin/stdout (raw mode when stdin is a terminal), RAM is one anonymous
 * mapping, the clock is CLOCK_MONOTONIC. No libc: system calls only, so
 * the kernel's own freestanding code is exactly what runs. */
#include "arch/arch.h"
#include "arch/hosted/linux.h"
#include "arch/x86_64/cpu.h"
#include "lib/string.h"

#define RAM_BYTES (256ull << 20)

static struct boot_info boot_info;
static uint64_t start_ns;
static struct linux_termios saved_termios;
static int terminal_raw;

static uint64_t monotonic_ns(void)
{
    struct linux_timespec ts;
    syscall3(SYS_clock_gettime, 1 /* CLOCK_MONOTONIC */, &ts, 0);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void restore_terminal(void)
{
    if (terminal_raw)
        syscall3(SYS_ioctl, 0, TCSETS, &saved_termios);
    terminal_raw = 0;
}

static __attribute__((noreturn)) void exit_process(int status)
{
    restore_terminal();
    for (;;)
        syscall3(SYS_exit_group, status, 0, 0);
}

/* Raw input: the kernel's line editor does echo and editing itself, and
 * Ctrl-C arrives as a byte, as it does over a serial line. Output keeps the
 * terminal's processing, so Python's lone LF still starts a new line. */
static void terminal_init(void)
{
    if (syscall3(SYS_ioctl, 0, TCGETS, &saved_termios) != 0)
        return;                                 /* not a terminal: a pipe or a file */
    struct linux_termios raw = saved_termios;
    raw.c_lflag &= ~(uint32_t)(LINUX_ICANON | LINUX_ECHO | LINUX_ISIG | LINUX_IEXTEN);
    raw.c_iflag &= ~(uint32_t)(LINUX_ICRNL | LINUX_IXON);
    if (syscall3(SYS_ioctl, 0, TCSETS, &raw) == 0)
        terminal_raw = 1;
}

__attribute__((used)) void hosted_start(long *stack)
{
    start_ns = monotonic_ns();
    int argc = (int)stack[0];
    char **argv = (char **)(stack + 1);
    void *ram = (void *)syscall6(SYS_mmap, 0, RAM_BYTES, 3 /* RW */, 0x22 | 0x4000 /* PRIVATE|ANON|NORESERVE */, -1, 0);
    if ((long)ram < 0) {
        static const char msg[] = "tensoros: cannot map memory for the kernel\n";
        syscall3(SYS_write, 2, msg, sizeof msg - 1);
        exit_process(1);
    }
    boot_info.board = "hosted";
    boot_info.loader = "linux";
    boot_info.firmware = "none";
    boot_info.cmdline = "";
    boot_info.argc = argc;
    boot_info.argv = argv;
    boot_info.regions[0] = (struct mem_region){ (uintptr_t)ram, RAM_BYTES, MEM_USABLE };
    boot_info.region_count = 1;
    terminal_init();
    kmain(&boot_info);
}

__attribute__((naked, noreturn)) void _start(void)
{
    __asm__ volatile(
        "xor %rbp, %rbp\n"
        "mov %rsp, %rdi\n"
        "and $-16, %rsp\n"
        "call hosted_start\n"
        "ud2\n");
}

void arch_init_traps(void) {}
void arch_init_timer(void) {}
void arch_init_console_input(void) {}

void arch_console_write(const char *s, size_t n)
{
    while (n) {
        long w = syscall3(SYS_write, 1, s, n);
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

static unsigned char input[4096];
static long input_len, input_pos;
static int input_ended;

int arch_console_poll(void)
{
    if (input_pos < input_len)
        return input[input_pos++];
    return -1;
}

bool arch_wait_for_event(void)
{
    if (input_ended)
        return false;
    long n = syscall3(SYS_read, 0, input, sizeof input);
    if (n <= 0) {
        input_ended = 1;
        return false;
    }
    input_len = n;
    input_pos = 0;
    return true;
}

uint64_t arch_time_ns(void) { return monotonic_ns() - start_ns; }
uint64_t arch_timer_ticks(void) { return arch_time_ns() / 1000000; }
unsigned arch_timer_hz(void) { return 1000; }

void arch_cpu_info(struct cpu_info *out)
{
    x86_cpu_describe(out);
}

bool arch_cpu_has(const char *feature) { return x86_cpu_has(feature); }

uintptr_t arch_frame_pointer(void) { return (uintptr_t)__builtin_frame_address(0); }

bool arch_address_readable(uintptr_t addr, size_t len)
{
    /* Stack frames live in the process stack; trust only plausible ranges. */
    return addr >= 0x10000 && addr + len > addr;
}

void arch_exit(int status) { exit_process(status); }

void arch_reboot(void)
{
    static const char msg[] = "reboot: the hosted board exits instead\r\n";
    arch_console_write(msg, sizeof msg - 1);
    exit_process(0);
}

void arch_poweroff(void) { exit_process(0); }
void arch_halt(void) { exit_process(1); }
