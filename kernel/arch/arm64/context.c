/* Execution contexts for the VM's green threads (arch.h): the AArch64
 * half. A context is a stack pointer; the callee-saved registers of the
 * AAPCS64 (x19-x28, the frame pointer x29, the link register x30 and the
 * low halves of v8-v15) are stored in a 160-byte record on the stack being
 * left. FPCR is the same everywhere (no kernel code changes it). */
#include "arch/arch.h"

#define RECORD_BYTES 160

__asm__(
    ".text\n"
    ".globl arch_context_switch\n"
    ".type arch_context_switch, %function\n"
    "arch_context_switch:\n"            /* x0: where to save sp, x1: the sp to continue */
    "    sub sp, sp, #160\n"
    "    stp x19, x20, [sp, #0]\n"
    "    stp x21, x22, [sp, #16]\n"
    "    stp x23, x24, [sp, #32]\n"
    "    stp x25, x26, [sp, #48]\n"
    "    stp x27, x28, [sp, #64]\n"
    "    stp x29, x30, [sp, #80]\n"
    "    stp d8, d9, [sp, #96]\n"
    "    stp d10, d11, [sp, #112]\n"
    "    stp d12, d13, [sp, #128]\n"
    "    stp d14, d15, [sp, #144]\n"
    "    mov x9, sp\n"
    "    str x9, [x0]\n"
    "    mov sp, x1\n"
    "    ldp x19, x20, [sp, #0]\n"
    "    ldp x21, x22, [sp, #16]\n"
    "    ldp x23, x24, [sp, #32]\n"
    "    ldp x25, x26, [sp, #48]\n"
    "    ldp x27, x28, [sp, #64]\n"
    "    ldp x29, x30, [sp, #80]\n"
    "    ldp d8, d9, [sp, #96]\n"
    "    ldp d10, d11, [sp, #112]\n"
    "    ldp d12, d13, [sp, #128]\n"
    "    ldp d14, d15, [sp, #144]\n"
    "    add sp, sp, #160\n"
    "    ret\n"
    ".size arch_context_switch, . - arch_context_switch\n");

/* The first switch to a new context loads a record of zeros whose x30 is
 * entry: `ret` enters it with sp 16-byte aligned, and x29 = 0 ends
 * backtraces. */
void *arch_context_new(void *stack_top, void (*entry)(void))
{
    uint64_t *sp = (uint64_t *)(((uintptr_t)stack_top & ~(uintptr_t)15) - RECORD_BYTES);
    for (int i = 0; i < RECORD_BYTES / 8; i++)
        sp[i] = 0;
    sp[11] = (uint64_t)(uintptr_t)entry;    /* x30, at byte 88 */
    return sp;
}
