"""Disassemble stencils with capstone, marking the holes.

`disasm_main(op, isa)` backs `tensoros disasm OP --isa sse2|avx2|neon`.
"""

import capstone

from .stencil import HOLE_SIZE, patch


def _capstone(isa):
    if isa == "neon":
        return capstone.Cs(capstone.CS_ARCH_ARM64, capstone.CS_MODE_ARM)
    return capstone.Cs(capstone.CS_ARCH_X86, capstone.CS_MODE_64)


def instructions(stencil, code=None, address=0):
    """(address, size, mnemonic, operands) for every instruction; stops at
    the AArch64 literal pool, which is data."""
    code = stencil.code if code is None else code
    end = len(code)
    if stencil.isa == "neon" and stencil.holes:
        end = min(hole.offset for hole in stencil.holes)
        if code[end - 4:end] in (bytes(4), bytes.fromhex("1f2003d5")):
            end -= 4   # .balign 8 padding before the pool
    return [(insn.address, insn.size, insn.mnemonic, insn.op_str)
            for insn in _capstone(stencil.isa).disasm(code[:end], address)]


def disassemble(stencil, values=None, address=0):
    """Text listing; with `values`, the specialized (patched) kernel."""
    code = stencil.code if values is None else patch(stencil, values, address)
    holes_at = {}
    for hole in stencil.holes:
        for byte in range(hole.offset, hole.offset + HOLE_SIZE[hole.kind]):
            holes_at[byte] = hole
    lines = [f"; {stencil.name} ({stencil.isa}), {len(stencil.code)} bytes, "
             f"{len(stencil.holes)} hole sites: {', '.join(stencil.hole_names()) or 'none'}"]
    if stencil.doc:
        lines.append(f"; {stencil.doc}")
    decoded_end = 0
    for insn_address, size, mnemonic, operands in instructions(stencil, code, address):
        offset = insn_address - address
        raw = code[offset:offset + size].hex()
        marks = sorted({f"{holes_at[b].kind} {holes_at[b].name}" for b in range(offset, offset + size)
                        if b in holes_at})
        note = f"   ; hole: {', '.join(marks)}" if marks else ""
        lines.append(f"{insn_address:8x}:  {raw:<24} {mnemonic} {operands}{note}")
        decoded_end = offset + size
    for hole in stencil.holes:
        if hole.offset >= decoded_end:
            value = int.from_bytes(code[hole.offset:hole.offset + HOLE_SIZE[hole.kind]], "little")
            lines.append(f"{address + hole.offset:8x}:  .quad {value:#x}   ; hole: {hole.kind} {hole.name}")
    return "\n".join(lines)


def disasm_main(op, isa):
    """Listing of every stencil of `op` for `isa` (op matches a stencil name
    or its family prefix, e.g. "sgemm", "qdot_q4_0", "silu")."""
    from .library import all_stencils
    matches = [stencil for stencil in all_stencils()
               if stencil.isa == isa and (stencil.name == op or stencil.name.startswith(op + "_")
                                          or f"_{op}_" in stencil.name or stencil.name.endswith("_" + op))]
    if not matches:
        names = sorted({s.name for s in all_stencils() if s.isa == isa})
        raise ValueError(f"no {isa} stencil for {op!r}; {isa} stencils: {', '.join(names)}")
    return "\n\n".join(disassemble(stencil) for stencil in matches)
