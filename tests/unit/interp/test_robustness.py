"""The VM under hostile input and memory pressure: the frozen compiler fed
10,000 random and mutated sources (only SyntaxError or success, never a
crash or another exception), memory back to its baseline after allocation-
heavy work, and MemoryError (not a crash) when memory runs out."""

import os
import random
from pathlib import Path

LANG = Path(__file__).resolve().parents[2] / "lang"
TOKENS = ["(", ")", "[", "]", "{", "}", ":", ",", ".", "=", "==", "+", "-", "*", "**", "/", "//", "%",
          "'", '"', '"""', "\\", "\n", "    ", "\t", "#", "@", "lambda", "yield", "return", "def ", "class ",
          "if ", "else", "for ", "in ", "not ", "and ", "is ", "f'{", "}'", "b'", "0x", "1e", "_", "é", "\x00"]


def mutated_sources(count, seed=1234):
    rng = random.Random(seed)
    corpus = [p.read_text() for p in sorted(LANG.glob("*/*.py"))]
    out = []
    for i in range(count):
        text = rng.choice(corpus)
        start = rng.randrange(max(1, len(text) - 400))
        text = text[start:start + rng.randint(1, 400)]
        kind = i % 4
        for _ in range(rng.randint(1, 6)):
            pos = rng.randrange(len(text) + 1)
            if kind == 0:                               # insert a token
                text = text[:pos] + rng.choice(TOKENS) + text[pos:]
            elif kind == 1 and text:                    # delete a span
                text = text[:pos] + text[pos + rng.randint(1, 8):]
            elif kind == 2 and text:                    # replace a character
                text = text[:pos] + chr(rng.randrange(1, 0x250)) + text[pos + 1:]
            else:                                       # random printable soup
                text = "".join(rng.choice(TOKENS + list("abcxyz0123 ")) for _ in range(rng.randint(1, 40)))
        out.append(text)
    return out


FUZZ_PROGRAM = r'''
import kernel, sys
data = kernel.read_file(sys.argv[1])
count = int.from_bytes(data[:4], "little")
pos = 4
ok = syntax = 0
other = []
for i in range(count):
    n = int.from_bytes(data[pos:pos + 4], "little")
    source = data[pos + 4:pos + 4 + n].decode("utf-8")
    pos += 4 + n
    try:
        compile(source, "<fuzz>", "exec")
        ok += 1
    except SyntaxError:
        syntax += 1
    except Exception as e:
        other.append((i, type(e).__name__, str(e)[:80]))
print("compiled", ok, "syntax errors", syntax, "other", len(other))
for item in other[:10]:
    print("OTHER", item)
'''


def test_compiler_on_the_vm_survives_mutated_sources(run_vm, tmp_path):
    count = int(os.environ.get("TENSOROS_FUZZ_COUNT", "10000"))
    sources = mutated_sources(count)
    blob = bytearray(len(sources).to_bytes(4, "little"))
    for s in sources:
        b = s.encode("utf-8", "surrogatepass")
        blob += len(b).to_bytes(4, "little") + b
    (tmp_path / "fuzz.bin").write_bytes(bytes(blob))
    status, out, err = run_vm(FUZZ_PROGRAM, tmp_path / "fuzz.bin", timeout=600)
    assert status == 0, err[-2000:]
    last = out.strip().splitlines()[0].split()
    compiled, syntax, other = int(last[1]), int(last[4]), int(last[6])
    assert compiled + syntax == count and other == 0, out
    assert compiled > 0 and syntax > 0       # the mutations reach both outcomes


def test_memory_returns_to_baseline_after_allocation_heavy_work(run_vm):
    status, out, err = run_vm(r'''
import gc
def churn():
    keep = []
    for i in range(200000):
        t = (i, str(i), [i] * 3, {"k": i})
        if i % 1000 == 0:
            keep.append(t)
    return len(keep)
gc.collect()
base = gc.mem_alloc()
for round in range(5):
    churn()
    gc.collect()
    print("round", round, "leaked", max(0, gc.mem_alloc() - base) // 1024 < 256)
''')
    assert status == 0, err
    assert out.splitlines() == [f"round {i} leaked True" for i in range(5)]


def test_running_out_of_memory_raises_memory_error_and_recovers(run_vm):
    status, out, err = run_vm(r'''
import gc
blocks = []
try:
    while True:
        blocks.append(bytearray(1 << 20))
except MemoryError:
    print("MemoryError after", len(blocks) > 16)
blocks = None
gc.collect()
again = [bytearray(1 << 20) for _ in range(16)]
print("recovered", len(again))
''', timeout=300)
    assert status == 0, err
    assert out.splitlines() == ["MemoryError after True", "recovered 16"]
