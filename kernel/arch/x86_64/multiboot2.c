/* Reads the Multiboot2 boot information GRUB hands over: the memory map,
 * the command line, the loader's name, boot modules and the ACPI RSDP.
 * Format: the Multiboot2 specification, section 3.6. */
#include "arch/arch.h"
#include "arch/x86_64/multiboot2.h"
#include "lib/string.h"

enum {
    TAG_END = 0, TAG_CMDLINE = 1, TAG_LOADER = 2, TAG_MODULE = 3, TAG_MMAP = 6,
    TAG_EFI32 = 11, TAG_EFI64 = 12, TAG_ACPI_OLD = 14, TAG_ACPI_NEW = 15,
};

struct tag { uint32_t type, size; };

static uint32_t mmap_type(uint32_t t)
{
    switch (t) {
    case 1: return MEM_USABLE;
    case 3: return MEM_ACPI;
    case 4: return MEM_NVS;
    case 5: return MEM_BAD;
    default: return MEM_RESERVED;
    }
}

static void reserve(struct boot_info *bi, uint64_t base, uint64_t length)
{
    if (bi->reserved_count < BOOT_MAX_RESERVED)
        bi->reserved[bi->reserved_count++] = (struct mem_region){ base, length, MEM_RESERVED };
}

int multiboot2_parse(uint32_t magic, uintptr_t info, struct boot_info *bi, uintptr_t *rsdp)
{
    if (magic != MULTIBOOT2_LOADER_MAGIC)
        return -1;
    uint32_t total = *(uint32_t *)info;
    reserve(bi, info, total);
    *rsdp = 0;
    bi->firmware = "BIOS";
    for (uintptr_t p = info + 8; p + sizeof(struct tag) <= info + total;) {
        struct tag *t = (struct tag *)p;
        if (t->type == TAG_END || t->size < 8)
            break;
        switch (t->type) {
        case TAG_CMDLINE:
            bi->cmdline = (const char *)(p + 8);
            break;
        case TAG_LOADER:
            bi->loader = (const char *)(p + 8);
            break;
        case TAG_MODULE: {
            uint32_t start = *(uint32_t *)(p + 8), end = *(uint32_t *)(p + 12);
            reserve(bi, start, end - start);
            break;
        }
        case TAG_MMAP: {
            uint32_t entry_size = *(uint32_t *)(p + 8);
            if (entry_size < 24)
                break;
            for (uintptr_t e = p + 16; e + entry_size <= p + t->size; e += entry_size) {
                if (bi->region_count == BOOT_MAX_REGIONS)
                    break;
                uint64_t base = *(uint64_t *)e, length = *(uint64_t *)(e + 8);
                uint32_t type = *(uint32_t *)(e + 16);
                bi->regions[bi->region_count++] = (struct mem_region){ base, length, mmap_type(type) };
            }
            break;
        }
        case TAG_EFI32:
        case TAG_EFI64:
            bi->firmware = "UEFI";
            break;
        case TAG_ACPI_OLD:
            if (!*rsdp)
                *rsdp = p + 8;
            break;
        case TAG_ACPI_NEW:
            *rsdp = p + 8;
            break;
        }
        p += (t->size + 7) & ~7u;
    }
    return 0;
}
