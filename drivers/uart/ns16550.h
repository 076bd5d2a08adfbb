/* 16550 UART on x86 I/O ports (COM1 on the pc board): polled transmit,
 * interrupt-driven receive into a ring buffer; when the ring is full the
 * bytes wait in the UART (receive interrupt paused) rather than being lost. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void ns16550_init(uint16_t port, uint32_t baud);
void ns16550_write(const char *s, size_t n);
/* Turns on the receive interrupt; the board routes it to ns16550_irq(). */
void ns16550_enable_rx_irq(void);
void ns16550_irq(void);
/* Next received byte, or -1 when the ring is empty. */
int ns16550_read(void);
