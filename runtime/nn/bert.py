"""BERT encoders for sentence embeddings (all-MiniLM-L6-v2 and its kin).

Embeddings (word + position + token type, LayerNorm), then N layers of
self-attention and a GELU feed-forward, each followed by a residual
LayerNorm (post-norm, as BERT); then mean pooling over the tokens the
attention mask keeps and L2 normalization (sentence-transformers'
Pooling + Normalize modules).

The model is independent of how its weights were read: `weights` is a dict
from the Hugging Face names (`embeddings.word_embeddings.weight`,
`encoder.layer.0.attention.self.query.weight`, ...; a leading `bert.` is
accepted) to tensors, `config` the dict of the model's config.json.

    model = Bert(weights, config)
    vectors = model.embed([[101, 7592, 2088, 102], [101, 7592, 102]])   # (2, 384), rows of norm 1
"""

import math

import tensor

_ACTIVATIONS = {"gelu": "gelu_erf", "gelu_new": "gelu", "gelu_pytorch_tanh": "gelu", "relu": "relu"}


class BertConfig:
    def __init__(self, config):
        def get(key, default=None):
            value = config.get(key, default)
            if value is None:
                raise ValueError("bert: the config has no " + key)
            return value

        self.hidden = int(get("hidden_size"))
        self.n_layer = int(get("num_hidden_layers"))
        self.n_head = int(get("num_attention_heads"))
        self.ffn_dim = int(get("intermediate_size"))
        self.eps = float(get("layer_norm_eps", 1e-12))
        self.max_positions = int(get("max_position_embeddings", 512))
        self.vocab_size = int(get("vocab_size"))
        act = get("hidden_act", "gelu")
        if act not in _ACTIVATIONS:
            raise ValueError("bert: hidden_act %r is not supported (%s)" % (act, ", ".join(_ACTIVATIONS)))
        self.activation = _ACTIVATIONS[act]
        if self.hidden % self.n_head:
            raise ValueError("bert: hidden size %d does not split over %d heads" % (self.hidden, self.n_head))
        self.head_dim = self.hidden // self.n_head


class _Layer:
    def __init__(self, w, i, cfg):
        p = "encoder.layer.%d." % i
        H, F = cfg.hidden, cfg.ffn_dim
        self.wq, self.bq = w(p + "attention.self.query.weight", (H, H)), w(p + "attention.self.query.bias", (H,))
        self.wk, self.bk = w(p + "attention.self.key.weight", (H, H)), w(p + "attention.self.key.bias", (H,))
        self.wv, self.bv = w(p + "attention.self.value.weight", (H, H)), w(p + "attention.self.value.bias", (H,))
        self.wo, self.bo = w(p + "attention.output.dense.weight", (H, H)), w(p + "attention.output.dense.bias", (H,))
        self.ln1_w = w(p + "attention.output.LayerNorm.weight", (H,))
        self.ln1_b = w(p + "attention.output.LayerNorm.bias", (H,))
        self.w_in, self.b_in = w(p + "intermediate.dense.weight", (F, H)), w(p + "intermediate.dense.bias", (F,))
        self.w_out, self.b_out = w(p + "output.dense.weight", (H, F)), w(p + "output.dense.bias", (H,))
        self.ln2_w = w(p + "output.LayerNorm.weight", (H,))
        self.ln2_b = w(p + "output.LayerNorm.bias", (H,))


class Bert:
    """A BERT encoder. embed() gives normalized sentence vectors; encode()
    the last hidden states."""

    def __init__(self, weights, config):
        cfg = BertConfig(config)
        self.config = cfg

        def w(name, shape):
            t = weights.get(name)
            if t is None:
                t = weights.get("bert." + name)
            if t is None:
                raise ValueError("bert: missing weight " + name)
            if tuple(t.shape) != shape:
                raise ValueError("bert: %s has shape %s, expected %s" % (name, tuple(t.shape), shape))
            return t

        H = cfg.hidden
        self.word = w("embeddings.word_embeddings.weight", (cfg.vocab_size, H))
        self.position = w("embeddings.position_embeddings.weight", (cfg.max_positions, H))
        type_table = weights.get("embeddings.token_type_embeddings.weight")
        if type_table is None:
            type_table = weights.get("bert.embeddings.token_type_embeddings.weight")
        self.token_type = type_table
        self.ln_w = w("embeddings.LayerNorm.weight", (H,))
        self.ln_b = w("embeddings.LayerNorm.bias", (H,))
        self.layers = [_Layer(w, i, cfg) for i in range(cfg.n_layer)]
        self.attn_scale = 1.0 / math.sqrt(cfg.head_dim)

    @classmethod
    def from_safetensors(cls, safetensors_file, config):
        """From a parsed safetensors file (runtime/nn/safetensors.py's, or
        anything with `tensors` of (name, type_name, shape) and
        `tensor_bytes(info)`) and the config.json dict; weights in place.
        Tensors of dtypes the tensor module lacks (BERT's I64 position_ids
        buffer) are left out."""
        weights = {}
        for info in safetensors_file.tensors:
            try:
                weights[info.name] = tensor.wrap(safetensors_file.tensor_bytes(info), info.type_name, info.shape)
            except TypeError:
                pass
        return cls(weights, config)

    def _batch(self, token_ids, attention_mask, token_type_ids):
        """Pad a list of sequences into (B, T) id / type tensors and a
        (B, T) 0/1 mask list."""
        if not token_ids:
            raise ValueError("bert: no sequences")
        if isinstance(token_ids[0], int):
            token_ids = [token_ids]
            if attention_mask is not None:
                attention_mask = [attention_mask]
            if token_type_ids is not None:
                token_type_ids = [token_type_ids]
        B = len(token_ids)
        T = 0
        for seq in token_ids:
            T = max(T, len(seq))
        if T == 0:
            raise ValueError("bert: empty sequence")
        if T > self.config.max_positions:
            raise ValueError("bert: %d tokens, the model takes at most %d" % (T, self.config.max_positions))
        ids, types, mask = [], [], []
        for b in range(B):
            seq = token_ids[b]
            n = len(seq)
            for t in seq:
                if t < 0 or t >= self.config.vocab_size:
                    raise ValueError("bert: token %d is outside the vocabulary (%d)" % (t, self.config.vocab_size))
            ids.extend(seq)
            ids.extend([0] * (T - n))
            row = attention_mask[b] if attention_mask is not None else [1] * n
            if len(row) != n:
                raise ValueError("bert: the attention mask of sequence %d has %d entries for %d tokens" % (b, len(row), n))
            mask.append(list(row) + [0] * (T - n))
            tt = token_type_ids[b] if token_type_ids is not None else [0] * n
            types.extend(tt)
            types.extend([0] * (T - n))
        return B, T, ids, types, mask

    def encode(self, token_ids, attention_mask=None, token_type_ids=None):
        """Last hidden states (B, T, hidden) of one sequence or a list of them
        (padded to the longest), and the (B, T) mask as a list of lists."""
        cfg = self.config
        B, T, ids, types, mask = self._batch(token_ids, attention_mask, token_type_ids)
        H, NH, D = cfg.hidden, cfg.n_head, cfg.head_dim
        x = tensor.embedding(self.word, tensor.from_list(ids, (B, T), "i32"))
        tensor.add(x, self.position[0:T, :], out=x)
        if self.token_type is not None:
            tensor.add(x, tensor.embedding(self.token_type, tensor.from_list(types, (B, T), "i32")), out=x)
        x = tensor.layernorm(x, self.ln_w, self.ln_b, cfg.eps)
        flat = []
        for row in mask:
            flat.extend(row)
        mask_t = tensor.from_list(flat, (B, T))
        # 0 where a key may be attended to, -1e30 at padding: (B, 1, 1, T)
        bias = tensor.scale(tensor.sub(mask_t, 1.0), 1e30).reshape(B, 1, 1, T)
        for layer in self.layers:
            q = tensor.linear(x, layer.wq, layer.bq).reshape(B, T, NH, D).permute(0, 2, 1, 3)
            k = tensor.linear(x, layer.wk, layer.bk).reshape(B, T, NH, D).permute(0, 2, 3, 1)
            v = tensor.linear(x, layer.wv, layer.bv).reshape(B, T, NH, D).permute(0, 2, 1, 3)
            scores = tensor.matmul(q, k)                        # (B, NH, T, T)
            tensor.scale(scores, self.attn_scale, out=scores)
            tensor.add(scores, bias, out=scores)
            tensor.softmax(scores, -1, out=scores)
            ctx = tensor.matmul(scores, v).permute(0, 2, 1, 3).contiguous().reshape(B, T, H)
            attn = tensor.linear(ctx, layer.wo, layer.bo)
            tensor.add(attn, x, out=attn)
            x = tensor.layernorm(attn, layer.ln1_w, layer.ln1_b, cfg.eps)
            inner = tensor.linear(x, layer.w_in, layer.b_in, cfg.activation)
            out = tensor.linear(inner, layer.w_out, layer.b_out)
            tensor.add(out, x, out=out)
            x = tensor.layernorm(out, layer.ln2_w, layer.ln2_b, cfg.eps)
        return x, mask

    def embed(self, token_ids, attention_mask=None, token_type_ids=None, normalize=True):
        """Sentence vectors (B, hidden): the mean of the hidden states over
        the tokens the mask keeps, L2-normalized (unless normalize=False)."""
        x, mask = self.encode(token_ids, attention_mask, token_type_ids)
        B, T = len(mask), len(mask[0])
        flat, counts = [], []
        for row in mask:
            flat.extend(row)
            n = 0
            for m in row:
                n += m
            counts.append(max(n, 1))
        weights = tensor.from_list(flat, (B, T, 1))
        pooled = tensor.sum(tensor.mul(x, weights), 1)                 # (B, hidden)
        pooled = tensor.div(pooled, tensor.from_list(counts, (B, 1)))
        if not normalize:
            return pooled
        # x / |x| as rmsnorm (x / sqrt(mean(x^2))) scaled by 1/sqrt(hidden)
        unit = tensor.rmsnorm(pooled, None, 1e-30)
        return tensor.scale(unit, 1.0 / math.sqrt(self.config.hidden), out=unit)
