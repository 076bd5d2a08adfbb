/* The few Linux system calls the hosted board needs, without a libc. */
#pragma once
#include <stddef.h>
#include <stdint.h>

enum {
    SYS_read = 0, SYS_write = 1, SYS_open = 2, SYS_close = 3, SYS_poll = 7, SYS_mmap = 9, SYS_mprotect = 10,
    SYS_munmap = 11, SYS_rt_sigaction = 13, SYS_ioctl = 16, SYS_exit_group = 231,
    SYS_clock_gettime = 228,
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
