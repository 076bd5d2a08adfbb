"""Every stencil disassembles cleanly with capstone, holes where recorded."""

import pytest

from tensoros.jit import library
from tensoros.jit.disasm import disasm_main, disassemble, instructions
from tensoros.jit.stencil import HOLE_SIZE, patch

STENCILS = library.all_stencils()


@pytest.mark.parametrize("stencil", STENCILS, ids=lambda s: s.name)
def test_disassembles_completely(stencil):
    decoded = instructions(stencil)
    assert decoded, "capstone decoded nothing"
    # Instructions tile the code with no gap or undecodable byte up to the
    # end (x86) or the literal pool (AArch64).
    position = 0
    for address, size, mnemonic, _ in decoded:
        assert address == position, f"gap before {address:#x}"
        assert mnemonic not in ("udf", "(bad)", "hlt", "ud2")
        position += size
    if stencil.isa == "neon":
        pool = min(hole.offset for hole in stencil.holes)
        assert pool - position in (0, 4)
        assert all(hole.offset >= pool for hole in stencil.holes)
        assert decoded[-1][2] == "ret"
    else:
        assert position == len(stencil.code)
        assert any(mnemonic == "ret" for _, _, mnemonic, _ in decoded)


@pytest.mark.parametrize("stencil", [s for s in STENCILS if s.isa != "neon"], ids=lambda s: s.name)
def test_x86_holes_are_immediates(stencil):
    """Patch each hole with a distinct value; capstone must show exactly
    that value as an operand of the instruction containing the hole."""
    values = {name: 0x1234500 + 16 * i for i, name in enumerate(stencil.hole_names())}
    code = patch(stencil, values)
    decoded = instructions(stencil, code)
    for hole in stencil.holes:
        containing = [insn for insn in decoded
                      if insn[0] <= hole.offset and hole.offset + HOLE_SIZE[hole.kind] <= insn[0] + insn[1]]
        assert len(containing) == 1, f"{hole.name} straddles instructions"
        assert hex(values[hole.name]) in containing[0][3], containing[0]


def test_listing_and_disasm_main():
    text = disasm_main("sgemm", "avx2")
    assert "sgemm_avx2_6x16" in text and "vfmadd231ps" in text and "hole: imm32 k_blocks" in text
    assert "fmla" in disasm_main("sgemm", "neon")
    assert "pmullw" in disasm_main("qdot_q4_0", "sse2")
    assert "vpmaddubsw" in disasm_main("qdot_q4_k", "avx2")
    specialized = disassemble(library.stencil_named("add_avx2"), {"count": 100})
    assert "0x64" in specialized
    with pytest.raises(ValueError, match="no neon stencil"):
        disasm_main("nonsense", "neon")
