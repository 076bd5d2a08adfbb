"""`tensoros size`: bytes of code and data per subsystem, from the ELF.

A subsystem is the source folder a symbol comes from (kernel/core,
kernel/mm, boot/x86_64, drivers/uart, ...). Each sized symbol (function or
object) is put in a source file this way:

* code: the DWARF compilation unit whose address ranges contain it;
* a global variable: the unit whose DWARF defines a variable of that name
  (or at that address);
* a file-local symbol: the STT_FILE symbol the linker put before it,
  matched to a compilation unit of that name.

* a global symbol DWARF does not describe (assembler data): the object
  file that defines it, from the link's dependency list (link.d) when the
  objects are still in the build folder.

Symbols without a usable size (nasm labels) extend to the next symbol in
their section. Bytes of a section no symbol covers (merged string literals,
alignment) are listed as "(no symbol)", so each column adds up to the
section sizes.
"""

import json
import os
import sys
from collections import defaultdict
from pathlib import Path

from .paths import board_dir
from .symbolize import Symbolizer

KINDS = ("text", "rodata", "data", "bss")
UNKNOWN = "(unknown)"
PADDING = "(no symbol)"      # string literals, alignment padding


def section_kind(section):
    """text / rodata / data / bss for an allocated section, else None."""
    flags = section["sh_flags"]
    SHF_WRITE, SHF_ALLOC, SHF_EXECINSTR = 1, 2, 4
    if not flags & SHF_ALLOC:
        return None
    if section["sh_type"] == "SHT_NOBITS":
        return "bss"
    if flags & SHF_EXECINSTR:
        return "text"
    if flags & SHF_WRITE:
        return "data"
    return "rodata"


def subsystem_of(path):
    """The folder of a source file (kernel/core/shell.c -> kernel/core)."""
    if not path or path == UNKNOWN:
        return UNKNOWN
    folder = os.path.dirname(path)
    return folder or "."


def globals_by_object(elf_path):
    """{global symbol: source file} from the objects the ELF was linked from
    (build/BOARD/link.d lists them; obj/SRC.o was compiled from SRC)."""
    from elftools.elf.elffile import ELFFile
    from elftools.elf.sections import SymbolTableSection
    elf_path = Path(elf_path)
    link_d = elf_path.parent / "link.d"
    out = {}
    try:
        words = link_d.read_text().replace("\\\n", " ").split()
    except OSError:
        return out
    obj_dir = elf_path.parent / "obj"
    for word in words[1:]:
        obj = Path(word)
        if obj.suffix != ".o" or not obj.exists():
            continue
        try:
            source = str(obj.resolve().relative_to(obj_dir.resolve()))[:-2]
        except ValueError:
            continue
        try:
            with open(obj, "rb") as f:
                for table in ELFFile(f).iter_sections():
                    if not isinstance(table, SymbolTableSection):
                        continue
                    for s in table.iter_symbols():
                        if (s["st_info"]["bind"] != "STB_LOCAL" and s.name
                                and s["st_shndx"] not in ("SHN_UNDEF", "SHN_ABS", "SHN_COMMON")):
                            out.setdefault(s.name, source)
        except Exception:
            continue
    return out


class SizeReport:
    def __init__(self, elf_path):
        self.elf_path = Path(elf_path)
        self.symbols = []      # dicts: name, address, size, kind, file, section
        self.sections = {}     # name -> (kind, size)
        self._analyse()

    def _analyse(self):
        from elftools.elf.sections import SymbolTableSection
        with Symbolizer(self.elf_path) as sym:
            elf = sym.elf
            sections = list(elf.iter_sections())
            kinds = {}
            for i, s in enumerate(sections):
                k = section_kind(s)
                if k and s["sh_size"]:
                    kinds[i] = k
                    self.sections[s.name] = (k, s["sh_size"])

            # DWARF: global variables by name and by address; units by file name.
            var_by_name, var_by_addr = {}, {}
            units_by_basename = defaultdict(list)
            for unit in sym.units:
                path = unit.source_path()
                units_by_basename[os.path.basename(path)].append(path)
                for die in unit.top.iter_children():
                    if die.tag != "DW_TAG_variable":
                        continue
                    addr = sym.die_address(die)
                    if addr is None:
                        continue
                    var_by_addr.setdefault(addr, path)
                    if "DW_AT_external" in die.attributes:
                        name = sym.die_name(die)
                        if name:
                            var_by_name.setdefault(name, path)

            raw = []
            for table in elf.iter_sections():
                if not isinstance(table, SymbolTableSection):
                    continue
                current_file = None
                for s in table.iter_symbols():
                    kind = s["st_info"]["type"]
                    bind = s["st_info"]["bind"]
                    if kind == "STT_FILE":
                        current_file = s.name
                        continue
                    shndx = s["st_shndx"]
                    if not isinstance(shndx, int) or shndx not in kinds:
                        continue
                    if kind not in ("STT_FUNC", "STT_OBJECT", "STT_NOTYPE"):
                        continue
                    if not s.name or (kind == "STT_NOTYPE" and "." in s.name):
                        continue          # nasm's local labels (_start.loop) belong to their function
                    raw.append({
                        "name": s.name, "address": s["st_value"], "size": s["st_size"],
                        "type": kind, "local": bind == "STT_LOCAL",
                        "file_symbol": current_file if bind == "STB_LOCAL" else None,
                        "section": sections[shndx].name, "kind": kinds[shndx], "shndx": shndx,
                    })

            # Sizes: trust the symbol's size unless it is 0/1 (nasm labels and
            # `:data` objects), then extend to the next symbol of the section.
            by_section = defaultdict(list)
            for r in raw:
                by_section[r["shndx"]].append(r)
            chosen = []
            for shndx, syms in by_section.items():
                sec = sections[shndx]
                end_of_section = sec["sh_addr"] + sec["sh_size"]
                # One entry per address: prefer the sized function/object.
                syms.sort(key=lambda r: (r["address"], -r["size"], r["type"] == "STT_NOTYPE"))
                unique = []
                for r in syms:
                    if unique and unique[-1]["address"] == r["address"]:
                        continue
                    unique.append(r)
                starts = [r["address"] for r in unique]
                for i, r in enumerate(unique):
                    if r["size"] <= 1:
                        nxt = starts[i + 1] if i + 1 < len(starts) else end_of_section
                        r["size"] = max(nxt - r["address"], r["size"])
                    if r["size"] == 0:
                        continue
                    chosen.append(r)

            objects = None
            for r in chosen:
                r["file"] = self._file_of(r, sym, var_by_name, var_by_addr, units_by_basename)
                if r["file"] == UNKNOWN and not r["local"]:
                    if objects is None:
                        objects = globals_by_object(self.elf_path)
                    r["file"] = objects.get(r["name"], UNKNOWN)
                self.symbols.append({k: r[k] for k in ("name", "address", "size", "kind", "file", "section")})

    @staticmethod
    def _file_of(r, sym, var_by_name, var_by_addr, units_by_basename):
        if r["kind"] == "text":
            unit = sym.unit_at(r["address"])
            if unit is not None:
                return unit.source_path()
        if r["address"] in var_by_addr:
            return var_by_addr[r["address"]]
        if not r["local"] and r["name"] in var_by_name:
            return var_by_name[r["name"]]
        fs = r["file_symbol"]
        if fs:
            if "/" in fs:
                return sym.resolve_source("", "", fs)
            candidates = units_by_basename.get(fs, [])
            if len(candidates) == 1:
                return candidates[0]
        if r["kind"] != "text":
            unit = sym.unit_at(r["address"])     # data inside an assembler unit's range
            if unit is not None:
                return unit.source_path()
        return UNKNOWN

    def table(self, by="subsystem"):
        """{group: {text, rodata, data, bss, total}} plus padding per section kind."""
        groups = defaultdict(lambda: dict.fromkeys(KINDS, 0))
        covered = dict.fromkeys(KINDS, 0)
        for s in self.symbols:
            key = subsystem_of(s["file"]) if by == "subsystem" else s["file"]
            groups[key][s["kind"]] += s["size"]
            covered[s["kind"]] += s["size"]
        totals = dict.fromkeys(KINDS, 0)
        for kind, size in self.sections.values():
            totals[kind] += size
        padding = {k: totals[k] - covered[k] for k in KINDS}
        if any(v > 0 for v in padding.values()):
            groups[PADDING] = {k: max(v, 0) for k, v in padding.items()}
        for g in groups.values():
            g["total"] = sum(g[k] for k in KINDS)
        totals["total"] = sum(totals[k] for k in KINDS)
        return dict(groups), totals

    def as_json(self, top=10):
        groups, totals = self.table("subsystem")
        files, _ = self.table("file")
        biggest = sorted(self.symbols, key=lambda s: -s["size"])[:top]
        return {
            "elf": str(self.elf_path),
            "units": "bytes",
            "subsystems": dict(sorted(groups.items(), key=lambda kv: -kv[1]["total"])),
            "files": dict(sorted(files.items(), key=lambda kv: -kv[1]["total"])),
            "sections": {name: {"kind": k, "size": size} for name, (k, size) in self.sections.items()},
            "total": totals,
            "largest_symbols": [{"name": s["name"], "size": s["size"], "kind": s["kind"], "file": s["file"]}
                                for s in biggest],
        }

    def format_table(self, by="subsystem"):
        groups, totals = self.table(by)
        rows = sorted(groups.items(), key=lambda kv: (kv[0] == PADDING, -kv[1]["total"], kv[0]))
        width = max([len("subsystem"), len("total")] + [len(k) for k in groups])
        head = f"{'subsystem' if by == 'subsystem' else 'file':<{width}}" + "".join(f"{k:>10}" for k in KINDS) + f"{'total':>10}{'%':>7}"
        lines = [head, "-" * len(head)]
        grand = totals["total"] or 1
        for name, g in rows:
            lines.append(f"{name:<{width}}" + "".join(f"{g[k]:>10}" for k in KINDS)
                         + f"{g['total']:>10}{100 * g['total'] / grand:>6.1f}%")
        lines.append("-" * len(head))
        lines.append(f"{'total':<{width}}" + "".join(f"{totals[k]:>10}" for k in KINDS) + f"{totals['total']:>10}{100.0:>6.1f}%")
        return "\n".join(lines)


def run(args):
    elf = Path(args.elf) if getattr(args, "elf", None) else board_dir("pc") / "kernel.elf"
    if not elf.exists():
        raise FileNotFoundError(f"{elf} does not exist: build it first (`tensoros build`) or name one with --elf")
    report = SizeReport(elf)
    if getattr(args, "json", False):
        json.dump(report.as_json(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(f"{elf}: bytes per subsystem (source folder)")
        print(report.format_table())
    return 0
