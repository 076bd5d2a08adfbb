/* Execution contexts for the VM's green threads (arch.h): the x86_64
 * half, shared by the pc and hosted boards. A context is a stack pointer;
 * the callee-saved registers of the System V ABI (rbx, rbp, r12-r15) are
 * pushed on the stack being left. MXCSR and the x87 control word are also
 * callee-saved in the ABI, but no kernel code changes them, so they are the
 * same in every context and need no saving. */
#include "arch/arch.h"

__asm__(
    ".text\n"
    ".globl arch_context_switch\n"
    ".type arch_context_switch, @function\n"
    "arch_context_switch:\n"            /* rdi: where to save rsp, rsi: the rsp to continue */
    "    push %rbp\n"
    "    push %rbx\n"
    "    push %r12\n"
    "    push %r13\n"
    "    push %r14\n"
    "    push %r15\n"
    "    mov %rsp, (%rdi)\n"
    "    mov %rsi, %rsp\n"
    "    pop %r15\n"
    "    pop %r14\n"
    "    pop %r13\n"
    "    pop %r12\n"
    "    pop %rbx\n"
    "    pop %rbp\n"
    "    ret\n"
    ".size arch_context_switch, . - arch_context_switch\n");

/* The first switch to a new context pops six zero registers and "returns"
 * into entry with the stack aligned as after a call (rsp = 8 mod 16); the
 * zero above it is entry's return address and rbp = 0 ends backtraces. */
void *arch_context_new(void *stack_top, void (*entry)(void))
{
    uint64_t *sp = (uint64_t *)((uintptr_t)stack_top & ~(uintptr_t)15);
    *--sp = 0;
    *--sp = (uint64_t)(uintptr_t)entry;
    for (int i = 0; i < 6; i++)
        *--sp = 0;
    return sp;
}
