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

/* kernel.map_file: the host file mapped read-only and private, so the
 * model's weights are used where the page cache holds them. */
#define SYS_fstat 5

int arch_file_map(const char *path, const uint8_t **data, size_t *len)
{
    long fd = syscall3(SYS_open, path, 0 /* O_RDONLY */, 0);
    if (fd < 0)
        return (int)fd;                          /* -errno from the host */
    /* struct stat on x86_64 Linux: st_mode (u32) at 24, st_size (i64) at 48 */
    uint64_t st[18];
    long r = syscall3(SYS_fstat, fd, st, 0);
    if (r < 0) {
        syscall3(SYS_close, fd, 0, 0);
        return (int)r;
    }
    uint32_t mode = (uint32_t)st[3];
    int64_t size = (int64_t)st[6];
    if ((mode & 0170000) == 0040000 || (mode & 0170000) != 0100000) {
        syscall3(SYS_close, fd, 0, 0);
        return (mode & 0170000) == 0040000 ? -21 : -22;
    }
    if (size == 0) {                             /* mmap refuses 0 bytes */
        static const uint8_t empty[1];
        syscall3(SYS_close, fd, 0, 0);
        *data = empty;
        *len = 0;
        return 0;
    }
    long p = syscall6(SYS_mmap, 0, size, 1 /* PROT_READ */, 2 /* MAP_PRIVATE */, fd, 0);
    syscall3(SYS_close, fd, 0, 0);               /* the mapping keeps the file */
    if (p < 0 && p > -4096)
        return (int)p;
    *data = (const uint8_t *)p;
    *len = (size_t)size;
    return 0;
}
