/* Exceptions and interrupts on ARM64: what vectors.S saves, IRQ routing. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

/* Laid out as vectors.S stores it (offsets are fixed there). */
struct trap_frame {
    uint64_t x[31];                 /* x0..x30 */
    uint64_t sp;                    /* stack pointer before the exception */
    uint64_t elr, spsr, esr, far;
    uint64_t fpsr, fpcr;
    __uint128_t q[32];
    uint64_t frame_record[2];       /* {x29, elr}: lets backtraces cross the exception */
};
_Static_assert(sizeof(struct trap_frame) == 832, "vectors.S FRAME_SIZE");
_Static_assert(__builtin_offsetof(struct trap_frame, q) == 304, "vectors.S OFF_Q");

typedef void (*irq_handler)(void);
/* Routes GIC interrupt `intid` (SGI 0-15, PPI 16-31, SPI 32-1019) to `handler`
 * on CPU 0 and enables it. */
void irq_register(unsigned intid, irq_handler handler);
/* The handler of an INTID, or NULL (nobody uses it). */
irq_handler irq_handler_of(unsigned intid);
/* Disables the interrupt and forgets its handler. */
void irq_unregister(unsigned intid);

/* GICv2 / GIC-400 (gicv2.c). */
void gic_init(uintptr_t distributor, uintptr_t cpu_interface);
void gic_enable(unsigned intid);
void gic_disable(unsigned intid);
/* INTIDs the distributor implements (GICD_TYPER). */
unsigned gic_intid_count(void);
void gic_handle_irq(void);

/* hw.c: a synchronous external abort taken by one of the hw module's
 * register accesses becomes an error result instead of a panic; true when
 * the exception was one of those (the frame then resumes after it). */
bool arm64_hw_fixup(struct trap_frame *f);
