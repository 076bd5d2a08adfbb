"""Quantized matrix-vector stencils for x86_64 (integer SIMD dot products).

    void qdot_matvec(const void *weights, const void *activations,
                     float *out, long rows);

out[r] = dot(weight row r, activations) for `rows` rows; each weight row is
`blocks` blocks of its type, rows `row_bytes` apart; the activations are
`blocks` blocks of the matching 8-bit type (quants.activation_type).
Holes (imm32): blocks, row_bytes.

As in llama.cpp, the activations are quantized to 8 bits once per matvec and
every block's dot product is done in integers; only the per-block scale
product is float. AVX2 uses vpmaddubsw (u8 x s8 -> s16 pairs) then
vpmaddwd (-> s32). vpmaddubsw needs one unsigned operand: unsigned weights
(Q4_1, Q4_K, Q6_K) go in directly, with the -8/-32 offsets folded into the
activation sums; signed ones (Q8_0, Q4_0) use the sign trick
|w| * (x * sign(w)). Q8 activations never hold -128, so the trick is exact.

The SSE2 tier (every x86_64 CPU) has no pmaddubsw (that is SSSE3) and no
F16C: bytes are widened to 16 bits with unpack+shift and multiplied with
pmaddwd, and f16 scales are converted with integer shifts (exact for normal
and subnormal halves).
"""

from .stencil import StencilSource

QDOT_HOLES = {"blocks": "imm32", "row_bytes": "imm32"}

# (weight type, activation type, weight block bytes, activation block bytes)
FORMATS = {
    "q8_0": ("Q8_0", "Q8_0", 34, 34),
    "q4_0": ("Q4_0", "Q8_0", 18, 34),
    "q4_1": ("Q4_1", "Q8_1", 20, 36),
    "q4_k": ("Q4_K", "Q8_K", 144, 292),
    "q6_k": ("Q6_K", "Q8_K", 210, 292),
}

SAVED = ("rbx", "r12", "r13", "r14")


def _broadcast_constant(register, dword):
    return [f"mov eax, {dword:#x}", f"vmovd xmm{register}, eax", f"vpbroadcastd ymm{register}, xmm{register}"]


def _horizontal_sum_avx():
    """ymm0 + ymm1 -> xmm0 lane 0."""
    return [
        "vaddps ymm0, ymm0, ymm1",
        "vextractf128 xmm1, ymm0, 1",
        "vaddps xmm0, xmm0, xmm1",
        "vmovhlps xmm1, xmm0, xmm0",
        "vaddps xmm0, xmm0, xmm1",
        "vmovshdup xmm1, xmm0",
        "vaddss xmm0, xmm0, xmm1",
    ]


def _matvec(name, isa, weight_bytes, activation_bytes, constants, body, finish, pairs, doc, row_setup=()):
    """Row loop around a per-block body.

    rdi weight row, rsi activations, rdx out, rcx rows left; rax/rbx walk the
    blocks of the row and the activations; accumulators ymm0/xmm0 and
    ymm1/xmm1 (two, so consecutive blocks do not wait on each other).
    """
    avx = isa == "avx2"
    zero = (lambda r: f"vxorps ymm{r}, ymm{r}, ymm{r}") if avx else (lambda r: f"xorps xmm{r}, xmm{r}")
    lines = [f"push {register}" for register in SAVED] + constants + [
        ".Lrow:",
        "test rcx, rcx",
        "jz .Ldone",
        zero(0),
        zero(1),
        "mov rax, rdi",
        "mov rbx, rsi",
        "mov r8d, @blocks@",
        *row_setup,
    ]
    if pairs:
        lines += ["shr r8d, 1", "jz .Lsingle", ".Lpair:"]
        lines += body(0, 0, 0) + body(weight_bytes, activation_bytes, 1)
        lines += [f"add rax, {2 * weight_bytes}", f"add rbx, {2 * activation_bytes}",
                  "dec r8d", "jnz .Lpair", ".Lsingle:", "mov r8d, @blocks@", "and r8d, 1", "jz .Lreduce"]
        lines += body(0, 0, 0)
    else:
        lines += ["test r8d, r8d", "jz .Lreduce", ".Lblock:"]
        lines += body(0, 0, 0)
        lines += [f"add rax, {weight_bytes}", f"add rbx, {activation_bytes}", "dec r8d", "jnz .Lblock"]
    lines += [".Lreduce:"]
    lines += finish()
    lines += [
        "vmovss dword ptr [rdx], xmm0" if avx else "movss dword ptr [rdx], xmm0",
        "add rdx, 4",
        "add rdi, @row_bytes@",
        "dec rcx",
        "jmp .Lrow",
        ".Ldone:",
    ]
    lines += [f"pop {register}" for register in reversed(SAVED)]
    if avx:
        lines.append("vzeroupper")
    lines.append("ret")
    return StencilSource(name, isa, "\n".join(lines), dict(QDOT_HOLES), doc)


# ---------------------------------------------------------------- AVX2 tier

def _avx2_scale_d(w_offset, x_offset):
    """ymm5 = f16 d_w * f16 d_x in every lane (xmm12 is kept zero)."""
    return [
        f"vpinsrw xmm5, xmm12, word ptr [rax + {w_offset}], 0",
        f"vpinsrw xmm6, xmm12, word ptr [rbx + {x_offset}], 0",
        "vcvtph2ps xmm5, xmm5",
        "vcvtph2ps xmm6, xmm6",
        "vmulps xmm5, xmm5, xmm6",
        "vbroadcastss ymm5, xmm5",
    ]


def _avx2_signed_dot(accumulator):
    """ymm2 = signed weights, ymm3 = activations -> accumulator += dot * ymm5."""
    return [
        "vpsignb ymm3, ymm3, ymm2",
        "vpsignb ymm2, ymm2, ymm2",
        "vpmaddubsw ymm2, ymm2, ymm3",
        "vpmaddwd ymm2, ymm2, ymm15",
        "vcvtdq2ps ymm2, ymm2",
        f"vfmadd231ps ymm{accumulator}, ymm2, ymm5",
    ]


def qdot_q8_0_avx2():
    def body(w, x, accumulator):
        return ([f"vmovdqu ymm2, [rax + {w + 2}]", f"vmovdqu ymm3, [rbx + {x + 2}]"]
                + _avx2_scale_d(w, x) + _avx2_signed_dot(accumulator))

    constants = _broadcast_constant(15, 0x00010001) + ["vpxor xmm12, xmm12, xmm12"]
    return _matvec("qdot_q8_0_avx2", "avx2", 34, 34, constants, body, _horizontal_sum_avx, True,
                   "Q8_0 weights x Q8_0 activations; args (weights, activations, out, rows).")


def qdot_q4_0_avx2():
    def body(w, x, accumulator):
        return [
            f"vmovdqu xmm2, [rax + {w + 2}]",
            "vpsrlw xmm3, xmm2, 4",
            "vinserti128 ymm2, ymm2, xmm3, 1",     # low nibbles: 0-15, high: 16-31
            "vpand ymm2, ymm2, ymm14",
            "vpsubb ymm2, ymm2, ymm13",            # -8..7
            f"vmovdqu ymm3, [rbx + {x + 2}]",
        ] + _avx2_scale_d(w, x) + _avx2_signed_dot(accumulator)

    constants = (_broadcast_constant(15, 0x00010001) + _broadcast_constant(14, 0x0F0F0F0F)
                 + _broadcast_constant(13, 0x08080808) + ["vpxor xmm12, xmm12, xmm12"])
    return _matvec("qdot_q4_0_avx2", "avx2", 18, 34, constants, body, _horizontal_sum_avx, True,
                   "Q4_0 weights x Q8_0 activations; args (weights, activations, out, rows).")


def qdot_q4_1_avx2():
    """dot = d_w*d_x*sum(q*x) + m_w*s_x; the m*s products gather in xmm11 lane 1."""
    def body(w, x, accumulator):
        return [
            f"vmovdqu xmm2, [rax + {w + 4}]",
            "vpsrlw xmm3, xmm2, 4",
            "vinserti128 ymm2, ymm2, xmm3, 1",
            "vpand ymm2, ymm2, ymm14",
            f"vpmaddubsw ymm2, ymm2, ymmword ptr [rbx + {x + 4}]",
            "vpmaddwd ymm2, ymm2, ymm15",
            "vcvtdq2ps ymm2, ymm2",
            f"vmovd xmm5, dword ptr [rax + {w}]",   # d_w, m_w
            f"vmovd xmm6, dword ptr [rbx + {x}]",   # d_x, s_x
            "vcvtph2ps xmm5, xmm5",
            "vcvtph2ps xmm6, xmm6",
            "vmulps xmm5, xmm5, xmm6",              # d_w*d_x, m_w*s_x, 0, 0
            "vaddps xmm11, xmm11, xmm5",
            "vbroadcastss ymm5, xmm5",
            f"vfmadd231ps ymm{accumulator}, ymm2, ymm5",
        ]

    def finish():
        return _horizontal_sum_avx() + ["vmovshdup xmm11, xmm11", "vaddss xmm0, xmm0, xmm11"]

    constants = _broadcast_constant(15, 0x00010001) + _broadcast_constant(14, 0x0F0F0F0F)
    # The min accumulator restarts with every row.
    return _matvec("qdot_q4_1_avx2", "avx2", 20, 36, constants, body, finish, True,
                   "Q4_1 weights x Q8_1 activations; args (weights, activations, out, rows).",
                   row_setup=["vxorps xmm11, xmm11, xmm11"])


def qdot_q4_k_avx2():
    """One 256-element super-block per iteration.

    The 6-bit scales/mins are unpacked with 32-bit GPR masks; each
    sub-block's scale is splatted to 16 words by vpshufb with a mask of
    0x80jj words (high byte 0x80 gives zero), stepped by one per sub-block.
    Mins multiply the pair sums of Q8_K's bsums.
    """
    def body(w, x, accumulator):
        lines = [
            "mov r9d, dword ptr [rax + 4]",
            "mov r10d, dword ptr [rax + 8]",
            "mov r11d, dword ptr [rax + 12]",
            "mov r12d, r9d",
            "and r12d, 0x3F3F3F3F",            # scales 0-3
            "mov r13d, r10d",
            "and r13d, 0x3F3F3F3F",            # mins 0-3
            "mov r14d, r11d",
            "and r14d, 0x0F0F0F0F",
            "shr r9d, 2",
            "and r9d, 0x30303030",
            "or r14d, r9d",                    # scales 4-7
            "shr r11d, 4",
            "and r11d, 0x0F0F0F0F",
            "shr r10d, 2",
            "and r10d, 0x30303030",
            "or r11d, r10d",                   # mins 4-7
            "vmovd xmm8, r12d",
            "vpinsrd xmm8, xmm8, r14d, 1",
            "vpbroadcastq ymm8, xmm8",
            "vmovd xmm9, r13d",
            "vpinsrd xmm9, xmm9, r11d, 1",
            "vpmovzxbd ymm9, xmm9",
            "vpmaddwd ymm10, ymm15, ymmword ptr [rbx + 260]",   # bsum pairs
            "vpmulld ymm9, ymm9, ymm10",
            "vmovdqa ymm12, ymm13",
            "vpxor ymm11, ymm11, ymm11",
        ]
        for chunk in range(4):
            lines += [
                f"vmovdqu ymm2, [rax + {16 + 32 * chunk}]",
                "vpsrlw ymm3, ymm2, 4",
                "vpand ymm2, ymm2, ymm14",
                "vpand ymm3, ymm3, ymm14",
                f"vpmaddubsw ymm2, ymm2, ymmword ptr [rbx + {4 + 64 * chunk}]",
                f"vpmaddubsw ymm3, ymm3, ymmword ptr [rbx + {36 + 64 * chunk}]",
                "vpshufb ymm7, ymm8, ymm12",
                "vpaddw ymm12, ymm12, ymm15",
                "vpmaddwd ymm2, ymm2, ymm7",
                "vpshufb ymm7, ymm8, ymm12",
                "vpaddw ymm12, ymm12, ymm15",
                "vpmaddwd ymm3, ymm3, ymm7",
                "vpaddd ymm11, ymm11, ymm2",
                "vpaddd ymm11, ymm11, ymm3",
            ]
        lines += [
            "vcvtdq2ps ymm11, ymm11",
            "vcvtdq2ps ymm9, ymm9",
            "vmovd xmm5, dword ptr [rax]",     # d, dmin
            "vcvtph2ps xmm5, xmm5",
            "vbroadcastss xmm6, dword ptr [rbx]",
            "vmulps xmm5, xmm5, xmm6",         # d*d8, dmin*d8
            "vbroadcastss ymm6, xmm5",
            f"vfmadd231ps ymm{accumulator}, ymm11, ymm6",
            "vmovshdup xmm5, xmm5",
            "vbroadcastss ymm5, xmm5",
            f"vfnmadd231ps ymm{accumulator}, ymm9, ymm5",
        ]
        return lines

    constants = (_broadcast_constant(15, 0x00010001) + _broadcast_constant(14, 0x0F0F0F0F)
                 + _broadcast_constant(13, 0x80008000))
    return _matvec("qdot_q4_k_avx2", "avx2", 144, 292, constants, body, _horizontal_sum_avx, False,
                   "Q4_K weights x Q8_K activations; args (weights, activations, out, rows).")


def qdot_q6_k_avx2():
    """One super-block per iteration: unsigned 6-bit q times x, minus
    32 * sum(scale * bsum), all in int32, then one float scale."""
    def body(w, x, accumulator):
        lines = [
            "vmovdqu xmm8, [rax + 192]",                     # 16 int8 scales
            "vpmovsxbw ymm9, xmm8",
            "vpmaddwd ymm9, ymm9, ymmword ptr [rbx + 260]",  # sum scale*bsum
            "vmovdqa xmm12, xmm13",
            "vpxor ymm11, ymm11, ymm11",
        ]
        for half in range(2):
            lines += [
                f"vmovdqu ymm2, [rax + {64 * half}]",
                f"vmovdqu ymm3, [rax + {64 * half + 32}]",
                f"vmovdqu ymm4, [rax + {128 + 32 * half}]",
            ]
            # (ql source, low nibble or high, shift that brings the qh pair to bits 4-5)
            for part, (ql, high_nibble, qh_shift) in enumerate([(2, False, 4), (3, False, 2), (2, True, 0), (3, True, -2)]):
                if high_nibble:
                    lines += [f"vpsrlw ymm5, ymm{ql}, 4", "vpand ymm5, ymm5, ymm14"]
                else:
                    lines += [f"vpand ymm5, ymm{ql}, ymm14"]
                if qh_shift > 0:
                    lines += [f"vpsllw ymm6, ymm4, {qh_shift}", "vpand ymm6, ymm6, ymm10"]
                elif qh_shift < 0:
                    lines += [f"vpsrlw ymm6, ymm4, {-qh_shift}", "vpand ymm6, ymm6, ymm10"]
                else:
                    lines += ["vpand ymm6, ymm4, ymm10"]
                lines += [
                    "vpor ymm5, ymm5, ymm6",
                    f"vpmaddubsw ymm5, ymm5, ymmword ptr [rbx + {4 + 128 * half + 32 * part}]",
                    "vpshufb xmm7, xmm8, xmm12",     # scales of this pair of 16-groups
                    "vpaddb xmm12, xmm12, xmm15",
                    "vpmovsxbw ymm7, xmm7",
                    "vpmaddwd ymm5, ymm5, ymm7",
                    "vpaddd ymm11, ymm11, ymm5",
                ]
        lines += [
            "vpslld ymm9, ymm9, 5",
            "vpsubd ymm11, ymm11, ymm9",
            "vcvtdq2ps ymm11, ymm11",
            "movzx r9d, word ptr [rax + 208]",
            "vmovd xmm5, r9d",
            "vcvtph2ps xmm5, xmm5",
            "vmulss xmm5, xmm5, dword ptr [rbx]",
            "vbroadcastss ymm5, xmm5",
            f"vfmadd231ps ymm{accumulator}, ymm11, ymm5",
        ]
        return lines

    constants = (_broadcast_constant(15, 0x02020202) + _broadcast_constant(14, 0x0F0F0F0F)
                 + _broadcast_constant(10, 0x30303030)
                 + ["mov rax, 0x0101010101010101", "vmovq xmm13, rax", "vpslldq xmm13, xmm13, 8"])
    return _matvec("qdot_q6_k_avx2", "avx2", 210, 292, constants, body, _horizontal_sum_avx, False,
                   "Q6_K weights x Q8_K activations; args (weights, activations, out, rows).")


# ---------------------------------------------------------------- SSE2 tier

def _sse2_f16_to_f32(gpr, xmm):
    """f16 in the low 16 bits of `gpr` -> f32 in xmm lane 0 (xmm10 = 2^112).

    Shifting the exponent+mantissa up by 13 gives the value times 2^-112 as a
    float32 bit pattern (also for subnormal halves); one multiply rescales.
    """
    return [
        f"mov r11d, {gpr}",
        "and r11d, 0x7FFF",
        "shl r11d, 13",
        f"movd xmm{xmm}, r11d",
        f"mulss xmm{xmm}, xmm10",
        f"and {gpr}, 0x8000",
        f"shl {gpr}, 16",
        f"movd xmm9, {gpr}",
        f"orps xmm{xmm}, xmm9",
    ]


def _sse2_widen_signed(source, low, high):
    """16 signed bytes in xmm{source} -> 8+8 int16 in xmm{low}, xmm{high}."""
    return [
        f"movdqa xmm{low}, xmm{source}",
        f"punpcklbw xmm{low}, xmm{low}",
        f"psraw xmm{low}, 8",
        f"movdqa xmm{high}, xmm{source}",
        f"punpckhbw xmm{high}, xmm{high}",
        f"psraw xmm{high}, 8",
    ]


def _sse2_scaled_accumulate(w, x, accumulator):
    """xmm2 (int32 x4 dot) * f16 d_w * f16 d_x -> accumulator."""
    return [
        "cvtdq2ps xmm2, xmm2",
        f"movzx r9d, word ptr [rax + {w}]",
        f"movzx r10d, word ptr [rbx + {x}]",
    ] + _sse2_f16_to_f32("r9d", 5) + _sse2_f16_to_f32("r10d", 6) + [
        "mulss xmm5, xmm6",
        "shufps xmm5, xmm5, 0",
        "mulps xmm2, xmm5",
        f"addps xmm{accumulator}, xmm2",
    ]


def _sse2_dot_32(weight_halves, x_address):
    """Weights as int16 in xmm3,xmm4 (elements 0-15) and xmm11,xmm12
    (16-31); activations at x_address -> xmm2 = 4 int32 partial sums."""
    lines = [f"movdqu xmm8, [{x_address}]"] + _sse2_widen_signed(8, 6, 7) + [
        f"pmaddwd xmm6, xmm{weight_halves[0]}",
        f"pmaddwd xmm7, xmm{weight_halves[1]}",
        "movdqa xmm2, xmm6",
        "paddd xmm2, xmm7",
        f"movdqu xmm8, [{x_address} + 16]",
    ] + _sse2_widen_signed(8, 6, 7) + [
        f"pmaddwd xmm6, xmm{weight_halves[2]}",
        f"pmaddwd xmm7, xmm{weight_halves[3]}",
        "paddd xmm2, xmm6",
        "paddd xmm2, xmm7",
    ]
    return lines


def _horizontal_sum_sse():
    return [
        "addps xmm0, xmm1",
        "movhlps xmm1, xmm0",
        "addps xmm0, xmm1",
        "movaps xmm1, xmm0",
        "shufps xmm1, xmm1, 0x55",
        "addss xmm0, xmm1",
    ]


def _sse2_constants():
    return ["mov eax, 0x77800000", "movd xmm10, eax",       # 2^112
            "mov eax, 0x0F0F0F0F", "movd xmm13, eax", "pshufd xmm13, xmm13, 0",
            "mov eax, 0x00080008", "movd xmm14, eax", "pshufd xmm14, xmm14, 0"]


def qdot_q8_0_sse2():
    def body(w, x, accumulator):
        lines = [f"movdqu xmm8, [rax + {w + 2}]"] + _sse2_widen_signed(8, 3, 4)
        lines += [f"movdqu xmm8, [rax + {w + 18}]"] + _sse2_widen_signed(8, 11, 12)
        lines += _sse2_dot_32((3, 4, 11, 12), f"rbx + {x + 2}")
        return lines + _sse2_scaled_accumulate(w, x, accumulator)

    return _matvec("qdot_q8_0_sse2", "sse2", 34, 34, _sse2_constants(), body, _horizontal_sum_sse, True,
                   "Q8_0 weights x Q8_0 activations; args (weights, activations, out, rows).")


def qdot_q4_0_sse2():
    def body(w, x, accumulator):
        lines = [
            f"movdqu xmm8, [rax + {w + 2}]",
            "movdqa xmm15, xmm8",
            "psrlw xmm15, 4",
            "pand xmm8, xmm13",        # elements 0-15
            "pand xmm15, xmm13",       # elements 16-31
            "pxor xmm9, xmm9",
            "movdqa xmm3, xmm8",
            "punpcklbw xmm3, xmm9",
            "movdqa xmm4, xmm8",
            "punpckhbw xmm4, xmm9",
            "movdqa xmm11, xmm15",
            "punpcklbw xmm11, xmm9",
            "movdqa xmm12, xmm15",
            "punpckhbw xmm12, xmm9",
            "psubw xmm3, xmm14",
            "psubw xmm4, xmm14",
            "psubw xmm11, xmm14",
            "psubw xmm12, xmm14",
        ]
        lines += _sse2_dot_32((3, 4, 11, 12), f"rbx + {x + 2}")
        return lines + _sse2_scaled_accumulate(w, x, accumulator)

    return _matvec("qdot_q4_0_sse2", "sse2", 18, 34, _sse2_constants(), body, _horizontal_sum_sse, True,
                   "Q4_0 weights x Q8_0 activations; args (weights, activations, out, rows).")


def all_sources():
    return [qdot_q8_0_avx2(), qdot_q4_0_avx2(), qdot_q4_1_avx2(), qdot_q4_k_avx2(), qdot_q6_k_avx2(),
            qdot_q8_0_sse2(), qdot_q4_0_sse2()]
