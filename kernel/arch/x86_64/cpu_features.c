/* CPUID decoding, shared by the pc board (ring 0) and the hosted board
 * (a Linux process): both describe the CPU the same way. */
#include "arch/arch.h"
#include "arch/x86_64/cpu.h"
#include "lib/string.h"

struct feature {
    const char *name;
    uint32_t leaf, sub;
    uint8_t reg;                /* index into the cpuid result: 0 eax, 1 ebx, 2 ecx, 3 edx */
    uint8_t bit;
};

static const struct feature features[] = {
    { "fpu", 1, 0, 3, 0 },     { "tsc", 1, 0, 3, 4 },      { "apic", 1, 0, 3, 9 },
    { "sse", 1, 0, 3, 25 },    { "sse2", 1, 0, 3, 26 },    { "sse3", 1, 0, 2, 0 },
    { "pclmulqdq", 1, 0, 2, 1 }, { "ssse3", 1, 0, 2, 9 },  { "fma", 1, 0, 2, 12 },
    { "sse4.1", 1, 0, 2, 19 }, { "sse4.2", 1, 0, 2, 20 },  { "x2apic", 1, 0, 2, 21 },
    { "popcnt", 1, 0, 2, 23 }, { "aes", 1, 0, 2, 25 },     { "xsave", 1, 0, 2, 26 },
    { "osxsave", 1, 0, 2, 27 }, { "avx", 1, 0, 2, 28 },    { "f16c", 1, 0, 2, 29 },
    { "rdrand", 1, 0, 2, 30 }, { "hypervisor", 1, 0, 2, 31 },
    { "bmi1", 7, 0, 1, 3 },    { "avx2", 7, 0, 1, 5 },     { "bmi2", 7, 0, 1, 8 },
    { "avx512f", 7, 0, 1, 16 }, { "avx512dq", 7, 0, 1, 17 }, { "avx512bw", 7, 0, 1, 30 },
    { "avx512vl", 7, 0, 1, 31 }, { "avx512vnni", 7, 0, 2, 11 }, { "sha", 7, 0, 1, 29 },
    { "avxvnni", 7, 1, 0, 4 },
    { "nx", 0x80000001, 0, 3, 20 }, { "pdpe1gb", 0x80000001, 0, 3, 26 },
    { "rdtscp", 0x80000001, 0, 3, 27 }, { "lm", 0x80000001, 0, 3, 29 },
    { "invariant-tsc", 0x80000007, 0, 3, 8 },
};

static uint32_t max_basic, max_extended;

static int feature_present(const struct feature *f)
{
    if (!max_basic) {
        uint32_t r[4];
        cpuid(0, 0, r);
        max_basic = r[0];
        cpuid(0x80000000, 0, r);
        max_extended = r[0];
    }
    if (f->leaf >= 0x80000000 ? f->leaf > max_extended : f->leaf > max_basic)
        return 0;
    uint32_t r[4];
    cpuid(f->leaf, f->sub, r);
    return (r[f->reg] >> f->bit) & 1;
}

int x86_cpu_has(const char *name)
{
    for (unsigned i = 0; i < sizeof features / sizeof features[0]; i++)
        if (strcmp(features[i].name, name) == 0)
            return feature_present(&features[i]);
    return 0;
}

void x86_cpu_describe(struct cpu_info *out)
{
    uint32_t r[4];
    memset(out, 0, sizeof *out);
    cpuid(0, 0, r);
    memcpy(out->vendor, &r[1], 4);
    memcpy(out->vendor + 4, &r[3], 4);
    memcpy(out->vendor + 8, &r[2], 4);
    cpuid(1, 0, r);
    unsigned family = (r[0] >> 8) & 0xF, model = (r[0] >> 4) & 0xF;
    if (family == 0xF)
        family += (r[0] >> 20) & 0xFF;
    if (family == 0x6 || family >= 0xF)
        model |= ((r[0] >> 16) & 0xF) << 4;
    out->family = family;
    out->model = model;
    out->stepping = r[0] & 0xF;
    cpuid(0x80000000, 0, r);
    if (r[0] >= 0x80000004) {
        for (uint32_t i = 0; i < 3; i++) {
            cpuid(0x80000002 + i, 0, r);
            memcpy(out->brand + 16 * i, r, 16);
        }
        /* Brand strings are often padded with leading spaces. */
        char *b = out->brand;
        while (*b == ' ')
            b++;
        memmove(out->brand, b, strlen(b) + 1);
    }
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
