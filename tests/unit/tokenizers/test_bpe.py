"""Byte-level BPE (runtime/nn/tokenizer_bpe.py) against llama.cpp on the
SmolLM2 GGUF: same ids on the corpus, exact round trip, streaming."""

import random

import pytest

from nn import tokenizer_bpe
from nn.tokenizer_bpe import BPETokenizer, StreamDecoder, utf8_decode
from tok_corpus import mismatches


def test_corpus_is_large_and_varied(strings):
    assert len(strings) >= 1000
    assert len(set(strings)) == len(strings)
    joined = "".join(strings)
    for probe in ("<|im_start|>", "\t", "\n\n", "😀", "你", "Привет", "مرحبا", "\u0301", "1234567890", "def "):
        assert probe in joined


def test_ids_match_llama_cpp(bpe, strings, llama_ids):
    got = [bpe.encode(s) for s in strings]
    assert got == llama_ids, mismatches(got, llama_ids, strings)


def test_ids_match_without_piece_cache(smollm_meta, strings, llama_ids):
    # A fresh tokenizer per string: the per-piece cache must not matter.
    tok = BPETokenizer.from_gguf(smollm_meta)
    for s, want in list(zip(strings, llama_ids))[::10]:
        tok._piece_cache.clear()
        assert tok.encode(s) == want, s


def lossless(bpe, s):
    """False if s has a byte SmolLM2 has no token for (a few controls)."""
    return all(bpe.byte_chars[b] in bpe.vocab for b in s.encode("utf-8"))


def test_round_trip(bpe, strings):
    checked = 0
    for s in strings:
        if lossless(bpe, s):
            assert bpe.decode(bpe.encode(s)) == s
            checked += 1
    assert checked >= 1000


def test_bytes_without_a_token_are_dropped(bpe):
    assert bpe.encode("a\x04b") == bpe.encode("a") + bpe.encode("b")
    assert bpe.encode("\x04") == []


def test_streaming_gives_the_same_text(bpe, strings):
    for s in strings:
        if not lossless(bpe, s):
            continue
        ids = bpe.encode(s)
        stream = bpe.stream()
        parts = [stream.feed(t) for t in ids]
        parts.append(stream.flush())
        assert "".join(parts) == s
        # Every emitted part is whole characters: none is a lone piece of
        # a character, so printing part by part shows no U+FFFD.
        assert "\ufffd" not in "".join(parts) or "\ufffd" in s


def test_streaming_holds_back_split_characters(bpe):
    # An emoji is 4 bytes; byte tokens arrive one at a time.
    ids = bpe.encode("😀")
    assert len(ids) > 1
    stream = bpe.stream()
    out = [stream.feed(t) for t in ids]
    assert out[:-1] == [""] * (len(ids) - 1) and out[-1] == "😀"
    assert stream.flush() == ""


def test_digits_are_split_one_by_one(bpe):
    ids = bpe.encode("1234567890")
    assert len(ids) == 10
    assert bpe.decode(ids[:3]) == "123"


def test_special_tokens(bpe, llama_vocab):
    assert bpe.encode("<|im_start|>") == [1]
    assert bpe.encode("<|im_end|>\n") == [2, 198]
    assert bpe.encode("<|endoftext|>") == [0]
    # parse_special=False: the same text is ordinary characters.
    plain = bpe.encode("<|im_start|>", parse_special=False)
    assert 1 not in plain
    assert plain == llama_vocab.tokenize(b"<|im_start|>", add_bos=False, special=False)
    assert bpe.decode([1, 2]) == "<|im_start|><|im_end|>"
    assert bpe.decode([1, 4093, 2], skip_special=True) == "user"


def test_add_special_uses_bos_eos(bpe):
    assert bpe.encode("hi", add_special=True) == [bpe.bos_id] + bpe.encode("hi") + [bpe.eos_id]
    assert bpe.encode("hi") == bpe.encode("hi", add_special=False)  # SmolLM2: add_bos_token false


def test_metadata(bpe, smollm_meta):
    assert len(bpe) == 49152
    assert (bpe.bos_id, bpe.eos_id, bpe.unk_id, bpe.pad_id) == (1, 2, 0, 2)
    assert bpe.pre == "smollm"
    assert sorted(bpe.special_ids.values()) == list(range(17))


def test_plain_lists_are_enough(smollm_meta):
    # The constructor takes plain lists, whatever reader produced them.
    tok = BPETokenizer(tuple(smollm_meta["tokenizer.ggml.tokens"]), tuple(smollm_meta["tokenizer.ggml.merges"]),
                       smollm_meta["tokenizer.ggml.token_type"], pre="smollm")
    assert tok.encode("Hello world <|im_end|>") == [19556, 905, 216, 2]


def test_tables_are_compact(smollm_meta):
    """The tokenizer keeps the model's token list (no copy: 0.4 MiB of VM
    heap per 49,152-entry list) and one byte per token type."""
    tok = BPETokenizer.from_gguf(smollm_meta)
    assert tok.tokens is smollm_meta["tokenizer.ggml.tokens"]
    assert isinstance(tok.types, bytes) and len(tok.types) == len(tok.tokens)
    assert list(tok.types) == list(smollm_meta["tokenizer.ggml.token_type"])
    tok.decode(tok.encode("Hello there"))
    assert len(tok._token_bytes) <= 3          # a cache of the tokens decoded, not a table of all


def test_mismatched_token_types_are_refused(smollm_meta):
    with pytest.raises(ValueError, match="token types"):
        BPETokenizer(["a", "b"], [], [1])


def test_unknown_pre_tokenizer_is_refused(smollm_meta):
    meta = dict(smollm_meta)
    meta["tokenizer.ggml.pre"] = "llama3"
    with pytest.raises(ValueError):
        BPETokenizer.from_gguf(meta)


def test_byte_table():
    table = tokenizer_bpe.bytes_to_unicode()
    assert len(set(table)) == 256
    assert table[ord("A")] == "A" and table[32] == "\u0120" and table[10] == "\u010a"
    assert all(not ch.isspace() for ch in table)


def random_bytes(rng, n):
    # Biased towards UTF-8 edge cases: lead bytes, continuations, the
    # E0/ED/F0/F4 boundaries, and valid multi-byte characters.
    pool = [0x41, 0x80, 0xBF, 0x9F, 0xA0, 0x8F, 0x90, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEF,
            0xF0, 0xF1, 0xF4, 0xF5, 0xFF]
    out = bytearray()
    while len(out) < n:
        if rng.random() < 0.3:
            out += chr(rng.choice([0xE9, 0x20AC, 0x1F600, 0xD7FF, 0x10FFFF, 0x800])).encode("utf-8")
        else:
            out.append(rng.choice(pool))
    return bytes(out)


def test_utf8_decode_matches_cpython_replace():
    rng = random.Random(7)
    for _ in range(3000):
        data = random_bytes(rng, rng.randint(0, 12))
        assert utf8_decode(data) == (data.decode("utf-8", "replace"), len(data)), data


def test_stream_decoder_on_invalid_bytes(bpe):
    # Random byte tokens (ids 17..272 are single bytes): streamed text equals
    # the one-shot decode, including U+FFFD where the bytes are invalid.
    rng = random.Random(11)
    byte_ids = {}
    for b in range(256):
        byte_ids[b] = bpe.vocab.get(bpe.byte_chars[b])
    for _ in range(500):
        data = bytes(b for b in random_bytes(rng, rng.randint(0, 10)) if byte_ids[b] is not None)
        ids = [byte_ids[b] for b in data]
        stream = StreamDecoder(bpe)
        text = "".join(stream.feed(t) for t in ids) + stream.flush()
        assert text == data.decode("utf-8", "replace") == bpe.decode(ids)


def test_long_word_is_fast_enough(bpe, llama_vocab):
    s = "ab" * 2000
    assert bpe.encode(s) == llama_vocab.tokenize(s.encode(), add_bos=False, special=True)


def test_fed_by_the_runtime_gguf_reader(gguf_path, strings, llama_ids):
    # runtime/nn/gguf.py (the reader TensorOS uses) gives the same dict.
    import mmap
    try:
        from nn import gguf
        with open(gguf_path, "rb") as f:
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            meta = gguf.read(data).metadata
    except (ImportError, AttributeError) as e:
        pytest.skip("runtime/nn/gguf.py not usable yet: %s" % e)
    tok = BPETokenizer.from_gguf(meta)
    assert [tok.encode(s) for s in strings[::5]] == llama_ids[::5]
