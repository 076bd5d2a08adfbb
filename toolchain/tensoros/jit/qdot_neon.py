"""Quantized matrix-vector stencils for AArch64 NEON.

Same contract and holes as qdot_x86.py (void qdot_matvec(weights,
activations, out, rows); holes blocks, row_bytes as 64-bit literals).

The Cortex-A72 (Raspberry Pi 4) is ARMv8.0: no `sdot` (ARMv8.2 dot
product). The bytes are split into 16-bit lanes with shifts and masks (even
and odd elements apart), multiplied with `mul`/`mla` on .8h (no
overflow: at most four products of a nibble and an int8, or two of two
int8, per lane), and summed with saddlp/addv.

No float instruction runs per block. Under QEMU's TCG (the virt board) a
vector float op costs 60-130 ns and a scalar one 10-25 ns, while a
general-register op costs a fraction of a nanosecond (measured with one
instruction repeated in a loop under QEMU 10). And every block term is an
integer times a power of two: an f16 is an 11-bit integer mantissa M times
2^(e-25), so d_w*d_x*dot = (M_w*M_x*dot) * 2^(e_w+e_x-50), and m_w*s_x
likewise (Q4_1). Each term is added exactly into a 128-bit fixed-point
accumulator per row (units of 2^-48, two general registers), and each row's
sum is rounded once to f32 (to nearest, ties to even) at the end: the
result is the exact dot product correctly rounded, whatever the order,
run or machine. A term is below 2^41 * 2^60, so rows of fewer than 2^26
blocks are exact; f16 infinities/NaNs read as large finite numbers.

Rows go four at a time; a last group of 1-3 rows repeats its last row and
stores only the rows that exist. The four-row kernels take the activation
blocks expanded by the driver once per matvec (quants.expand_activations:
values split into int16, scales decoded into mantissa and shift), work they
would otherwise redo for every group of four rows.
"""

from .sgemm_neon import literal_pool
from .stencil import StencilSource

HOLES = {"blocks": "imm64", "row_bytes": "imm64"}
SAVED = ("x19", "x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27", "x28")
ROWS = ("x4", "x5", "x6", "x7")                 # the group's four weight rows, at the current block
ACCUMULATORS = (("x19", "x20"), ("x21", "x22"), ("x23", "x24"), ("x25", "x26"))   # (low, high) per row
X_MANTISSA, X_SHIFT = "x12", "w13"             # d_x: signed M (64-bit), e' - 2
S_MANTISSA, S_SHIFT = "w14", "w15"             # s_x (Q4_1): signed M, e' - 2
EXPANDED_BLOCK = 80                            # bytes of an expanded activation block (quants.py)
NIBBLE, EIGHTS = 31, 30                        # v31: 0x000F per halfword; v30: 8 per halfword (Q4_0)


def _f16_parts(h, mantissa, exponent, tmp):
    """The f16 in the low 16 bits of w-register `h` (higher bits ignored) ->
    `mantissa` = its signed integer mantissa M, `exponent` = e' (the exponent
    field, 1 for a subnormal): value = M * 2^(e' - 25)."""
    return [
        f"ubfx {exponent}, {h}, #10, #5",
        f"and {mantissa}, {h}, #0x3ff",
        f"orr {tmp}, {mantissa}, #0x400",
        f"cmp {exponent}, #0",
        f"csel {mantissa}, {tmp}, {mantissa}, ne",     # the implicit bit of a normal half
        f"cinc {exponent}, {exponent}, eq",            # a subnormal's exponent is the smallest normal's
        f"tst {h}, #0x8000",
        f"cneg {mantissa}, {mantissa}, ne",
    ]


def _add_term(low, high):
    """(high:low) += x27 << w28 (x27 a signed 64-bit term, w28 = 0..63).
    Clobbers x8, x27, x28."""
    return [
        "lsl x8, x27, x28",
        "eor w28, w28, #63",                           # 63 - shift: the high word is x27 >> (64 - shift)
        "asr x27, x27, #1",
        "asr x27, x27, x28",
        f"adds {low}, {low}, x8",
        f"adc {high}, {high}, x27",
    ]


def _activation_parts():
    """The activation block's scales, decoded once per matvec
    (quants.expand_activations): d's signed mantissa (64-bit) and e' - 2,
    s's (Q4_1) mantissa and e' - 2 (e'_w + e'_x - 2 puts a product in units
    of 2^-48)."""
    return [f"ldrsw {X_MANTISSA}, [x11, #64]", f"ldr {X_SHIFT}, [x11, #68]", f"ldp {S_MANTISSA}, {S_SHIFT}, [x11, #72]"]


def _to_f32(low, high, k):
    """(high:low), a signed 128-bit sum in units of 2^-48 -> w16, the f32
    bits of its value rounded to nearest, ties to even. Clobbers low, high,
    x8, x10, x12-x15, x17. Once per row: branches are fine."""
    label = lambda name: f".Lf32_{name}_{k}"
    return [
        f"asr x17, {high}, #63",                                   # sign mask
        f"eor {low}, {low}, x17", f"eor {high}, {high}, x17",
        f"subs {low}, {low}, x17", f"sbc {high}, {high}, x17",       # magnitude
        "and w10, w17, #0x80000000",
        "mov w16, #0",
        f"orr x8, {low}, {high}",
        f"cbz x8, {label('done')}",
        "mov w12, #0",                                             # bits shifted out
        f"cbz {high}, {label('small')}",
        # more than 64 bits: keep the top 64, the lost ones as a sticky bit
        f"clz x8, {high}",
        "mov w12, #64",
        "sub w12, w12, w8",                                        # k = 1..63
        "neg x13, x12",
        f"lsr x14, {low}, x12",
        f"lsl x15, {high}, x13",
        "orr x14, x14, x15",
        f"lsl x15, {low}, x13",
        "cmp x15, #0",
        "cset x15, ne",
        f"orr {low}, x14, x15",
        f"{label('small')}:",
        f"clz x8, {low}",
        "mov w13, #63",
        "sub w13, w13, w8",                                        # top bit t
        "subs w14, w13, #23",
        f"b.le {label('exact')}",
        f"lsr x15, {low}, x14",                                    # 24-bit mantissa
        "neg x8, x14",
        f"lsl x17, {low}, x8",                                     # the bits below it, at the top
        "mov x8, #0x8000000000000000",
        "cmp x17, x8",
        f"b.lo {label('pack')}",
        f"b.hi {label('up')}",
        f"tbz x15, #0, {label('pack')}",                           # a tie: to even
        f"{label('up')}:",
        "add x15, x15, #1",
        f"b {label('pack')}",
        f"{label('exact')}:",
        "neg w14, w14",
        f"lsl x15, {low}, x14",
        f"{label('pack')}:",                                       # exponent t + k - 48; the mantissa's
        "add w16, w13, w12",                                       # top bit adds its 1
        "add w16, w16, #78",
        "lsl w16, w16, #23",
        "add w16, w16, w15",
        "orr w16, w16, w10",
        f"{label('done')}:",
    ]


def _split_signed(source, even, odd):
    """16 signed bytes in v{source} -> the even-numbered ones as int16 in
    v{even}, the odd-numbered ones in v{odd}."""
    return [f"shl v{even}.8h, v{source}.8h, #8", f"sshr v{even}.8h, v{even}.8h, #8",
            f"sshr v{odd}.8h, v{source}.8h, #8"]


def _activations():
    """The block's 32 activations, already split into int16 (elements 0-15
    even, odd; 16-31 even, odd) -> v3-v6."""
    return ["ldp q3, q4, [x11]", "ldp q5, q6, [x11, #32]"]


def _q4_row_dot(row, w_offset, minus_8=False):
    """16 bytes of nibbles at row + w_offset (element i the low nibble of
    byte i, element i+16 the high one) dotted with v3-v6 -> w17."""
    lines = [
        f"ldur q0, [{row}, #{w_offset}]",
        f"and v16.16b, v0.16b, v{NIBBLE}.16b",                           # elements 2j
        "ushr v17.8h, v0.8h, #8", f"and v17.16b, v17.16b, v{NIBBLE}.16b",  # 2j+1
        "ushr v18.8h, v0.8h, #4", f"and v18.16b, v18.16b, v{NIBBLE}.16b",  # 2j+16
        "ushr v19.8h, v0.8h, #12",                                        # 2j+17
    ]
    if minus_8:
        lines += [f"sub v{r}.8h, v{r}.8h, v{EIGHTS}.8h" for r in (16, 17, 18, 19)]
    return lines + [
        "mul v20.8h, v16.8h, v3.8h", "mla v20.8h, v17.8h, v4.8h",
        "mla v20.8h, v18.8h, v5.8h", "mla v20.8h, v19.8h, v6.8h",        # four products per lane fit
        "saddlp v20.4s, v20.8h", "addv s20, v20.4s", "fmov w17, s20",
    ]


def _q8_row_dot(row, w_offset):
    """32 int8 weights at row + w_offset dotted with v3-v6 -> w17. Two
    products of int8s (at most 128 * 127) fit a halfword."""
    return ([f"ldur q0, [{row}, #{w_offset}]", f"ldur q1, [{row}, #{w_offset + 16}]"]
            + _split_signed(0, 16, 17) + _split_signed(1, 18, 19) + [
        "mul v20.8h, v16.8h, v3.8h", "mla v20.8h, v17.8h, v4.8h",
        "mul v21.8h, v18.8h, v5.8h", "mla v21.8h, v19.8h, v6.8h",
        "saddlp v20.4s, v20.8h", "sadalp v20.4s, v21.8h", "addv s20, v20.4s", "fmov w17, s20",
    ])


def _row_terms(row, low, high, with_min):
    """The row's accumulator += dot (w17) * d_w * d_x (+ m_w * s_x), d_w
    (and m_w) the f16(s) at the start of the row's block."""
    lines = [f"ldr w16, [{row}]"] + _f16_parts("w16", "w27", "w28", "w8") + [
        "smull x27, w27, w17", f"mul x27, x27, {X_MANTISSA}", f"add w28, w28, {X_SHIFT}",
    ] + _add_term(low, high)
    if with_min:
        lines += ["lsr w16, w16, #16"] + _f16_parts("w16", "w27", "w28", "w8") + [
            f"smull x27, w27, {S_MANTISSA}", f"add w28, w28, {S_SHIFT}"] + _add_term(low, high)
    return lines


def _rows4(name, weight_bytes, row_dot, with_min, constants, doc):
    """x0 weights, x1 activations, x2 out, x3 rows left (signed); per group
    x4-x7 the rows, x11 the activation block, x9 blocks left."""
    saves = [f"stp {SAVED[0]}, {SAVED[1]}, [sp, #-80]!"] + [
        f"stp {SAVED[i]}, {SAVED[i + 1]}, [sp, #{8 * i}]" for i in range(2, len(SAVED), 2)]
    restores = [f"ldp {SAVED[i]}, {SAVED[i + 1]}, [sp, #{8 * i}]" for i in range(2, len(SAVED), 2)] + [
        f"ldp {SAVED[0]}, {SAVED[1]}, [sp], #80"]
    block = _activations() + _activation_parts()
    for row, (low, high) in zip(ROWS, ACCUMULATORS):
        block += row_dot(row) + _row_terms(row, low, high, with_min)
    store = []
    for k, (low, high) in enumerate(ACCUMULATORS):
        store += _to_f32(low, high, k)
        if k:
            store += [f"cmp x3, #{k + 1}", "b.lo .Lstored"]
        store += ["str w16, [x2], #4"]
    lines = saves + [f"movi v{NIBBLE}.8h, #0x0f"] + constants + [
        ".Lgroup:",
        "cmp x3, #0",
        "b.le .Ldone",
        "ldr x8, .Lhole_row_bytes",
        "mov x4, x0",
        "add x5, x4, x8",
        "add x6, x5, x8",
        "add x7, x6, x8",
        "add x0, x7, x8",
        "cmp x3, #2", "csel x5, x4, x5, lo",            # rows past the end repeat the last one
        "cmp x3, #3", "csel x6, x5, x6, lo",
        "cmp x3, #4", "csel x7, x6, x7, lo",
    ] + [f"mov {register}, #0" for pair in ACCUMULATORS for register in pair] + [
        "mov x11, x1",
        "ldr x9, .Lhole_blocks",
        "cbz x9, .Lstore",
        ".Lblock:",
    ] + block + [f"add {row}, {row}, #{weight_bytes}" for row in ROWS] + [
        f"add x11, x11, #{EXPANDED_BLOCK}",
        "subs x9, x9, #1",
        "b.ne .Lblock",
        ".Lstore:",
    ] + store + [
        ".Lstored:",
        "sub x3, x3, #4",
        "b .Lgroup",
        ".Ldone:",
    ] + restores + ["ret"] + literal_pool(sorted(HOLES))
    return StencilSource(name, "neon", "\n".join(lines), dict(HOLES), doc)


def qdot_q8_0_neon():
    return _rows4("qdot_q8_0_neon", 34, lambda row: _q8_row_dot(row, 2), False, [],
                  "Q8_0 weights x Q8_0 activations, four rows at a time; args (weights, activations, out, rows).")


def qdot_q4_0_neon():
    return _rows4("qdot_q4_0_neon", 18, lambda row: _q4_row_dot(row, 2, minus_8=True), False,
                  [f"movi v{EIGHTS}.8h, #8"],
                  "Q4_0 weights x Q8_0 activations, four rows at a time; args (weights, activations, out, rows).")


def qdot_q4_1_neon():
    return _rows4("qdot_q4_1_neon", 20, lambda row: _q4_row_dot(row, 4), True, [],
                  "Q4_1 weights x Q8_1 activations, four rows at a time; args (weights, activations, out, rows).")


# ------------------------------------------------ K-quants, one row at a time
#
# A K-quant block is 256 elements, so its float work is small next to the
# integer work and rows go one at a time. Each sub-block's dot (32 elements
# for Q4_K, 16 for Q6_K) goes to a general register and is multiplied by its
# integer scale there (smaddl), giving the block's exact integer sums; then
# d*S1 - dmin*S2 (Q4_K) or d*S (Q6_K) is formed exactly in the same 128-bit
# fixed point as above and rounded once to f32, and one fmadd adds it times
# d8 (the f32 activation scale) into the row's sum.

MASK_30 = 29                                   # v29: 0x0030 per halfword (Q6_K)


def _set_term(low, high):
    """(high:low) = x27 << w28 (a signed 64-bit term, w28 = 0..63)."""
    return ["lsl x8, x27, x28", "eor w28, w28, #63", "asr x27, x27, #1",
            f"asr {high}, x27, x28", f"mov {low}, x8"]


def _scaled_sum(offset, total, first):
    """(x24:x23) = (or +=) the f16 at x4 + offset times the signed integer in
    `total`, in units of 2^-48 (e' - 25 + 48 = e' + 23)."""
    return [f"ldrh w16, [x4, #{offset}]"] + _f16_parts("w16", "w27", "w28", "w8") + [
        "sxtw x27, w27", f"mul x27, x27, {total}", "add w28, w28, #23",
    ] + (_set_term("x23", "x24") if first else _add_term("x23", "x24"))


def _dot16(q_even, q_odd, x_even, x_odd, products):
    """8+8 int16 products -> w16 (the sum of the 16)."""
    lines = [f"mul v20.8h, v{q_even}.8h, v{x_even}.8h", f"mla v20.8h, v{q_odd}.8h, v{x_odd}.8h"]
    return lines + products + ["saddlp v20.4s, v20.8h", "addv s20, v20.4s", "fmov w16, s20"]


def _rows1(name, weight_bytes, constants, block, doc):
    """x0 weight row, x1 activations, x2 out, x3 rows left; per row x4 and x5
    walk the weight and activation blocks, x9 counts; s21 is the row's sum."""
    saves = [f"stp {SAVED[0]}, {SAVED[1]}, [sp, #-80]!"] + [
        f"stp {SAVED[i]}, {SAVED[i + 1]}, [sp, #{8 * i}]" for i in range(2, len(SAVED), 2)]
    restores = [f"ldp {SAVED[i]}, {SAVED[i + 1]}, [sp, #{8 * i}]" for i in range(2, len(SAVED), 2)] + [
        f"ldp {SAVED[0]}, {SAVED[1]}, [sp], #80"]
    lines = saves + [f"movi v{NIBBLE}.8h, #0x0f"] + constants + [
        ".Lrow:",
        "cmp x3, #0",
        "b.le .Ldone",
        "fmov s21, wzr",
        "mov x4, x0",
        "mov x5, x1",
        "ldr x9, .Lhole_blocks",
        "cbz x9, .Lstore",
        ".Lblock:",
    ] + block() + [
        "fmov s22, w16",
        "ldr s23, [x5]",                       # d8
        "fmadd s21, s22, s23, s21",
        f"add x4, x4, #{weight_bytes}",
        "add x5, x5, #292",
        "subs x9, x9, #1",
        "b.ne .Lblock",
        ".Lstore:",
        "str s21, [x2], #4",
        "ldr x8, .Lhole_row_bytes",
        "add x0, x0, x8",
        "sub x3, x3, #1",
        "b .Lrow",
        ".Ldone:",
    ] + restores + ["ret"] + literal_pool(sorted(HOLES))
    return StencilSource(name, "neon", "\n".join(lines), dict(HOLES), doc)


def qdot_q4_k_neon():
    """dot = d8 * (d * sum_j sc_j*dot_j - dmin * sum_j m_j*(bsum_2j + bsum_2j+1)),
    the 6-bit scales and mins unpacked with 32-bit masks (as qdot_q4_k_avx2)."""
    def block():
        lines = [
            "ldr w12, [x4, #4]", "ldr w13, [x4, #8]", "ldr w14, [x4, #12]",
            "and w19, w12, #0x3f3f3f3f",                                   # scales 0-3
            "and w21, w13, #0x3f3f3f3f",                                   # mins 0-3
            "and w20, w14, #0x0f0f0f0f", "lsr w15, w12, #2", "and w15, w15, #0x30303030",
            "orr w20, w20, w15",                                           # scales 4-7
            "lsr w14, w14, #4", "and w14, w14, #0x0f0f0f0f", "lsr w15, w13, #2", "and w15, w15, #0x30303030",
            "orr w22, w14, w15",                                           # mins 4-7
            "mov x6, #0",                                                  # sum of sc_j * dot_j
        ]
        for chunk in range(4):
            lines += [f"ldur q0, [x4, #{16 + 32 * chunk}]", f"ldur q1, [x4, #{32 + 32 * chunk}]"]
            for high in (0, 1):
                j = 2 * chunk + high
                lines += [f"ldur q2, [x5, #{4 + 32 * j}]", f"ldur q7, [x5, #{20 + 32 * j}]"]
                lines += _split_signed(2, 3, 4) + _split_signed(7, 5, 6)
                for source, even, odd in ((0, 16, 17), (1, 18, 19)):
                    if high:
                        lines += [f"ushr v{even}.8h, v{source}.8h, #4", f"and v{even}.16b, v{even}.16b, v{NIBBLE}.16b",
                                  f"ushr v{odd}.8h, v{source}.8h, #12"]
                    else:
                        lines += [f"and v{even}.16b, v{source}.16b, v{NIBBLE}.16b",
                                  f"ushr v{odd}.8h, v{source}.8h, #8", f"and v{odd}.16b, v{odd}.16b, v{NIBBLE}.16b"]
                lines += _dot16(16, 17, 3, 4, ["mla v20.8h, v18.8h, v5.8h", "mla v20.8h, v19.8h, v6.8h"])
                lines += [f"ubfx w17, {'w20' if j >= 4 else 'w19'}, #{8 * (j % 4)}, #6", "smaddl x6, w16, w17, x6"]
        lines += ["mov x7, #0"]                                            # sum of m_j * (bsum pair)
        for j in range(8):
            lines += [f"ldrsh w12, [x5, #{260 + 4 * j}]", f"ldrsh w13, [x5, #{262 + 4 * j}]", "add w12, w12, w13",
                      f"ubfx w13, {'w22' if j >= 4 else 'w21'}, #{8 * (j % 4)}, #6", "smaddl x7, w12, w13, x7"]
        lines += ["neg x7, x7"] + _scaled_sum(0, "x6", True) + _scaled_sum(2, "x7", False)
        return lines + _to_f32("x23", "x24", "b")

    return _rows1("qdot_q4_k_neon", 144, [], block,
                  "Q4_K weights x Q8_K activations; args (weights, activations, out, rows).")


def qdot_q6_k_neon():
    """dot = d * d8 * sum_g sc_g * sum (q - 32) x, q = 6 bits (ql nibble |
    two qh bits << 4) in 16 groups of 16; the -32 is taken out with the
    activations' bsums (32 * sum sc_g * bsum_g)."""
    def block():
        lines = ["mov x6, #0"]
        for half in range(2):
            lines += [f"ldur q24, [x4, #{128 + 32 * half}]", f"ldur q25, [x4, #{144 + 32 * half}]"]   # qh
            for part in (0, 2, 1, 3):                                      # parts 0/2 and 1/3 share ql bytes
                ql = 64 * half + 32 * (part & 1)
                if part in (0, 1):
                    lines += [f"ldur q26, [x4, #{ql}]", f"ldur q27, [x4, #{ql + 16}]"]
                for group, (low, high_bits) in enumerate(((26, 24), (27, 25))):
                    g = 8 * half + 2 * part + group
                    lines += [f"ldur q2, [x5, #{4 + 128 * half + 32 * part + 16 * group}]"] + _split_signed(2, 3, 4)
                    if part < 2:
                        lines += [f"and v16.16b, v{low}.16b, v{NIBBLE}.16b",
                                  f"ushr v17.8h, v{low}.8h, #8", f"and v17.16b, v17.16b, v{NIBBLE}.16b"]
                    else:
                        lines += [f"ushr v16.8h, v{low}.8h, #4", f"and v16.16b, v16.16b, v{NIBBLE}.16b",
                                  f"ushr v17.8h, v{low}.8h, #12"]
                    shift = 2 * part                                       # this part's qh pair
                    if shift < 4:
                        lines += [f"shl v18.8h, v{high_bits}.8h, #{4 - shift}"]
                    elif shift > 4:
                        lines += [f"ushr v18.8h, v{high_bits}.8h, #{shift - 4}"]
                    else:
                        lines += [f"mov v18.16b, v{high_bits}.16b"]
                    lines += [f"and v18.16b, v18.16b, v{MASK_30}.16b", "orr v16.16b, v16.16b, v18.16b",
                              f"ushr v19.8h, v{high_bits}.8h, #{4 + shift}", f"and v19.16b, v19.16b, v{MASK_30}.16b",
                              "orr v17.16b, v17.16b, v19.16b"]
                    lines += _dot16(16, 17, 3, 4, [])                      # two products of 63 * 127 a lane
                    lines += [f"ldrsb w17, [x4, #{192 + g}]", "smaddl x6, w16, w17, x6"]
        lines += ["mov x7, #0"]                                            # sum of sc_g * bsum_g
        for g in range(16):
            lines += [f"ldrsh w12, [x5, #{260 + 2 * g}]", f"ldrsb w13, [x4, #{192 + g}]", "smaddl x7, w12, w13, x7"]
        lines += ["sub x6, x6, x7, lsl #5"] + _scaled_sum(208, "x6", True)
        return lines + _to_f32("x23", "x24", "b")

    return _rows1("qdot_q6_k_neon", 210, [f"movi v{MASK_30}.8h, #0x30"], block,
                  "Q6_K weights x Q8_K activations; args (weights, activations, out, rows).")


def all_sources():
    return [qdot_q8_0_neon(), qdot_q4_0_neon(), qdot_q4_1_neon(), qdot_q4_k_neon(), qdot_q6_k_neon()]
