#include "drivers/uart/pl011.h"
#include "arch/arm64/cpu.h"
#include "core/console.h"

enum {
    DR = 0x00, FR = 0x18, IBRD = 0x24, FBRD = 0x28, LCR_H = 0x2C, CR = 0x30,
    IFLS = 0x34, IMSC = 0x38, MIS = 0x40, ICR = 0x44,
    DR_OVERRUN = 1 << 11,
    FR_RXFE = 1 << 4, FR_TXFF = 1 << 5, FR_BUSY = 1 << 3,
    LCR_H_FEN = 1 << 4, LCR_H_WLEN8 = 3 << 5,
    CR_UARTEN = 1 << 0, CR_TXE = 1 << 8, CR_RXE = 1 << 9,
    INT_RX = 1 << 4, INT_RT = 1 << 6,           /* receive, receive timeout */
};

#define RING_SIZE 8192     /* a power of two; two pasted 4 KiB lines fit */

static uintptr_t base;
static volatile uint8_t ring[RING_SIZE];
static volatile uint32_t head, tail;   /* the IRQ writes head, readers advance tail */
static uint64_t overruns;
static volatile int rx_paused;         /* ring full: bytes wait in the UART */
static int rx_irq_on;

void pl011_init(uintptr_t uart, uint32_t clock_hz, uint32_t baud)
{
    base = uart;
    mmio_write32(base + CR, 0);
    for (int i = 0; i < 100000 && (mmio_read32(base + FR) & FR_BUSY); i++)
        ;
    mmio_write32(base + IMSC, 0);
    mmio_write32(base + ICR, 0x7FF);
    if (clock_hz && baud) {
        /* Divisor = clock / (16 * baud) in 16.6 fixed point, rounded. */
        uint32_t div64 = (uint32_t)(((uint64_t)clock_hz * 4 + baud / 2) / baud);
        mmio_write32(base + IBRD, div64 >> 6);
        mmio_write32(base + FBRD, div64 & 0x3F);
    }
    mmio_write32(base + LCR_H, LCR_H_WLEN8 | LCR_H_FEN);     /* 8N1, FIFOs on; also latches IBRD/FBRD */
    mmio_write32(base + IFLS, 0);                            /* interrupt at 1/8 full; timeout covers the rest */
    mmio_write32(base + CR, CR_UARTEN | CR_TXE | CR_RXE);
}

static void put_byte(uint8_t c)
{
    while (mmio_read32(base + FR) & FR_TXFF)
        ;
    mmio_write32(base + DR, c);
}

/* A serial terminal needs CR LF: a lone LF (Python's print) gets its CR
 * here, as a tty's ONLCR would add it. */
void pl011_write(const char *s, size_t n)
{
    static char last;
    if (!base)
        return;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n' && last != '\r')
            put_byte('\r');
        put_byte((uint8_t)s[i]);
        last = s[i];
    }
}

void pl011_enable_rx_irq(void)
{
    rx_irq_on = 1;
    mmio_write32(base + IMSC, INT_RX | INT_RT);
}

/* Moves received bytes from the FIFO to the ring. When the ring is full the
 * rest stays in the UART (back-pressure: QEMU then stops reading the host
 * side, a real UART's FIFO fills) and the receive interrupt is masked until
 * a reader makes room. */
void pl011_irq(void)
{
    while (!(mmio_read32(base + FR) & FR_RXFE)) {
        uint32_t next = (head + 1) & (RING_SIZE - 1);
        if (next == tail) {
            rx_paused = 1;
            mmio_write32(base + IMSC, 0);
            break;
        }
        uint32_t data = mmio_read32(base + DR);
        if (data & DR_OVERRUN)
            overruns++;
        if ((uint8_t)data == 3 && console_ctrl_c())
            continue;                   /* Ctrl-C taken by running code (KeyboardInterrupt) */
        ring[head] = (uint8_t)data;
        head = next;
    }
    mmio_write32(base + ICR, INT_RX | INT_RT);
}

int pl011_read(void)
{
    if (tail == head) {
        /* Before the IRQ is on (or if one was missed) poll the chip directly. */
        if (base && !(mmio_read32(base + FR) & FR_RXFE)) {
            uint64_t flags = irq_save();
            pl011_irq();
            irq_restore(flags);
        }
        if (tail == head)
            return -1;
    }
    int c = ring[tail];
    tail = (tail + 1) & (RING_SIZE - 1);
    if (rx_paused) {
        uint64_t flags = irq_save();
        rx_paused = 0;
        pl011_irq();                    /* room again: take what waited in the FIFO */
        if (!rx_paused && rx_irq_on)
            mmio_write32(base + IMSC, INT_RX | INT_RT);
        irq_restore(flags);
    }
    return c;
}

int pl011_has_input(void)
{
    return tail != head || (base && !(mmio_read32(base + FR) & FR_RXFE));
}

/* Bytes the UART itself lost (its FIFO overflowed before we read it). */
uint64_t pl011_overruns(void)
{
    return overruns;
}
