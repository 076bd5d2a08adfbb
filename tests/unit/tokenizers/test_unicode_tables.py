"""The generated Unicode tables: up to date with their generator, agree with
CPython's unicodedata, and every new module stays inside the Python subset."""

import random
import sys
import unicodedata
from pathlib import Path

import pytest

from nn import unicode_tables as T

ROOT = Path(__file__).resolve().parents[3]

MODULES = ["unicode_tables", "tokenizer_bpe", "tokenizer_wordpiece", "chat"]


def test_generated_file_is_up_to_date():
    sys.path.insert(0, str(ROOT / "toolchain"))
    try:
        from tensoros import unicode_tables as gen
    finally:
        sys.path.pop(0)
    assert gen.render() == gen.OUT.read_text(encoding="utf-8"), \
        "run: cd toolchain && python -m tensoros.unicode_tables"


def coarse(cp):
    cat = unicodedata.category(chr(cp))
    return "M" if cat == "Mn" else {"L": "L", "N": "N", "P": "P", "C": "C"}.get(cat[0], "O")


def test_tables_agree_with_unicodedata():
    assert T.UNICODE_VERSION == unicodedata.unidata_version
    rng = random.Random(1)
    cps = list(range(0x3000)) + [rng.randrange(0x110000) for _ in range(20000)]
    for cp in cps:
        assert T.category(cp) == coarse(cp), hex(cp)
        if 0xD800 <= cp < 0xE000:
            continue
        ch = chr(cp)
        assert T.lower(ch) == ch.lower(), hex(cp)
        assert T.nfd(ch) == unicodedata.normalize("NFD", ch), hex(cp)
        assert T.is_whitespace(cp) == (ch.isspace() and not 0x1C <= cp <= 0x1F)


def test_nfd_reorders_combining_marks():
    rng = random.Random(2)
    marks = [0x301, 0x316, 0x323, 0x334, 0x345, 0x1D165, 0x1D16D, 0x302E, 0x34F]
    for _ in range(2000):
        s = "".join(chr(rng.choice(marks + [0x41, 0xE9, 0x1E09, 0xAC01, 0x1F80])) for _ in range(6))
        assert T.nfd(s) == unicodedata.normalize("NFD", s), ascii(s)


@pytest.mark.parametrize("name", MODULES)
def test_module_compiles_with_the_subset_compiler(name):
    from compiler import compile_source
    path = ROOT / "runtime" / "nn" / (name + ".py")
    compile_source(path.read_text(encoding="utf-8"), "nn/%s.py" % name)
