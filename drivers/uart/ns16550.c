#include "drivers/uart/ns16550.h"
#include "arch/x86_64/cpu.h"
#include "core/console.h"

enum {
    RBR = 0, THR = 0, IER = 1, DLL = 0, DLM = 1, IIR = 2, FCR = 2, LCR = 3, MCR = 4, LSR = 5,
    LSR_DATA_READY = 0x01, LSR_THR_EMPTY = 0x20,
};

#define RING_SIZE 8192     /* a power of two; two pasted 4 KiB lines fit */

static uint16_t base;
static volatile uint8_t ring[RING_SIZE];
static volatile uint32_t head, tail;   /* the IRQ writes head, readers advance tail */

void ns16550_init(uint16_t port, uint32_t baud)
{
    base = port;
    uint16_t divisor = (uint16_t)(115200 / baud);
    outb(base + IER, 0x00);
    outb(base + LCR, 0x80);             /* divisor latch */
    outb(base + DLL, (uint8_t)divisor);
    outb(base + DLM, (uint8_t)(divisor >> 8));
    outb(base + LCR, 0x03);             /* 8N1 */
    outb(base + FCR, 0xC7);             /* FIFOs on and cleared, 14-byte trigger */
    outb(base + MCR, 0x0B);             /* DTR, RTS, OUT2 (routes the IRQ) */
}

static void put_byte(uint8_t c)
{
    while (!(inb(base + LSR) & LSR_THR_EMPTY))
        ;
    outb(base + THR, c);
}

/* A serial terminal needs CR LF: a lone LF (Python's print) gets its CR
 * here, as a tty's ONLCR would add it. */
void ns16550_write(const char *s, size_t n)
{
    static char last;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n' && last != '\r')
            put_byte('\r');
        put_byte((uint8_t)s[i]);
        last = s[i];
    }
}

void ns16550_enable_rx_irq(void)
{
    outb(base + IER, 0x01);             /* received data available */
}

static volatile int rx_paused;          /* the ring was full: bytes wait in the UART instead */

void ns16550_irq(void)
{
    while (inb(base + LSR) & LSR_DATA_READY) {
        uint32_t next = (head + 1) & (RING_SIZE - 1);
        if (next == tail) {
            /* Back-pressure: leave the rest in the UART and stop its
             * interrupt until a reader makes room (QEMU then stops
             * feeding; real hardware overruns only its own FIFO). */
            outb(base + IER, 0x00);
            rx_paused = 1;
            return;
        }
        uint8_t c = inb(base + RBR);
        if (c == 3 && console_ctrl_c())
            continue;                   /* Ctrl-C taken by running code (KeyboardInterrupt) */
        ring[head] = c;
        head = next;
    }
}

int ns16550_read(void)
{
    if (tail == head) {
        /* Before the IRQ is on (or if one was missed) poll the chip directly. */
        if (inb(base + LSR) & LSR_DATA_READY) {
            uint64_t flags = irq_save();
            ns16550_irq();
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
        ns16550_irq();                  /* drain what waited, then listen again */
        if (!rx_paused)
            outb(base + IER, 0x01);
        irq_restore(flags);
    }
    return c;
}
