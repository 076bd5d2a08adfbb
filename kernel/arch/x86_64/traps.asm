; Interrupt and exception entry stubs for the pc board.
;
; Every vector pushes an error code (a zero when the CPU gives none) and its
; number, then the common path saves the general registers and the SSE state
; (C handlers may use SSE registers; the interrupted code must not notice)
; and calls trap_dispatch(struct trap_frame *).

bits 64
section .text

extern trap_dispatch

; Exceptions that push an error code: 8, 10-14, 17, 21, 29, 30.
%assign v 0
%rep 256
trap_stub_%[v]:
  %if !(v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 || v == 29 || v == 30)
    push 0
  %endif
    push v
    jmp trap_common
  %assign v v + 1
%endrep

trap_common:
    push rax
    push rbx
    push rcx
    push rdx
    push rsi
    push rdi
    push rbp
    push r8
    push r9
    push r10
    push r11
    push r12
    push r13
    push r14
    push r15
    mov rbp, rsp                    ; rbp -> the frame, also the backtrace anchor
    sub rsp, 512
    and rsp, ~15
    fxsave64 [rsp]
    mov rdi, rbp
    cld
    call trap_dispatch
    fxrstor64 [rsp]
    mov rsp, rbp
    pop r15
    pop r14
    pop r13
    pop r12
    pop r11
    pop r10
    pop r9
    pop r8
    pop rbp
    pop rdi
    pop rsi
    pop rdx
    pop rcx
    pop rbx
    pop rax
    add rsp, 16                     ; vector and error code
    iretq

section .rodata
align 8
global trap_stubs
trap_stubs:
%assign v 0
%rep 256
    dq trap_stub_%[v]
  %assign v v + 1
%endrep
