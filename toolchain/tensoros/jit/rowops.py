"""Row stencils for every ISA (SSE2, AVX2+FMA, NEON), written once against
vecmath's emitters: activations, softmax, RMSNorm, LayerNorm, RoPE and the
fused bias+activation epilogue of matmul/linear (tier 3).

Contracts (x86 SysV / AAPCS64; holes imm32 on x86, .quad literals on NEON):

    {silu,gelu,gelu_erf}_{isa}(const float *a, const float *b, float *out)
        out[i] = act(a[i]) for i < count (b unused; same contract as relu).
        gelu is the tanh approximation, computed as x / (1 + exp(-2u));
        gelu_erf uses erf from Abramowitz & Stegun 7.1.26 (|error| 1.5e-7).
    softmax_{isa}(const float *x, float *out)          holes count (>= 1)
        max, then out = exp(x - max) with the sum, then out *= 1/sum.
    rmsnorm_{isa}(const float *x, const float *w, float *out)   count, eps_bits
        out = x * (1/sqrt(sum(x^2)/count + eps)) * w
    layernorm_{isa}(const float *x, const float *w, const float *b, float *out)
        two passes (mean, then the variance of x - mean); out = (x-mean)*inv*w + b
    rope_interleaved_{isa}(const float *x, const float *table, float *out)  hole rot
        table = A[rot], B[rot] with A = (c0,c0,c1,c1,..), B = (-s0,s0,-s1,s1,..):
        out[j] = x[j]*A[j] + x[j^1]*B[j] for j < rot
    rope_half_{isa}(const float *x, const float *table, float *out)         hole rot
        table = cos[rot/2], sin[rot/2]; h = rot/2:
        out[j] = x[j] c_j - x[j+h] s_j,  out[j+h] = x[j+h] c_j + x[j] s_j
    epilogue_{none,relu,gelu,gelu_erf,silu}_{isa}(float *c, const float *bias, long rows)
        holes count, ldc_bytes: c[r][j] = act(c[r][j] + bias[j]), rows ldc_bytes apart

Accumulations (sums, sums of squares) are float, in `width` lanes, so
they differ from tier 0's double sums by about count * 2^-24 relative at
worst (typically far less).
"""

from .vecmath import C, emitter

ISAS = ("sse2", "avx2", "neon")
ACTIVATIONS = ("silu", "gelu", "gelu_erf")
EPILOGUES = ("none", "relu", "gelu", "gelu_erf", "silu")
TEMPS = [1, 2, 3, 4, 5, 6]


def args(isa):
    return ("x0", "x1", "x2", "x3") if isa == "neon" else ("rdi", "rsi", "rdx", "rcx")


def _doc(text):
    return text


def unary(act, isa):
    e = emitter(isa)
    a = args(isa)

    def vector():
        e.load(0, a[0])
        e.activation(act, 0, TEMPS)
        e.store(a[2], 0)

    def tail():
        e.load_lane(0, a[0])
        e.activation(act, 0, TEMPS)
        e.store_lane(a[2], 0)

    e.loop("x", e.hole_count("count"), vector, tail)
    return e.finish(f"{act}_{isa}", _doc(f"out[i] = {act}(a[i]), i < count; args (a, b unused, out)."), ["count"])


def softmax(isa):
    e = emitter(isa)
    x, out = args(isa)[0], args(isa)[1]
    count = e.hole_count("count")
    e.mov(8, C("minus_inf"))

    def max_vector():
        e.load(0, x)
        e.max(8, 8, 0)

    def max_tail():
        e.load_lane(0, x)
        e.scalar("max", 8, 0)

    e.loop("max", count, max_vector, max_tail, between=lambda: e.hreduce("max", 8))
    e.broadcast(8)
    e.mov(9, C("zero"))

    def exp_vector():
        e.load(0, x)
        e.sub(0, 0, 8)
        e.exp(0, 1, 2)
        e.store(out, 0)
        e.add(9, 9, 0)

    def exp_tail():
        e.load_lane(0, x)
        e.sub(0, 0, 8)
        e.exp(0, 1, 2)
        e.store_lane(out, 0)
        e.scalar("add", 9, 0)

    e.loop("exp", count, exp_vector, exp_tail, between=lambda: e.hreduce("add", 9))
    e.scalar_const(10, C("one"))
    e.scalar("div", 10, 9)
    e.broadcast(10)

    def scale_vector():
        e.load(0, out)
        e.mul(0, 0, 10)
        e.store(out, 0)

    def scale_tail():
        e.load_lane(0, out)
        e.mul(0, 0, 10)
        e.store_lane(out, 0)

    e.loop("scale", count, scale_vector, scale_tail)
    return e.finish(f"softmax_{isa}", "out = softmax(x) over count (>= 1) floats; args (x, out).", ["count"])


def _inverse_root(e, register, count_register):
    """lane 0 of `register` (a sum) -> 1/sqrt(sum/count + eps), broadcast into count_register."""
    e.scalar_count(count_register, "count")
    e.scalar("div", register, count_register)
    e.scalar("add", register, e.hole_const("eps", "eps_bits"))
    e.sqrt_scalar(register)
    e.scalar_const(count_register, C("one"))
    e.scalar("div", count_register, register)
    e.broadcast(count_register)


def rmsnorm(isa):
    e = emitter(isa)
    x, w, out = args(isa)[:3]
    count = e.hole_count("count")
    e.mov(9, C("zero"))

    def ss_vector():
        e.load(0, x)
        e.fma(9, 0, 0, 9)

    def ss_tail():
        e.load_lane(0, x)
        e.mul(0, 0, 0)
        e.scalar("add", 9, 0)

    e.loop("ss", count, ss_vector, ss_tail, between=lambda: e.hreduce("add", 9))
    _inverse_root(e, 9, 10)

    def out_vector(load, store):
        def body():
            load(0, x)
            e.mul(0, 0, 10)
            load(1, w)
            e.mul(0, 0, 1)
            store(out, 0)
        return body

    e.loop("out", count, out_vector(e.load, e.store), out_vector(e.load_lane, e.store_lane))
    return e.finish(f"rmsnorm_{isa}", "out = x / sqrt(mean(x^2) + eps) * w; args (x, w, out).",
                    ["count", "eps_bits"])


def layernorm(isa):
    e = emitter(isa)
    x, w, b, out = args(isa)
    count = e.hole_count("count")
    e.mov(9, C("zero"))

    def sum_vector():
        e.load(0, x)
        e.add(9, 9, 0)

    def sum_tail():
        e.load_lane(0, x)
        e.scalar("add", 9, 0)

    e.loop("sum", count, sum_vector, sum_tail, between=lambda: e.hreduce("add", 9))
    e.scalar_count(10, "count")
    e.scalar("div", 9, 10)
    e.broadcast(9)                       # mean
    e.mov(11, C("zero"))

    def var_vector():
        e.load(0, x)
        e.sub(0, 0, 9)
        e.fma(11, 0, 0, 11)

    def var_tail():
        e.load_lane(0, x)
        e.sub(0, 0, 9)
        e.mul(0, 0, 0)
        e.scalar("add", 11, 0)

    e.loop("var", count, var_vector, var_tail, between=lambda: e.hreduce("add", 11))
    _inverse_root(e, 11, 12)

    def out_body(load, store):
        def body():
            load(0, x)
            e.sub(0, 0, 9)
            e.mul(0, 0, 12)
            load(1, w)
            e.mul(0, 0, 1)
            load(2, b)
            e.add(0, 0, 2)
            store(out, 0)
        return body

    e.loop("out", count, out_body(e.load, e.store), out_body(e.load_lane, e.store_lane))
    return e.finish(f"layernorm_{isa}", "out = (x - mean) / sqrt(var + eps) * w + b; args (x, w, b, out).",
                    ["count", "eps_bits"])


def rope_interleaved(isa):
    e = emitter(isa)
    x, table, out = args(isa)[:3]
    if isa == "neon":
        e.use_hole("rot")
        e.emit("ldr x13, .Lhole_rot", "add x13, x1, x13, lsl #2")
        b = "x13"
    else:
        e.emit("mov ecx, @rot@", "lea rcx, [rsi + rcx*4]")
        b = "rcx"

    def body(load, store):
        def run():
            load(0, x)
            load(1, table)
            e.mul(1, 0, 1)
            e.swap_pairs(2, 0)
            load(3, b)
            e.fma(1, 2, 3, 1)
            store(out, 1)
        return run

    e.loop("rot", e.hole_count("rot"), body(e.load, e.store), body(e.load_pair, e.store_pair), step_pairs=True)
    return e.finish(f"rope_interleaved_{isa}", "RoPE on pairs (2i, 2i+1) of rot floats; args (x, table, out).",
                    ["rot"])


def rope_half(isa):
    e = emitter(isa)
    x, cos, out = args(isa)[:3]
    if isa == "neon":
        e.use_hole("rot")
        e.emit("ldr x11, .Lhole_rot", "lsr x11, x11, #1", "lsl x11, x11, #2",
               "add x13, x0, x11", "add x15, x1, x11", "add x14, x2, x11")
        xh, sin, outh = "x13", "x15", "x14"
    else:
        e.emit("mov r11d, @rot@", "shr r11d, 1", "shl r11, 2", "lea r10, [rdi + r11]", "lea rcx, [rsi + r11]",
               "add r11, rdx")
        xh, sin, outh = "r10", "rcx", "r11"

    def body(load, store):
        def run():
            load(0, x)
            load(1, xh)
            load(2, cos)
            load(3, sin)
            e.mul(4, 0, 2)
            e.fnma(4, 1, 3, 4)
            e.mul(5, 1, 2)
            e.fma(5, 0, 3, 5)
            store(out, 4)
            store(outh, 5)
        return run

    e.loop("half", e.hole_count("rot", shift=1), body(e.load, e.store), body(e.load_lane, e.store_lane))
    return e.finish(f"rope_half_{isa}", "RoPE on pairs (i, i + rot/2); args (x, table, out).", ["rot"])


def epilogue(act, isa):
    e = emitter(isa)
    c, bias, rows = args(isa)[:3]

    def body(load, store):
        def run():
            load(0, c)
            load(1, bias)
            e.add(0, 0, 1)
            e.activation(act, 0, TEMPS)
            store(c, 0)
        return run

    if isa == "neon":
        e.use_hole("ldc_bytes")
        e.emit("cbz x2, .Lend", ".Lrow:")
    else:
        e.emit("test rdx, rdx", "jz .Lend", ".Lrow:")
    e.loop("col", e.hole_count("count"), body(e.load, e.store), body(e.load_lane, e.store_lane))
    if isa == "neon":
        e.emit("ldr x11, .Lhole_ldc_bytes", "add x0, x0, x11", "subs x2, x2, #1", "b.ne .Lrow", ".Lend:")
    else:
        e.emit("add rdi, @ldc_bytes@", "dec rdx", "jnz .Lrow", ".Lend:")
    return e.finish(f"epilogue_{act}_{isa}",
                    f"c[r][j] = {act}(c[r][j] + bias[j]) for `rows` rows of count; args (c, bias, rows).",
                    ["count", "ldc_bytes"])


def all_sources():
    sources = []
    for isa in ISAS:
        sources += [unary(act, isa) for act in ACTIVATIONS]
        sources += [softmax(isa), rmsnorm(isa), layernorm(isa), rope_interleaved(isa), rope_half(isa)]
        sources += [epilogue(act, isa) for act in EPILOGUES]
    return sources


def exp_stencil(isa):
    """out[i] = exp(a[i]): only for the tests of the vectorized exp (not in the library)."""
    e = emitter(isa)
    a = args(isa)

    def body(load, store):
        def run():
            load(0, a[0])
            e.exp(0, 1, 2)
            store(a[2], 0)
        return run

    e.loop("x", e.hole_count("count"), body(e.load, e.store), body(e.load_lane, e.store_lane))
    return e.finish(f"exp_{isa}", "out[i] = exp(a[i]); args (a, b unused, out).", ["count"])
