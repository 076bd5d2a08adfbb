/* CPU description from MIDR_EL1 and the ID_AA64 feature registers, with
 * the feature names Linux's /proc/cpuinfo uses where it has one ("neon" is
 * there too: the JIT asks for it). Also frame pointers and readability for
 * backtraces. */
#include "arch/arch.h"
#include "arch/arm64/cpu.h"
#include "arch/arm64/platform.h"
#include "lib/format.h"
#include "lib/string.h"

uint64_t arm64_counter_hz(void);

struct feature {
    const char *name;
    uint8_t reg;            /* 0 ID_AA64ISAR0, 1 ID_AA64ISAR1, 2 ID_AA64PFR0 */
    uint8_t shift;
    uint8_t min;            /* field >= min (fields are 4-bit unsigned) */
};

static const struct feature features[] = {
    { "fp", 2, 16, 0 },     { "asimd", 2, 20, 0 },  { "neon", 2, 20, 0 },
    { "fphp", 2, 16, 1 },   { "asimdhp", 2, 20, 1 },
    { "aes", 0, 4, 1 },     { "pmull", 0, 4, 2 },   { "sha1", 0, 8, 1 },
    { "sha2", 0, 12, 1 },   { "sha512", 0, 12, 2 }, { "crc32", 0, 16, 1 },
    { "atomics", 0, 20, 2 }, { "rdm", 0, 28, 1 },   { "sha3", 0, 32, 1 },
    { "sm3", 0, 36, 1 },    { "sm4", 0, 40, 1 },    { "dotprod", 0, 44, 1 },
    { "fhm", 0, 48, 1 },    { "rng", 0, 60, 1 },
    { "dcpop", 1, 0, 1 },   { "jscvt", 1, 12, 1 },  { "fcma", 1, 16, 1 },
    { "lrcpc", 1, 20, 1 },  { "bf16", 1, 44, 1 },   { "i8mm", 1, 52, 1 },
    { "sve", 2, 32, 1 },
};

static uint64_t id_register(unsigned which)
{
    switch (which) {
    case 0: return READ_SYSREG(id_aa64isar0_el1);
    case 1: return READ_SYSREG(id_aa64isar1_el1);
    default: return READ_SYSREG(id_aa64pfr0_el1);
    }
}

static bool feature_present(const struct feature *f)
{
    unsigned field = (unsigned)(id_register(f->reg) >> f->shift) & 0xF;
    if (f->reg == 2 && (f->shift == 16 || f->shift == 20))
        return field != 0xF && field >= f->min;    /* FP/AdvSIMD: 0xF means absent */
    return field >= f->min;
}

bool arch_cpu_has(const char *name)
{
    for (unsigned i = 0; i < sizeof features / sizeof features[0]; i++)
        if (strcmp(features[i].name, name) == 0)
            return feature_present(&features[i]);
    return false;
}

static const char *implementer_name(unsigned implementer)
{
    switch (implementer) {
    case 0x00: return "software (QEMU)";
    case 0x41: return "ARM";
    case 0x42: return "Broadcom";
    case 0x43: return "Cavium";
    case 0x46: return "Fujitsu";
    case 0x48: return "HiSilicon";
    case 0x4E: return "NVIDIA";
    case 0x51: return "Qualcomm";
    case 0x61: return "Apple";
    case 0xC0: return "Ampere";
    default: return "unknown";
    }
}

static const char *part_name(unsigned implementer, unsigned part)
{
    if (implementer != 0x41)
        return 0;
    switch (part) {
    case 0xD03: return "Cortex-A53";
    case 0xD04: return "Cortex-A35";
    case 0xD05: return "Cortex-A55";
    case 0xD07: return "Cortex-A57";
    case 0xD08: return "Cortex-A72";
    case 0xD09: return "Cortex-A73";
    case 0xD0A: return "Cortex-A75";
    case 0xD0B: return "Cortex-A76";
    case 0xD0C: return "Neoverse-N1";
    case 0xD40: return "Neoverse-V1";
    case 0xD41: return "Cortex-A78";
    case 0xD44: return "Cortex-X1";
    case 0xD49: return "Neoverse-N2";
    case 0xD4F: return "Neoverse-V2";
    default: return 0;
    }
}

void arch_cpu_info(struct cpu_info *out)
{
    memset(out, 0, sizeof *out);
    uint64_t midr = READ_SYSREG(midr_el1);
    unsigned implementer = (unsigned)(midr >> 24) & 0xFF, variant = (unsigned)(midr >> 20) & 0xF;
    unsigned architecture = (unsigned)(midr >> 16) & 0xF, part = (unsigned)(midr >> 4) & 0xFFF;
    unsigned revision = (unsigned)midr & 0xF;
    snprintf(out->vendor, sizeof out->vendor, "%s", implementer_name(implementer));
    const char *name = part_name(implementer, part);
    if (name)
        snprintf(out->brand, sizeof out->brand, "%s r%up%u (MIDR 0x%08llx)", name, variant, revision,
                 (unsigned long long)midr);
    else
        snprintf(out->brand, sizeof out->brand, "part 0x%03x r%up%u (MIDR 0x%08llx)", part, variant, revision,
                 (unsigned long long)midr);
    out->family = architecture;         /* 0xF: features in the ID registers */
    out->model = part;
    out->stepping = revision;
    out->tsc_hz = arm64_counter_hz();   /* the generic timer's counter */
    size_t len = 0;
    for (unsigned i = 0; i < sizeof features / sizeof features[0]; i++) {
        if (!feature_present(&features[i]))
            continue;
        size_t n = strlen(features[i].name);
        if (len + n + 2 > sizeof out->features)
            break;
        if (len)
            out->features[len++] = ' ';
        memcpy(out->features + len, features[i].name, n);
        len += n;
    }
    out->features[len] = 0;
}

/* The caller's frame pointer, untouched: this function has no frame of its
 * own (a frame record here would be dead, and overwritten, by the time the
 * caller walks it). */
__attribute__((naked)) uintptr_t arch_frame_pointer(void)
{
    __asm__ volatile("mov x0, x29\n\tret");
}

bool arch_address_readable(uintptr_t addr, size_t len)
{
    if (len == 0 || addr + len < addr)
        return false;
    return mmu_is_mapped_normal(addr) && mmu_is_mapped_normal(addr + len - 1);
}
