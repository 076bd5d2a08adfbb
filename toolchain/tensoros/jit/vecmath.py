"""One vector instruction set over three ISAs, for the row stencils.

A stencil body is written once against an `Emitter` (SSE2, AVX2+FMA or
NEON) and comes out as that ISA's assembly text. Operands are logical
vector registers 0..14 or named constants `C("name")`.

    x86:  register i is xmm{i} / ymm{i}; xmm15 is the emitter's scratch.
          Constants live in a 32-byte aligned table on the stack, built in
          the prologue (rbp keeps the caller's rsp), and are used as memory
          operands. Loops index every array with rax (byte offset) against
          an end in r9.
    NEON: registers 0-6 are v0-v6, 8-14 are v16-v22 (v8-v15 are the
          caller's, AAPCS64), v7 is the scratch. Constants are packed four
          to a register in v24-v31 and used by element (`fmul .., v24.s[1]`)
          or through `dup` into the scratch. Index x9, end x10.

The vectorized exp (`exp()`), used by softmax, SiLU and both GELUs:

    x = clamp(x, -87, 88); n = round(x * log2 e); r = x - n*ln2_hi - n*ln2_lo
    (ln2_hi has 9 significant bits, so n*ln2_hi is exact for |n| <= 127);
    p = sum_{k<=7} r^k / k!  (Horner); exp = p * 2^n, 2^n made as the bits
    (n + 127) << 23. |r| <= ln2/2 so the truncation error is below
    r^8/8! = 6e-9; measured max relative error over [-87, 88] is < 2.5e-7
    (about 2 ulp; tests/unit/jit/test_rowops.py checks <= 3e-7). Inputs
    below -87 give exp(-87) = 1.6e-38 instead of a smaller number (an
    absolute error below 2e-38); NaN is not propagated.
"""

import struct
from dataclasses import dataclass


@dataclass(frozen=True)
class C:
    name: str


def f32_bits(value):
    return struct.unpack("<I", struct.pack("<f", value))[0]


LN2_HI = 0.693359375
LN2_LO = -2.12194440054690583e-4
# name -> float value, or int bits when the name ends in "_i"
CONSTANTS = {
    "zero": 0.0, "one": 1.0, "half": 0.5, "minus_one": -1.0, "minus_two": -2.0, "minus_inf": float("-inf"),
    "exp_lo": -87.0, "exp_hi": 88.0, "log2e": 1.4426950408889634, "ln2_hi": LN2_HI, "ln2_lo": LN2_LO,
    "c2": 1 / 2, "c3": 1 / 6, "c4": 1 / 24, "c5": 1 / 120, "c6": 1 / 720, "c7": 1 / 5040,
    "bias127_i": 127, "absmask_i": 0x7FFFFFFF,
    # GELU, tanh form: 0.5x(1 + tanh(u)) = x / (1 + exp(-2u)), u = sqrt(2/pi) (x + 0.044715 x^3)
    "gelu_c0": 0.7978845608028654, "gelu_c1": 0.7978845608028654 * 0.044715,
    # erf(z) = 1 - t(a1 + t(a2 + t(a3 + t(a4 + t a5)))) exp(-z^2), t = 1/(1 + p z), z >= 0
    # (Abramowitz & Stegun 7.1.26, |error| <= 1.5e-7)
    "erf_p": 0.3275911, "erf_a1": 0.254829592, "erf_a2": -0.284496736, "erf_a3": 1.421413741,
    "erf_a4": -1.453152027, "erf_a5": 1.061405429, "inv_sqrt2": 0.7071067811865476,
}


def constant_bits(name):
    value = CONSTANTS[name]
    return value if name.endswith("_i") else f32_bits(value)


class Emitter:
    """Common driver: collects constants, emits text lines."""

    def __init__(self, isa):
        self.isa = isa
        self.lines = []
        self.constants = []        # names in table order
        self.hole_constants = {}   # constant name -> hole name (value patched in)

    def const(self, name):
        if name not in self.constants:
            self.constants.append(name)
        return C(name)

    def hole_const(self, name, hole):
        self.hole_constants[name] = hole
        return self.const(name)

    def emit(self, *lines):
        for line in lines:
            self.lines.extend(line.split("\n"))

    def _collect(self, operands):
        for op in operands:
            if isinstance(op, C) and op.name not in self.constants:
                self.constants.append(op.name)

    # -- composite operations -------------------------------------------------
    def exp(self, x, t1, t2):
        """x = exp(x); t1, t2 are clobbered."""
        self.max(x, x, C("exp_lo"))
        self.min(x, x, C("exp_hi"))
        self.mul(t1, x, C("log2e"))
        self.cvt_round(t1, t1)                 # n (int)
        self.cvt_float(t2, t1)                 # n (float)
        self.fnma(x, t2, C("ln2_hi"), x)       # r = x - n ln2_hi
        self.fnma(x, t2, C("ln2_lo"), x)       #   - n ln2_lo
        self.fma(t2, x, C("c7"), C("c6"))
        for name in ("c5", "c4", "c3", "c2", "one", "one"):
            self.fma(t2, t2, x, C(name))
        self.iadd(t1, t1, C("bias127_i"))
        self.ishl(t1, t1, 23)                  # 2^n
        self.mul(x, t2, t1)

    def activation(self, act, x, temps):
        """x = act(x) in place; temps: free registers (up to 6 used)."""
        t = temps
        if act == "none":
            return
        if act == "relu":
            self.max(x, x, C("zero"))
        elif act == "silu":                   # x / (1 + exp(-x))
            self.mul(t[0], x, C("minus_one"))
            self.exp(t[0], t[1], t[2])
            self.add(t[0], t[0], C("one"))
            self.div(x, x, t[0])
        elif act == "gelu":                   # x / (1 + exp(-2u))
            self.mul(t[0], x, x)
            self.fma(t[0], t[0], C("gelu_c1"), C("gelu_c0"))
            self.mul(t[0], t[0], x)
            self.mul(t[0], t[0], C("minus_two"))
            self.exp(t[0], t[1], t[2])
            self.add(t[0], t[0], C("one"))
            self.div(x, x, t[0])
        elif act == "gelu_erf":               # max(x, 0) - 0.5 |x| q, q = 1 - erf(|x|/sqrt 2)
            a, z, tt, q, e = t[0], t[1], t[2], t[3], t[4]
            self.abs(a, x)
            self.mul(z, a, C("inv_sqrt2"))
            self.fma(tt, z, C("erf_p"), C("one"))
            self.div(tt, C("one"), tt)
            self.fma(q, tt, C("erf_a5"), C("erf_a4"))
            for name in ("erf_a3", "erf_a2", "erf_a1"):
                self.fma(q, q, tt, C(name))
            self.mul(q, q, tt)
            self.mul(e, z, z)
            self.mul(e, e, C("minus_one"))
            self.exp(e, z, tt)
            self.mul(q, q, e)
            self.mul(a, a, C("half"))
            self.mul(q, q, a)
            self.max(x, x, C("zero"))
            self.sub(x, x, q)
        else:
            raise ValueError(f"unknown activation {act}")

    def finish(self):
        raise NotImplementedError


# ---------------------------------------------------------------------- x86

class X86(Emitter):
    SCRATCH = 15

    def __init__(self, isa):
        super().__init__(isa)
        self.avx = isa == "avx2"
        self.width = 8 if self.avx else 4
        self.vbytes = 4 * self.width

    # operands
    def r(self, i):
        return f"{'ymm' if self.avx else 'xmm'}{i}"

    def x(self, i):
        return f"xmm{i}"

    def cmem(self, c, scalar=False):
        self._collect([c])
        offset = 32 * self.constants.index(c.name)
        size = "dword" if scalar else ("ymmword" if self.avx else "xmmword")
        return f"{size} ptr [rsp + {offset}]"

    def src(self, op):
        return self.cmem(op) if isinstance(op, C) else self.r(op)

    def mov(self, d, a):
        if isinstance(a, C):
            self.emit(f"{'vmovaps' if self.avx else 'movaps'} {self.r(d)}, {self.cmem(a)}")
        elif d != a:
            self.emit(f"{'vmovaps' if self.avx else 'movaps'} {self.r(d)}, {self.r(a)}")

    def binop(self, op, d, a, b, commutative, integer=False):
        name = op if integer else f"{op}ps"
        if self.avx:
            if isinstance(a, C):
                self.mov(self.SCRATCH, a)
                a = self.SCRATCH
            self.emit(f"v{name} {self.r(d)}, {self.r(a)}, {self.src(b)}")
            return
        if isinstance(a, C):
            if d != b:
                self.mov(d, a)
                self.emit(f"{name} {self.r(d)}, {self.src(b)}")
            else:
                self.mov(self.SCRATCH, a)
                self.emit(f"{name} {self.r(self.SCRATCH)}, {self.r(b)}")
                self.mov(d, self.SCRATCH)
        elif d == a:
            self.emit(f"{name} {self.r(d)}, {self.src(b)}")
        elif d == b:
            if commutative:
                self.emit(f"{name} {self.r(d)}, {self.src(a)}")
            else:
                self.mov(self.SCRATCH, a)
                self.emit(f"{name} {self.r(self.SCRATCH)}, {self.src(b)}")
                self.mov(d, self.SCRATCH)
        else:
            self.mov(d, a)
            self.emit(f"{name} {self.r(d)}, {self.src(b)}")

    def add(self, d, a, b): self.binop("add", d, a, b, True)
    def sub(self, d, a, b): self.binop("sub", d, a, b, False)
    def mul(self, d, a, b): self.binop("mul", d, a, b, True)
    def div(self, d, a, b): self.binop("div", d, a, b, False)
    def max(self, d, a, b): self.binop("max", d, a, b, False)
    def min(self, d, a, b): self.binop("min", d, a, b, False)
    def iadd(self, d, a, b): self.binop("paddd", d, a, b, True, integer=True)
    def abs(self, d, a): self.binop("and", d, a, C("absmask_i"), True)

    def ishl(self, d, a, bits):
        if self.avx:
            self.emit(f"vpslld {self.r(d)}, {self.r(a)}, {bits}")
        else:
            self.mov(d, a)
            self.emit(f"pslld {self.r(d)}, {bits}")

    def cvt_round(self, d, a):
        self.emit(f"{'vcvtps2dq' if self.avx else 'cvtps2dq'} {self.r(d)}, {self.r(a)}")

    def cvt_float(self, d, a):
        self.emit(f"{'vcvtdq2ps' if self.avx else 'cvtdq2ps'} {self.r(d)}, {self.r(a)}")

    def fma(self, d, a, b, c):
        """d = a*b + c"""
        if isinstance(a, C):
            a, b = b, a
        if self.avx:
            if d == a:
                self.emit(f"vfmadd213ps {self.r(d)}, {self.r(b) if not isinstance(b, C) else self._reg_of(b)}, {self.src(c)}")
            elif d == c:
                self.emit(f"vfmadd231ps {self.r(d)}, {self.r(a)}, {self.src(b)}")
            elif d != b:
                self.mov(d, c)
                self.emit(f"vfmadd231ps {self.r(d)}, {self.r(a)}, {self.src(b)}")
            else:          # d == b
                self.emit(f"vfmadd213ps {self.r(d)}, {self.r(a)}, {self.src(c)}")
            return
        if d == c and not isinstance(c, C):
            self.mul(self.SCRATCH, a, b)
            self.add(d, d, self.SCRATCH)
        else:
            self.mul(d, a, b)
            self.add(d, d, c)

    def _reg_of(self, c):
        self.mov(self.SCRATCH, c)
        return self.r(self.SCRATCH)

    def fnma(self, d, a, b, c):
        """d = c - a*b"""
        if isinstance(a, C):
            a, b = b, a
        if self.avx:
            if d == c:
                self.emit(f"vfnmadd231ps {self.r(d)}, {self.r(a)}, {self.src(b)}")
            elif d == a:
                self.emit(f"vfnmadd213ps {self.r(d)}, {self._reg_of(b) if isinstance(b, C) else self.r(b)}, {self.src(c)}")
            else:
                self.mov(d, c)
                self.emit(f"vfnmadd231ps {self.r(d)}, {self.r(a)}, {self.src(b)}")
            return
        self.mul(self.SCRATCH, a, b)
        self.sub(d, c, self.SCRATCH)

    # memory (rax = byte index)
    def load(self, d, base, offset=0):
        self.emit(f"{'vmovups' if self.avx else 'movups'} {self.r(d)}, [{base} + rax + {offset}]")

    def store(self, base, s, offset=0):
        self.emit(f"{'vmovups' if self.avx else 'movups'} [{base} + rax + {offset}], {self.r(s)}")

    def load_lane(self, d, base):
        self.emit(f"{'vmovss' if self.avx else 'movss'} {self.x(d)}, dword ptr [{base} + rax]")

    def store_lane(self, base, s):
        self.emit(f"{'vmovss' if self.avx else 'movss'} dword ptr [{base} + rax], {self.x(s)}")

    def load_pair(self, d, base):
        self.emit(f"{'vmovsd' if self.avx else 'movsd'} {self.x(d)}, qword ptr [{base} + rax]")

    def store_pair(self, base, s):
        self.emit(f"{'vmovsd' if self.avx else 'movsd'} qword ptr [{base} + rax], {self.x(s)}")

    def swap_pairs(self, d, a):
        """(x0, x1, x2, x3, ...) -> (x1, x0, x3, x2, ...)"""
        if self.avx:
            self.emit(f"vpermilps {self.r(d)}, {self.r(a)}, 0xb1")
        else:
            self.emit(f"pshufd {self.r(d)}, {self.r(a)}, 0xb1")

    # scalars (lane 0)
    def scalar(self, op, d, b):
        operand = self.cmem(b, scalar=True) if isinstance(b, C) else self.x(b)
        if self.avx:
            self.emit(f"v{op}ss {self.x(d)}, {self.x(d)}, {operand}")
        else:
            self.emit(f"{op}ss {self.x(d)}, {operand}")

    def scalar_const(self, d, c):
        self.emit(f"{'vmovss' if self.avx else 'movss'} {self.x(d)}, {self.cmem(c, scalar=True)}")

    def scalar_count(self, d, hole):
        """lane 0 of d = float(the hole's value)"""
        self.emit(f"mov r9d, @{hole}@")
        self.emit(f"vcvtsi2ss {self.x(d)}, {self.x(d)}, r9" if self.avx else f"cvtsi2ss {self.x(d)}, r9")

    def sqrt_scalar(self, d):
        self.emit(f"vsqrtss {self.x(d)}, {self.x(d)}, {self.x(d)}" if self.avx else f"sqrtss {self.x(d)}, {self.x(d)}")

    def broadcast(self, d):
        self.emit(f"vbroadcastss {self.r(d)}, {self.x(d)}" if self.avx else f"shufps {self.r(d)}, {self.r(d)}, 0")

    def hreduce(self, op, d):
        """lane 0 of d = op over all lanes of d (op: add or max)."""
        s = self.SCRATCH
        if self.avx:
            self.emit(f"vextractf128 xmm{s}, ymm{d}, 1", f"v{op}ps xmm{d}, xmm{d}, xmm{s}",
                      f"vmovhlps xmm{s}, xmm{d}, xmm{d}", f"v{op}ps xmm{d}, xmm{d}, xmm{s}",
                      f"vmovshdup xmm{s}, xmm{d}", f"v{op}ss xmm{d}, xmm{d}, xmm{s}")
        else:
            self.emit(f"movhlps xmm{s}, xmm{d}", f"{op}ps xmm{d}, xmm{s}", f"movaps xmm{s}, xmm{d}",
                      f"shufps xmm{s}, xmm{s}, 0x55", f"{op}ss xmm{d}, xmm{s}")

    # loops
    def loop(self, label, count_lines, vector_body, tail_body, step_pairs=False, between=None):
        """for every element: vector body on `width` elements, then tail
        body on one (or, step_pairs, two) elements; `between` runs once
        after the vector part. count_lines put the element count in r9."""
        tail_step = 8 if step_pairs else 4
        self.emit(*count_lines("r9d"))
        self.emit("xor eax, eax", f"and r9d, {-self.width}", "shl r9, 2", f"jz .L{label}_tail", f".L{label}_v:")
        vector_body()
        self.emit(f"add rax, {self.vbytes}", "cmp rax, r9", f"jb .L{label}_v", f".L{label}_tail:")
        if between:
            between()
        self.emit(*count_lines("r9d"))
        self.emit("shl r9, 2", "cmp rax, r9", f"jae .L{label}_done", f".L{label}_s:")
        tail_body()
        self.emit(f"add rax, {tail_step}", "cmp rax, r9", f"jb .L{label}_s", f".L{label}_done:")

    def hole_count(self, hole, shift=0):
        def lines(register):
            out = [f"mov {register}, @{hole}@"]
            if shift:
                out.append(f"shr {register}, {shift}")
            return out
        return lines

    def finish(self, name, doc, holes):
        table = 32 * max(1, len(self.constants))
        prologue = ["push rbp", "mov rbp, rsp", "and rsp, -32", f"sub rsp, {table}"]
        for index, constant in enumerate(self.constants):
            value = f"@{self.hole_constants[constant]}@" if constant in self.hole_constants else hex(constant_bits(constant))
            if self.avx:
                prologue += [f"mov eax, {value}", "vmovd xmm15, eax", "vbroadcastss ymm15, xmm15",
                             f"vmovaps ymmword ptr [rsp + {32 * index}], ymm15"]
            else:
                prologue += [f"mov eax, {value}", "movd xmm15, eax", "pshufd xmm15, xmm15, 0",
                             f"movaps xmmword ptr [rsp + {32 * index}], xmm15"]
        epilogue = ["mov rsp, rbp", "pop rbp"] + (["vzeroupper"] if self.avx else []) + ["ret"]
        from .stencil import StencilSource
        text = "\n".join(prologue + self.lines + epilogue)
        return StencilSource(name, self.isa, text, {h: "imm32" for h in holes}, doc)


# --------------------------------------------------------------------- NEON

class Neon(Emitter):
    SCRATCH = 7
    width = 4
    vbytes = 16

    def __init__(self):
        super().__init__("neon")
        self.pool = []

    def n(self, i):
        assert 0 <= i <= 15 and i != 7 or i == self.SCRATCH
        return i if i < 8 else i + 8

    def r(self, i):
        return f"v{self.n(i)}.4s"

    def s(self, i):
        return f"s{self.n(i)}"

    def element(self, c):
        self._collect([c])
        index = self.constants.index(c.name)
        if index >= 32:
            raise ValueError("more than 32 constants")
        return f"v{24 + index // 4}.s[{index % 4}]"

    def reg(self, op):
        """A register holding op (constants go through the scratch)."""
        if isinstance(op, C):
            self.emit(f"dup v7.4s, {self.element(op)}")
            return "v7.4s"
        return self.r(op)

    def mov(self, d, a):
        if isinstance(a, C):
            self.emit(f"dup {self.r(d)}, {self.element(a)}")
        elif d != a:
            self.emit(f"mov v{self.n(d)}.16b, v{self.n(a)}.16b")

    def binop(self, name, d, a, b):
        if name == "fmul" and isinstance(b, C) and not isinstance(a, C):
            self.emit(f"fmul {self.r(d)}, {self.r(a)}, {self.element(b)}")
            return
        if isinstance(a, C) and isinstance(b, C):
            raise ValueError("two constants")
        ra = self.reg(a)
        rb = self.reg(b)
        self.emit(f"{name} {self.r(d)}, {ra}, {rb}")

    def add(self, d, a, b): self.binop("fadd", d, a, b)
    def sub(self, d, a, b): self.binop("fsub", d, a, b)
    def mul(self, d, a, b):
        if isinstance(a, C):
            a, b = b, a
        self.binop("fmul", d, a, b)
    def div(self, d, a, b): self.binop("fdiv", d, a, b)
    def max(self, d, a, b): self.binop("fmax", d, a, b)
    def min(self, d, a, b): self.binop("fmin", d, a, b)
    def iadd(self, d, a, b): self.binop("add", d, a, b)
    def abs(self, d, a): self.emit(f"fabs {self.r(d)}, {self.r(a)}")

    def ishl(self, d, a, bits):
        self.emit(f"shl {self.r(d)}, {self.r(a)}, #{bits}")

    def cvt_round(self, d, a):
        self.emit(f"fcvtns {self.r(d)}, {self.r(a)}")

    def cvt_float(self, d, a):
        self.emit(f"scvtf {self.r(d)}, {self.r(a)}")

    def fma(self, d, a, b, c):
        """d = a*b + c"""
        if isinstance(a, C):
            a, b = b, a
        mb = self.element(b) if isinstance(b, C) else self.r(b)
        if d == c:
            self.emit(f"fmla {self.r(d)}, {self.r(a)}, {mb}")
        elif d != a and d != b:
            self.mov(d, c)
            self.emit(f"fmla {self.r(d)}, {self.r(a)}, {mb}")
        else:
            self.emit(f"fmul {self.r(d)}, {self.r(a)}, {mb}")
            self.binop("fadd", d, d, c)

    def fnma(self, d, a, b, c):
        if isinstance(a, C):
            a, b = b, a
        mb = self.element(b) if isinstance(b, C) else self.r(b)
        if d == c:
            self.emit(f"fmls {self.r(d)}, {self.r(a)}, {mb}")
        else:
            self.emit(f"fmul v7.4s, {self.r(a)}, {mb}")
            if isinstance(c, C):
                raise ValueError("fnma with a constant addend")
            self.emit(f"fsub {self.r(d)}, {self.r(c)}, v7.4s")

    # memory (x9 = byte index)
    def load(self, d, base, offset=0):
        assert offset == 0
        self.emit(f"ldr q{self.n(d)}, [{base}, x9]")

    def store(self, base, s, offset=0):
        assert offset == 0
        self.emit(f"str q{self.n(s)}, [{base}, x9]")

    def load_lane(self, d, base):
        self.emit(f"ldr s{self.n(d)}, [{base}, x9]")

    def store_lane(self, base, s):
        self.emit(f"str s{self.n(s)}, [{base}, x9]")

    def load_pair(self, d, base):
        self.emit(f"ldr d{self.n(d)}, [{base}, x9]")

    def store_pair(self, base, s):
        self.emit(f"str d{self.n(s)}, [{base}, x9]")

    def swap_pairs(self, d, a):
        self.emit(f"rev64 {self.r(d)}, {self.r(a)}")

    def scalar(self, op, d, b):
        operand = self.s(b) if not isinstance(b, C) else None
        if operand is None:
            self.emit(f"dup s7, {self.element(b)}")
            operand = "s7"
        self.emit(f"f{op} {self.s(d)}, {self.s(d)}, {operand}")

    def scalar_const(self, d, c):
        self.emit(f"dup {self.s(d)}, {self.element(c)}")

    def scalar_count(self, d, hole):
        self.use_hole(hole)
        self.emit(f"ldr x10, .Lhole_{hole}", f"ucvtf {self.s(d)}, x10")

    def sqrt_scalar(self, d):
        self.emit(f"fsqrt {self.s(d)}, {self.s(d)}")

    def broadcast(self, d):
        self.emit(f"dup {self.r(d)}, v{self.n(d)}.s[0]")

    def hreduce(self, op, d):
        if op == "max":
            self.emit(f"fmaxv {self.s(d)}, {self.r(d)}")
        else:
            self.emit(f"faddp {self.r(d)}, {self.r(d)}, {self.r(d)}", f"faddp {self.s(d)}, v{self.n(d)}.2s")

    def use_hole(self, hole):
        if hole not in self.pool:
            self.pool.append(hole)

    def hole_count(self, hole, shift=0):
        self.use_hole(hole)

        def lines(register):
            out = [f"ldr x10, .Lhole_{hole}"]
            if shift:
                out.append(f"lsr x10, x10, #{shift}")
            return out
        return lines

    def loop(self, label, count_lines, vector_body, tail_body, step_pairs=False, between=None):
        tail_step = 8 if step_pairs else 4
        self.emit(*count_lines("x10"))
        self.emit("mov x9, #0", f"and x10, x10, #{-self.width & 0xFFFFFFFFFFFFFFFF:#x}", "lsl x10, x10, #2",
                  f"cbz x10, .L{label}_tail", f".L{label}_v:")
        vector_body()
        self.emit(f"add x9, x9, #{self.vbytes}", "cmp x9, x10", f"b.lo .L{label}_v", f".L{label}_tail:")
        if between:
            between()
        self.emit(*count_lines("x10"))
        self.emit("lsl x10, x10, #2", "cmp x9, x10", f"b.hs .L{label}_done", f".L{label}_s:")
        tail_body()
        self.emit(f"add x9, x9, #{tail_step}", "cmp x9, x10", f"b.lo .L{label}_s", f".L{label}_done:")

    def finish(self, name, doc, holes):
        prologue = []
        for index, constant in enumerate(self.constants):
            target = f"v{24 + index // 4}.s[{index % 4}]"
            if constant in self.hole_constants:
                hole = self.hole_constants[constant]
                self.use_hole(hole)
                prologue += [f"ldr w12, .Lhole_{hole}", f"mov {target}, w12"]
            else:
                bits = constant_bits(constant)
                prologue += [f"movz w12, #{bits & 0xFFFF:#x}", f"movk w12, #{bits >> 16:#x}, lsl #16",
                             f"mov {target}, w12"]
        for hole in holes:
            self.use_hole(hole)
        pool = [".balign 8"]
        for hole in sorted(self.pool):
            pool += [f".Lhole_{hole}:", f".quad @{hole}@"]
        from .stencil import StencilSource
        text = "\n".join(prologue + self.lines + ["ret"] + pool)
        return StencilSource(name, "neon", text, {h: "imm64" for h in self.pool}, doc)


def emitter(isa):
    return Neon() if isa == "neon" else X86(isa)
