#include "arch/arm64/rpi4/mailbox.h"
#include "arch/arm64/cpu.h"

enum {
    MAIL0_READ = 0x00, MAIL0_STATUS = 0x18, MAIL1_WRITE = 0x20, MAIL1_STATUS = 0x38,
    STATUS_FULL = 1u << 31, STATUS_EMPTY = 1u << 30,
    CHANNEL_PROPERTY = 8,
    RESPONSE_OK = 0x80000000u,
};

static volatile uint32_t buffer[64] __attribute__((aligned(64)));

/* The VideoCore reads and writes RAM behind the CPU caches. */
static void clean_and_invalidate(void)
{
    for (uintptr_t a = (uintptr_t)buffer; a < (uintptr_t)buffer + sizeof buffer; a += 64)
        __asm__ volatile("dc civac, %0" :: "r"(a) : "memory");
    __asm__ volatile("dsb sy" ::: "memory");
}

static bool wait_for(uintptr_t reg, uint32_t busy_bit)
{
    for (uint64_t i = 0; i < 10000000; i++)
        if (!(mmio_read32(reg) & busy_bit))
            return true;
    return false;
}

bool mailbox_property(uint32_t tag, uint32_t *words, unsigned count)
{
    if (count > 32)
        return false;
    unsigned n = 0;
    buffer[n++] = 0;                    /* total size, filled below */
    buffer[n++] = 0;                    /* request */
    buffer[n++] = tag;
    buffer[n++] = count * 4;            /* value buffer size */
    buffer[n++] = 0;                    /* request code */
    for (unsigned i = 0; i < count; i++)
        buffer[n++] = words[i];
    buffer[n++] = 0;                    /* end tag */
    buffer[0] = n * 4;
    clean_and_invalidate();

    /* The VideoCore sees ARM RAM below 1 GiB at bus address 0xC0000000 + physical. */
    uint32_t bus = (uint32_t)(uintptr_t)buffer | 0xC0000000u;
    if (!wait_for(MAILBOX_BASE + MAIL1_STATUS, STATUS_FULL))
        return false;
    mmio_write32(MAILBOX_BASE + MAIL1_WRITE, bus | CHANNEL_PROPERTY);
    for (int tries = 0; tries < 16; tries++) {
        if (!wait_for(MAILBOX_BASE + MAIL0_STATUS, STATUS_EMPTY))
            return false;
        uint32_t reply = mmio_read32(MAILBOX_BASE + MAIL0_READ);
        if ((reply & 0xF) != CHANNEL_PROPERTY)
            continue;                   /* another channel's message */
        clean_and_invalidate();
        if (buffer[1] != RESPONSE_OK || !(buffer[4] & RESPONSE_OK))
            return false;
        for (unsigned i = 0; i < count; i++)
            words[i] = buffer[5 + i];
        return true;
    }
    return false;
}

uint32_t mailbox_clock_rate(enum mailbox_clock clock)
{
    uint32_t words[2] = { clock, 0 };
    return mailbox_property(TAG_CLOCK_RATE, words, 2) ? words[1] : 0;
}
