/* Poweroff and reboot on the pc board, from the ACPI tables: the FADT gives
 * the PM1 control ports and the reset register, the DSDT's \_S5 object the
 * sleep type for soft-off. Tables are checked (signature, length, checksum)
 * before use; anything odd falls back to the legacy ways. */
#include "arch/arch.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/power.h"
#include "lib/string.h"

struct sdt_header {
    char signature[4];
    uint32_t length;
    uint8_t revision, checksum;
    char oem[6], oem_table[8];
    uint32_t oem_revision, creator, creator_revision;
} __attribute__((packed));

static uint16_t pm1a_control, pm1b_control;
static uint16_t slp_typa, slp_typb;
static int have_s5;
static uint16_t reset_port;
static uint8_t reset_value;

static int table_ok(uintptr_t addr, const char *sig)
{
    if (!addr || addr >= 0x100000000ull)
        return 0;                       /* outside the identity map */
    const struct sdt_header *h = (const struct sdt_header *)addr;
    if (memcmp(h->signature, sig, 4) != 0 || h->length < sizeof *h || h->length > (16u << 20))
        return 0;
    uint8_t sum = 0;
    for (uint32_t i = 0; i < h->length; i++)
        sum += ((const uint8_t *)addr)[i];
    return sum == 0;
}

/* \_S5 is `Name(_S5_, Package(){ a, b, ... })`: NameOp 0x08, "_S5_",
 * PackageOp 0x12, PkgLength, NumElements, then the values as BytePrefix 0x0A
 * followed by a byte, or ZeroOp 0x00 / OneOp 0x01. */
static int parse_aml_byte(const uint8_t **p, const uint8_t *end, uint16_t *out)
{
    if (*p >= end)
        return 0;
    if (**p == 0x0A && *p + 1 < end) {
        *out = (*p)[1];
        *p += 2;
        return 1;
    }
    if (**p == 0x00 || **p == 0x01) {
        *out = **p;
        *p += 1;
        return 1;
    }
    return 0;
}

static void find_s5(uintptr_t dsdt)
{
    const struct sdt_header *h = (const struct sdt_header *)dsdt;
    const uint8_t *p = (const uint8_t *)dsdt + sizeof *h, *end = (const uint8_t *)dsdt + h->length;
    for (; p + 8 < end; p++) {
        if (memcmp(p, "_S5_", 4) != 0 || p[4] != 0x12)
            continue;
        const uint8_t *q = p + 5;
        q += 1 + (*q >> 6);             /* PkgLength: lead byte plus 0-3 more */
        q += 1;                         /* NumElements */
        if (parse_aml_byte(&q, end, &slp_typa) && parse_aml_byte(&q, end, &slp_typb))
            have_s5 = 1;
        return;
    }
}

void acpi_init(uintptr_t rsdp)
{
    if (!rsdp || memcmp((const void *)rsdp, "RSD PTR ", 8) != 0)
        return;
    uint8_t revision = *(const uint8_t *)(rsdp + 15);
    uintptr_t root = 0;
    unsigned entry_size = 4;
    if (revision >= 2 && *(const uint64_t *)(rsdp + 24)) {
        root = (uintptr_t)*(const uint64_t *)(rsdp + 24);
        entry_size = 8;
        if (!table_ok(root, "XSDT"))
            root = 0;
    }
    if (!root) {
        root = *(const uint32_t *)(rsdp + 16);
        entry_size = 4;
        if (!table_ok(root, "RSDT"))
            return;
    }
    const struct sdt_header *h = (const struct sdt_header *)root;
    unsigned count = (h->length - sizeof *h) / entry_size;
    for (unsigned i = 0; i < count; i++) {
        const uint8_t *e = (const uint8_t *)root + sizeof *h + i * entry_size;
        uintptr_t table = entry_size == 8 ? (uintptr_t)*(const uint64_t *)e : *(const uint32_t *)e;
        if (!table_ok(table, "FACP"))
            continue;
        const uint8_t *fadt = (const uint8_t *)table;
        uint32_t length = ((const struct sdt_header *)table)->length;
        pm1a_control = (uint16_t)*(const uint32_t *)(fadt + 64);
        pm1b_control = (uint16_t)*(const uint32_t *)(fadt + 68);
        uintptr_t dsdt = *(const uint32_t *)(fadt + 40);
        if (length >= 148 && *(const uint64_t *)(fadt + 140))
            dsdt = (uintptr_t)*(const uint64_t *)(fadt + 140);
        /* The reset register, when it is an I/O port and the flags say it works. */
        uint32_t flags = length >= 116 ? *(const uint32_t *)(fadt + 112) : 0;
        if (length >= 129 && (flags & (1u << 10)) && fadt[116] == 1) {
            reset_port = (uint16_t)*(const uint64_t *)(fadt + 120);
            reset_value = fadt[128];
        }
        if (table_ok(dsdt, "DSDT"))
            find_s5(dsdt);
        return;
    }
}

void arch_poweroff(void)
{
    irq_disable();
    if (pm1a_control && have_s5) {
        outw(pm1a_control, (uint16_t)((slp_typa << 10) | (1u << 13)));
        if (pm1b_control)
            outw(pm1b_control, (uint16_t)((slp_typb << 10) | (1u << 13)));
    }
    /* QEMU's PIIX4 and ICH9 PM blocks where firmware usually puts them. */
    outw(0x604, 0x2000);
    outw(0xB004, 0x2000);
    for (volatile int i = 0; i < 1000000; i++)
        ;
    static const char msg[] = "poweroff: the machine did not switch off; halted\r\n";
    arch_console_write(msg, sizeof msg - 1);
    arch_halt();
}

void arch_reboot(void)
{
    irq_disable();
    if (reset_port)
        outb(reset_port, reset_value);
    outb(0xCF9, 0x02);
    outb(0xCF9, 0x06);                  /* PCI reset control: hard reset */
    for (int i = 0; i < 100000 && (inb(0x64) & 0x02); i++)
        ;
    outb(0x64, 0xFE);                   /* keyboard controller: pulse reset */
    /* Last resort: a triple fault. */
    struct { uint16_t limit; uint64_t base; } __attribute__((packed)) empty = { 0, 0 };
    __asm__ volatile("lidt %0; int3" :: "m"(empty));
    arch_halt();
}

void arch_halt(void)
{
    for (;;)
        __asm__ volatile("cli; hlt");
}
