"""`tensoros symbolize`: addresses in a panic log -> function, file and line.

A kernel panic prints its backtrace as lines "  #N 0x<address>". This module
reads the kernel ELF's DWARF (pyelftools) and appends to each of those lines
"in FUNCTION at FILE:LINE"; every other line passes through unchanged.

Frame 0 of a CPU exception is the faulting instruction and is looked up
exactly; the other frames are return addresses, looked up at address - 1 so
that the line shown is the call's, not the one after it. Functions inlined
into others (DW_TAG_inlined_subroutine) are shown innermost first, each
followed by the function it was inlined into.

The work is lazy: only the compilation units that contain an address asked
about have their line table and DIEs parsed, so a big kernel costs little.
"""

import bisect
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from .paths import ROOT, board_dir

FRAME_LINE = re.compile(r"^(?P<head>\s*#(?P<index>\d+)\s+0x(?P<addr>[0-9a-fA-F]+))(?P<tail>.*?)(?P<eol>\r?\n?)$")
RIP_VALUE = re.compile(r"\brip=0x([0-9a-fA-F]+)")
PANIC_HEADER = "*** KERNEL PANIC ***"

DW_OP_addr = 0x03
DW_OP_addrx = 0xA1


@dataclass
class Location:
    """One level of a (possibly inlined) call chain at an address."""
    function: str          # "??" when unknown
    file: str              # "" when unknown
    line: int = 0
    column: int = 0
    inlined: bool = False  # this function was inlined into the next Location's function

    def where(self):
        if not self.file:
            return ""
        return f"{self.file}:{self.line}" if self.line else self.file


def _text(value):
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def display_path(path: str) -> str:
    """A source path as the user knows it: relative to the repository when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(ROOT.resolve()))
    except (ValueError, OSError):
        return str(p)


def _uleb128(data, pos):
    result = shift = 0
    while True:
        b = data[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return result, pos


class _Unit:
    """What is known about one compilation unit (parsed on first use)."""

    def __init__(self, symbolizer, cu):
        self.sym = symbolizer
        self.cu = cu
        top = cu.get_top_DIE()
        self.top = top
        self.version = cu.header["version"]
        self.name = _text(top.attributes["DW_AT_name"].value) if "DW_AT_name" in top.attributes else "?"
        self.comp_dir = _text(top.attributes["DW_AT_comp_dir"].value) if "DW_AT_comp_dir" in top.attributes else ""
        self.ranges = symbolizer._die_ranges(top, None)
        self._rows = None           # sorted [(address, file_index, line, column, end_sequence)]
        self._row_addrs = None
        self._scopes = None         # [(low, high, die)] of subprograms
        self._files = None
        self._lineprog = None

    # -- paths -------------------------------------------------------------
    def source_path(self):
        return self.sym.resolve_source(self.comp_dir, "", self.name)

    def _line_program(self):
        if self._lineprog is None:
            self._lineprog = self.sym.dwarf.line_program_for_CU(self.cu)
        return self._lineprog

    def file_name(self, index):
        """The path of file `index` of this unit's line table (DWARF 5 counts from 0, older from 1)."""
        if self._files is None:
            self._files = {}
        if index in self._files:
            return self._files[index]
        lp = self._line_program()
        name = ""
        if lp is not None:
            entries = lp["file_entry"]
            dirs = lp["include_directory"]
            i = index if lp.header["version"] >= 5 else index - 1
            if 0 <= i < len(entries):
                entry = entries[i]
                d = entry.dir_index
                if lp.header["version"] >= 5:
                    directory = _text(dirs[d]) if 0 <= d < len(dirs) else ""
                else:
                    directory = _text(dirs[d - 1]) if 1 <= d <= len(dirs) else ""
                name = self.sym.resolve_source(self.comp_dir, directory, _text(entry.name))
        self._files[index] = name
        return name

    # -- line table --------------------------------------------------------
    def _load_rows(self):
        rows = []
        lp = self._line_program()
        if lp is not None:
            for entry in lp.get_entries():
                st = entry.state
                if st is None:
                    continue
                rows.append((st.address, st.file, st.line, st.column, st.end_sequence))
        # Stable sort by address; at equal addresses an end_sequence must come
        # first (it closes the previous sequence) so the row after it wins.
        rows.sort(key=lambda r: (r[0], not r[4]))
        self._rows = rows
        self._row_addrs = [r[0] for r in rows]

    def line_at(self, addr):
        """(file, line, column) for an address, or None."""
        if self._rows is None:
            self._load_rows()
        i = bisect.bisect_right(self._row_addrs, addr) - 1
        if i < 0:
            return None
        address, file_index, line, column, end = self._rows[i]
        if end:
            return None
        return self.file_name(file_index), line, column

    # -- functions ---------------------------------------------------------
    def _load_scopes(self):
        scopes = []
        for die in self.top.iter_children():
            if die.tag != "DW_TAG_subprogram":
                continue
            for low, high in self.sym._die_ranges(die, self):
                scopes.append((low, high, die))
        scopes.sort(key=lambda s: s[0])
        self._scopes = scopes

    def chain_at(self, addr):
        """The DIEs containing addr, outermost subprogram first, then inlined subroutines."""
        if self._scopes is None:
            self._load_scopes()
        chain = []
        for low, high, die in self._scopes:
            if low <= addr < high:
                chain.append(die)
                break
        if not chain:
            return chain
        die = chain[0]
        while True:                       # descend into lexical blocks and inlined calls
            found = None
            stack = list(die.iter_children())
            while stack:
                child = stack.pop()
                if child.tag == "DW_TAG_inlined_subroutine":
                    if any(lo <= addr < hi for lo, hi in self.sym._die_ranges(child, self)):
                        found = child
                        break
                elif child.tag == "DW_TAG_lexical_block":
                    r = self.sym._die_ranges(child, self)
                    if not r or any(lo <= addr < hi for lo, hi in r):
                        stack.extend(child.iter_children())
            if found is None:
                return chain
            chain.append(found)
            die = found


class Symbolizer:
    """Maps addresses of one ELF to function, file and line."""

    def __init__(self, elf_path):
        from elftools.elf.elffile import ELFFile
        self.path = Path(elf_path)
        self._file = open(self.path, "rb")
        self.elf = ELFFile(self._file)
        self.dwarf = self.elf.get_dwarf_info() if self.elf.has_dwarf_info() else None
        self._range_lists = None
        self._path_cache = {}
        self.units = []
        if self.dwarf is not None:
            self._range_lists = self.dwarf.range_lists()
            for cu in self.dwarf.iter_CUs():
                self.units.append(_Unit(self, cu))
            aranges = None
            try:
                aranges = self.dwarf.get_aranges()
            except Exception:
                aranges = None
            if aranges is not None:       # units without ranges of their own (rare)
                by_offset = {u.cu.cu_offset: u for u in self.units}
                for e in aranges.entries:
                    u = by_offset.get(e.info_offset)
                    if u is not None and not u.ranges and e.length:
                        u.ranges.append((e.begin_addr, e.begin_addr + e.length))
        self._symbols = None

    def close(self):
        self._file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- helpers shared with size.py ----------------------------------------
    def resolve_source(self, comp_dir, directory, name):
        """A file named in DWARF, as a path relative to the repository when it is inside it."""
        key = (comp_dir, directory, name)
        if key in self._path_cache:
            return self._path_cache[key]
        candidates = []
        if os.path.isabs(name):
            candidates.append(name)
        else:
            base = directory if os.path.isabs(directory) else os.path.join(comp_dir, directory)
            candidates.append(os.path.join(base, name))
            # nasm records comp_dir as the source's own folder but the name
            # relative to the build's working directory (the repository).
            candidates.append(str(ROOT / directory / name))
            candidates.append(str(ROOT / name))
        chosen = next((c for c in candidates if os.path.exists(c)), candidates[0])
        result = display_path(os.path.normpath(chosen))
        self._path_cache[key] = result
        return result

    def _die_ranges(self, die, unit):
        """[(low, high)] address ranges of a DIE (low/high pc or DW_AT_ranges)."""
        attrs = die.attributes
        if "DW_AT_low_pc" in attrs and "DW_AT_high_pc" in attrs:
            low = attrs["DW_AT_low_pc"].value
            high_attr = attrs["DW_AT_high_pc"]
            high = high_attr.value if high_attr.form == "DW_FORM_addr" else low + high_attr.value
            return [(low, high)]
        if "DW_AT_ranges" in attrs and self._range_lists is not None:
            cu = die.cu
            attr = attrs["DW_AT_ranges"]
            try:
                entries = self._range_lists.get_range_list_at_offset(attr.value, cu=cu)
            except Exception:
                return []
            base = 0
            top = cu.get_top_DIE()
            if "DW_AT_low_pc" in top.attributes:
                base = top.attributes["DW_AT_low_pc"].value
            out = []
            for e in entries:
                if hasattr(e, "base_address"):
                    base = e.base_address
                    continue
                if getattr(e, "is_absolute", False):
                    lo, hi = e.begin_offset, e.end_offset
                else:
                    lo, hi = base + e.begin_offset, base + e.end_offset
                if hi > lo:
                    out.append((lo, hi))
            return out
        if "DW_AT_low_pc" in attrs:
            low = attrs["DW_AT_low_pc"].value
            return [(low, low + 1)]
        return []

    def die_address(self, die):
        """The static address of a variable DIE (DW_OP_addr / DW_OP_addrx), or None."""
        attr = die.attributes.get("DW_AT_location")
        if attr is None or attr.form != "DW_FORM_exprloc":
            return None
        expr = attr.value
        if not expr:
            return None
        if expr[0] == DW_OP_addr and len(expr) == 1 + die.cu.header["address_size"]:
            return int.from_bytes(bytes(expr[1:]), "little")
        if expr[0] == DW_OP_addrx:
            index, end = _uleb128(expr, 1)
            if end != len(expr):
                return None
            try:
                return self.dwarf.get_addr(die.cu, index)
            except Exception:
                return None
        return None

    def die_name(self, die, depth=0):
        """A DIE's name, following DW_AT_abstract_origin / DW_AT_specification."""
        attrs = die.attributes
        for key in ("DW_AT_name", "DW_AT_linkage_name"):
            if key in attrs:
                return _text(attrs[key].value)
        if depth < 4:
            for key in ("DW_AT_abstract_origin", "DW_AT_specification"):
                if key in attrs:
                    try:
                        return self.die_name(die.get_DIE_from_attribute(key), depth + 1)
                    except Exception:
                        pass
        return None

    def unit_at(self, addr):
        for unit in self.units:
            for lo, hi in unit.ranges:
                if lo <= addr < hi:
                    return unit
        return None

    # -- ELF symbols (code without DWARF functions, such as nasm's) --------
    def _load_symbols(self):
        from elftools.elf.sections import SymbolTableSection
        syms = []
        for section in self.elf.iter_sections():
            if not isinstance(section, SymbolTableSection):
                continue
            for s in section.iter_symbols():
                kind = s["st_info"]["type"]
                if kind not in ("STT_FUNC", "STT_NOTYPE", "STT_OBJECT") or not s.name:
                    continue
                if s["st_shndx"] in ("SHN_UNDEF", "SHN_ABS"):
                    continue
                syms.append((s["st_value"], s["st_size"], kind, s.name, s["st_shndx"]))
        # Prefer functions, then labels, at one address.
        rank = {"STT_FUNC": 0, "STT_NOTYPE": 1, "STT_OBJECT": 2}
        syms.sort(key=lambda s: (s[0], rank[s[2]]))
        self._symbols = syms
        self._symbol_addrs = [s[0] for s in syms]
        self._section_bounds = {}
        for i, sec in enumerate(self.elf.iter_sections()):
            if sec["sh_flags"] & 2:            # SHF_ALLOC
                self._section_bounds[i] = (sec["sh_addr"], sec["sh_addr"] + sec["sh_size"])

    def symbol_at(self, addr):
        """(name, offset) of the nearest code symbol at or below addr, or None."""
        if self._symbols is None:
            self._load_symbols()
        i = bisect.bisect_right(self._symbol_addrs, addr) - 1
        while i >= 0:
            value, size, kind, name, shndx = self._symbols[i]
            lo, hi = self._section_bounds.get(shndx, (0, 0))
            if not lo <= addr < hi:
                return None                 # past the end of that symbol's section
            if kind == "STT_OBJECT":
                if size and value <= addr < value + size:
                    return name, addr - value
                i -= 1
                continue
            if size and addr >= value + size and kind == "STT_FUNC":
                return None
            # Among labels at this address, the first (functions sort first) wins.
            j = i
            while j > 0 and self._symbols[j - 1][0] == value and self._symbols[j - 1][2] != "STT_OBJECT":
                j -= 1
            return self._symbols[j][3], addr - value
        return None

    # -- the lookup ------------------------------------------------------------
    def locate(self, addr):
        """[Location] for an address, innermost (inlined) function first; [] if unknown."""
        unit = self.unit_at(addr) if self.dwarf is not None else None
        if unit is None:
            sym = self.symbol_at(addr)
            if sym is None:
                return []
            return [Location(sym[0], "")]
        line = unit.line_at(addr)
        chain = unit.chain_at(addr)
        if not chain:
            sym = self.symbol_at(addr)
            name = sym[0] if sym else "??"
            if line:
                return [Location(name, line[0], line[1], line[2])]
            return [Location(name, unit.source_path())]
        out = []
        file, lineno, column = line if line else ("", 0, 0)
        for die in reversed(chain):           # innermost first
            name = self.die_name(die) or "??"
            out.append(Location(name, file, lineno, column, inlined=die.tag == "DW_TAG_inlined_subroutine"))
            attrs = die.attributes
            if die.tag == "DW_TAG_inlined_subroutine":
                file = unit.file_name(attrs["DW_AT_call_file"].value) if "DW_AT_call_file" in attrs else ""
                lineno = attrs["DW_AT_call_line"].value if "DW_AT_call_line" in attrs else 0
                column = attrs["DW_AT_call_column"].value if "DW_AT_call_column" in attrs else 0
        return out

    def describe(self, addr, return_address=False):
        """'in f at file:line' (with 'inlined into' parts), or '' when unknown."""
        locations = self.locate(addr - 1 if return_address and addr else addr)
        if not locations:
            return ""
        parts = []
        for loc in locations:
            where = loc.where()
            parts.append(loc.function + (f" at {where}" if where else ""))
        return "in " + parts[0] + "".join(f" (inlined into {p})" for p in parts[1:])


def symbolize_lines(lines, symbolizer):
    """Yields the lines of a log, backtrace lines annotated."""
    rip = None           # the faulting rip of the current panic, if it printed one
    in_panic_call = False  # panic() called directly: every frame is a return address
    seen_header = False
    for line in lines:
        if PANIC_HEADER in line:
            rip, in_panic_call, seen_header = None, False, True
        elif seen_header and line.lstrip().startswith("panic:") and rip is None:
            in_panic_call = True
        m = RIP_VALUE.search(line)
        if m and seen_header:
            rip = int(m.group(1), 16)
        m = FRAME_LINE.match(line)
        if not m or " in " in m.group("tail"):
            yield line
            continue
        addr = int(m.group("addr"), 16)
        index = int(m.group("index"))
        if rip is not None:
            exact = addr == rip and index == 0
        elif in_panic_call:
            exact = False
        else:
            exact = index == 0
        text = symbolizer.describe(addr, return_address=not exact)
        if not text:
            text = "in ??"
        yield f"{m.group('head')}{m.group('tail')} {text}{m.group('eol')}"


def symbolize_text(text, elf_path):
    with Symbolizer(elf_path) as s:
        return "".join(symbolize_lines(text.splitlines(keepends=True), s))


def default_elf(debug=False):
    return board_dir("pc", debug) / "kernel.elf"


def run(args):
    elf = Path(args.elf) if getattr(args, "elf", None) else default_elf(getattr(args, "debug", False))
    if not elf.exists():
        raise FileNotFoundError(f"{elf} does not exist: build it first (`tensoros build{' --debug' if getattr(args, 'debug', False) else ''}`) or name one with --elf")
    if args.log and args.log != "-":
        source = open(args.log, "r", encoding="utf-8", errors="replace", newline="")
    else:
        source = sys.stdin
    with Symbolizer(elf) as s:
        try:
            for line in symbolize_lines(source, s):
                sys.stdout.write(line)
                if source is sys.stdin:
                    sys.stdout.flush()
        finally:
            if source is not sys.stdin:
                source.close()
    return 0
