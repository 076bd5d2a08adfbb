"""runtime/nn/bert.py on all-MiniLM-L6-v2 (safetensors F32) against a
reference on the same files: sentence-transformers (torch, CPU) when it is
installed, otherwise the independent float64 numpy implementation in
tests/support/minilm_reference.py (what CI uses: torch is not a test extra)."""

import numpy as np
import pytest

import model_files
from nn.bert import Bert, BertConfig

SENTENCES = [
    "The cat sat on the mat.", "A dog is playing in the park.", "I love programming in Python.",
    "The weather is sunny and warm today.", "Quantum computers use qubits.", "She sells seashells by the seashore.",
    "The stock market fell sharply on Monday.", "Paris is the capital of France.", "How do I reset my password?",
    "The quick brown fox jumps over the lazy dog.", "Machine learning models need data.",
    "Bananas are rich in potassium.", "The train to Berlin leaves at noon.", "He plays the violin beautifully.",
    "Water boils at one hundred degrees Celsius.", "Operating systems manage hardware resources.",
    "Mount Everest is the highest mountain on Earth.", "Please close the door when you leave.",
    "The movie was longer than expected.", "My phone battery died again.", "Coffee or tea?",
    "Neural networks approximate functions.", "The library opens at nine in the morning.",
    "Birds migrate south for the winter.", "This restaurant serves excellent pasta.",
    "The committee postponed the vote until next week.", "Electric cars are becoming more popular.",
    "A bare-metal kernel runs without an operating system underneath.", "Children were laughing in the garden.",
    "The recipe calls for two cups of flour.", "Jupiter is the largest planet in the solar system.",
    "I forgot my umbrella at the office.", "The museum displays ancient Egyptian artifacts.",
    "Learning a new language takes patience.", "The server returned a 404 error.",
    "Snow covered the mountains overnight.", "She finished the marathon in under four hours.",
    "The painting was sold at auction for millions.", "Turn left at the next intersection.",
    "Photosynthesis converts light into chemical energy.", "The baby finally fell asleep.",
    "Our team won the championship last year.", "Compilers translate source code into machine code.",
    "The river flooded after the storm.", "He apologized for being late.", "Fresh bread smells wonderful.",
    "The telescope revealed distant galaxies.", "Interest rates were raised by the central bank.",
    "Don't forget to water the plants.", "Transformers use attention mechanisms.",
    "A short one.", "Hello!", "What time is it?",
    "Supercalifragilisticexpialidocious is a long word; tokenizers split it into many pieces.",
]


@pytest.fixture(scope="module")
def reference_embeddings():
    try:
        import sentence_transformers
    except ImportError:
        from minilm_reference import MiniLMReference
        return MiniLMReference(model_files.MINILM_DIR).encode(SENTENCES)
    model = sentence_transformers.SentenceTransformer(str(model_files.MINILM_DIR), device="cpu")
    return model.encode(SENTENCES, normalize_embeddings=True, batch_size=16)


def test_config(minilm):
    cfg = minilm.config
    assert (cfg.hidden, cfg.n_layer, cfg.n_head, cfg.ffn_dim, cfg.head_dim) == (384, 6, 12, 1536, 32)
    assert cfg.activation == "gelu_erf" and cfg.eps == 1e-12
    with pytest.raises(ValueError, match="hidden_act"):
        BertConfig({"hidden_size": 8, "num_hidden_layers": 1, "num_attention_heads": 2, "intermediate_size": 8,
                    "vocab_size": 10, "hidden_act": "swish"})


def test_embeddings_match_reference(minilm, wordpiece, reference_embeddings):
    assert len(SENTENCES) >= 50
    ids = [wordpiece.encode(s).ids for s in SENTENCES]
    ours = np.concatenate([minilm.embed(ids[i:i + 8]).numpy() for i in range(0, len(ids), 8)])
    cosine = (ours * reference_embeddings).sum(1) / np.linalg.norm(reference_embeddings, axis=1)
    print(f"\nMiniLM: {len(SENTENCES)} sentences, cosine min {cosine.min():.7f} mean {cosine.mean():.7f}, "
          f"max abs diff {np.abs(ours - reference_embeddings).max():.2e}")
    assert cosine.min() >= 0.999
    assert np.allclose(np.linalg.norm(ours, axis=1), 1, atol=1e-5)


def test_padding_is_masked(minilm, wordpiece):
    a = wordpiece.encode("A dog is playing in the park.").ids
    b = wordpiece.encode("Hi").ids
    batch = minilm.embed([a, b]).numpy()
    alone = np.concatenate([minilm.embed(a).numpy(), minilm.embed(b).numpy()])
    assert np.abs(batch - alone).max() < 1e-5
    # An explicit mask hiding the tail gives the embedding of the head.
    head = a[:4] + [a[-1]]
    masked = minilm.embed([head + [0, 0]], attention_mask=[[1] * 5 + [0, 0]]).numpy()
    assert np.abs(masked - minilm.embed(head).numpy()).max() < 1e-5
    raw = minilm.embed(a, normalize=False).numpy()
    assert abs(np.linalg.norm(raw) - 1) > 1e-3


def test_bad_input(minilm):
    with pytest.raises(ValueError, match="outside the vocabulary"):
        minilm.embed([101, 40000, 102])
    with pytest.raises(ValueError, match="at most 512"):
        minilm.embed([101] * 513)
    with pytest.raises(ValueError, match="no sequences"):
        minilm.embed([])
