/* ARM64 instructions and register access the C code needs, as inline
 * functions and macros. */
#pragma once
#include <stdint.h>

#define READ_SYSREG(name) ({ uint64_t v_; __asm__ volatile("mrs %0, " #name : "=r"(v_)); v_; })
#define WRITE_SYSREG(name, v) __asm__ volatile("msr " #name ", %0" :: "r"((uint64_t)(v)) : "memory")

static inline void isb(void) { __asm__ volatile("isb" ::: "memory"); }
static inline void dsb_sy(void) { __asm__ volatile("dsb sy" ::: "memory"); }

static inline void irq_enable(void) { __asm__ volatile("msr daifclr, #2" ::: "memory"); }
static inline void irq_disable(void) { __asm__ volatile("msr daifset, #2" ::: "memory"); }

/* Interrupts off, returning the previous DAIF. */
static inline uint64_t irq_save(void)
{
    uint64_t daif = READ_SYSREG(daif);
    irq_disable();
    return daif;
}

static inline void irq_restore(uint64_t daif) { WRITE_SYSREG(daif, daif); }

/* Device registers: single 32-bit accesses, never merged or reordered. */
static inline uint32_t mmio_read32(uintptr_t addr) { return *(volatile uint32_t *)addr; }
static inline void mmio_write32(uintptr_t addr, uint32_t v) { *(volatile uint32_t *)addr = v; }

/* The counter the kernel's clock runs on (CNTVCT_EL0; boot/arm64/entry.S
 * makes it equal to the physical count when it starts at EL2). */
static inline uint64_t counter_now(void)
{
    isb();
    return READ_SYSREG(cntvct_el0);
}
