"""nn.registry: the known models, their files through an injected reader,
and describe() on the real SmolLM2 and all-MiniLM files."""

import json
import os

import pytest

from nn_format_builders import SITE, map_file
from nn import gguf, registry, safetensors


def host_reader(root=SITE):
    """path -> buffer, as the kernel's model disk gives them (mapped, no copy)."""
    def read_file(path):
        full = os.path.join(root, path)
        if not os.path.exists(full):
            raise OSError("no such file: " + full)
        if path.endswith((".gguf", ".safetensors")):
            return map_file(full)
        with open(full, "rb") as handle:
            return handle.read()
    return read_file


@pytest.fixture(scope="module")
def models(smollm2_path, minilm_path):
    return registry.Registry(host_reader())


def test_known_models_and_paths(models):
    assert models.names() == ["minilm", "smollm2"]
    assert models.path("smollm2").endswith("SmolLM2-135M-Instruct.Q4_1.gguf")
    assert models.path("minilm", "tokenizer").endswith("tokenizer.json")
    assert registry.DEFAULT_MODELS == {"llm": "smollm2", "encoder": "minilm"}
    for name in models.names():
        for path in registry.MODELS[name]["files"].values():
            assert os.path.exists(os.path.join(SITE, path)), path
    with pytest.raises(registry.RegistryError, match="unknown model 'gpt5' \\(known: minilm, smollm2\\)"):
        models.entry("gpt5")
    with pytest.raises(registry.RegistryError, match="no vocab file"):
        models.path("smollm2", "vocab")


def test_describe_smollm2(models):
    info = models.describe("smollm2")
    assert info["architecture"] == "llama" and info["format"] == "gguf"
    assert info["tensors"] == 272
    assert info["parameters"] == 134515008          # SmolLM2-135M
    assert info["main_type"] == "Q4_1"
    assert info["quantization"]["Q8_0"] == {"tensors": 1, "parameters": 49152 * 576, "bytes": 30081024}
    assert info["quantization"]["Q4_1"]["tensors"] == 210
    assert info["quantization"]["F32"]["tensors"] == 61
    assert sum(row["bytes"] for row in info["quantization"].values()) == info["memory"]["weight_bytes"]
    assert info["memory"]["file_bytes"] == os.path.getsize(os.path.join(SITE, models.path("smollm2")))
    assert info["hyperparameters"] == {
        "block_count": 30, "context_length": 8192, "embedding_length": 576,
        "feed_forward_length": 1536, "head_count": 9, "head_count_kv": 3, "vocab_size": 49152}
    assert info["memory"]["kv_cache_bytes_per_token"] == 2 * 30 * 3 * 64 * 2


def test_describe_minilm(models):
    model = models.open("minilm")
    assert isinstance(model.weights, safetensors.SafetensorsFile)
    info = registry.describe(model)
    assert info["architecture"] == "bert" and info["format"] == "safetensors"
    assert info["tensors"] == 104 and info["parameters"] == 22713728
    assert info["main_type"] == "F32"
    assert info["quantization"]["I64"] == {"tensors": 1, "parameters": 512, "bytes": 4096}
    assert info["hyperparameters"]["block_count"] == 6
    assert info["hyperparameters"]["vocab_size"] == 30522
    assert "kv_cache_bytes_per_token" not in info["memory"]


def fake_registry(contents, **entry):
    base = {"title": "t", "format": "gguf", "architecture": "llama", "files": {"weights": "w"}}
    base.update(entry)

    def read_file(path):
        if path not in contents:
            raise OSError("not found")
        return contents[path]
    return registry.Registry(read_file, {"m": base})


def small_gguf(architecture="llama", **extra):
    writer = gguf.GGUFWriter()
    writer.add("general.architecture", architecture)
    values = {"block_count": 2, "context_length": 64, "embedding_length": 8,
              "feed_forward_length": 16, "attention.head_count": 2, "attention.head_count_kv": 1}
    values.update(extra)
    for key, value in values.items():
        writer.add(architecture + "." + key, value, gguf.UINT32)
    writer.add_tensor("w", bytes(34), (1, 32), "Q8_0")
    return writer.to_bytes()


def test_small_model_through_injected_reader():
    info = fake_registry({"w": small_gguf()}).describe("m")
    assert info["parameters"] == 32 and info["main_type"] == "Q8_0"
    assert info["memory"]["kv_cache_bytes_per_token"] == 2 * 2 * 1 * 4 * 2


def test_errors_are_clear_and_load_nothing():
    with pytest.raises(registry.RegistryError, match="cannot read weights file w"):
        fake_registry({}).open("m")
    with pytest.raises(gguf.GGUFError, match="magic"):
        fake_registry({"w": b"nope" * 10}).open("m")
    with pytest.raises(registry.RegistryError, match="declares architecture 'bert'"):
        fake_registry({"w": small_gguf("bert")}).open("m")
    with pytest.raises(registry.RegistryError, match="head_count is missing"):
        fake_registry({"w": small_gguf(**{"attention.head_count": 0})}).describe("m")
    header = b'{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}'
    weights = len(header).to_bytes(8, "little") + header + b"x"
    files = {"w": weights, "c": b"{not json"}
    with pytest.raises(registry.RegistryError, match="config.json is not valid JSON"):
        fake_registry(files, format="safetensors", architecture="bert",
                      files={"weights": "w", "config": "c"}).open("m")
    files["c"] = json.dumps({"model_type": "bert"}).encode()
    with pytest.raises(registry.RegistryError, match="num_hidden_layers is missing"):
        fake_registry(files, format="safetensors", architecture="bert",
                      files={"weights": "w", "config": "c"}).describe("m")
    with pytest.raises(registry.RegistryError, match="unknown format"):
        fake_registry({"w": b""}, format="onnx").open("m")
