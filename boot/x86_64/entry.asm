; Multiboot2 entry for the pc board.
;
; GRUB (BIOS or UEFI) enters `_start` in 32-bit protected mode with paging
; off, EAX = Multiboot2 magic and EBX = physical address of the boot
; information. We build identity page tables for the first 4 GiB with 2 MiB
; pages, switch to long mode, turn on SSE (the C kernel is compiled with
; SSE2 as its floating-point baseline) and call kmain(magic, info).

MB2_MAGIC        equ 0xE85250D6
MB2_ARCH_I386    equ 0
MB2_LOADER_MAGIC equ 0x36D76289

section .multiboot2 align=8
mb2_header:
    dd MB2_MAGIC
    dd MB2_ARCH_I386
    dd mb2_header_end - mb2_header
    dd -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
    ; end tag
    dw 0, 0
    dd 8
mb2_header_end:

section .bss align=4096
global boot_pml4, boot_stack_top
boot_pml4:  resb 4096
boot_pdpt:  resb 4096
boot_pd:    resb 4096 * 4          ; 4 page directories = 4 GiB of 2 MiB pages
boot_stack: resb 65536
boot_stack_top:

section .data
global boot_entry_tsc
boot_entry_tsc: dq 0                ; TSC at the first instruction: boot timing starts here
boot_magic:     dd 0
boot_info:      dd 0

section .rodata
no_long_mode_msg: db "TensorOS: this CPU has no 64-bit long mode; halting.", 13, 10, 0

section .text
bits 32
global _start
_start:
    cli
    mov esi, eax                    ; keep the loader's magic and info pointer
    mov edi, ebx
    rdtsc
    mov [boot_entry_tsc], eax
    mov [boot_entry_tsc + 4], edx
    mov [boot_magic], esi
    mov [boot_info], edi
    mov esp, boot_stack_top

    ; Long mode is CPUID.80000001h:EDX bit 29.
    mov eax, 0x80000000
    cpuid
    cmp eax, 0x80000001
    jb .no_long_mode
    mov eax, 0x80000001
    cpuid
    test edx, 1 << 29
    jz .no_long_mode

    ; PML4[0] -> PDPT, PDPT[0..3] -> PD[0..3], each PD maps 1 GiB with 2 MiB pages.
    mov eax, boot_pdpt
    or eax, 0x003                   ; present | writable
    mov [boot_pml4], eax
    mov ecx, 0
.fill_pdpt:
    mov eax, ecx
    shl eax, 12
    add eax, boot_pd
    or eax, 0x003
    mov [boot_pdpt + ecx * 8], eax
    inc ecx
    cmp ecx, 4
    jb .fill_pdpt
    mov ecx, 0
.fill_pd:
    mov eax, ecx
    shl eax, 21                     ; 2 MiB per entry (low 32 bits of the address)
    or eax, 0x083                   ; present | writable | page size
    mov [boot_pd + ecx * 8], eax
    mov eax, ecx
    shr eax, 11                     ; high bits of the physical address
    mov [boot_pd + ecx * 8 + 4], eax
    inc ecx
    cmp ecx, 2048
    jb .fill_pd

    mov eax, boot_pml4
    mov cr3, eax
    mov eax, cr4
    or eax, (1 << 5)                ; PAE
    mov cr4, eax
    mov ecx, 0xC0000080             ; EFER
    rdmsr
    or eax, (1 << 8)                ; LME
    wrmsr
    mov eax, cr0
    or eax, (1 << 31) | (1 << 0)    ; PG | PE
    mov cr0, eax
    lgdt [gdt64_pointer]
    jmp 0x08:long_mode_entry

.no_long_mode:
    ; COM1 at 115200 is what every console user of this kernel watches.
    mov esi, no_long_mode_msg
.print:
    mov al, [esi]
    test al, al
    jz .halt
    mov dx, 0x3FD
.wait:
    in al, dx
    test al, 0x20
    jz .wait
    mov al, [esi]
    mov dx, 0x3F8
    out dx, al
    inc esi
    jmp .print
.halt:
    hlt
    jmp .halt

bits 64
extern arch_start
long_mode_entry:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    xor ax, ax
    mov fs, ax
    mov gs, ax
    mov rsp, boot_stack_top

    ; SSE on: CR0.EM off, CR0.MP on, CR4.OSFXSR and CR4.OSXMMEXCPT on.
    mov rax, cr0
    and rax, ~(1 << 2)
    or rax, (1 << 1)
    mov cr0, rax
    mov rax, cr4
    or rax, (1 << 9) | (1 << 10)
    mov cr4, rax
    fninit

    xor rbp, rbp                    ; the backtrace stops at a zero frame pointer
    mov edi, [boot_magic]
    mov esi, [boot_info]
    call arch_start
.hang:
    cli
    hlt
    jmp .hang

section .rodata
align 16
gdt64:
    dq 0                            ; null
    dq 0x00AF9A000000FFFF           ; 0x08: 64-bit code, ring 0
    dq 0x00CF92000000FFFF           ; 0x10: data, ring 0
gdt64_end:
gdt64_pointer:
    dw gdt64_end - gdt64 - 1
    dq gdt64
