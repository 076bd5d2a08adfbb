/* The VideoCore mailbox property interface (channel 8) of the Raspberry Pi
 * firmware: board revision, memory split, clock rates. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define MAILBOX_BASE 0xFE00B880u

enum mailbox_tag {
    TAG_BOARD_MODEL = 0x00010001,
    TAG_BOARD_REVISION = 0x00010002,
    TAG_BOARD_SERIAL = 0x00010004,
    TAG_ARM_MEMORY = 0x00010005,
    TAG_VC_MEMORY = 0x00010006,
    TAG_CLOCK_RATE = 0x00030002,
};

enum mailbox_clock { CLOCK_EMMC = 1, CLOCK_UART = 2, CLOCK_ARM = 3, CLOCK_CORE = 4 };

/* One tag: `words` holds the request on entry and the response on return
 * (`count` 32-bit words each way). False when the firmware did not answer. */
bool mailbox_property(uint32_t tag, uint32_t *words, unsigned count);
uint32_t mailbox_clock_rate(enum mailbox_clock clock);
