/* Time on the ARM64 boards: the generic timer. CNTVCT_EL0 is the monotonic
 * clock (CNTFRQ_EL0 ticks a second, zero at _start); the EL1 virtual timer
 * (CNTV, a GIC PPI) gives the periodic tick. */
#include "arch/arch.h"
#include "arch/arm64/cpu.h"
#include "arch/arm64/platform.h"
#include "arch/arm64/traps.h"

#define TIMER_HZ 1000u

extern uint64_t boot_entry_count;       /* boot/arm64/entry.S */
static uint64_t ns_per_count_q32;       /* nanoseconds per counter tick, 32.32 fixed point */
static uint64_t interval;               /* counter ticks between timer interrupts */
static volatile uint64_t ticks;

static uint64_t counter_hz(void)
{
    uint64_t hz = READ_SYSREG(cntfrq_el0) & 0xFFFFFFFF;
    return hz ? hz : 62500000;          /* firmware forgot CNTFRQ: QEMU's usual value */
}

uint64_t arch_time_ns(void)
{
    if (!ns_per_count_q32)
        ns_per_count_q32 = (1000000000ull << 32) / counter_hz();
    uint64_t delta = counter_now() - boot_entry_count;
    return (uint64_t)(((unsigned __int128)delta * ns_per_count_q32) >> 32);
}

static void timer_tick(void)
{
    ticks++;
    kernel_timer_tick();
    /* The next deadline from the last one, so ticks do not drift; after a
     * long stall (a debugger) start again from now instead of catching up. */
    uint64_t next = READ_SYSREG(cntv_cval_el0) + interval, now = counter_now();
    if (next <= now)
        next = now + interval;
    WRITE_SYSREG(cntv_cval_el0, next);
}

void arch_init_timer(void)
{
    interval = counter_hz() / TIMER_HZ;
    WRITE_SYSREG(cntv_cval_el0, counter_now() + interval);
    WRITE_SYSREG(cntv_ctl_el0, 1);      /* enabled, not masked */
    isb();
    irq_register(platform.timer_intid, timer_tick);
    irq_enable();
}

uint64_t arch_timer_ticks(void) { return ticks; }
unsigned arch_timer_hz(void) { return TIMER_HZ; }
uint64_t arm64_counter_hz(void) { return counter_hz(); }
