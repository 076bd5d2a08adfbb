"""The stencil library: every generator's output, assembled, in one blob plus
a generated C header, for the kernel image. The byte layout is described in
README.md next to this file; `read_library` is its executable definition.
"""

from pathlib import Path
import struct

from .stencil import HOLE_KINDS, HOLE_SIZE, ISAS, Hole, Stencil, assemble

MAGIC = b"TJIT"
VERSION = 1
HEADER = struct.Struct("<4sIIIIIIII")        # 36 bytes
STENCIL_RECORD = struct.Struct("<IBBHIIII")  # 24 bytes
HOLE_RECORD = struct.Struct("<IBBH")         # 8 bytes
ISA_CODES = {isa: index + 1 for index, isa in enumerate(ISAS)}   # sse2=1 avx2=2 neon=3
CODE_ALIGNMENT = 64


# The generator modules, each after the ones it imports from.
GENERATORS = ("vecmath", "sgemm_x86", "sgemm_neon", "qdot_x86", "qdot_neon", "elementwise", "rowops")
_loaded = {}            # generator module name -> hash of the source text it was (re)loaded from


def _fresh_generators():
    """The generator modules as their files are now. A long-lived process
    (a test session that edits, then builds) may have imported older ones:
    the first call reloads them all and later calls reload whatever changed
    on disk, so the library is never assembled from stale generators while
    the build stamps it with the current sources' hash. Returns whether
    anything was reloaded."""
    import hashlib
    import importlib
    reloaded = False
    for name in GENERATORS:
        module = importlib.import_module(f"{__package__}.{name}")
        digest = hashlib.sha256(Path(module.__file__).read_bytes()).hexdigest()
        if reloaded or _loaded.get(name) != digest:
            importlib.reload(module)      # and every later one: they import from this one
            _loaded[name] = digest
            reloaded = True
    return reloaded


def all_sources():
    """Every stencil the kernel gets, in a fixed order (the C enum's order)."""
    global _assembled
    if _fresh_generators():
        _assembled = None
    from . import elementwise, qdot_neon, qdot_x86, rowops, sgemm_neon, sgemm_x86
    return [
        sgemm_x86.sgemm_avx2_6x16(),
        sgemm_x86.sgemm_sse2_6x8(),
        sgemm_neon.sgemm_neon_8x12(),
        sgemm_x86.pack_a_avx2_6(),
        sgemm_x86.pack_b_avx2_16(),
        *qdot_x86.all_sources(),
        *qdot_neon.all_sources(),
        *elementwise.all_sources(),
        *rowops.all_sources(),
    ]


_assembled = None


def all_stencils():
    global _assembled
    if _fresh_generators():
        _assembled = None
    if _assembled is None:
        _assembled = [assemble(source) for source in all_sources()]
    return _assembled


def stencil_named(name):
    for stencil in all_stencils():
        if stencil.name == name:
            return stencil
    raise KeyError(f"no stencil named {name!r}")


def hole_name_table(stencils):
    return sorted({hole.name for stencil in stencils for hole in stencil.holes})


def build_library(stencils):
    """Serialize stencils into the blob the kernel links."""
    hole_names = hole_name_table(stencils)
    hole_ids = {name: i for i, name in enumerate(hole_names)}
    strings = bytearray()
    string_offsets = {}

    def intern(text):
        if text not in string_offsets:
            string_offsets[text] = len(strings)
            strings.extend(text.encode() + b"\0")
        return string_offsets[text]

    hole_name_offsets = [intern(name) for name in hole_names]
    stencil_table_offset = HEADER.size
    hole_name_table_offset = stencil_table_offset + STENCIL_RECORD.size * len(stencils)
    hole_table_offset = hole_name_table_offset + 4 * len(hole_names)
    hole_count = sum(len(stencil.holes) for stencil in stencils)
    string_table_offset = hole_table_offset + HOLE_RECORD.size * hole_count
    name_offsets = [intern(stencil.name) for stencil in stencils]
    code_offset = -(-(string_table_offset + len(strings)) // CODE_ALIGNMENT) * CODE_ALIGNMENT

    records = bytearray()
    holes = bytearray()
    code = bytearray()
    first_hole = 0
    for stencil, name_offset in zip(stencils, name_offsets):
        records += STENCIL_RECORD.pack(name_offset, ISA_CODES[stencil.isa], 0, 0,
                                       code_offset + len(code), len(stencil.code),
                                       first_hole, len(stencil.holes))
        for hole in stencil.holes:
            holes += HOLE_RECORD.pack(hole.offset, HOLE_KINDS[hole.kind], 0, hole_ids[hole.name])
        first_hole += len(stencil.holes)
        code += stencil.code
        code += bytes(-len(code) % CODE_ALIGNMENT)
    body = bytearray(HEADER.pack(MAGIC, VERSION, len(stencils), len(hole_names), stencil_table_offset,
                                 hole_name_table_offset, hole_table_offset, string_table_offset,
                                 code_offset + len(code)))
    body += records
    body += b"".join(struct.pack("<I", offset) for offset in hole_name_offsets)
    body += holes
    body += strings
    body += bytes(code_offset - len(body))
    body += code
    return bytes(body)


def read_library(blob):
    """Parse a blob back into Stencils (the tests check the round trip)."""
    if len(blob) < HEADER.size:
        raise ValueError("stencil library: truncated header")
    (magic, version, stencil_count, hole_name_count, stencil_table, hole_name_table,
     hole_table, string_table, total_size) = HEADER.unpack_from(blob)
    if magic != MAGIC or version != VERSION:
        raise ValueError(f"stencil library: bad magic {magic!r} or version {version}")
    if total_size != len(blob):
        raise ValueError(f"stencil library: size {len(blob)} but header says {total_size}")
    kinds = {code: kind for kind, code in HOLE_KINDS.items()}
    isas = {code: isa for isa, code in ISA_CODES.items()}

    def string_at(offset):
        start = string_table + offset
        return blob[start:blob.index(b"\0", start)].decode()

    hole_names = [string_at(struct.unpack_from("<I", blob, hole_name_table + 4 * i)[0])
                  for i in range(hole_name_count)]
    stencils = []
    for index in range(stencil_count):
        name, isa, _, _, code_offset, code_size, first_hole, hole_count = \
            STENCIL_RECORD.unpack_from(blob, stencil_table + index * STENCIL_RECORD.size)
        holes = []
        for hole_index in range(first_hole, first_hole + hole_count):
            offset, kind, _, name_id = HOLE_RECORD.unpack_from(blob, hole_table + hole_index * HOLE_RECORD.size)
            if offset + HOLE_SIZE[kinds[kind]] > code_size:
                raise ValueError("stencil library: hole outside its stencil")
            holes.append(Hole(offset, kinds[kind], hole_names[name_id]))
        stencils.append(Stencil(string_at(name), isas[isa],
                                bytes(blob[code_offset:code_offset + code_size]), holes))
    return stencils


def c_identifier(name):
    return name.upper().replace("-", "_")


def c_header(stencils):
    """The enums and record layouts the C loader compiles against."""
    hole_names = hole_name_table(stencils)
    lines = [
        "/* Generated by toolchain/tensoros/jit/library.py: do not edit. */",
        "/* Layout of the stencil library blob: toolchain/tensoros/jit/README.md */",
        "#pragma once",
        "#include <stdint.h>",
        "",
        f"#define TJIT_MAGIC 0x{int.from_bytes(MAGIC, 'little'):08x}u  /* \"TJIT\" */",
        f"#define TJIT_VERSION {VERSION}",
        "",
        "struct tjit_header {",
        "    uint32_t magic, version, stencil_count, hole_name_count;",
        "    uint32_t stencil_table, hole_name_table, hole_table, string_table, total_size;",
        "};",
        "",
        "struct tjit_stencil_record {",
        "    uint32_t name;        /* offset in the string table */",
        "    uint8_t isa;          /* enum tjit_isa */",
        "    uint8_t reserved0;",
        "    uint16_t reserved1;",
        "    uint32_t code_offset; /* from the start of the blob, 64-byte aligned */",
        "    uint32_t code_size;",
        "    uint32_t first_hole;  /* index into the hole table */",
        "    uint32_t hole_count;",
        "};",
        "",
        "struct tjit_hole_record {",
        "    uint32_t offset;      /* inside the stencil's code */",
        "    uint8_t kind;         /* enum tjit_hole_kind */",
        "    uint8_t reserved;",
        "    uint16_t name;        /* enum tjit_hole_name: index into the caller's values */",
        "};",
        "",
        "enum tjit_isa { " + ", ".join(f"TJIT_ISA_{isa.upper()} = {code}" for isa, code in ISA_CODES.items()) + " };",
        "enum tjit_hole_kind { " + ", ".join(f"TJIT_KIND_{kind.upper()} = {code}" for kind, code in HOLE_KINDS.items()) + " };",
        "",
        "enum tjit_hole_name {",
    ]
    lines += [f"    TJIT_HOLE_{c_identifier(name)} = {i}," for i, name in enumerate(hole_names)]
    lines += [f"    TJIT_HOLE_NAMES_TOTAL = {len(hole_names)}", "};", "", "enum tjit_stencil_id {"]
    lines += [f"    TJIT_STENCIL_{c_identifier(stencil.name)} = {i}," for i, stencil in enumerate(stencils)]
    lines += [f"    TJIT_STENCILS_TOTAL = {len(stencils)}", "};", ""]
    lines += [
        "extern const unsigned char tjit_library[];",
        "extern const unsigned int tjit_library_size;",
        "",
        "/* The whole of patching: one store per hole. `code` is where the copy",
        "   will execute (rel32 is relative to it). */",
        "static inline void tjit_patch(unsigned char *code, const struct tjit_hole_record *holes,",
        "                              uint32_t count, const int64_t *values)",
        "{",
        "    for (uint32_t i = 0; i < count; i++) {",
        "        unsigned char *at = code + holes[i].offset;",
        "        int64_t value = values[holes[i].name];",
        "        if (holes[i].kind == TJIT_KIND_REL32)",
        "            value -= (int64_t)(uintptr_t)(at + 4);",
        "        int n = holes[i].kind == TJIT_KIND_IMM64 ? 8 : 4;",
        "        for (int b = 0; b < n; b++)",
        "            at[b] = (unsigned char)((uint64_t)value >> (8 * b));",
        "    }",
        "}",
        "",
    ]
    return "\n".join(lines)


def c_source(blob):
    lines = ["/* Generated by toolchain/tensoros/jit/library.py: do not edit. */",
             '#include "stencils.h"', "",
             "__attribute__((aligned(64))) const unsigned char tjit_library[] = {"]
    for start in range(0, len(blob), 16):
        lines.append("    " + ", ".join(f"0x{byte:02x}" for byte in blob[start:start + 16]) + ",")
    lines += ["};", f"const unsigned int tjit_library_size = {len(blob)};", ""]
    return "\n".join(lines)


def write_library(out_dir):
    """Write stencils.bin, stencils.h and stencils.c into out_dir; returns the paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stencils = all_stencils()
    blob = build_library(stencils)
    paths = {"bin": out_dir / "stencils.bin", "h": out_dir / "stencils.h", "c": out_dir / "stencils.c"}
    paths["bin"].write_bytes(blob)
    paths["h"].write_text(c_header(stencils))
    paths["c"].write_text(c_source(blob))
    return paths
