"""Stencils: machine code with holes, assembled by keystone, patched by copy.

A generator writes assembly text in which each hole is a token `@name@`.
`assemble()` finds where the holes landed without trusting the assembler to
tell us: it assembles the text twice, each time substituting a different,
recognisable placeholder value for every hole, and looks for the two
placeholders' encodings at the same offset in the two results. Every byte
that differs between the two assemblies must belong to a hole site found
that way, and the code must have the same length both times, so a hole can
never be missed or be silently re-encoded into a shorter instruction form.

Hole kinds (the C loader patches them with one store each):

    imm32  4 bytes, little endian, the value itself (x86 immediates and
           displacements, AArch64 `.word` literals); must fit in int32.
    imm64  8 bytes, little endian, the value itself (x86 `movabs`,
           AArch64 `.quad` literals loaded with `ldr xN, label`).
    rel32  4 bytes, little endian: target - (address of the hole + 4)
           (x86 `call`/`jmp` to another stencil or a kernel function).
"""

from dataclasses import dataclass, field
import re
import struct

import keystone

ISAS = ("sse2", "avx2", "neon")
HOLE_KINDS = {"imm32": 1, "imm64": 2, "rel32": 3}
HOLE_SIZE = {"imm32": 4, "imm64": 8, "rel32": 4}
HOLE_TOKEN = re.compile(r"@([A-Za-z_][A-Za-z0-9_]*)@")


@dataclass
class Hole:
    offset: int      # byte offset inside the stencil's code
    kind: str        # one of HOLE_KINDS
    name: str        # which value goes there, e.g. "kc" or "ldc_bytes"


@dataclass
class StencilSource:
    """What a generator produces: assembly text plus what its holes are."""
    name: str                 # e.g. "sgemm_avx2_6x16"
    isa: str                  # one of ISAS
    text: str                 # assembly with @hole@ tokens
    hole_kinds: dict          # hole name -> kind
    doc: str = ""             # arguments, hole formulas, semantics


@dataclass
class Stencil:
    name: str
    isa: str
    code: bytes
    holes: list = field(default_factory=list)
    doc: str = ""

    def hole_names(self):
        return sorted({hole.name for hole in self.holes})


def _keystone(isa):
    if isa == "neon":
        return keystone.Ks(keystone.KS_ARCH_ARM64, keystone.KS_MODE_LITTLE_ENDIAN)
    return keystone.Ks(keystone.KS_ARCH_X86, keystone.KS_MODE_64)


# Two placeholder sets. Values are large enough that the assembler must use
# the full-width encoding (no imm8 short forms, `movabs` for imm64) and
# odd-looking enough that they do not occur by chance in real code.
def _placeholder(kind, index, which):
    if kind == "imm64":
        return (0x5A3C1E0F00000000, 0x3B6D2C4900000000)[which] + index * 0x10203
    base = (0x3A5A0000, 0x2C6C0000)[which]
    return base + index * 0x10301


def _encode(kind, value, offset):
    if kind == "imm64":
        return struct.pack("<Q", value & 0xFFFFFFFFFFFFFFFF)
    if kind == "rel32":
        value = value - (offset + 4)
    return struct.pack("<I", value & 0xFFFFFFFF)


def _assemble_text(isa, text):
    try:
        encoding, _ = _keystone(isa).asm(text, 0)
    except keystone.KsError as error:
        raise ValueError(f"keystone rejected the {isa} text: {error}") from None
    return bytes(encoding or b"")


def _holes_between(source, used, index, first, second):
    """The holes of `source`, found where its two placeholder assemblies differ."""
    if len(first) != len(second) or not first:
        raise ValueError(f"{source.name}: placeholder values changed the code length")
    holes = []
    covered = set()
    for name in index:
        kind = source.hole_kinds[name]
        size = HOLE_SIZE[kind]
        for offset in range(len(first) - size + 1):
            if (first[offset:offset + size] == _encode(kind, _placeholder(kind, index[name], 0), offset)
                    and second[offset:offset + size] == _encode(kind, _placeholder(kind, index[name], 1), offset)):
                holes.append(Hole(offset, kind, name))
                covered.update(range(offset, offset + size))
    differing = {i for i in range(len(first)) if first[i] != second[i]}
    if differing - covered:
        raise ValueError(f"{source.name}: bytes {sorted(differing - covered)[:8]} changed but belong to no hole")
    for name in index:
        expected = used.count(name)
        found = sum(1 for hole in holes if hole.name == name)
        if found != expected:
            raise ValueError(f"{source.name}: hole {name} used {expected} times, found {found} sites")
    return holes


_ASSEMBLY_ATTEMPTS = 4


def assemble(source):
    """Assemble a StencilSource into a Stencil with its hole offsets."""
    used = HOLE_TOKEN.findall(source.text)
    for name in used:
        if name not in source.hole_kinds:
            raise ValueError(f"{source.name}: hole @{name}@ has no declared kind")
    names = sorted(set(used))
    index = {name: i for i, name in enumerate(names)}

    def substitute(which):
        def value_of(match):
            name = match.group(1)
            return hex(_placeholder(source.hole_kinds[name], index[name], which))
        return HOLE_TOKEN.sub(value_of, source.text)

    # Keystone very rarely lays out the same text differently within one long
    # process (seen once in a 12-minute CI session: softmax_sse2 came out
    # with two lengths; never reproduced alone). A pair of assemblies that do
    # not line up is retried with fresh assemblers; _holes_between still
    # proves that every differing byte of the pair it accepts is a hole.
    for attempt in range(_ASSEMBLY_ATTEMPTS):
        first = _assemble_text(source.isa, substitute(0))
        second = _assemble_text(source.isa, substitute(1))
        try:
            holes = _holes_between(source, used, index, first, second)
            break
        except ValueError:
            if attempt == _ASSEMBLY_ATTEMPTS - 1:
                raise
    holes.sort(key=lambda hole: hole.offset)
    # Keep the first assembly's bytes but blank the holes: an unpatched
    # stencil then never carries a stray placeholder that looks valid.
    code = bytearray(first)
    for hole in holes:
        code[hole.offset:hole.offset + HOLE_SIZE[hole.kind]] = bytes(HOLE_SIZE[hole.kind])
    return Stencil(source.name, source.isa, bytes(code), holes, source.doc)


def patch(stencil, values, address=0):
    """Copy the stencil's code and fill every hole: what the C loader does.

    `values` maps each hole name to an int; `address` is where the copy will
    run (only rel32 holes depend on it).
    """
    missing = [name for name in stencil.hole_names() if name not in values]
    if missing:
        raise ValueError(f"{stencil.name}: no value for holes {missing}")
    code = bytearray(stencil.code)
    for hole in stencil.holes:
        value = values[hole.name]
        if hole.kind == "imm32":
            if not -2**31 <= value < 2**32:
                raise ValueError(f"{stencil.name}: {hole.name}={value} does not fit imm32")
            code[hole.offset:hole.offset + 4] = struct.pack("<I", value & 0xFFFFFFFF)
        elif hole.kind == "imm64":
            code[hole.offset:hole.offset + 8] = struct.pack("<Q", value & 0xFFFFFFFFFFFFFFFF)
        elif hole.kind == "rel32":
            relative = value - (address + hole.offset + 4)
            if not -2**31 <= relative < 2**31:
                raise ValueError(f"{stencil.name}: call target {value:#x} out of rel32 range")
            code[hole.offset:hole.offset + 4] = struct.pack("<i", relative)
    return bytes(code)
