"""The whole runtime chain on CPython, nothing from the reference packages
in the model's path: runtime/nn/gguf.py reads the file in place,
Llama.from_gguf wraps its tensors, runtime/nn/chat.py renders the prompt,
runtime/nn/tokenizer_bpe.py tokenizes and decodes; the same for MiniLM with
safetensors.py and tokenizer_wordpiece.py. llama.cpp / sentence-transformers
only check the result."""

import json

import numpy as np
import pytest

import model_files
from model_files import PROMPTS, chat_text

gguf = pytest.importorskip("nn.gguf")
safetensors = pytest.importorskip("nn.safetensors")
chat = pytest.importorskip("nn.chat")
tokenizer_bpe = pytest.importorskip("nn.tokenizer_bpe")
tokenizer_wordpiece = pytest.importorskip("nn.tokenizer_wordpiece")


@pytest.fixture(scope="module")
def runtime_llama():
    from nn.llama import Llama
    data = model_files.SMOLLM2_GGUF.read_bytes()
    f = gguf.read(data)
    return f, Llama.from_gguf(f, n_ctx=256)


def test_smollm2_through_the_runtime_readers(runtime_llama, llama_cpp_reference):
    f, model = runtime_llama
    tok = tokenizer_bpe.BPETokenizer.from_gguf(f.metadata)
    template = chat.ChatTemplate(f.metadata["tokenizer.chat_template"])
    text = template.render([{"role": "user", "content": PROMPTS[4]}], add_generation_prompt=True)
    assert text == chat_text(PROMPTS[4])
    ids = tok.encode(text)
    assert ids == llama_cpp_reference.tokenize(text)
    out = model.generate(ids, max_tokens=24)
    expected, _ = llama_cpp_reference.greedy(ids, 48, model.stop_tokens)
    answer = tok.decode(out)
    print(f"\nruntime chain answer: {answer!r}")
    assert out == [t for t in expected[:len(out)]]
    assert answer.startswith("A CPU (Central Processing Unit)")


def test_minilm_through_the_runtime_readers(wordpiece):
    from minilm_reference import MiniLMReference
    from nn.bert import Bert
    data = (model_files.MINILM_DIR / "model.safetensors").read_bytes()
    config = json.loads((model_files.MINILM_DIR / "config.json").read_text())
    model = Bert.from_safetensors(safetensors.read(data), config)
    tok = tokenizer_wordpiece.WordPieceTokenizer.from_tokenizer_json(
        json.loads((model_files.MINILM_DIR / "tokenizer.json").read_text()))
    sentences = ["TensorOS boots in a few seconds.", "The capital of France is Paris.", "Embeddings map text to vectors."]
    ids = [tok.encode(s).ids for s in sentences]
    assert ids == [wordpiece.encode(s).ids for s in sentences]
    ours = model.embed(ids).numpy()
    ref = MiniLMReference(model_files.MINILM_DIR).encode(sentences)       # float64 numpy, independent of runtime/nn
    assert ((ours * ref).sum(1) >= 0.999).all()
