"""Quantized matrix-vector stencils for x86_64 (integer SIMD dot products).

    void qdot_matvec(const void *weights, const void *activations,
                     float *out, long rows);

out[r] = dot(weight row r, activations) for `rows` rows; each weight row is
`blocks` blocks of its type, rows `row_bytes` apart; the activations are
`blocks` blocks of the matching 8-bit type (quants.activation_type), or
for the four-row SSE2 kernels (Q8_0, Q4_0, Q4_1) those blocks expanded by
the driver once per matvec (quants.expand_activations).
Holes (imm32): blocks, row_bytes.

As in llama.cpp, the activations are quantized to 8 bits once per matvec and
every block's dot product is done in integers; only the per-block scale
product is float. AVX2 uses vpmaddubsw (u8 x s8 -> s16 pairs) then
vpmaddwd (-> s32). vpmaddubsw needs one unsigned operand: unsigned weights
(Q4_1, Q4_K, Q6_K) go in directly, with the -8/-32 offsets folded into the
activation sums; signed ones (Q8_0, Q4_0) use the sign trick
|w| * (x * sign(w)). Q8 activations never hold -128, so the trick is exact.

The SSE2 tier (every x86_64 CPU, and what QEMU's TCG ends up running:
qemu64 has nothing else, and under -cpu max the measured policy finds the
emulated AVX2 slower) has no pmaddubsw (that is SSSE3) and no F16C: bytes
are split into 16-bit words with shifts and multiplied with pmullw (Q8_0,
Q4_0, Q4_1 four rows at a time, the K-quants one row at a time), and f16
scales are converted with integer shifts (exact for normal and subnormal
halves); see the SSE2 sections below for why they are shaped by QEMU's
costs.
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
#
# The SSE2 tier is what QEMU's TCG (-cpu qemu64) gets, and there an
# instruction costs what its emulation costs, not its latency: integer ops
# with a generic vector form (pand/por, padd/psub, pmullw, shifts by an
# immediate, movq/movhps/movlhps/movhlps/movd) are a few host
# instructions, while pmaddwd, punpck*, pshufd, 16-byte loads and every
# float op are helper calls, ten to fifty times dearer (measured with one
# instruction repeated in a loop under QEMU 10). So these kernels
#   * load 16 bytes as two 8-byte halves (movq + movhps);
#   * split bytes into 16-bit words with shifts and masks, even and odd
#     elements apart (no punpck), multiply with pmullw, add in 16 bits only
#     as many products as cannot overflow, and widen with shifts;
#   * do the float work of four rows in one vector, a lane per row, so a
#     block costs the four rows six float ops (Q4_1) or four (Q8_0, Q4_0);
#   * keep the weights' f16 scales as bit patterns worth value * 2^-112 (an
#     exact shift, subnormal halves included) and fold the 2^112 into the
#     activation scale;
#   * take the activations expanded once per matvec by the driver
#     (quants.expand_activations, kernel/tensor/qmatvec.c): the values
#     already split into int16, the scales already f32 times 2^112 in four
#     lanes. Splitting and converting them here was done once per block for
#     every group of four rows: a quarter of the Q4_1 loop's instructions.
# Rows go four at a time; a last group of 1-3 rows repeats its last row and
# stores only the rows that exist. Natively the same code is as fast as
# the former one-row SSE2 kernels or faster.

ROWS4_SAVED = ("rbx", "rbp", "r12", "r13", "r14", "r15")
# the frame under the pushes: rows left, weights of the group, out,
# activations, and 16 bytes to spill a partial group's results through
FRAME_ROWS, FRAME_W, FRAME_OUT, FRAME_ACT, FRAME_SPILL, FRAME_SIZE = 0, 8, 16, 24, 32, 56
ROWS = ("r8", "r9", "r10", "r11")       # the group's four weight rows (rax: offset of the block)
ACT_LO, ACT_LO_ODD, ACT_HI, ACT_HI_ODD = 12, 13, 14, 15   # the block's activations as int16
NIBBLE = 11                             # 0x000F in every word
ACC = 10                                # the four rows' sums
X_SCALE, X_SUM = 8, 9                   # d_x * 2^112, s_x * 2^112 (Q4_1) in every lane; Q4_0: 8s
DOTS = (4, 5, 6, 7)                     # each row's block dot as 4 int32 partial sums


def _f16_to_f32_scaled(h, mag, normal, sub, shifted, scale=112):
    """General-purpose registers: the f16 in the low 16 bits of `h` (rest
    zero) -> in `h`, the f32 bit pattern of value * 2^scale, exactly, for
    normal, subnormal and zero halves. Clobbers the other four and ecx."""
    return [
        f"mov {mag}, {h}",
        f"and {mag}, 0x7FFF",
        f"and {h}, 0x8000",
        f"shl {h}, 16",                         # the sign bit in place
        f"mov {normal}, {mag}",
        f"shl {normal}, 13",
        f"add {normal}, {(112 + scale) << 23:#x}",   # a normal half: exponent field + (127 - 15) + scale
        # a subnormal half m * 2^-24 times 2^scale; with p the top bit of m
        # its bits are (m << (23 - p)) + ((p + 102 + scale) << 23), the top
        # bit of the shifted m adding the last 1 to the exponent field
        f"mov ecx, {mag}",
        "or ecx, 1",                            # bsr of 0 is undefined; zero is handled below
        "bsr ecx, ecx",
        f"lea {sub}, [rcx + {102 + scale}]",
        f"shl {sub}, 23",
        "neg ecx",
        "add ecx, 23",
        f"mov {shifted}, {mag}",
        f"shl {shifted}, cl",
        f"add {sub}, {shifted}",
        f"cmp {mag}, 0x400",
        f"cmovb {normal}, {sub}",
        f"test {mag}, {mag}",
        f"cmovz {normal}, {mag}",
        f"or {h}, {normal}",
    ]


def _load16(xmm, address):
    """16 bytes as two 8-byte loads (a 16-byte load is a helper call in TCG)."""
    return [f"movq xmm{xmm}, qword ptr [{address}]", f"movhps xmm{xmm}, qword ptr [{address} + 8]"]


def _split_signed_bytes(even, odd):
    """16 signed bytes in xmm{even} -> the even-numbered ones as int16 in
    xmm{even}, the odd-numbered ones in xmm{odd}."""
    return [f"movdqa xmm{odd}, xmm{even}", f"psraw xmm{odd}, 8", f"psllw xmm{even}, 8", f"psraw xmm{even}, 8"]


def _activations():
    """The block's 32 activations, already split into int16 even/odd groups
    (quants.expand_activations) -> xmm12-15: four pairs of 8-byte loads."""
    lines = []
    for k, xmm in enumerate((ACT_LO, ACT_LO_ODD, ACT_HI, ACT_HI_ODD)):
        lines += _load16(xmm, f"rbx + {16 * k}")
    return lines


def _activation_scale(offset, xmm):
    """A scale times 2^112, already converted and in four lanes at rbx + offset."""
    return _load16(xmm, f"rbx + {offset}")


def _widen_words(words, tmp):
    """8 int16 in xmm{words} -> 4 int32 sums of their pairs in xmm{words}."""
    return [f"movdqa xmm{tmp}, xmm{words}", f"pslld xmm{tmp}, 16", f"psrad xmm{tmp}, 16",
            f"psrad xmm{words}, 16", f"paddd xmm{words}, xmm{tmp}"]


def _q4_row_words(row, out, w_offset, minus_8=False):
    """16 bytes of nibbles at row + rax + w_offset (element i the low nibble
    of byte i, element i+16 the high one) times xmm12-15 -> 8 int16 in
    xmm{out}, each the sum of four products: 4 * 15 * 128 (or 4 * 8 * 128
    for q - 8) fits 16 bits."""
    lines = _load16(0, f"{row} + rax + {w_offset}") + [
        f"movdqa xmm{out}, xmm0", f"pand xmm{out}, xmm{NIBBLE}",               # elements 2j
        "movdqa xmm2, xmm0", "psrlw xmm2, 8", f"pand xmm2, xmm{NIBBLE}",        # 2j+1
        "movdqa xmm3, xmm0", "psrlw xmm3, 4", f"pand xmm3, xmm{NIBBLE}",        # 2j+16
        "psrlw xmm0, 12",                                                       # 2j+17
    ]
    if minus_8:
        lines += [f"psubw xmm{r}, xmm{X_SUM}" for r in (out, 2, 3, 0)]
    return lines + [
        f"pmullw xmm{out}, xmm{ACT_LO}", f"pmullw xmm2, xmm{ACT_LO_ODD}",
        f"pmullw xmm3, xmm{ACT_HI}", f"pmullw xmm0, xmm{ACT_HI_ODD}",
        f"paddw xmm{out}, xmm2", "paddw xmm3, xmm0", f"paddw xmm{out}, xmm3",
    ]


def _merge_q4_rows4():
    """xmm4-7 (rows 0-3, 8 int16 sums of four products each) -> xmm1 = the
    four rows' int32 sums in row order. Sixteen products of a nibble (or
    q - 8) and an int8 still fit 16 bits (16 * 15 * 128 < 2^15), so two
    rows are summed side by side in the words of one vector twice over and
    only then widened: fewer ops than widening each row first."""
    def words(a, keep_high, shift):
        """Adds neighbouring (word or dword) fields of xmm{a}; the sum is
        kept in the low field (the high one zero) or the high one."""
        there, back = ("psrl", "psll") if keep_high else ("psll", "psrl")
        return [f"movdqa xmm0, xmm{a}", f"{there}{shift} xmm0, {16 if shift == 'd' else 32}",
                f"paddw xmm{a}, xmm0", f"{back}{shift} xmm{a}, {16 if shift == 'd' else 32}"]
    # rows 0, 2 and 1, 3 side by side in words: [r0 | r2] and [r1 | r3] dwords
    lines = words(4, False, "d") + words(6, True, "d") + ["por xmm4, xmm6"]
    lines += words(5, False, "d") + words(7, True, "d") + ["por xmm5, xmm7"]
    # then in dwords: [r0|r2, r1|r3, r0|r2, r1|r3], each word 16 products
    lines += words(4, False, "q") + words(5, True, "q") + ["por xmm4, xmm5"]
    return lines + [
        "movdqa xmm1, xmm4", "pslld xmm1, 16", "psrad xmm1, 16",   # rows 0, 1, 0, 1 as int32
        "psrad xmm4, 16",                                          # rows 2, 3, 2, 3
        "movhlps xmm0, xmm1", "paddd xmm1, xmm0",
        "movhlps xmm0, xmm4", "paddd xmm4, xmm0",
        "movlhps xmm1, xmm4",                                      # rows 0, 1, 2, 3
    ]


def _q8_row_dot(row, w_offset):
    """32 int8 weights at row + rax + w_offset dotted with xmm12-15 -> 4
    int32 in xmm1. A product is at most 128 * 127: two fit a word, so the
    two pair vectors are widened apart."""
    lines = _load16(0, f"{row} + rax + {w_offset}") + _load16(2, f"{row} + rax + {w_offset + 16}")
    lines += _split_signed_bytes(0, 1) + _split_signed_bytes(2, 3) + [
        f"pmullw xmm0, xmm{ACT_LO}", f"pmullw xmm1, xmm{ACT_LO_ODD}",
        f"pmullw xmm2, xmm{ACT_HI}", f"pmullw xmm3, xmm{ACT_HI_ODD}",
        "paddw xmm1, xmm0", "paddw xmm3, xmm2",
    ]
    return lines + _widen_words(1, 0) + _widen_words(3, 2) + ["paddd xmm1, xmm3"]


def _merge_rows4():
    """xmm4-7 (rows 0-3, 4 int32 partial sums each) -> xmm1 = the four rows'
    sums, in row order, with qword shifts (no pshufd/punpck)."""
    def pair(a, b, out, tmp):
        return [
            f"movdqa xmm{out}, xmm{a}", f"psllq xmm{out}, 32", f"paddd xmm{out}, xmm{a}", f"psrlq xmm{out}, 32",
            f"movdqa xmm{tmp}, xmm{b}", f"psrlq xmm{tmp}, 32", f"paddd xmm{tmp}, xmm{b}", f"psllq xmm{tmp}, 32",
            f"por xmm{out}, xmm{tmp}",          # [a01, b01, a23, b23]
        ]
    return pair(4, 5, 0, 1) + pair(6, 7, 2, 3) + [
        "movdqa xmm1, xmm0", "movlhps xmm1, xmm2",     # [a01 b01 c01 d01]
        "movhlps xmm2, xmm0",                          # [a23 b23 c23 d23]
        "paddd xmm1, xmm2",
    ]


def _gather_rows4(offset):
    """The dword at row + rax + offset of each of the four rows -> xmm0."""
    return [
        f"mov r14d, dword ptr [r8 + rax + {offset}]", f"mov r15d, dword ptr [r9 + rax + {offset}]",
        "shl r15, 32", "or r14, r15", "movq xmm0, r14",
        f"mov r14d, dword ptr [r10 + rax + {offset}]", f"mov r15d, dword ptr [r11 + rax + {offset}]",
        "shl r15, 32", "or r14, r15", "movq xmm2, r14",
        "movlhps xmm0, xmm2",
    ]


def _f16_scaled_bits(source, out, tmp, high=False):
    """The f16 in each lane's low (or high) 16 bits -> the f32 bits of value *
    2^-112 in xmm{out}: the exponent and mantissa fields moved up by 13, the
    sign to bit 31. Exact for every finite half."""
    return [f"movdqa xmm{out}, xmm{source}"] + ([f"psrld xmm{out}, 16"] if high else []) + [
        f"pslld xmm{out}, 17", f"psrld xmm{out}, 4",
        f"movdqa xmm{tmp}, xmm{source}"] + ([] if high else [f"pslld xmm{tmp}, 16"]) + [
        f"psrld xmm{tmp}, 31", f"pslld xmm{tmp}, 31",
        f"por xmm{out}, xmm{tmp}",
    ]


def _rows4(name, weight_bytes, activation_bytes, constants, block, doc):
    """The loop over groups of four rows around `block` (one block of rows
    r8-r11 at offset rax, activations at rbx; adds into xmm10)."""
    lines = [f"push {r}" for r in ROWS4_SAVED] + [
        f"sub rsp, {FRAME_SIZE}",
        f"mov qword ptr [rsp + {FRAME_ROWS}], rcx",
        f"mov qword ptr [rsp + {FRAME_W}], rdi",
        f"mov qword ptr [rsp + {FRAME_OUT}], rdx",
        f"mov qword ptr [rsp + {FRAME_ACT}], rsi",
        "mov eax, 0x000F000F", f"movd xmm{NIBBLE}, eax", f"pshufd xmm{NIBBLE}, xmm{NIBBLE}, 0",
    ] + constants + [
        ".Lgroup:",
        f"mov rcx, qword ptr [rsp + {FRAME_ROWS}]",
        "test rcx, rcx",
        "jle .Ldone",
        f"mov r8, qword ptr [rsp + {FRAME_W}]",
        "mov rax, @row_bytes@",
        "lea r9, [r8 + rax]",
        "lea r10, [r9 + rax]",
        "lea r11, [r10 + rax]",
        "lea rdx, [r11 + rax]",
        f"mov qword ptr [rsp + {FRAME_W}], rdx",
        "cmp rcx, 2", "cmovb r9, r8",          # rows past the end repeat the last one
        "cmp rcx, 3", "cmovb r10, r9",
        "cmp rcx, 4", "cmovb r11, r10",
        f"xorps xmm{ACC}, xmm{ACC}",
        f"mov rbx, qword ptr [rsp + {FRAME_ACT}]",
        "xor eax, eax",
        "mov ebp, @blocks@",
        "test ebp, ebp",
        "jz .Lstore",
        ".Lblock:",
    ] + block() + [
        f"add rax, {weight_bytes}",
        f"add rbx, {activation_bytes}",
        "dec ebp",
        "jnz .Lblock",
        ".Lstore:",
        f"mov rdx, qword ptr [rsp + {FRAME_OUT}]",
        f"mov rcx, qword ptr [rsp + {FRAME_ROWS}]",
        "cmp rcx, 4",
        "jb .Lpartial",
        f"movq qword ptr [rdx], xmm{ACC}",
        f"movhps qword ptr [rdx + 8], xmm{ACC}",
        "add rdx, 16",
        "sub rcx, 4",
        "jmp .Lnext",
        ".Lpartial:",                           # 1-3 rows, one dword at a time from the spill slot
        f"movq qword ptr [rsp + {FRAME_SPILL}], xmm{ACC}",
        f"movhps qword ptr [rsp + {FRAME_SPILL + 8}], xmm{ACC}",
        "xor eax, eax",
        ".Lcopy:",
        f"mov esi, dword ptr [rsp + {FRAME_SPILL} + rax * 4]",
        "mov dword ptr [rdx], esi",
        "add rdx, 4",
        "inc eax",
        "cmp rax, rcx",
        "jb .Lcopy",
        "xor ecx, ecx",
        ".Lnext:",
        f"mov qword ptr [rsp + {FRAME_OUT}], rdx",
        f"mov qword ptr [rsp + {FRAME_ROWS}], rcx",
        "jmp .Lgroup",
        ".Ldone:",
        f"add rsp, {FRAME_SIZE}",
    ] + [f"pop {r}" for r in reversed(ROWS4_SAVED)] + ["ret"]
    return StencilSource(name, "sse2", "\n".join(lines), dict(QDOT_HOLES), doc)


def _scaled_accumulate():
    """xmm1 = the four rows' int32 dots -> xmm10 += dot * d_w * d_x, d_w the
    f16 at the start of each row's block, d_x * 2^112 in xmm8."""
    return ["cvtdq2ps xmm1, xmm1"] + _gather_rows4(0) + _f16_scaled_bits(0, 2, 3) + [
        f"mulps xmm2, xmm{X_SCALE}",           # d_w * d_x, rounded once
        "mulps xmm1, xmm2",
        f"addps xmm{ACC}, xmm1",
    ]


def _rows_dots(row_dot):
    lines = []
    for k, row in enumerate(ROWS):
        lines += row_dot(row) + [f"movdqa xmm{DOTS[k]}, xmm1"]
    return lines + _merge_rows4()


def _q4_rows_dots(w_offset, minus_8=False):
    lines = []
    for k, row in enumerate(ROWS):
        lines += _q4_row_words(row, DOTS[k], w_offset, minus_8)
    return lines + _merge_q4_rows4()


def qdot_q8_0_sse2():
    def block():
        return (_activations() + _activation_scale(64, X_SCALE)
                + _rows_dots(lambda row: _q8_row_dot(row, 2)) + _scaled_accumulate())

    return _rows4("qdot_q8_0_sse2", 34, 80, [], block,
                  "Q8_0 weights x Q8_0 activations, four rows at a time; args (weights, activations, out, rows).")


def qdot_q4_0_sse2():
    def block():
        return (_activations() + _activation_scale(64, X_SCALE)
                + _q4_rows_dots(2, minus_8=True) + _scaled_accumulate())

    eights = ["mov eax, 0x00080008", f"movd xmm{X_SUM}, eax", f"pshufd xmm{X_SUM}, xmm{X_SUM}, 0"]
    return _rows4("qdot_q4_0_sse2", 18, 80, eights, block,
                  "Q4_0 weights x Q8_0 activations, four rows at a time; args (weights, activations, out, rows).")


def qdot_q4_1_sse2():
    """dot = d_w*d_x*sum(q*x) + m_w*s_x, q = 0..15; d_w and m_w are the two
    halves of one dword per row."""
    def block():
        lines = _activations() + _activation_scale(64, X_SCALE) + _activation_scale(80, X_SUM)
        lines += _q4_rows_dots(4) + ["cvtdq2ps xmm1, xmm1"] + _gather_rows4(0)
        return lines + _f16_scaled_bits(0, 2, 3) + _f16_scaled_bits(0, 4, 3, high=True) + [
            f"mulps xmm2, xmm{X_SCALE}",       # d_w * d_x
            "mulps xmm1, xmm2",
            f"addps xmm{ACC}, xmm1",
            f"mulps xmm4, xmm{X_SUM}",         # m_w * s_x
            f"addps xmm{ACC}, xmm4",
        ]

    return _rows4("qdot_q4_1_sse2", 20, 96, [], block,
                  "Q4_1 weights x Q8_1 activations, four rows at a time; args (weights, activations, out, rows).")


# ------------------------------------------- SSE2 tier: K-quants, one row at a time
#
# A K-quant block is 256 elements with one float scale product, so the
# float work (scalar, per block) matters little here: rows go one at a time.
# Each 32-element sub-block (16 for Q6_K) is dotted with pmullw as above,
# its sum taken to a general register (movq/movhlps) and multiplied by its
# integer scale there; the block's integer sums get the float scales at the
# end. The weights' f16 scales are converted exactly in general registers.

K_SAVED = ("rbx", "rbp", "r12", "r13", "r14", "r15")
# the frame: rows left, the weight row, activations, out; Q4_K's 8 scales and 8 mins (bytes)
K_FRAME_ROWS, K_FRAME_W, K_FRAME_ACT, K_FRAME_OUT, K_FRAME_SCALES, K_FRAME_SIZE = 0, 8, 16, 24, 32, 48
MASK_30 = 9                                              # 0x0030 in every word (Q6_K)


def _words_to_gpr(words, tmp, out, scratch):
    """8 int16 in xmm{words} -> their sum in `out` (r8-r15; clobbers
    xmm{tmp} and `scratch`)."""
    return _widen_words(words, tmp) + [
        f"movhlps xmm{tmp}, xmm{words}", f"paddd xmm{words}, xmm{tmp}",     # lanes 0, 1: 0+2, 1+3
        f"movq {out}, xmm{words}", f"movsxd {scratch}, {out}d", f"sar {out}, 32", f"add {out}, {scratch}",
    ]


def _f16_at(address):
    """The f16 at `address` -> its exact f32 in xmm0 lane 0 (general
    registers; clobbers esi, edi, edx, r12d, r13d, ecx)."""
    return [f"movzx esi, word ptr [{address}]"] + _f16_to_f32_scaled("esi", "edi", "edx", "r12d", "r13d", scale=0) + [
        "movd xmm0, esi"]


def _rows1(name, weight_bytes, activation_bytes, constants, block, doc):
    """One row at a time: per row rax walks the weight blocks, rbx the
    activation blocks, ebp counts them; `block` adds the block's dot into
    xmm10 lane 0 and may clobber every other general register."""
    return StencilSource(name, "sse2", "\n".join([f"push {r}" for r in K_SAVED] + [
        f"sub rsp, {K_FRAME_SIZE}",
        f"mov qword ptr [rsp + {K_FRAME_ROWS}], rcx",
        f"mov qword ptr [rsp + {K_FRAME_W}], rdi",
        f"mov qword ptr [rsp + {K_FRAME_ACT}], rsi",
        f"mov qword ptr [rsp + {K_FRAME_OUT}], rdx",
        "mov eax, 0x000F000F", f"movd xmm{NIBBLE}, eax", f"pshufd xmm{NIBBLE}, xmm{NIBBLE}, 0",
    ] + constants + [
        ".Lrow:",
        f"cmp qword ptr [rsp + {K_FRAME_ROWS}], 0",
        "jle .Ldone",
        f"xorps xmm{ACC}, xmm{ACC}",
        f"mov rax, qword ptr [rsp + {K_FRAME_W}]",
        f"mov rbx, qword ptr [rsp + {K_FRAME_ACT}]",
        "mov ebp, @blocks@",
        "test ebp, ebp",
        "jz .Lstore",
        ".Lblock:",
    ] + block() + [
        f"add rax, {weight_bytes}",
        f"add rbx, {activation_bytes}",
        "dec ebp",
        "jnz .Lblock",
        ".Lstore:",
        f"mov rdx, qword ptr [rsp + {K_FRAME_OUT}]",
        f"movd dword ptr [rdx], xmm{ACC}",
        f"add qword ptr [rsp + {K_FRAME_OUT}], 4",
        "mov rax, @row_bytes@",
        f"add qword ptr [rsp + {K_FRAME_W}], rax",
        f"dec qword ptr [rsp + {K_FRAME_ROWS}]",
        "jmp .Lrow",
        ".Ldone:",
        f"add rsp, {K_FRAME_SIZE}",
    ] + [f"pop {r}" for r in reversed(K_SAVED)] + ["ret"]), dict(QDOT_HOLES), doc)


def _split_x16(address, even, odd):
    """16 int8 activations at `address` -> even and odd elements as int16."""
    return _load16(even, address) + _split_signed_bytes(even, odd)


def qdot_q4_k_sse2():
    """Q4_K: dot = d8 * (d * sum_j sc_j*dot_j - dmin * sum_j m_j*(bsum_2j + bsum_2j+1)),
    the 6-bit scales and mins unpacked with 32-bit masks (as the AVX2 one)."""
    def block():
        lines = [
            "mov r9d, dword ptr [rax + 4]", "mov r10d, dword ptr [rax + 8]", "mov r11d, dword ptr [rax + 12]",
            "mov r12d, r9d", "and r12d, 0x3F3F3F3F",                      # scales 0-3
            "mov r13d, r10d", "and r13d, 0x3F3F3F3F",                     # mins 0-3
            "mov r14d, r11d", "and r14d, 0x0F0F0F0F",
            "shr r9d, 2", "and r9d, 0x30303030", "or r14d, r9d",          # scales 4-7
            "shr r11d, 4", "and r11d, 0x0F0F0F0F",
            "shr r10d, 2", "and r10d, 0x30303030", "or r11d, r10d",       # mins 4-7
            f"mov dword ptr [rsp + {K_FRAME_SCALES}], r12d", f"mov dword ptr [rsp + {K_FRAME_SCALES + 4}], r14d",
            f"mov dword ptr [rsp + {K_FRAME_SCALES + 8}], r13d", f"mov dword ptr [rsp + {K_FRAME_SCALES + 12}], r11d",
            "xor r15d, r15d",                                             # sum of sc_j * dot_j
        ]
        for chunk in range(4):
            lines += _load16(8, f"rax + {16 + 32 * chunk}") + _load16(9, f"rax + {32 + 32 * chunk}")
            for high in (False, True):
                j = 2 * chunk + high
                lines += _split_x16(f"rbx + {4 + 32 * j}", ACT_LO, ACT_LO_ODD)
                lines += _split_x16(f"rbx + {20 + 32 * j}", ACT_HI, ACT_HI_ODD)
                for source, even, odd in ((8, 1, 2), (9, 3, 0)):
                    if high:
                        lines += [f"movdqa xmm{even}, xmm{source}", f"psrlw xmm{even}, 4", f"pand xmm{even}, xmm{NIBBLE}",
                                  f"movdqa xmm{odd}, xmm{source}", f"psrlw xmm{odd}, 12"]
                    else:
                        lines += [f"movdqa xmm{even}, xmm{source}", f"pand xmm{even}, xmm{NIBBLE}",
                                  f"movdqa xmm{odd}, xmm{source}", f"psrlw xmm{odd}, 8", f"pand xmm{odd}, xmm{NIBBLE}"]
                lines += [
                    f"pmullw xmm1, xmm{ACT_LO}", f"pmullw xmm2, xmm{ACT_LO_ODD}",
                    f"pmullw xmm3, xmm{ACT_HI}", f"pmullw xmm0, xmm{ACT_HI_ODD}",
                    "paddw xmm1, xmm2", "paddw xmm3, xmm0", "paddw xmm1, xmm3",    # four products a word: fits
                ] + _words_to_gpr(1, 2, "r9", "r10") + [
                    f"movzx r10d, byte ptr [rsp + {K_FRAME_SCALES + j}]", "imul r9, r10", "add r15, r9",
                ]
        lines += ["xor r14d, r14d"]                                       # sum of m_j * (bsum pair)
        for j in range(8):
            lines += [f"movsx r9d, word ptr [rbx + {260 + 4 * j}]", f"movsx r10d, word ptr [rbx + {262 + 4 * j}]",
                      "add r9d, r10d", f"movzx r10d, byte ptr [rsp + {K_FRAME_SCALES + 8 + j}]",
                      "imul r9d, r10d", "add r14d, r9d"]
        lines += ["mov r8, r14"] + _f16_at("rax + 2") + ["movss xmm4, xmm0"] + _f16_at("rax") + [
            "cvtsi2ss xmm1, r15",                 # |sum| < 2^26
            "mulss xmm1, xmm0",                   # d * sum sc*dot
            "cvtsi2ss xmm2, r8d",
            "mulss xmm2, xmm4",                   # dmin * sum m*bsum
            "subss xmm1, xmm2",
            "movd xmm2, dword ptr [rbx]",         # d8 (f32)
            "mulss xmm1, xmm2",
            f"addss xmm{ACC}, xmm1",
        ]
        return lines

    return _rows1("qdot_q4_k_sse2", 144, 292, [], block,
                  "Q4_K weights x Q8_K activations; args (weights, activations, out, rows).")


def qdot_q6_k_sse2():
    """Q6_K: dot = d * d8 * sum_g sc_g * sum (q - 32) x, q = 6 bits (ql
    nibble | two qh bits << 4), 16 groups of 16; the -32 is taken out with
    the activations' bsums (32 * sum sc_g * bsum_g)."""
    def block():
        lines = ["xor r15d, r15d"]                                        # sum of sc_g * sum q*x
        for half in range(2):
            lines += _load16(4, f"rax + {128 + 32 * half}") + _load16(5, f"rax + {144 + 32 * half}")   # qh
            for part in (0, 2, 1, 3):                                     # parts 0/2 and 1/3 share ql bytes
                ql = 64 * half + 32 * (part & 1)
                if part in (0, 1):
                    lines += _load16(6, f"rax + {ql}") + _load16(7, f"rax + {ql + 16}")
                for group, (low, high_bits) in enumerate(((6, 4), (7, 5))):
                    g = 8 * half + 2 * part + group
                    x = 4 + 128 * half + 32 * part + 16 * group
                    lines += _split_x16(f"rbx + {x}", ACT_LO, ACT_LO_ODD)
                    # q of the even and odd elements of the 16: 4 bits of ql, 2 of qh at bits 4-5
                    if part < 2:
                        lines += [f"movdqa xmm1, xmm{low}", f"pand xmm1, xmm{NIBBLE}",
                                  f"movdqa xmm2, xmm{low}", "psrlw xmm2, 8", f"pand xmm2, xmm{NIBBLE}"]
                    else:
                        lines += [f"movdqa xmm1, xmm{low}", "psrlw xmm1, 4", f"pand xmm1, xmm{NIBBLE}",
                                  f"movdqa xmm2, xmm{low}", "psrlw xmm2, 12"]
                    shift = 2 * part                                      # the qh pair of this part
                    lines += [f"movdqa xmm3, xmm{high_bits}"]
                    lines += [f"psllw xmm3, {4 - shift}"] if shift < 4 else ([f"psrlw xmm3, {shift - 4}"] if shift > 4 else [])
                    lines += [f"pand xmm3, xmm{MASK_30}", "por xmm1, xmm3",
                              f"movdqa xmm3, xmm{high_bits}", f"psrlw xmm3, {4 + shift}",
                              f"pand xmm3, xmm{MASK_30}", "por xmm2, xmm3",
                              f"pmullw xmm1, xmm{ACT_LO}", f"pmullw xmm2, xmm{ACT_LO_ODD}",
                              "paddw xmm1, xmm2"]                       # two products of 63 * 127 a word
                    lines += _words_to_gpr(1, 2, "r9", "r10") + [
                        f"movsx r10, byte ptr [rax + {192 + g}]", "imul r9, r10", "add r15, r9"]
        lines += ["xor r14d, r14d"]                                       # sum of sc_g * bsum_g
        for g in range(16):
            lines += [f"movsx r9d, word ptr [rbx + {260 + 2 * g}]", f"movsx r10d, byte ptr [rax + {192 + g}]",
                      "imul r9d, r10d", "add r14d, r9d"]
        lines += ["movsxd r14, r14d", "shl r14, 5", "sub r15, r14"] + _f16_at("rax + 208") + [
            "cvtsi2ss xmm1, r15",                 # |sum| < 2^28
            "mulss xmm1, xmm0",
            "movd xmm2, dword ptr [rbx]",
            "mulss xmm1, xmm2",
            f"addss xmm{ACC}, xmm1",
        ]
        return lines

    mask = ["mov eax, 0x00300030", f"movd xmm{MASK_30}, eax", f"pshufd xmm{MASK_30}, xmm{MASK_30}, 0"]
    return _rows1("qdot_q6_k_sse2", 210, 292, mask, block,
                  "Q6_K weights x Q8_K activations; args (weights, activations, out, rows).")


def all_sources():
    return [qdot_q8_0_avx2(), qdot_q4_0_avx2(), qdot_q4_1_avx2(), qdot_q4_k_avx2(), qdot_q6_k_avx2(),
            qdot_q8_0_sse2(), qdot_q4_0_sse2(), qdot_q4_1_sse2(), qdot_q4_k_sse2(), qdot_q6_k_sse2()]
