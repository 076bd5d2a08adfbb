"""Element-wise stencils for every ISA: add, mul, scale, relu.

    void op(const float *a, const float *b, float *out);

out[i] = a[i] OP b[i] (add, mul), a[i] * scale (scale), max(a[i], 0)
(relu) for i < count; b is ignored by the unary ops. Holes: count (the
element count; a vector loop, then a scalar tail) and, for scale,
scale_bits (the float's IEEE bits: a constant baked into the code).
"""

from .sgemm_neon import literal_pool
from .stencil import StencilSource

OPS = ("add", "mul", "scale", "relu")

# (vector op on ymm0/xmm0 with the b vector or constant, scalar op) per ISA.
X86_OPS = {
    "avx2": {
        "add": ("vaddps ymm0, ymm0, [rsi]", "vaddss xmm0, xmm0, dword ptr [rsi]"),
        "mul": ("vmulps ymm0, ymm0, [rsi]", "vmulss xmm0, xmm0, dword ptr [rsi]"),
        "scale": ("vmulps ymm0, ymm0, ymm15", "vmulss xmm0, xmm0, xmm15"),
        "relu": ("vmaxps ymm0, ymm0, ymm14", "vmaxss xmm0, xmm0, xmm14"),
    },
    "sse2": {
        "add": ("movups xmm1, [rsi]\naddps xmm0, xmm1", "addss xmm0, dword ptr [rsi]"),
        "mul": ("movups xmm1, [rsi]\nmulps xmm0, xmm1", "mulss xmm0, dword ptr [rsi]"),
        "scale": ("mulps xmm0, xmm15", "mulss xmm0, xmm15"),
        "relu": ("maxps xmm0, xmm14", "maxss xmm0, xmm14"),
    },
}

NEON_OPS = {
    "add": ("fadd v0.4s, v0.4s, v1.4s", "fadd s0, s0, s1"),
    "mul": ("fmul v0.4s, v0.4s, v1.4s", "fmul s0, s0, s1"),
    "scale": ("fmul v0.4s, v0.4s, v15.4s", "fmul s0, s0, s15"),
    "relu": ("fmax v0.4s, v0.4s, v14.4s", "fmax s0, s0, s14"),
}


def _holes(op):
    return ["count", "scale_bits"] if op == "scale" else ["count"]


def elementwise_x86(op, isa):
    avx = isa == "avx2"
    width = 8 if avx else 4
    vector_op, scalar_op = X86_OPS[isa][op]
    load, store = ("vmovups", "vmovups") if avx else ("movups", "movups")
    scalar_load, scalar_store = ("vmovss", "vmovss") if avx else ("movss", "movss")
    register = "ymm" if avx else "xmm"
    lines = ["mov r8d, @count@"]
    if op == "scale":
        lines += ["mov eax, @scale_bits@", "movd xmm15, eax" if not avx else "vmovd xmm15, eax"]
        lines += ["vbroadcastss ymm15, xmm15"] if avx else ["shufps xmm15, xmm15, 0"]
    if op == "relu":
        lines += ["vxorps ymm14, ymm14, ymm14"] if avx else ["xorps xmm14, xmm14"]
    lines += [
        "mov r9, r8",
        f"shr r9, {width.bit_length() - 1}",
        "jz .Ltail",
        ".Lvector:",
        f"{load} {register}0, [rdi]",
        *vector_op.split("\n"),
        f"{store} [rdx], {register}0",
        f"add rdi, {4 * width}",
        f"add rsi, {4 * width}",
        f"add rdx, {4 * width}",
        "dec r9",
        "jnz .Lvector",
        ".Ltail:",
        f"and r8d, {width - 1}",
        "jz .Ldone",
        ".Lscalar:",
        f"{scalar_load} xmm0, dword ptr [rdi]",
        scalar_op,
        f"{scalar_store} dword ptr [rdx], xmm0",
        "add rdi, 4",
        "add rsi, 4",
        "add rdx, 4",
        "dec r8d",
        "jnz .Lscalar",
        ".Ldone:",
    ]
    if avx:
        lines.append("vzeroupper")
    lines.append("ret")
    holes = {name: "imm32" for name in _holes(op)}
    return StencilSource(f"{op}_{isa}", isa, "\n".join(lines), holes, __doc__.split("\n\n")[1].strip())


def elementwise_neon(op):
    vector_op, scalar_op = NEON_OPS[op]
    binary = op in ("add", "mul")   # unary ops never touch b, which may be NULL
    lines = ["ldr x8, .Lhole_count"]
    if op == "scale":
        lines += ["ldr w9, .Lhole_scale_bits", "fmov s15, w9", "dup v15.4s, v15.s[0]"]
    if op == "relu":
        lines += ["movi v14.16b, #0"]
    lines += [
        "lsr x9, x8, #2",
        "cbz x9, .Ltail",
        ".Lvector:",
        "ld1 {v0.4s}, [x0], #16",
        *(["ld1 {v1.4s}, [x1], #16"] if binary else []),
        vector_op,
        "st1 {v0.4s}, [x2], #16",
        "subs x9, x9, #1",
        "b.ne .Lvector",
        ".Ltail:",
        "ands x8, x8, #3",
        "b.eq .Ldone",
        ".Lscalar:",
        "ldr s0, [x0], #4",
        *(["ldr s1, [x1], #4"] if binary else []),
        scalar_op,
        "str s0, [x2], #4",
        "subs x8, x8, #1",
        "b.ne .Lscalar",
        ".Ldone:",
        "ret",
    ] + literal_pool(_holes(op))
    holes = {name: "imm64" for name in _holes(op)}
    return StencilSource(f"{op}_neon", "neon", "\n".join(lines), holes, __doc__.split("\n\n")[1].strip())


def all_sources():
    sources = []
    for op in OPS:
        sources += [elementwise_x86(op, "avx2"), elementwise_x86(op, "sse2"), elementwise_neon(op)]
    return sources
