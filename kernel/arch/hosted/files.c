/* The hosted board's files (for the VM's imports and kernel.read_file)
 * and its error console (sys.stderr -> file descriptor 2). */
#include "arch/arch.h"
#include "arch/hosted/linux.h"

#define SYS_pread64 17

long arch_file_read(const char *path, uint64_t offset, void *buf, size_t cap)
{
    long fd = syscall3(SYS_open, path, 0 /* O_RDONLY */, 0);
    if (fd < 0)
        return -1;
    long n = syscall6(SYS_pread64, fd, (long)buf, (long)cap, (long)offset, 0, 0);
    syscall3(SYS_close, fd, 0, 0);
    return n < 0 ? -1 : n;
}

void arch_console_write_error(const char *s, size_t n)
{
    while (n) {
        long w = syscall3(SYS_write, 2, s, n);
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}
