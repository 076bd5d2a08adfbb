"""The VM's TPYC loader (kernel/vm/code.c) rejects every malformed file
BYTECODE.md §9 lists with ValueError, and never crashes on bad input."""

import random

from compiler import compile_source, serialize

SOURCE = '''
def f(a, b=2, *args, k=3, **kw):
    x = [i * a for i in range(b)]
    try:
        return x[k]
    except IndexError as e:
        return str(e)
class C:
    def g(self):
        return f(1)
print(C().g(), 1.5, 10 ** 30, b"x", ("t", None))
'''


def good_blob():
    return serialize(compile_source(SOURCE, "case.py"))


def check_cases(run_vm, cases):
    """cases: [(name, bytes)] -> {name: 'ok' | 'ValueError: ...'}"""
    lines = ["import kernel", "cases = ["]
    for name, data in cases:
        lines.append("    (%r, bytes.fromhex(%r))," % (name, data.hex()))
    lines += [
        "]",
        "for name, data in cases:",
        "    try:",
        "        kernel.load_code(data)",
        "        print(name, 'ok')",
        "    except ValueError as e:",
        "        print(name, 'ValueError:', e)",
    ]
    status, out, err = run_vm("\n".join(lines) + "\n")
    assert status == 0, err
    result = {}
    for line in out.splitlines():
        name, _, rest = line.partition(" ")
        result[name] = rest
    assert len(result) == len(cases), out
    return result


def test_good_file_loads_and_runs(run_vm):
    r = check_cases(run_vm, [("good", good_blob())])
    assert r["good"] == "ok"


def test_structural_errors_are_rejected(run_vm):
    g = good_blob()
    cases = [
        ("bad_magic", b"TPYX" + g[4:]),
        ("bad_version", g[:4] + b"\x02\x00" + g[6:]),
        ("empty", b""),
        ("header_only", g[:8]),
        ("not_code", g[:8] + b"N"),
        ("unknown_tag", g[:8] + b"Z"),
        ("trailing", g + b"\x00"),
    ]
    r = check_cases(run_vm, cases)
    for name, _ in cases:
        assert r[name].startswith("ValueError: bad bytecode file"), (name, r[name])


def test_every_truncation_is_rejected(run_vm):
    g = good_blob()
    cuts = sorted(set(range(0, len(g), max(1, len(g) // 150))) | {len(g) - 1})
    cases = [("cut%d" % n, g[:n]) for n in cuts]
    r = check_cases(run_vm, cases)
    for name, _ in cases:
        assert r[name].startswith("ValueError"), (name, r[name])


def _patch_first_instruction(code_blob, word):
    """Replace the first instruction word of the module code object."""
    # header (8) + 'C' + 6 u32 + name/qualname/filename strings + u32 ninstructions
    pos = 9 + 24
    for _ in range(3):
        n = int.from_bytes(code_blob[pos:pos + 4], "little")
        pos += 4 + n
    pos += 4
    return code_blob[:pos] + word.to_bytes(4, "little") + code_blob[pos + 4:]


def test_bad_opcodes_and_operands_are_rejected(run_vm):
    g = good_blob()
    cases = [
        ("reserved_opcode", _patch_first_instruction(g, 200)),
        ("unknown_opcode", _patch_first_instruction(g, 4)),
        ("const_out_of_range", _patch_first_instruction(g, 5 | (5000 << 8))),
        ("name_out_of_range", _patch_first_instruction(g, 18 | (5000 << 8))),
        ("local_out_of_range", _patch_first_instruction(g, 10 | (5000 << 8))),
        ("cell_out_of_range", _patch_first_instruction(g, 13 | (1 << 8))),
        ("jump_out_of_range", _patch_first_instruction(g, 60 | (0xFFFFFF << 8))),
        ("operand_on_nop", _patch_first_instruction(g, 0 | (1 << 8))),
        ("stack_underflow", _patch_first_instruction(g, 1)),
    ]
    r = check_cases(run_vm, cases)
    for name, _ in cases:
        assert r[name].startswith("ValueError"), (name, r[name])


def test_random_corruption_never_crashes(run_vm):
    g = good_blob()
    rng = random.Random(1234)
    cases = []
    for i in range(300):
        b = bytearray(g)
        for _ in range(rng.randint(1, 4)):
            b[rng.randrange(8, len(b))] = rng.randrange(256)
        cases.append(("fuzz%d" % i, bytes(b)))
    r = check_cases(run_vm, cases)
    for name, _ in cases:
        assert r[name] == "ok" or r[name].startswith("ValueError"), (name, r[name])
