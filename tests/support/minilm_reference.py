"""An independent all-MiniLM-L6-v2 sentence embedder in plain numpy, the
reference for runtime/nn/bert.py when sentence-transformers (torch) is not
installed. Written from the BERT paper's layout and the checkpoint's tensor
names, and deliberately sharing nothing with runtime/nn: tokens come from the
`tokenizers` package reading the model's own tokenizer.json, weights from the
`safetensors` package, arithmetic in float64."""

import json
from math import erf, sqrt
from pathlib import Path

import numpy as np

_erf = np.vectorize(erf)


def _layer_norm(x, weight, bias, eps):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _gelu(x):
    return 0.5 * x * (1.0 + _erf(x / sqrt(2.0)))


class MiniLMReference:
    def __init__(self, model_dir):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        model_dir = Path(model_dir)
        self.config = json.loads((model_dir / "config.json").read_text())
        raw = load_file(str(model_dir / "model.safetensors"))
        self.w = {k: v.astype(np.float64) for k, v in raw.items()}
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()

    def token_ids(self, text):
        return self.tokenizer.encode(text).ids

    def embed(self, text):
        """The normalized mean-pooled embedding (384,) of one sentence."""
        cfg, w = self.config, self.w
        ids = self.token_ids(text)
        eps = cfg["layer_norm_eps"]
        heads = cfg["num_attention_heads"]
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][: len(ids)]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
        T, H = x.shape
        D = H // heads
        for i in range(cfg["num_hidden_layers"]):
            p = f"encoder.layer.{i}."

            def dense(v, name):
                return v @ w[p + name + ".weight"].T + w[p + name + ".bias"]

            q = dense(x, "attention.self.query").reshape(T, heads, D).transpose(1, 0, 2)
            k = dense(x, "attention.self.key").reshape(T, heads, D).transpose(1, 0, 2)
            v = dense(x, "attention.self.value").reshape(T, heads, D).transpose(1, 0, 2)
            scores = q @ k.transpose(0, 2, 1) / sqrt(D)
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            ctx = (scores @ v).transpose(1, 0, 2).reshape(T, H)
            x = _layer_norm(x + dense(ctx, "attention.output.dense"),
                            w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], eps)
            ff = dense(_gelu(dense(x, "intermediate.dense")), "output.dense")
            x = _layer_norm(x + ff, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], eps)
        pooled = x.mean(0)
        return (pooled / np.linalg.norm(pooled)).astype(np.float32)

    def encode(self, sentences):
        return np.stack([self.embed(s) for s in sentences])
