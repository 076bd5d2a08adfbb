"""SGEMM stencil for AArch64 NEON: an 8x12 macro-kernel.

Same contract, packing and hole set as the x86 macro-kernels (see
sgemm_x86.py): void sgemm_block(a_packed, b_packed, c, overwrite).

AArch64 immediates are split across instruction fields, so every hole is a
64-bit literal in a pool after the code, read with `ldr xN, label`: patching
stays one 8-byte store, the same as on x86.
"""

from .sgemm_x86 import SGEMM_HOLES
from .stencil import StencilSource

MR, NR = 8, 12


def accumulator(row, column_vector):
    return 8 + 3 * row + column_vector


def literal_pool(names):
    lines = [".balign 8"]
    for name in names:
        lines += [f".Lhole_{name}:", f".quad @{name}@"]
    return lines


def sgemm_neon_8x12():
    """24 accumulators (v8-v31), A in v0-v1, B in v2-v4.

    Registers: x0 A block, x1 B block, x2 C, x3 overwrite; x4 B panel,
    x5 jr count, x6 A panel, x7 C tile, x8 ir count, x9 k count,
    x10/x11 A/B pointers, x12 C row, x13 ldc_bytes, x14 C column.
    """
    lines = [
        # v8-v15's low halves belong to the caller (AAPCS64).
        "stp d8, d9, [sp, #-64]!",
        "stp d10, d11, [sp, #16]",
        "stp d12, d13, [sp, #32]",
        "stp d14, d15, [sp, #48]",
        "ldr x13, .Lhole_ldc_bytes",
        "ldr x15, .Lhole_a_panel_bytes",
        "ldr x16, .Lhole_b_panel_bytes",
        "mov x4, x1",
        "mov x14, x2",
        "ldr x5, .Lhole_n_tiles",
        "cbz x5, .Ldone",
        ".Ljr:",
        "mov x6, x0",
        "mov x7, x14",
        "ldr x8, .Lhole_m_tiles",
        "cbz x8, .Ljr_next",
        ".Lir:",
    ]
    lines += [f"movi v{v}.16b, #0" for v in range(8, 32)]
    lines += [
        "mov x10, x6",
        "mov x11, x4",
        "ldr x9, .Lhole_k_blocks",
        "ldr x17, .Lhole_k_rest",
        "add x9, x17, x9, lsl #2",
        "cbz x9, .Lsave",
        ".Lk:",
        "ldp q0, q1, [x10], #32",
        "ld1 {v2.4s, v3.4s, v4.4s}, [x11], #48",
    ]
    for row in range(MR):
        for column_vector in range(3):
            lines.append(f"fmla v{accumulator(row, column_vector)}.4s, v{2 + column_vector}.4s, "
                         f"v{row // 4}.s[{row % 4}]")
    lines += [
        "subs x9, x9, #1",
        "b.ne .Lk",
        ".Lsave:",
        "mov x12, x7",
        "cbnz x3, .Lstore",
    ]
    for row in range(MR):
        first = accumulator(row, 0)
        lines += [
            "ld1 {v0.4s, v1.4s, v2.4s}, [x12]",
            f"fadd v{first}.4s, v{first}.4s, v0.4s",
            f"fadd v{first + 1}.4s, v{first + 1}.4s, v1.4s",
            f"fadd v{first + 2}.4s, v{first + 2}.4s, v2.4s",
            f"st1 {{v{first}.4s, v{first + 1}.4s, v{first + 2}.4s}}, [x12]",
            "add x12, x12, x13",
        ]
    lines += ["b .Ltile_next", ".Lstore:"]
    for row in range(MR):
        first = accumulator(row, 0)
        lines += [
            f"st1 {{v{first}.4s, v{first + 1}.4s, v{first + 2}.4s}}, [x12]",
            "add x12, x12, x13",
        ]
    lines += [
        ".Ltile_next:",
        "add x6, x6, x15",
        "mov x7, x12",
        "subs x8, x8, #1",
        "b.ne .Lir",
        ".Ljr_next:",
        "add x4, x4, x16",
        f"add x14, x14, #{NR * 4}",
        "subs x5, x5, #1",
        "b.ne .Ljr",
        ".Ldone:",
        "ldp d14, d15, [sp, #48]",
        "ldp d12, d13, [sp, #32]",
        "ldp d10, d11, [sp, #16]",
        "ldp d8, d9, [sp], #64",
        "ret",
    ]
    lines += literal_pool(sorted(SGEMM_HOLES))
    holes = {name: "imm64" for name in SGEMM_HOLES}
    return StencilSource("sgemm_neon_8x12", "neon", "\n".join(lines), holes,
                         "C[8*m_tiles x 12*n_tiles] (+)= A_packed . B_packed; "
                         "args (a_packed, b_packed, c, overwrite); MR=8 NR=12.")
