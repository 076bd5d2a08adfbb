/* ARM PL011 UART (QEMU virt's console, the Raspberry Pi 4's UART0 on GPIO
 * 14/15): polled transmit, interrupt-driven receive into a ring buffer;
 * when the ring is full, input waits in the UART instead of being dropped. */
#pragma once
#include <stddef.h>
#include <stdint.h>

/* clock_hz 0 keeps the baud-rate divisor the firmware set. */
void pl011_init(uintptr_t base, uint32_t clock_hz, uint32_t baud);
void pl011_write(const char *s, size_t n);
/* Turns on the receive interrupts; the board routes the GIC line to pl011_irq(). */
void pl011_enable_rx_irq(void);
void pl011_irq(void);
/* Next received byte, or -1 when the ring is empty. */
int pl011_read(void);
/* True when received bytes are waiting (in the ring or the FIFO). */
int pl011_has_input(void);
/* Bytes the UART itself lost (its FIFO overflowed). */
uint64_t pl011_overruns(void);
