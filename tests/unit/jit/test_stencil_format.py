"""Hole discovery, patching, the library blob and its C header."""

import shutil
import struct
import subprocess

import pytest

from tensoros.jit import library
from tensoros.jit.stencil import HOLE_SIZE, StencilSource, assemble, patch


def test_holes_found_for_every_kind_x86():
    source = StencilSource("toy", "avx2", "\n".join([
        "mov eax, @count@",
        "add rdi, @stride@",
        "mov rax, @table@",
        "cmp rcx, @count@",
        "call @helper@",
        "ret",
    ]), {"count": "imm32", "stride": "imm32", "table": "imm64", "helper": "rel32"})
    stencil = assemble(source)
    sites = [(hole.name, hole.kind) for hole in stencil.holes]
    assert sites == [("count", "imm32"), ("stride", "imm32"), ("table", "imm64"),
                     ("count", "imm32"), ("helper", "rel32")]
    # Unpatched holes are zero, never a placeholder.
    for hole in stencil.holes:
        assert stencil.code[hole.offset:hole.offset + HOLE_SIZE[hole.kind]] == bytes(HOLE_SIZE[hole.kind])
    base = 0x7000_0000
    code = patch(stencil, {"count": 7, "stride": -4, "table": 0x1122334455667788, "helper": base + 0x1000}, base)
    offsets = {(hole.name, i): hole.offset for i, hole in enumerate(stencil.holes)}
    assert struct.unpack_from("<i", code, offsets[("count", 0)])[0] == 7
    assert struct.unpack_from("<i", code, offsets[("stride", 1)])[0] == -4
    assert struct.unpack_from("<Q", code, offsets[("table", 2)])[0] == 0x1122334455667788
    call = offsets[("helper", 4)]
    assert struct.unpack_from("<i", code, call)[0] == 0x1000 - (call + 4)


def test_holes_in_arm64_literal_pool():
    source = StencilSource("toy", "neon", "ldr x0, .Lhole_x\nret\n.balign 8\n.Lhole_x:\n.quad @x@", {"x": "imm64"})
    stencil = assemble(source)
    assert [(h.name, h.kind, h.offset % 8) for h in stencil.holes] == [("x", "imm64", 0)]
    code = patch(stencil, {"x": 42})
    assert struct.unpack_from("<Q", code, stencil.holes[0].offset)[0] == 42


def test_undeclared_and_missing_holes_are_errors():
    with pytest.raises(ValueError, match="no declared kind"):
        assemble(StencilSource("bad", "avx2", "mov eax, @n@\nret", {}))
    stencil = assemble(StencilSource("ok", "avx2", "mov eax, @n@\nret", {"n": "imm32"}))
    with pytest.raises(ValueError, match="no value"):
        patch(stencil, {})
    with pytest.raises(ValueError, match="does not fit"):
        patch(stencil, {"n": 1 << 40})


def test_a_misaligned_assembly_pair_is_retried(monkeypatch):
    """Keystone once laid out one text two ways in a long CI process: a pair
    whose lengths differ is assembled again instead of failing the build,
    and a text that never lines up is still an error."""
    from tensoros.jit import stencil as stencil_module
    real = stencil_module._assemble_text
    calls = []

    def flaky(isa, text):
        calls.append(text)
        code = real(isa, text)
        return code + b"\x90" if len(calls) == 2 else code       # the second text, once

    monkeypatch.setattr(stencil_module, "_assemble_text", flaky)
    source = StencilSource("toy", "avx2", "mov eax, @n@\nret", {"n": "imm32"})
    stencil = assemble(source)
    assert len(calls) == 4 and [(h.name, h.offset) for h in stencil.holes] == [("n", 1)]

    def always_longer_second(isa, text):
        return real(isa, text) + (b"\x90" if hex(stencil_module._placeholder("imm32", 0, 1)) in text else b"")

    monkeypatch.setattr(stencil_module, "_assemble_text", always_longer_second)
    with pytest.raises(ValueError, match="changed the code length"):
        assemble(source)


def test_library_round_trip():
    stencils = library.all_stencils()
    blob = library.build_library(stencils)
    assert blob[:4] == b"TJIT"
    back = library.read_library(blob)
    assert [s.name for s in back] == [s.name for s in stencils]
    for original, parsed in zip(stencils, back):
        assert parsed.isa == original.isa
        assert parsed.code == original.code
        assert parsed.holes == original.holes
    header = struct.unpack_from("<4sIIIIIIII", blob)
    assert header[8] == len(blob)
    with pytest.raises(ValueError):
        library.read_library(blob[:-1])
    with pytest.raises(ValueError):
        library.read_library(b"XXXX" + blob[4:])


def test_every_isa_has_every_family():
    names = {s.name for s in library.all_stencils()}
    for isa in ("avx2", "sse2", "neon"):
        assert any(name.startswith(f"sgemm_{isa}_") for name in names)
        assert f"qdot_q8_0_{isa}" in names and f"qdot_q4_0_{isa}" in names
        for op in ("add", "mul", "scale", "relu"):
            assert f"{op}_{isa}" in names


@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler")
def test_generated_c_compiles_and_patches(tmp_path):
    """The generated header and blob, used from C exactly as the loader will."""
    paths = library.write_library(tmp_path)
    test_c = tmp_path / "check.c"
    test_c.write_text(r"""
#include "stencils.h"
#include <stdio.h>
#include <string.h>
int main(void) {
    const struct tjit_header *h = (const void *)tjit_library;
    if (h->magic != TJIT_MAGIC || h->total_size != tjit_library_size) return 1;
    if (h->stencil_count != TJIT_STENCILS_TOTAL || h->hole_name_count != TJIT_HOLE_NAMES_TOTAL) return 2;
    const struct tjit_stencil_record *s = (const void *)(tjit_library + h->stencil_table);
    const struct tjit_hole_record *holes = (const void *)(tjit_library + h->hole_table);
    const struct tjit_stencil_record *r = &s[TJIT_STENCIL_SCALE_AVX2];
    unsigned char code[256];
    memcpy(code, tjit_library + r->code_offset, r->code_size);
    int64_t values[TJIT_HOLE_NAMES_TOTAL] = {0};
    values[TJIT_HOLE_COUNT] = 12345;
    values[TJIT_HOLE_SCALE_BITS] = 0x3fc00000;
    tjit_patch(code, holes + r->first_hole, r->hole_count, values);
    printf("%u %u\n", r->code_size, r->hole_count);
    fwrite(code, 1, r->code_size, stderr);
    return 0;
}
""")
    binary = tmp_path / "check"
    subprocess.run(["cc", "-std=c11", "-Wall", "-Werror", "-I", str(tmp_path), str(test_c), str(paths["c"]),
                    "-o", str(binary)], check=True)
    result = subprocess.run([str(binary)], capture_output=True, check=True)
    stencil = library.stencil_named("scale_avx2")
    assert result.stdout.decode().split() == [str(len(stencil.code)), str(len(stencil.holes))]
    assert result.stderr == patch(stencil, {"count": 12345, "scale_bits": 0x3fc00000})


def test_library_reloads_stale_generators(monkeypatch):
    """A process that imported older generators (a test session that then
    builds) must not assemble them: the library reloads a generator whose
    file changed since it was loaded."""
    from tensoros.jit import qdot_x86
    library.all_stencils()
    monkeypatch.setattr(qdot_x86, "all_sources", lambda: [])        # as if imported before they existed
    monkeypatch.setitem(library._loaded, "qdot_x86", "an older text")
    names = {s.name for s in library.all_stencils()}
    assert "qdot_q4_1_sse2" in names and "qdot_q4_1_avx2" in names
    assert qdot_x86.all_sources()                                   # the module itself is current again
