"""Choosing the next token from a model's logits.

The chain is llama.cpp's: repetition penalty, then top-k, then top-p
(nucleus) on the softmax of what is left, then temperature, then a draw.
`temperature <= 0` is greedy (argmax after the penalty). The full vocabulary
never goes through a Python list: the tensor module's argmax/topk/softmax
do the O(vocab) work and Python sees at most the candidates kept.

Randomness comes from `random.Random(seed)` (the subset's Mersenne Twister,
the same sequence as CPython's for the same int seed).
"""

import math
import random

import tensor


class Sampler:
    """Sampler(temperature=0.8, top_k=40, top_p=0.95, repeat_penalty=1.0,
    repeat_last_n=64, seed=None).

    top_k <= 0 turns top-k off, top_p >= 1 turns top-p off, repeat_penalty
    1.0 turns the penalty off (llama.cpp's meaning: a positive logit of a
    recent token is divided by it, a negative one multiplied)."""

    def __init__(self, temperature=0.8, top_k=40, top_p=0.95, repeat_penalty=1.0, repeat_last_n=64, seed=None):
        if temperature < 0:
            raise ValueError("sampling: temperature must be >= 0")
        if top_p <= 0:
            raise ValueError("sampling: top_p must be > 0")
        if repeat_penalty <= 0:
            raise ValueError("sampling: repeat_penalty must be > 0")
        self.temperature = float(temperature)
        self.top_k = int(top_k)
        self.top_p = float(top_p)
        self.repeat_penalty = float(repeat_penalty)
        self.repeat_last_n = int(repeat_last_n)
        self.rng = random.Random(seed)

    def seed(self, seed):
        self.rng.seed(seed)

    def penalize(self, logits, history):
        """Apply the repetition penalty to `logits` (1-D f32, changed in place)."""
        if self.repeat_penalty == 1.0 or not history or self.repeat_last_n == 0:
            return
        recent = history if self.repeat_last_n < 0 else history[-self.repeat_last_n:]
        seen = set()
        for token in recent:
            if token in seen or token < 0 or token >= logits.shape[0]:
                continue
            seen.add(token)
            v = logits[token]
            logits[token] = v / self.repeat_penalty if v > 0 else v * self.repeat_penalty

    def candidates(self, logits):
        """The tokens top-k and top-p keep, best first, with their logits
        relative to the best one: ([ids], [logit - best])."""
        vocab = logits.shape[0]
        k = self.top_k if 0 < self.top_k < vocab else vocab
        if self.top_k > 0 or self.top_p >= 1.0:
            values, ids = tensor.topk(logits, k)
            values, ids = values.tolist(), ids.tolist()
            best = values[0]
            rel = [v - best for v in values]
        else:
            # top-p over the whole vocabulary: probabilities from the full
            # softmax, then widen the top-k window until it holds top_p.
            probs = tensor.softmax(logits)
            k = min(64, vocab)
            while True:
                values, ids = tensor.topk(probs, k)
                values = values.tolist()
                total = 0.0
                for v in values:
                    total += v
                if total >= self.top_p or k == vocab:
                    break
                k = min(vocab, k * 4)
            ids = ids.tolist()
            best = values[0]
            rel = [math.log(v / best) if v > 0 else -1e30 for v in values]
        if self.top_p < 1.0:
            weights = [math.exp(r) for r in rel]
            total = 0.0
            for w in weights:
                total += w
            keep, cumulative = 0, 0.0
            for w in weights:
                cumulative += w / total
                keep += 1
                if cumulative >= self.top_p:
                    break
            ids, rel = ids[:keep], rel[:keep]
        return ids, rel

    def sample(self, logits, history=None):
        """The next token (an int) from 1-D f32 logits; `history` is the
        context's token list for the repetition penalty."""
        if logits.ndim != 1:
            logits = logits.reshape(-1)
        self.penalize(logits, history)
        if self.temperature <= 0:
            return int(tensor.argmax(logits, 0))
        ids, rel = self.candidates(logits)
        weights = [math.exp(r / self.temperature) for r in rel]
        total = 0.0
        for w in weights:
            total += w
        target = self.rng.random() * total
        cumulative = 0.0
        for i in range(len(ids)):
            cumulative += weights[i]
            if target < cumulative:
                return ids[i]
        return ids[-1]
