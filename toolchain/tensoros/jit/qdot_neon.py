"""Quantized matrix-vector stencils for AArch64 NEON.

Same contract and holes as qdot_x86.py (void qdot_matvec(weights,
activations, out, rows); holes blocks, row_bytes as 64-bit literals).

The Cortex-A72 (Raspberry Pi 4) is ARMv8.0: no `sdot` (ARMv8.2 dot
product), so products are widened with smull/smull2 (s8 x s8 -> s16, exact:
|q| <= 127) and summed pairwise into s32 with saddlp/sadalp.
"""

from .sgemm_neon import literal_pool
from .stencil import StencilSource

HOLES = {"blocks": "imm64", "row_bytes": "imm64"}


def _matvec(name, weight_bytes, activation_bytes, constants, body, doc):
    """x0 weight row, x1 activations, x2 out, x3 rows; x10/x11 walk blocks,
    x9 block count, x12 row_bytes; v20 accumulates, v16/v17 scales."""
    lines = constants + [
        "ldr x12, .Lhole_row_bytes",
        "cbz x3, .Ldone",
        ".Lrow:",
        "movi v20.16b, #0",
        "mov x10, x0",
        "mov x11, x1",
        "ldr x9, .Lhole_blocks",
        "cbz x9, .Lreduce",
        ".Lblock:",
    ] + body() + [
        f"add x10, x10, #{weight_bytes}",
        f"add x11, x11, #{activation_bytes}",
        "subs x9, x9, #1",
        "b.ne .Lblock",
        ".Lreduce:",
        "faddp v20.4s, v20.4s, v20.4s",
        "faddp s0, v20.2s",
        "str s0, [x2], #4",
        "add x0, x0, x12",
        "subs x3, x3, #1",
        "b.ne .Lrow",
        ".Ldone:",
        "ret",
    ] + literal_pool(sorted(HOLES))
    return StencilSource(name, "neon", "\n".join(lines), dict(HOLES), doc)


def _dot_and_scale():
    """Signed weights in v1 (elements 0-15) and v0 (16-31), activation
    quants at x11+2 -> v20 += dot * d_w * d_x."""
    return [
        "ldur q2, [x11, #2]",
        "ldur q3, [x11, #18]",
        "smull v4.8h, v1.8b, v2.8b",
        "smull2 v5.8h, v1.16b, v2.16b",
        "smull v6.8h, v0.8b, v3.8b",
        "smull2 v7.8h, v0.16b, v3.16b",
        "saddlp v18.4s, v4.8h",
        "sadalp v18.4s, v5.8h",
        "sadalp v18.4s, v6.8h",
        "sadalp v18.4s, v7.8h",
        "scvtf v18.4s, v18.4s",
        "ldr h16, [x10]",
        "ldr h17, [x11]",
        "fcvt s16, h16",
        "fcvt s17, h17",
        "fmul s16, s16, s17",
        "fmla v20.4s, v18.4s, v16.s[0]",
    ]


def qdot_q8_0_neon():
    def body():
        return ["ldur q1, [x10, #2]", "ldur q0, [x10, #18]"] + _dot_and_scale()

    return _matvec("qdot_q8_0_neon", 34, 34, [], body,
                   "Q8_0 weights x Q8_0 activations; args (weights, activations, out, rows).")


def qdot_q4_0_neon():
    def body():
        return [
            "ldur q0, [x10, #2]",
            "and v1.16b, v0.16b, v30.16b",    # low nibbles: elements 0-15
            "ushr v0.16b, v0.16b, #4",         # high nibbles: 16-31
            "sub v1.16b, v1.16b, v31.16b",
            "sub v0.16b, v0.16b, v31.16b",
        ] + _dot_and_scale()

    return _matvec("qdot_q4_0_neon", 18, 34, ["movi v30.16b, #15", "movi v31.16b, #8"], body,
                   "Q4_0 weights x Q8_0 activations; args (weights, activations, out, rows).")


def all_sources():
    return [qdot_q8_0_neon(), qdot_q4_0_neon()]
