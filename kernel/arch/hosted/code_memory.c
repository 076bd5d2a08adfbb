/* Executable memory on the hosted board: anonymous mappings, read+write
 * while the JIT copies and patches, then mprotect to read+execute. */
#include "arch/arch.h"
#include "arch/hosted/linux.h"

#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4
#define CODE_PAGE 4096ul

static size_t page_round(size_t bytes) { return (bytes + CODE_PAGE - 1) & ~(CODE_PAGE - 1); }

void *arch_code_alloc(size_t bytes)
{
    if (bytes == 0)
        return 0;
    long p = syscall6(SYS_mmap, 0, (long)page_round(bytes), PROT_READ | PROT_WRITE,
                      0x22 /* MAP_PRIVATE | MAP_ANONYMOUS */, -1, 0);
    return p < 0 ? 0 : (void *)p;
}

bool arch_code_seal(void *p, size_t bytes)
{
    /* x86 keeps instruction fetch coherent with stores: no cache flush. */
    return syscall3(SYS_mprotect, p, page_round(bytes), PROT_READ | PROT_EXEC) == 0;
}

void arch_code_free(void *p, size_t bytes)
{
    if (p)
        syscall3(SYS_munmap, p, page_round(bytes), 0);
}

/* RAM is an anonymous private mapping (start.c): DONTNEED drops the pages
 * from the process, and they come back zero-filled when touched. */
void arch_memory_unused(void *p, size_t bytes)
{
    syscall3(SYS_madvise, (long)p, (long)bytes, 4 /* MADV_DONTNEED */);
}
