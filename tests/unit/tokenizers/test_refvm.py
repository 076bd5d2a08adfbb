"""The tokenizers run on the reference interpreter for TensorOS bytecode
(tests/unit/compiler/refvm.py): compiled by the subset compiler, executed
instruction by instruction, same ids as on CPython.  Catches use of
features the compiler accepts but handles differently."""

import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

sys.path.insert(0, str(ROOT / "tests" / "unit" / "compiler"))
refvm = pytest.importorskip("refvm")

TEXTS = ["Hello world, it's 2024!", "  def f(x):\n\treturn x**2\n", "你好 😀 naïve <|im_end|>", "",
         "Ünïcödé ΣΑΣ İ [MASK] x" + "\u0301" * 3, "a\x04b\x00"]


@pytest.fixture(scope="module")
def vm():
    machine = refvm.VM(path=[str(ROOT / "runtime")])
    package = types.ModuleType("nn")
    package.__path__ = [str(ROOT / "runtime" / "nn")]
    machine.modules["nn"] = package  # runtime/nn may have no __init__.py yet
    return machine


def vm_module(vm, name):
    return vm.load_dotted("nn." + name)


def test_bpe_on_refvm(vm, smollm_meta, bpe):
    mod = vm_module(vm, "tokenizer_bpe")
    tok = mod.BPETokenizer.from_gguf(smollm_meta)
    for text in TEXTS:
        ids = tok.encode(text)
        assert ids == bpe.encode(text), text
        assert tok.decode(ids) == bpe.decode(ids)
    stream = tok.stream()
    ids = bpe.encode("😀é")
    assert "".join(stream.feed(t) for t in ids) + stream.flush() == "😀é"


def test_wordpiece_on_refvm(vm, minilm_json, wordpiece):
    mod = vm_module(vm, "tokenizer_wordpiece")
    tok = mod.WordPieceTokenizer.from_tokenizer_json(minilm_json)
    for text in TEXTS:
        got = tok.encode(text, "pair text", pad_to=40)
        want = wordpiece.encode(text, "pair text", pad_to=40)
        assert (got.ids, got.type_ids, got.attention_mask) == (want.ids, want.type_ids, want.attention_mask)


def test_chat_on_refvm(vm, smollm_meta):
    mod = vm_module(vm, "chat")
    chat = mod.ChatTemplate(smollm_meta["tokenizer.chat_template"])
    assert chat.render([{"role": "user", "content": "hi"}], True).endswith(
        "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n")
