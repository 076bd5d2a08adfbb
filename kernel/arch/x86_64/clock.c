/* Time on the pc board: the TSC, calibrated against the PIT, is the
 * monotonic clock; PIT channel 0 gives the periodic timer interrupt. */
#include "arch/arch.h"
#include "arch/x86_64/clock.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/traps.h"

#define PIT_HZ 1193182u
#define TIMER_HZ 1000u

extern uint64_t boot_entry_tsc;     /* boot/x86_64/entry.asm */
static uint64_t tsc_hz;
static uint64_t ns_per_tsc_q32;     /* nanoseconds per TSC tick, 32.32 fixed point */
static volatile uint64_t ticks;

/* Counts TSC ticks across a PIT channel 2 one-shot of `pit_counts`. */
static uint64_t measure(uint16_t pit_counts)
{
    uint8_t gate = inb(0x61);
    outb(0x61, (gate & ~0x02) | 0x01);  /* speaker off, channel 2 gate on */
    outb(0x43, 0xB0);                   /* channel 2, lobyte/hibyte, mode 0 */
    outb(0x42, (uint8_t)pit_counts);
    outb(0x42, (uint8_t)(pit_counts >> 8));
    uint64_t start = rdtsc();
    /* Reloading the count restarts the one-shot: wait for OUT to go high. */
    while (!(inb(0x61) & 0x20))
        ;
    uint64_t end = rdtsc();
    outb(0x61, gate);
    return end - start;
}

void x86_clock_init(void)
{
    /* Two 1 ms windows, keeping the shorter (an emulator or SMI can stretch
     * one): about 0.1% accuracy for 2 ms of boot. */
    uint16_t counts = PIT_HZ / 1000;
    uint64_t best = UINT64_MAX;
    for (int i = 0; i < 2; i++) {
        uint64_t t = measure(counts);
        if (t < best)
            best = t;
    }
    tsc_hz = best * PIT_HZ / counts;
    if (tsc_hz == 0)
        tsc_hz = 1000000000ull;
    ns_per_tsc_q32 = (1000000000ull << 32) / tsc_hz;
}

uint64_t x86_tsc_hz(void) { return tsc_hz; }

uint64_t arch_time_ns(void)
{
    uint64_t delta = rdtsc() - boot_entry_tsc;
    return (uint64_t)(((unsigned __int128)delta * ns_per_tsc_q32) >> 32);
}

static void timer_tick(void)
{
    ticks++;
    kernel_timer_tick();
}

void arch_init_timer(void)
{
    uint16_t divisor = PIT_HZ / TIMER_HZ;
    outb(0x43, 0x34);                   /* channel 0, lobyte/hibyte, rate generator */
    outb(0x40, (uint8_t)divisor);
    outb(0x40, (uint8_t)(divisor >> 8));
    irq_register(0, timer_tick);
    irq_enable();
}

uint64_t arch_timer_ticks(void) { return ticks; }
unsigned arch_timer_hz(void) { return TIMER_HZ; }
