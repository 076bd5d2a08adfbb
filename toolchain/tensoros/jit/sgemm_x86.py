"""SGEMM stencils for x86_64: AVX2+FMA 6x16 and SSE2 6x8 macro-kernels,
and the AVX2-tier packing stencils.

The blocking follows the Goto/BLIS scheme. A driver (Python on the host,
C in the kernel) cuts C = A·B into blocks of mc×nc with depth kc, packs the
A block into row panels of MR rows (for each k, MR consecutive floats) and
the B block into column panels of NR columns (for each k, NR consecutive
floats), zero-padded to whole panels, then calls the macro-kernel stencil:

    void sgemm_block(const float *a_packed, const float *b_packed,
                     float *c, long overwrite);

It walks the n_tiles B panels (outer, so one kc×NR panel stays in L1) and
the m_tiles A panels (inner; the whole packed A block stays in L2) and for
each MR×NR tile of C does C += A_panel·B_panel (C = ... when `overwrite` is
non-zero, used for the first kc slice so C needs no clearing).

Holes (all imm32): k_blocks = kc // 4, k_rest = kc % 4, m_tiles, n_tiles,
ldc_bytes = row stride of C in bytes, a_panel_bytes = kc*MR*4,
b_panel_bytes = kc*NR*4.
"""

from .stencil import StencilSource

SGEMM_HOLES = {name: "imm32" for name in (
    "k_blocks", "k_rest", "m_tiles", "n_tiles", "ldc_bytes", "a_panel_bytes", "b_panel_bytes")}

SAVED = ("rbx", "rbp", "r12", "r13", "r14", "r15")


def _prologue():
    return [f"push {register}" for register in SAVED]


def _epilogue(avx):
    lines = [f"pop {register}" for register in reversed(SAVED)]
    if avx:
        # Leaving the upper ymm halves dirty would slow later SSE code.
        lines.append("vzeroupper")
    lines.append("ret")
    return lines


def _macro_kernel(name, isa, mr, nr, k_step, body_for_k, clear, update_row, store_row, avx):
    """The loop nest shared by every x86 SGEMM tile shape.

    Registers: rdi A block, rsi B block, rdx C, rcx overwrite flag;
    r8 B panel, r9d jr count, r10 A panel, r11 C tile, r12d ir count,
    r13d k count, rax/rbx A/B pointers inside the tile, r14 C row,
    r15 ldc_bytes, rbp C column of the current B panel.
    """
    a_step = mr * 4
    b_step = nr * 4
    lines = _prologue() + [
        "mov r15d, @ldc_bytes@",
        "mov r8, rsi",
        "mov rbp, rdx",
        "mov r9d, @n_tiles@",
        "test r9d, r9d",
        "jz .Ldone",
        ".Ljr:",
        "mov r10, rdi",
        "mov r11, rbp",
        "mov r12d, @m_tiles@",
        "test r12d, r12d",
        "jz .Ljr_next",
        ".Lir:",
    ]
    lines += clear()
    lines += ["mov rax, r10", "mov rbx, r8", "mov r14, r11"]
    for _ in range(mr):
        # Bring the C tile in while the k loop runs.
        lines += ["prefetcht0 [r14]", f"prefetcht0 [r14 + {nr * 4 - 1}]", "add r14, r15"]
    lines += [
        "mov r13d, @k_blocks@",
        "test r13d, r13d",
        "jz .Lk_rest",
        ".Lk_main:",
        f"prefetcht0 [rax + {a_step * k_step * 4}]",
    ]
    for step in range(k_step):
        lines += body_for_k(step * a_step, step * b_step)
    lines += [
        f"add rax, {a_step * k_step}",
        f"add rbx, {b_step * k_step}",
        "dec r13d",
        "jnz .Lk_main",
        ".Lk_rest:",
        "mov r13d, @k_rest@",
        "test r13d, r13d",
        "jz .Lsave",
        ".Lk_one:",
    ]
    lines += body_for_k(0, 0)
    lines += [
        f"add rax, {a_step}",
        f"add rbx, {b_step}",
        "dec r13d",
        "jnz .Lk_one",
        ".Lsave:",
        "mov r14, r11",
        "test rcx, rcx",
        "jnz .Lstore",
    ]
    for row in range(mr):
        lines += update_row(row) + ["add r14, r15"]
    lines += ["jmp .Ltile_next", ".Lstore:"]
    for row in range(mr):
        lines += store_row(row) + ["add r14, r15"]
    lines += [
        ".Ltile_next:",
        "add r10, @a_panel_bytes@",
        "mov r11, r14",
        "dec r12d",
        "jnz .Lir",
        ".Ljr_next:",
        "add r8, @b_panel_bytes@",
        f"add rbp, {nr * 4}",
        "dec r9d",
        "jnz .Ljr",
        ".Ldone:",
    ] + _epilogue(avx)
    doc = (f"C[{mr}*m_tiles x {nr}*n_tiles] (+)= A_packed . B_packed; "
           f"args (a_packed, b_packed, c, overwrite); MR={mr} NR={nr}.")
    return StencilSource(name, isa, "\n".join(lines), dict(SGEMM_HOLES), doc)


def sgemm_avx2_6x16():
    """6 rows x 16 columns: 12 ymm accumulators, 2 B vectors, 2 A broadcasts.

    12 independent FMAs per k cover the 4-cycle FMA latency on two ports.
    """
    mr, nr = 6, 16

    def clear():
        return [f"vxorps ymm{i}, ymm{i}, ymm{i}" for i in range(12)]

    def body(a_offset, b_offset):
        lines = [f"vmovups ymm12, [rbx + {b_offset}]", f"vmovups ymm13, [rbx + {b_offset + 32}]"]
        for row in range(mr):
            broadcast = 14 + row % 2
            lines += [
                f"vbroadcastss ymm{broadcast}, dword ptr [rax + {a_offset + 4 * row}]",
                f"vfmadd231ps ymm{2 * row}, ymm{broadcast}, ymm12",
                f"vfmadd231ps ymm{2 * row + 1}, ymm{broadcast}, ymm13",
            ]
        return lines

    def update_row(row):
        return [
            f"vaddps ymm{2 * row}, ymm{2 * row}, [r14]",
            f"vaddps ymm{2 * row + 1}, ymm{2 * row + 1}, [r14 + 32]",
        ] + store_row(row)

    def store_row(row):
        return [f"vmovups [r14], ymm{2 * row}", f"vmovups [r14 + 32], ymm{2 * row + 1}"]

    return _macro_kernel("sgemm_avx2_6x16", "avx2", mr, nr, 4, body, clear, update_row, store_row, True)


def sgemm_sse2_6x8():
    """6 rows x 8 columns: 12 xmm accumulators; SSE2 has neither FMA nor a
    broadcast load, so each A element is splatted with shufps."""
    mr, nr = 6, 8

    def clear():
        return [f"xorps xmm{i}, xmm{i}" for i in range(12)]

    def body(a_offset, b_offset):
        lines = [f"movups xmm12, [rbx + {b_offset}]", f"movups xmm13, [rbx + {b_offset + 16}]"]
        for row in range(mr):
            lines += [
                f"movss xmm14, dword ptr [rax + {a_offset + 4 * row}]",
                "shufps xmm14, xmm14, 0",
                "movaps xmm15, xmm14",
                "mulps xmm15, xmm12",
                f"addps xmm{2 * row}, xmm15",
                "mulps xmm14, xmm13",
                f"addps xmm{2 * row + 1}, xmm14",
            ]
        return lines

    def update_row(row):
        return [
            "movups xmm14, [r14]",
            "movups xmm15, [r14 + 16]",
            f"addps xmm{2 * row}, xmm14",
            f"addps xmm{2 * row + 1}, xmm15",
        ] + store_row(row)

    def store_row(row):
        return [f"movups [r14], xmm{2 * row}", f"movups [r14 + 16], xmm{2 * row + 1}"]

    return _macro_kernel("sgemm_sse2_6x8", "sse2", mr, nr, 4, body, clear, update_row, store_row, False)


def pack_a_avx2_6():
    """Pack `panels` panels of 6 rows x kc of a row-major A into
    k-major 6-float groups: void pack_a(const float *a, float *a_packed).

    Holes: lda_bytes, panels, k_blocks = kc // 4, k_rest = kc % 4.
    Four k at a time: a 4x4 transpose for rows 0-3 and an unpack for 4-5.
    """
    lines = [
        "push rbx",
        "push r15",
        "mov r15d, @lda_bytes@",
        "lea r10, [r15 + r15*2]",
        "mov r8d, @panels@",
        "test r8d, r8d",
        "jz .Ldone",
        ".Lpanel:",
        "mov rax, rdi",
        "lea rbx, [rdi + r10]",
        "mov r9d, @k_blocks@",
        "test r9d, r9d",
        "jz .Lrest",
        ".Lk4:",
        "vmovups xmm0, [rax]",
        "vmovups xmm1, [rax + r15]",
        "vmovups xmm2, [rax + r15*2]",
        "vmovups xmm3, [rbx]",
        "vmovups xmm4, [rbx + r15]",
        "vmovups xmm5, [rbx + r15*2]",
        "vunpcklps xmm6, xmm0, xmm1",     # a0 b0 a1 b1
        "vunpckhps xmm7, xmm0, xmm1",     # a2 b2 a3 b3
        "vunpcklps xmm8, xmm2, xmm3",     # c0 d0 c1 d1
        "vunpckhps xmm9, xmm2, xmm3",     # c2 d2 c3 d3
        "vmovlhps xmm10, xmm6, xmm8",     # k0: a b c d
        "vmovhlps xmm11, xmm8, xmm6",     # k1
        "vmovlhps xmm12, xmm7, xmm9",     # k2
        "vmovhlps xmm13, xmm9, xmm7",     # k3
        "vunpcklps xmm14, xmm4, xmm5",    # e0 f0 e1 f1
        "vunpckhps xmm15, xmm4, xmm5",    # e2 f2 e3 f3
        "vmovups [rsi], xmm10",
        "vmovlps qword ptr [rsi + 16], xmm14",
        "vmovups [rsi + 24], xmm11",
        "vmovhps qword ptr [rsi + 40], xmm14",
        "vmovups [rsi + 48], xmm12",
        "vmovlps qword ptr [rsi + 64], xmm15",
        "vmovups [rsi + 72], xmm13",
        "vmovhps qword ptr [rsi + 88], xmm15",
        "add rax, 16",
        "add rbx, 16",
        "add rsi, 96",
        "dec r9d",
        "jnz .Lk4",
        ".Lrest:",
        "mov r9d, @k_rest@",
        "test r9d, r9d",
        "jz .Lpanel_next",
        ".Lk1:",
        "vmovss xmm0, dword ptr [rax]",
        "vmovss xmm1, dword ptr [rax + r15]",
        "vmovss xmm2, dword ptr [rax + r15*2]",
        "vmovss xmm3, dword ptr [rbx]",
        "vmovss xmm4, dword ptr [rbx + r15]",
        "vmovss xmm5, dword ptr [rbx + r15*2]",
    ]
    lines += [f"vmovss dword ptr [rsi + {4 * row}], xmm{row}" for row in range(6)]
    lines += [
        "add rax, 4",
        "add rbx, 4",
        "add rsi, 24",
        "dec r9d",
        "jnz .Lk1",
        ".Lpanel_next:",
        "lea rdi, [rdi + r10*2]",
        "dec r8d",
        "jnz .Lpanel",
        ".Ldone:",
        "pop r15",
        "pop rbx",
        "ret",
    ]
    holes = {name: "imm32" for name in ("lda_bytes", "panels", "k_blocks", "k_rest")}
    return StencilSource("pack_a_avx2_6", "avx2", "\n".join(lines), holes,
                         "args (a, a_packed); packs 6-row panels, k-major.")


def pack_b_avx2_16():
    """Pack `panels` panels of kc rows x 16 columns of a row-major B:
    void pack_b(const float *b, float *b_packed). Holes: ldb_bytes, panels, kc."""
    lines = [
        "mov r10d, @ldb_bytes@",
        "mov r8d, @panels@",
        "test r8d, r8d",
        "jz .Ldone",
        ".Lpanel:",
        "mov rax, rdi",
        "mov r9d, @kc@",
        "test r9d, r9d",
        "jz .Lpanel_next",
        ".Lk:",
        "vmovups ymm0, [rax]",
        "vmovups ymm1, [rax + 32]",
        "vmovups [rsi], ymm0",
        "vmovups [rsi + 32], ymm1",
        "add rax, r10",
        "add rsi, 64",
        "dec r9d",
        "jnz .Lk",
        ".Lpanel_next:",
        "add rdi, 64",
        "dec r8d",
        "jnz .Lpanel",
        ".Ldone:",
        "vzeroupper",
        "ret",
    ]
    holes = {name: "imm32" for name in ("ldb_bytes", "panels", "kc")}
    return StencilSource("pack_b_avx2_16", "avx2", "\n".join(lines), holes,
                         "args (b, b_packed); packs 16-column panels, k-major.")
