/* The few Linux system calls the hosted board needs, without a libc. */
#pragma once
#include <stddef.h>
#include <stdint.h>

enum {
    SYS_read = 0, SYS_write = 1, SYS_open = 2, SYS_close = 3, SYS_poll = 7, SYS_mmap = 9, SYS_mprotect = 10,
    SYS_munmap = 11, SYS_madvise = 28, SYS_rt_sigaction = 13, SYS_ioctl = 16, SYS_exit_group = 231,
    SYS_clock_gettime = 228, SYS_setitimer = 38, SYS_ppoll = 271,
};

static inline long syscall6(long n, long a, long b, long c, long d, long e, long f)
{
    long ret;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}

#define syscall3(n, a, b, c) syscall6((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)

struct linux_timespec { long tv_sec, tv_nsec; };

struct linux_termios {
    uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
    uint8_t c_line;
    uint8_t c_cc[19];
};

#define TCGETS 0x5401
#define TCSETS 0x5402
#define LINUX_ICANON 0000002
#define LINUX_ECHO 0000010
#define LINUX_ISIG 0000001
#define LINUX_IEXTEN 0100000
#define LINUX_ICRNL 0000400
#define LINUX_IXON 0002000

#define LINUX_EINTR 4
#define LINUX_EAGAIN 11
#define LINUX_POLLIN 0x001
#define LINUX_SIGINT 2
#define LINUX_SIGALRM 14
#define LINUX_SA_RESTART 0x10000000ul
#define LINUX_SA_RESTORER 0x04000000ul

struct linux_pollfd { int fd; short events, revents; };
struct linux_timeval { long tv_sec, tv_usec; };
struct linux_itimerval { struct linux_timeval interval, value; };
/* The kernel's struct sigaction on x86_64 (not libc's). */
struct linux_sigaction {
    void (*handler)(int);
    unsigned long flags;
    void (*restorer)(void);
    uint64_t mask;
};
