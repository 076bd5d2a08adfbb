/* Poweroff and reboot: PSCI (SYSTEM_OFF / SYSTEM_RESET) through the
 * conduit the device tree's /psci node names, else the board's own way. */
#include "arch/arch.h"
#include "arch/arm64/cpu.h"
#include "arch/arm64/platform.h"

#define PSCI_SYSTEM_OFF   0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u

static void psci_call(uint32_t function)
{
    register uint64_t x0 __asm__("x0") = function;
    if (platform.psci == PSCI_HVC)
        __asm__ volatile("hvc #0" : "+r"(x0) :: "x1", "x2", "x3", "memory");
    else if (platform.psci == PSCI_SMC)
        __asm__ volatile("smc #0" : "+r"(x0) :: "x1", "x2", "x3", "memory");
}

void psci_poweroff(void) { psci_call(PSCI_SYSTEM_OFF); }
void psci_reboot(void) { psci_call(PSCI_SYSTEM_RESET); }

static void wait_a_moment(void)
{
    uint64_t end = counter_now() + (READ_SYSREG(cntfrq_el0) & 0xFFFFFFFF) / 10;
    while (counter_now() < end)
        ;
}

void arch_poweroff(void)
{
    irq_disable();
    if (platform.psci != PSCI_NONE)
        psci_poweroff();
    board_poweroff();
    wait_a_moment();
    static const char msg[] = "poweroff: the machine did not switch off; halted\r\n";
    arch_console_write(msg, sizeof msg - 1);
    arch_halt();
}

void arch_reboot(void)
{
    irq_disable();
    if (platform.psci != PSCI_NONE)
        psci_reboot();
    board_reboot();
    wait_a_moment();
    static const char msg[] = "reboot: the machine did not restart; halted\r\n";
    arch_console_write(msg, sizeof msg - 1);
    arch_halt();
}

void arch_halt(void)
{
    for (;;)
        __asm__ volatile("msr daifset, #0xf; wfi" ::: "memory");
}
