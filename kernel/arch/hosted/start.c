/* The hosted board: the kernel as a Linux process. The console is
 * stdin/stdout (raw mode when stdin is a terminal), RAM is one anonymous
 * mapping, the clock is CLOCK_MONOTONIC. No libc: system calls only, so
 * the kernel's own freestanding code is exactly what runs. */
#include "arch/arch.h"
#include "arch/hosted/linux.h"
#include "arch/x86_64/cpu.h"
#include "core/console.h"
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
    boot_info.envp = argv + argc + 1;       /* the System V stack: argv, NULL, envp, NULL */
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
void arch_init_console_input(void) {}

void arch_console_write(const char *s, size_t n)
{
    while (n) {
        long w = syscall3(SYS_write, 1, s, n);
        if (w == -LINUX_EINTR)
            continue;
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

/* ---- console input ----
 * A ring filled from stdin two ways: while the kernel waits for input
 * (wait_input: ppoll, then read), and from the timer signal whenever the
 * kernel is doing something else. The signal is this board's stand-in for
 * a UART's receive interrupt: a Ctrl-C byte reaches running code through
 * console_ctrl_c (KeyboardInterrupt), other bytes wait in the ring. in_wait
 * keeps the two from filling the ring at once (the signal only interrupts
 * this one thread); the reader only moves ring_tail, the fillers ring_head. */
#define RING_SIZE 8192u
static volatile unsigned char ring[RING_SIZE];
static volatile uint32_t ring_head, ring_tail;
static volatile int input_ended, in_wait, timer_on, sigint_seen;

#define BARRIER() __asm__ volatile("" ::: "memory")

/* Reads what stdin holds now into the ring, without blocking. */
static void take_input(void)
{
    while (!input_ended) {
        uint32_t head = ring_head;
        uint32_t room = (ring_tail - head - 1) & (RING_SIZE - 1);
        if (!room)
            return;                                 /* full: the rest waits in the pipe */
        struct linux_pollfd p = { 0, LINUX_POLLIN, 0 };
        struct linux_timespec now = { 0, 0 };
        if (syscall6(SYS_ppoll, (long)&p, 1, (long)&now, 0, 8, 0) <= 0)
            return;
        unsigned char buf[512];
        long n = syscall3(SYS_read, 0, buf, room < sizeof buf ? room : sizeof buf);
        if (n == -LINUX_EINTR || n == -LINUX_EAGAIN)
            return;
        if (n <= 0) {
            input_ended = 1;
            return;
        }
        for (long i = 0; i < n; i++) {
            if (buf[i] == 3 && console_ctrl_c())
                continue;                           /* taken by running code */
            ring[head] = buf[i];
            head = (head + 1) & (RING_SIZE - 1);
        }
        BARRIER();
        ring_head = head;
        if ((size_t)n < sizeof buf)
            return;
    }
}

/* Sleeps until input, a signal (the 10 ms timer, SIGINT) or the deadline. */
static bool wait_input(uint64_t deadline_ns)
{
    struct linux_timespec ts, *timeout = 0;
    if (deadline_ns != UINT64_MAX) {
        uint64_t now = arch_time_ns();
        uint64_t left = deadline_ns > now ? deadline_ns - now : 0;
        ts.tv_sec = (long)(left / 1000000000u);
        ts.tv_nsec = (long)(left % 1000000000u);
        timeout = &ts;
    }
    in_wait = 1;
    BARRIER();
    uint32_t room = (ring_tail - ring_head - 1) & (RING_SIZE - 1);
    if (!input_ended && room) {
        struct linux_pollfd p = { 0, LINUX_POLLIN, 0 };
        if (syscall6(SYS_ppoll, (long)&p, 1, (long)timeout, 0, 8, 0) > 0)
            take_input();
    } else if (timeout || timer_on) {
        syscall6(SYS_ppoll, 0, 0, (long)timeout, 0, 8, 0);
    }
    BARRIER();
    in_wait = 0;
    return !input_ended;
}

int arch_console_poll(void)
{
    if (sigint_seen) {
        sigint_seen = 0;
        return 3;
    }
    uint32_t tail = ring_tail;
    if (tail == ring_head)
        return -1;
    int c = ring[tail];
    BARRIER();
    ring_tail = (tail + 1) & (RING_SIZE - 1);
    return c;
}

bool arch_wait_for_event(void)
{
    if (input_ended)
        return false;
    return wait_input(UINT64_MAX);
}

bool arch_wait_until(uint64_t deadline_ns)
{
    return wait_input(deadline_ns);
}

/* ---- the timer: SIGALRM every 10 ms ----
 * It ends the VM's time slices (kernel_timer_tick) and takes input while
 * the kernel runs. SIGINT (from kill, or a terminal when stdin is not raw)
 * is a Ctrl-C: running code's KeyboardInterrupt, else a Ctrl-C byte.
 * SA_RESTART: a write or read the signal lands in goes on; ppoll is never
 * restarted, so waits end on every tick. */
#define TIMER_PERIOD_US 10000

static void on_alarm(int sig)
{
    (void)sig;
    kernel_timer_tick();
    if (!in_wait)
        take_input();
}

static void on_interrupt(int sig)
{
    (void)sig;
    if (!console_ctrl_c())
        sigint_seen = 1;
}

__attribute__((naked)) static void signal_return(void)
{
    __asm__ volatile("mov $15, %eax\n"    /* rt_sigreturn */
                     "syscall\n"
                     "ud2\n");
}

static bool set_handler(int sig, void (*handler)(int))
{
    struct linux_sigaction act = { handler, LINUX_SA_RESTORER | LINUX_SA_RESTART, signal_return, 0 };
    return syscall6(SYS_rt_sigaction, sig, (long)&act, 0, 8, 0, 0) == 0;
}

void arch_init_timer(void)
{
    if (!set_handler(LINUX_SIGALRM, on_alarm) || !set_handler(LINUX_SIGINT, on_interrupt))
        return;
    struct linux_itimerval every = { { 0, TIMER_PERIOD_US }, { 0, TIMER_PERIOD_US } };
    timer_on = syscall3(SYS_setitimer, 0 /* ITIMER_REAL */, &every, 0) == 0;
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
