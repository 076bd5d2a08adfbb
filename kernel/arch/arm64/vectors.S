/* EL1 exception vectors (VBAR_EL1): 16 entries of 128 bytes, each saving
 * x0/x1 and jumping to trap_entry with its index (group * 4 + type; group
 * 0 = current EL on SP_EL0, 1 = current EL on SP_ELx, 2 = lower EL AArch64,
 * 3 = lower EL AArch32; type 0 = synchronous, 1 = IRQ, 2 = FIQ, 3 = SError).
 *
 * trap_entry saves every register into a struct trap_frame (traps.h) on
 * the current stack, FP/SIMD included (the kernel's C code uses them and an
 * interrupt may land anywhere), calls arm64_trap(frame, index) and returns
 * with eret. A frame record {interrupted x29, elr} lets backtraces taken in
 * a handler continue into the interrupted code. */

#define FRAME_SIZE      832
#define OFF_SP          248
#define OFF_ELR         256
#define OFF_ESR         272
#define OFF_FPSR        288
#define OFF_Q           304
#define OFF_RECORD      816

    .macro vector index
    .balign 128
    sub     sp, sp, #FRAME_SIZE
    stp     x0, x1, [sp, #0]
    mov     x1, #\index
    b       trap_entry
    .endm

    .section .text.vectors, "ax"
    .balign 2048
    .global exception_vectors
exception_vectors:
    vector 0
    vector 1
    vector 2
    vector 3
    vector 4
    vector 5
    vector 6
    vector 7
    vector 8
    vector 9
    vector 10
    vector 11
    vector 12
    vector 13
    vector 14
    vector 15

trap_entry:
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    add     x2, sp, #FRAME_SIZE
    stp     x30, x2, [sp, #240]         // x30, sp before the exception
    mrs     x2, elr_el1
    mrs     x3, spsr_el1
    stp     x2, x3, [sp, #OFF_ELR]
    mrs     x4, esr_el1
    mrs     x5, far_el1
    stp     x4, x5, [sp, #OFF_ESR]
    mrs     x4, fpsr
    mrs     x5, fpcr
    stp     x4, x5, [sp, #OFF_FPSR]
    add     x4, sp, #OFF_Q
    stp     q0, q1, [x4, #0]
    stp     q2, q3, [x4, #32]
    stp     q4, q5, [x4, #64]
    stp     q6, q7, [x4, #96]
    stp     q8, q9, [x4, #128]
    stp     q10, q11, [x4, #160]
    stp     q12, q13, [x4, #192]
    stp     q14, q15, [x4, #224]
    stp     q16, q17, [x4, #256]
    stp     q18, q19, [x4, #288]
    stp     q20, q21, [x4, #320]
    stp     q22, q23, [x4, #352]
    stp     q24, q25, [x4, #384]
    stp     q26, q27, [x4, #416]
    stp     q28, q29, [x4, #448]
    stp     q30, q31, [x4, #480]
    add     x4, sp, #OFF_RECORD
    stp     x29, x2, [x4]               // frame record: interrupted fp, interrupted pc
    mov     x29, x4

    mov     x0, sp
    bl      arm64_trap

    add     x4, sp, #OFF_Q
    ldp     q0, q1, [x4, #0]
    ldp     q2, q3, [x4, #32]
    ldp     q4, q5, [x4, #64]
    ldp     q6, q7, [x4, #96]
    ldp     q8, q9, [x4, #128]
    ldp     q10, q11, [x4, #160]
    ldp     q12, q13, [x4, #192]
    ldp     q14, q15, [x4, #224]
    ldp     q16, q17, [x4, #256]
    ldp     q18, q19, [x4, #288]
    ldp     q20, q21, [x4, #320]
    ldp     q22, q23, [x4, #352]
    ldp     q24, q25, [x4, #384]
    ldp     q26, q27, [x4, #416]
    ldp     q28, q29, [x4, #448]
    ldp     q30, q31, [x4, #480]
    ldp     x4, x5, [sp, #OFF_FPSR]
    msr     fpsr, x4
    msr     fpcr, x5
    ldp     x2, x3, [sp, #OFF_ELR]      // a handler may change where we return to
    msr     elr_el1, x2
    msr     spsr_el1, x3
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    ldr     x30, [sp, #240]
    ldp     x0, x1, [sp, #0]
    add     sp, sp, #FRAME_SIZE
    eret
