"""Llama-style decoders: token embedding, N blocks of (RMSNorm, attention
with RoPE and grouped-query heads, RMSNorm, SwiGLU feed-forward), a final
RMSNorm and the output projection (tied to the embedding when the file has
no `output.weight`).

The model is independent of how its weights were read: it takes
`weights`, a dict from GGUF tensor names to tensors (usually
`tensor.wrap`ped over the model's bytes, quantized blocks and all), and
`metadata`, a dict of GGUF keys (`llama.block_count`, ...).

Per decoded token the work is matrix-vector products over the weights in
place (`tensor.linear`, integer dots for block types) and a few small ops;
the KV cache and the one-token activations are allocated once, when the
model is made, and written in place (`out=`). A prompt pass allocates its
activations once for all layers (kept for the next pass of the same
shape), so neither leaves tensors for the collector per layer or token:
the hosted process holds ~31 MiB beyond the weights and the KV cache
(`tensoros bench llm`).

The attention follows llama.cpp's CPU path (no flash attention), so that
the same file gives the same tokens: the KV cache holds f16 (kv_dtype,
llama.cpp's default type_k/type_v), the query is rounded to f16 to meet
the keys and the softmax output to f16 to meet the values (ggml converts
a matmul's f32 operand to the other's type), and both products are f16
matmuls. kv_dtype="f32" keeps everything in f32.

    model = Llama(weights, metadata, n_ctx=2048)          # kv_dtype="f16"
    new_tokens = model.generate(prompt_tokens, max_tokens=64, temperature=0)
    model.generate(next_prompt_tokens)   # continues the same conversation
    model.reset()                         # forgets it
"""

import math

import tensor
from nn.sampling import Sampler

# Architectures whose GGUF conversion keeps the Hugging Face layout of the
# query/key rows (RoPE pairs (i, i + d/2): llama.cpp's NEOX mode). Llama
# GGUFs have their q/k rows permuted at conversion, so llama-arch models
# rotate adjacent pairs (2i, 2i+1): llama.cpp's NORM mode.
_ROPE_HALF_ARCHITECTURES = ("qwen2", "qwen3", "phi3", "stablelm", "gptneox", "falcon", "starcoder2", "olmo2")

_STOP_TEXTS = ("<|im_end|>", "<|eot_id|>", "<|end|>", "<|endoftext|>", "</s>", "<end_of_turn>")


def _default_clock():
    try:
        import kernel
        if hasattr(kernel, "uptime_us"):
            return lambda: kernel.uptime_us() / 1000000.0
    except ImportError:
        pass
    try:
        import time
        return time.perf_counter
    except ImportError:
        return lambda: 0.0


def wrap_tensors(model_file, skip_unknown=False):
    """name -> tensor over a parsed model file's bytes (GGUF or safetensors
    reader: `tensors` with name/type_name/shape, `tensor_bytes(info)`)."""
    weights = {}
    for info in model_file.tensors:
        try:
            weights[info.name] = tensor.wrap(model_file.tensor_bytes(info), info.type_name, info.shape)
        except TypeError:
            if not skip_unknown:
                raise
    return weights


class LlamaConfig:
    """Hyperparameters from GGUF metadata (`{arch}.block_count`, ...)."""

    def __init__(self, metadata, vocab_size=None):
        arch = metadata.get("general.architecture", "llama")
        self.architecture = arch

        def get(key, default=None):
            value = metadata.get(arch + "." + key, default)
            if value is None:
                raise ValueError("llama: the metadata has no " + arch + "." + key)
            return value

        self.n_layer = int(get("block_count"))
        self.dim = int(get("embedding_length"))
        self.ffn_dim = int(get("feed_forward_length"))
        self.n_head = int(get("attention.head_count"))
        self.n_kv_head = int(get("attention.head_count_kv", self.n_head))
        self.eps = float(get("attention.layer_norm_rms_epsilon", 1e-5))
        self.rope_base = float(get("rope.freq_base", 10000.0))
        self.context_length = int(get("context_length", 2048))
        self.head_dim = int(get("attention.key_length", self.dim // self.n_head))
        self.n_rot = int(get("rope.dimension_count", self.head_dim))
        self.rope_mode = "half" if arch in _ROPE_HALF_ARCHITECTURES else "interleaved"
        tokens = metadata.get("tokenizer.ggml.tokens")
        vocab = metadata.get(arch + ".vocab_size")
        if vocab is None and tokens is not None:
            vocab = len(tokens)
        if vocab is None:
            vocab = vocab_size
        if vocab is None:
            raise ValueError("llama: the vocabulary size is not in the metadata")
        self.vocab_size = int(vocab)
        if self.n_head % self.n_kv_head:
            raise ValueError("llama: %d heads do not group over %d KV heads" % (self.n_head, self.n_kv_head))
        self.bos_token = metadata.get("tokenizer.ggml.bos_token_id")
        self.eos_token = metadata.get("tokenizer.ggml.eos_token_id")
        stops = []
        if self.eos_token is not None:
            stops.append(int(self.eos_token))
        eot = metadata.get("tokenizer.ggml.eot_token_id")
        if eot is not None and int(eot) not in stops:
            stops.append(int(eot))
        if tokens is not None:
            for i in range(len(tokens)):
                if tokens[i] in _STOP_TEXTS and i not in stops:
                    stops.append(i)
        self.stop_tokens = stops

    def __repr__(self):
        return ("LlamaConfig(%s: %d layers, dim %d, ffn %d, %d heads / %d KV, head %d, rope %s base %g, vocab %d)"
                % (self.architecture, self.n_layer, self.dim, self.ffn_dim, self.n_head, self.n_kv_head,
                   self.head_dim, self.rope_mode, self.rope_base, self.vocab_size))


class _Block:
    def __init__(self, weights, i, cfg):
        p = "blk.%d." % i

        def w(name, shape, optional=False):
            t = weights.get(p + name)
            if t is None:
                if optional:
                    return None
                raise ValueError("llama: missing weight " + p + name)
            if tuple(t.shape) != shape:
                raise ValueError("llama: %s%s has shape %s, expected %s" % (p, name, tuple(t.shape), shape))
            return t

        q_dim, kv_dim = cfg.n_head * cfg.head_dim, cfg.n_kv_head * cfg.head_dim
        self.attn_norm = w("attn_norm.weight", (cfg.dim,))
        self.wq = w("attn_q.weight", (q_dim, cfg.dim))
        self.wk = w("attn_k.weight", (kv_dim, cfg.dim))
        self.wv = w("attn_v.weight", (kv_dim, cfg.dim))
        self.bq = w("attn_q.bias", (q_dim,), True)
        self.bk = w("attn_k.bias", (kv_dim,), True)
        self.bv = w("attn_v.bias", (kv_dim,), True)
        self.wo = w("attn_output.weight", (cfg.dim, q_dim))
        self.ffn_norm = w("ffn_norm.weight", (cfg.dim,))
        self.w_gate = w("ffn_gate.weight", (cfg.ffn_dim, cfg.dim))
        self.w_up = w("ffn_up.weight", (cfg.ffn_dim, cfg.dim))
        self.w_down = w("ffn_down.weight", (cfg.dim, cfg.ffn_dim))


def _layer_views(buf, cfg, kv_dtype, T):
    """The views of a pass's buffers that every layer uses, made once with
    them (a view is a tensor object with its own descriptor: a decoded
    token made ~20 of them per layer, garbage by the next)."""
    H, KV, D, G = cfg.n_head, cfg.n_kv_head, cfg.head_dim, cfg.n_head // cfg.n_kv_head
    buf.q_heads = buf.q.reshape(T, H, D)
    buf.k_heads = buf.k.reshape(T, KV, D)
    buf.k_by_head = buf.k_rot.permute(1, 0, 2)                      # (KV, T, D), as the cache
    buf.v_by_head = buf.v.reshape(T, KV, D).permute(1, 0, 2)
    q = buf.q_rot if kv_dtype == "f32" else buf.q_kv
    buf.queries = q.reshape(T, KV, G, D).permute(1, 2, 0, 3)         # (KV, G, T, D)
    if T == 1:
        buf.attn_rows = buf.attn.reshape(1, H * D)                  # the same order
        buf.attn_by_token = None
    else:
        buf.attn_by_token = buf.attn.permute(2, 0, 1, 3)            # (T, KV, G, D)
        buf.attn_groups = buf.attn_rows.reshape(T, KV, G, D)


class _StepBuffers:
    """The activations of one decoded token, allocated once. The attention
    scores of a token at position S-1 cover S positions: they are the first
    n_head * S elements of a buffer sized for the whole context (a prefix of
    a contiguous tensor, so a contiguous view for `out=`)."""

    def __init__(self, cfg, kv_dtype, n_ctx):
        q_dim, kv_dim = cfg.n_head * cfg.head_dim, cfg.n_kv_head * cfg.head_dim
        self.scores = tensor.zeros((cfg.n_head * n_ctx,))
        self.probs = self.scores if kv_dtype == "f32" else tensor.zeros((cfg.n_head * n_ctx,), kv_dtype)
        self.position = tensor.zeros((1,), "i32")
        self.x = tensor.zeros((1, cfg.dim))
        self.h = tensor.zeros((1, cfg.dim))
        self.q = tensor.zeros((1, q_dim))
        self.k = tensor.zeros((1, kv_dim))
        self.v = tensor.zeros((1, kv_dim))
        self.q_rot = tensor.zeros((1, cfg.n_head, cfg.head_dim))
        self.q_kv = tensor.zeros((1, cfg.n_head, cfg.head_dim), kv_dtype)
        self.k_rot = tensor.zeros((1, cfg.n_kv_head, cfg.head_dim))
        self.attn = tensor.zeros((cfg.n_kv_head, cfg.n_head // cfg.n_kv_head, 1, cfg.head_dim))
        self.proj = tensor.zeros((1, cfg.dim))
        self.gate = tensor.zeros((1, cfg.ffn_dim))
        self.up = tensor.zeros((1, cfg.ffn_dim))
        self.logits = tensor.zeros((1, cfg.vocab_size))
        _layer_views(self, cfg, kv_dtype, 1)


class _BatchBuffers:
    """The activations of a T-token forward pass at positions pos0..S-1,
    allocated once per pass and written by every layer in turn: a prompt's
    layers otherwise leave ~5 MiB of fresh results each (120 tokens of
    SmolLM2), which pile up in the TENSOR zone until a collection."""

    def __init__(self, cfg, kv_dtype, T, S):
        q_dim, kv_dim = cfg.n_head * cfg.head_dim, cfg.n_kv_head * cfg.head_dim
        KV, G, D = cfg.n_kv_head, cfg.n_head // cfg.n_kv_head, cfg.head_dim
        self.shape = (T, S)
        self.h = tensor.zeros((T, cfg.dim))
        self.q = tensor.zeros((T, q_dim))
        self.k = tensor.zeros((T, kv_dim))
        self.v = tensor.zeros((T, kv_dim))
        self.q_rot = tensor.zeros((T, cfg.n_head, D))
        self.q_kv = tensor.zeros((T, cfg.n_head, D), kv_dtype)
        self.k_rot = tensor.zeros((T, KV, D))
        self.scores = tensor.zeros((KV, G, T, S))
        self.probs = self.scores if kv_dtype == "f32" else tensor.zeros((KV, G, T, S), kv_dtype)
        self.attn = tensor.zeros((KV, G, T, D))
        self.attn_rows = tensor.zeros((T, q_dim))       # attn as (T, H * D) rows
        self.proj = tensor.zeros((T, cfg.dim))
        self.gate = tensor.zeros((T, cfg.ffn_dim))
        self.up = tensor.zeros((T, cfg.ffn_dim))
        _layer_views(self, cfg, kv_dtype, T)


class Llama:
    """A llama-style decoder with its KV cache and conversation.

    weights: dict name -> tensor (GGUF names: token_embd.weight,
    blk.N.attn_q.weight, ..., output_norm.weight, output.weight optional);
    metadata: dict of GGUF keys. n_ctx: positions in the KV cache (default
    the model's context length, at most 2048). kv_dtype: "f16" (default,
    as llama.cpp) or "f32", the KV cache's element type. n_batch: prompt
    tokens per forward pass. clock: a function giving seconds, for the
    tokens/s counters."""

    def __init__(self, weights, metadata, n_ctx=None, n_batch=256, clock=None, kv_dtype="f16"):
        embed = weights.get("token_embd.weight")
        if embed is None:
            raise ValueError("llama: missing weight token_embd.weight")
        cfg = LlamaConfig(metadata, embed.shape[0])
        self.config = cfg
        if tuple(embed.shape) != (cfg.vocab_size, cfg.dim):
            raise ValueError("llama: token_embd.weight has shape %s, expected %s"
                             % (tuple(embed.shape), (cfg.vocab_size, cfg.dim)))
        self.token_embd = embed
        self.blocks = [_Block(weights, i, cfg) for i in range(cfg.n_layer)]
        self.output_norm = weights.get("output_norm.weight")
        if self.output_norm is None:
            raise ValueError("llama: missing weight output_norm.weight")
        self.output = weights.get("output.weight")
        self.tied_embeddings = self.output is None
        if self.output is None:
            self.output = embed
        if n_ctx is None:
            n_ctx = min(cfg.context_length, 2048)
        if n_ctx <= 0:
            raise ValueError("llama: n_ctx must be > 0")
        self.n_ctx = int(n_ctx)
        self.n_batch = int(n_batch)
        if n_batch <= 0:
            raise ValueError("llama: n_batch must be > 0")
        if kv_dtype not in ("f16", "f32"):
            raise ValueError("llama: kv_dtype must be \"f16\" or \"f32\", not %r" % (kv_dtype,))
        self.kv_dtype = kv_dtype
        self.clock = clock if clock is not None else _default_clock()
        self.group = cfg.n_head // cfg.n_kv_head
        self.attn_scale = 1.0 / math.sqrt(cfg.head_dim)
        # KV cache: per layer (KV heads, n_ctx, head size), so each head's
        # keys and values are contiguous rows.
        shape = (cfg.n_kv_head, self.n_ctx, cfg.head_dim)
        self.cache_k = [tensor.zeros(shape, kv_dtype) for _ in range(cfg.n_layer)]
        self.cache_v = [tensor.zeros(shape, kv_dtype) for _ in range(cfg.n_layer)]
        self.step = _StepBuffers(cfg, kv_dtype, self.n_ctx)
        # The last prompt pass's buffers: the next pass of the same shape
        # (a bench's runs, a re-run prompt) writes into them again.
        self._batch = None
        self.stop_tokens = list(cfg.stop_tokens)
        self.total = {"prefill_tokens": 0, "prefill_seconds": 0.0, "decode_tokens": 0, "decode_seconds": 0.0}
        self.reset()

    @classmethod
    def from_gguf(cls, gguf_file, **options):
        """From a parsed GGUF file (runtime/nn/gguf.py's GGUFFile, or anything
        with `metadata`, `tensors` of (name, type_name, shape) and
        `tensor_bytes(info)`): every weight wrapped in place, no copy."""
        return cls(wrap_tensors(gguf_file), gguf_file.metadata, **options)

    # ---- state -------------------------------------------------------------
    def reset(self):
        """Forget the conversation (the cache is overwritten, not cleared)."""
        self.tokens = []         # every token of the conversation
        self.n_past = 0          # how many of them are in the KV cache
        self.finish_reason = None
        self.stats = {"prefill_tokens": 0, "prefill_seconds": 0.0, "decode_tokens": 0, "decode_seconds": 0.0}

    def prefill_tokens_per_second(self):
        s = self.stats
        return s["prefill_tokens"] / s["prefill_seconds"] if s["prefill_seconds"] > 0 else 0.0

    def decode_tokens_per_second(self):
        s = self.stats
        return s["decode_tokens"] / s["decode_seconds"] if s["decode_seconds"] > 0 else 0.0

    # ---- the forward pass -----------------------------------------------------
    def _layer(self, index, layer, x, T, pos0, positions, mask, buf):
        """One block over x (T, dim) in place. buf: the _StepBuffers of a
        decoded token (T == 1) or the _BatchBuffers of this pass."""
        cfg = self.config
        H, KV, D, G = cfg.n_head, cfg.n_kv_head, cfg.head_dim, self.group
        S = pos0 + T
        one = T == 1
        h = tensor.rmsnorm(x, layer.attn_norm, cfg.eps, out=buf.h)
        tensor.linear(h, layer.wq, layer.bq, out=buf.q)
        tensor.linear(h, layer.wk, layer.bk, out=buf.k)
        tensor.linear(h, layer.wv, layer.bv, out=buf.v)
        q = tensor.rope(buf.q_heads, positions, cfg.n_rot, cfg.rope_base, cfg.rope_mode, out=buf.q_rot)
        tensor.rope(buf.k_heads, positions, cfg.n_rot, cfg.rope_base, cfg.rope_mode, out=buf.k_rot)
        cache_k, cache_v = self.cache_k[index], self.cache_v[index]
        # Written in the cache's dtype (f16: rounded to nearest even, as ggml's copy).
        tensor.copy_into(cache_k[:, pos0:S, :], buf.k_by_head)
        tensor.copy_into(cache_v[:, pos0:S, :], buf.v_by_head)
        keys = cache_k[:, 0:S, :].transpose(1, 2).reshape(KV, 1, D, S)       # (KV, 1, D, S)
        values = cache_v[:, 0:S, :].reshape(KV, 1, S, D)                       # (KV, 1, S, D)
        if self.kv_dtype != "f32":
            # ggml multiplies f16 keys by the query converted to f16 (the matmul's vec_dot_type)
            tensor.convert(q, self.kv_dtype, out=buf.q_kv)
        if one:                                                                # a prefix of the buffers
            buf_scores = buf.scores[0:H * S].reshape(KV, G, 1, S)
            buf_probs = buf.probs[0:H * S].reshape(KV, G, 1, S)
        else:
            buf_scores, buf_probs = buf.scores, buf.probs
        scores = tensor.matmul(buf.queries, keys, out=buf_scores)             # (KV, G, T, S) f32
        tensor.scale(scores, self.attn_scale, out=scores)
        if mask is not None:
            tensor.add(scores, mask, out=scores)
        tensor.softmax(scores, -1, out=scores)
        if self.kv_dtype == "f32":
            probs = scores
        else:                                                                  # likewise for V
            probs = tensor.convert(scores, self.kv_dtype, out=buf_probs)
        tensor.matmul(probs, values, out=buf.attn)                              # (KV, G, T, D) f32
        if buf.attn_by_token is not None:                                      # to (T, H * D) rows
            tensor.copy_into(buf.attn_groups, buf.attn_by_token)
        attn = buf.attn_rows
        o = tensor.linear(attn, layer.wo, out=buf.proj)
        tensor.add(x, o, out=x)
        h = tensor.rmsnorm(x, layer.ffn_norm, cfg.eps, out=buf.h)
        gate = tensor.linear(h, layer.w_gate, None, "silu", out=buf.gate)
        up = tensor.linear(h, layer.w_up, out=buf.up)
        tensor.mul(gate, up, out=gate)
        down = tensor.linear(gate, layer.w_down, out=buf.proj)
        tensor.add(x, down, out=x)

    def _run(self, tokens, all_logits=False):
        """Run `tokens` at positions n_past.. through the model, filling
        the cache; returns the logits of the last one (V,) or of all (T, V)."""
        cfg = self.config
        T = len(tokens)
        pos0 = self.n_past
        if pos0 + T > self.n_ctx:
            raise ValueError("llama: %d tokens do not fit in the context (%d of %d used): reset() the conversation"
                             % (T, pos0, self.n_ctx))
        for t in tokens:
            if t < 0 or t >= cfg.vocab_size:
                raise ValueError("llama: token %d is outside the vocabulary (%d)" % (t, cfg.vocab_size))
        one = T == 1 and not all_logits
        if one:
            buf = self.step
            positions = buf.position
            positions[0] = pos0
            x = tensor.embedding(self.token_embd, tensor.from_list(tokens, (1,), "i32"), out=buf.x)
            mask = None
        else:
            positions = tensor.arange(pos0, pos0 + T, 1, "i32")
            x = tensor.embedding(self.token_embd, tensor.from_list(tokens, (T,), "i32"))
            mask = self._causal_mask(T, pos0) if T > 1 else None
            buf = self._batch
            if buf is None or buf.shape != (T, pos0 + T):
                self._batch = None                  # collectable while the new ones are made
                buf = self._batch = _BatchBuffers(self.config, self.kv_dtype, T, pos0 + T)
        for i in range(cfg.n_layer):
            self._layer(i, self.blocks[i], x, T, pos0, positions, mask, buf)
        self.n_past = pos0 + T
        last = x if all_logits else x[T - 1:T, :]
        h = tensor.rmsnorm(last, self.output_norm, cfg.eps, out=buf.h if one else None)
        logits = tensor.linear(h, self.output, out=buf.logits if one else None)
        return logits if all_logits else logits.reshape(cfg.vocab_size)

    def _causal_mask(self, T, pos0):
        """(T, S) with 0 where query i may see key j (j <= pos0 + i) and a
        large negative number elsewhere: relu(j - (pos0 + i)) * -1e30."""
        S = pos0 + T
        keys = tensor.arange(0, S, 1, "f32").reshape(1, S)
        queries = tensor.arange(pos0, S, 1, "f32").reshape(T, 1)
        return tensor.scale(tensor.relu(keys - queries), -1e30)

    def evaluate(self, tokens, all_logits=False):
        """Append `tokens` to the conversation and run them (in batches of
        n_batch). Returns the last position's logits (V,), or with
        all_logits the logits of every new position (T, V)."""
        tokens = list(tokens)
        if not tokens:
            raise ValueError("llama: nothing to evaluate")
        if self.n_past + len(tokens) > self.n_ctx:
            raise ValueError("llama: %d tokens do not fit in the context (%d of %d used): reset() the conversation"
                             % (len(tokens), self.n_past, self.n_ctx))
        self.tokens = self.tokens[:self.n_past]
        self.tokens.extend(tokens)
        parts = []
        logits = None
        for start in range(0, len(tokens), self.n_batch):
            logits = self._run(tokens[start:start + self.n_batch], all_logits)
            if all_logits:
                parts.append(logits)
        if all_logits and len(parts) > 1:
            return tensor.concat(parts, 0)
        return logits

    # ---- generation -----------------------------------------------------------
    def generate(self, prompt_tokens, max_tokens=256, temperature=0.0, top_k=40, top_p=0.95, repeat_penalty=1.0,
                 repeat_last_n=64, seed=None, stop_tokens=None, on_token=None, sampler=None):
        """Continue the conversation with `prompt_tokens` and generate up to
        `max_tokens` tokens; returns the new tokens (without the stop token).

        Greedy when temperature is 0. Stops at a stop token (EOS,
        <|im_end|>, ... or `stop_tokens`), at max_tokens, when the context
        is full, or when on_token(token) returns False. The context keeps
        every token, the stop token too, until reset(). finish_reason says
        why it stopped: "stop", "length", "context" or "callback"."""
        clock = self.clock
        if sampler is None:
            sampler = Sampler(temperature, top_k, top_p, repeat_penalty, repeat_last_n, seed)
        stops = self.stop_tokens if stop_tokens is None else list(stop_tokens)
        pending = self.tokens[self.n_past:] + list(prompt_tokens)
        if not pending:
            raise ValueError("llama: generate needs prompt tokens (or a pending token)")
        if self.n_past + len(pending) > self.n_ctx:
            raise ValueError("llama: the prompt (%d tokens) does not fit in the context (%d of %d used): reset()"
                             % (len(pending), self.n_past, self.n_ctx))
        self.stats = {"prefill_tokens": 0, "prefill_seconds": 0.0, "decode_tokens": 0, "decode_seconds": 0.0}
        t0 = clock()
        logits = self.evaluate(pending)
        self._count("prefill", len(pending), clock() - t0)
        out = []
        self.finish_reason = "length"
        while len(out) < max_tokens:
            token = sampler.sample(logits, self.tokens)
            self.tokens.append(token)
            if token in stops:
                self.finish_reason = "stop"
                break
            out.append(token)
            if on_token is not None and on_token(token) is False:
                self.finish_reason = "callback"
                break
            if len(out) >= max_tokens:
                break
            if self.n_past + 1 > self.n_ctx:
                self.finish_reason = "context"
                break
            t0 = clock()
            logits = self._run([token])
            self._count("decode", 1, clock() - t0)
        return out

    def _count(self, phase, tokens, seconds):
        for stats in (self.stats, self.total):
            stats[phase + "_tokens"] += tokens
            stats[phase + "_seconds"] += seconds
