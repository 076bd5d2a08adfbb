"""tensoros size: bytes per subsystem, from the ELF's symbols and DWARF."""

import json

import pytest

from tensoros.size import KINDS, UNKNOWN, SizeReport, subsystem_of


@pytest.fixture(scope="module")
def report(pc_elf):
    return SizeReport(pc_elf)


def test_columns_add_up_to_the_sections(report, pc_elf):
    from elftools.elf.elffile import ELFFile
    with open(pc_elf, "rb") as f:
        alloc = sum(s["sh_size"] for s in ELFFile(f).iter_sections() if s["sh_flags"] & 2)
    groups, totals = report.table()
    assert totals["total"] == alloc
    for kind in KINDS:
        assert sum(g[kind] for g in groups.values()) == totals[kind]


def test_every_subsystem_of_the_pc_kernel_is_there(report):
    groups, _ = report.table()
    for folder in ["kernel/core", "kernel/mm", "kernel/lib", "kernel/arch/x86_64", "boot/x86_64", "drivers/uart"]:
        assert folder in groups, sorted(groups)
        assert groups[folder]["total"] > 0
    assert groups["kernel/core"]["text"] > 1000
    assert groups["boot/x86_64"]["bss"] >= 4096, "the boot page tables and stack"
    assert UNKNOWN not in groups, [s for s in report.symbols if s["file"] == UNKNOWN]


def test_symbols_land_in_their_files(report):
    by_name = {s["name"]: s for s in report.symbols}
    assert by_name["kmain"]["file"] == "kernel/core/main.c" and by_name["kmain"]["kind"] == "text"
    assert by_name["vsnprintf"]["file"] == "kernel/lib/format.c"
    assert by_name["ns16550_write"]["file"] == "drivers/uart/ns16550.c"
    assert by_name["_start"]["file"] == "boot/x86_64/entry.asm"
    # A file-local static and a global variable.
    assert by_name["history"]["file"] == "kernel/core/console.c" and by_name["history"]["kind"] == "bss"
    assert by_name["boot_info_saved"]["file"] == "kernel/core/main.c"


def test_group_by_file(report):
    files, totals = report.table("file")
    assert "kernel/core/shell.c" in files
    assert sum(g["total"] for g in files.values()) == totals["total"]


def test_subsystem_of():
    assert subsystem_of("kernel/core/shell.c") == "kernel/core"
    assert subsystem_of("boot/x86_64/entry.asm") == "boot/x86_64"
    assert subsystem_of(UNKNOWN) == UNKNOWN
    assert subsystem_of("main.c") == "."


def test_cli_table_and_json(pc_elf, capsys):
    from tensoros.cli import main
    assert main(["size", "--elf", str(pc_elf)]) == 0
    out = capsys.readouterr().out
    assert "kernel/core" in out and out.rstrip().splitlines()[-1].startswith("total")
    assert main(["size", "--elf", str(pc_elf), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["subsystems"]["kernel/core"]) == set(KINDS) | {"total"}
    assert data["total"]["total"] == sum(g["total"] for g in data["subsystems"].values())
    assert data["largest_symbols"][0]["size"] >= data["largest_symbols"][-1]["size"]


def test_hosted_board(hosted_elf):
    groups, _ = SizeReport(hosted_elf).table()
    assert "kernel/arch/hosted" in groups
    assert "boot/x86_64" not in groups
