"""BERT WordPiece (runtime/nn/tokenizer_wordpiece.py) against the
`tokenizers` package on all-MiniLM-L6-v2's tokenizer.json."""

import random

from nn.tokenizer_wordpiece import WordPieceTokenizer

from tok_corpus import mismatches


def test_ids_match_tokenizers(wordpiece, strings, hf_ids):
    got = [wordpiece.encode(s, truncate=False).ids for s in strings]
    assert got == hf_ids, mismatches(got, hf_ids, strings)


def test_vocab_txt_gives_the_same_ids(wordpiece_txt, strings, hf_ids):
    got = [wordpiece_txt.encode(s, truncate=False).ids for s in strings[::3]]
    assert got == hf_ids[::3]


def test_accents_and_case_sentences(wordpiece, hf_plain):
    # Uncased: NFD, nonspacing marks dropped, lowercase (char by char).
    rng = random.Random(3)
    letters = "AÀÁÂÃÄÅĀĂĄǍȦẠẢẤẦẨẪẬẮẰẲẴẶEÈÉÊËĒĔĖĘĚȨẸẺẼẾỀỂỄỆIÌÍÎÏĨĪĬĮİǏỈỊOÒÓÔÕÖŌŎŐƠǑǪȮỌỎỐỒỔỖỘỚỜỞỠỢ" \
              "ÇĆĈĊČÑŃŅŇǸŚŜŞŠȘŹŻŽẞßΆΈΉΊΌΎΏΪΫάέήίόύώϊϋΐΰЁЇЙйёїЎўЍѐ"
    texts = ["".join(rng.choice(letters + "aeiou ") for _ in range(rng.randint(1, 30))) for _ in range(300)]
    got = [wordpiece.encode(t, truncate=False).ids for t in texts]
    want = [e.ids for e in hf_plain.encode_batch(texts)]
    assert got == want, mismatches(got, want, texts)


def test_truncation_and_padding_as_the_file_says(wordpiece, hf_tokenizer, strings):
    # The shipped tokenizer.json truncates to 128 and pads to 128.
    long = [s * 20 for s in strings[:60] if s] + ["word " * 300, "日本" * 200]
    for text in long:
        want = hf_tokenizer.encode(text)
        got = wordpiece.encode(text, pad_to=128)
        assert got.ids == want.ids, text[:60]
        assert got.attention_mask == want.attention_mask
        assert got.type_ids == want.type_ids
        assert got.tokens == want.tokens


def test_pairs_longest_first(wordpiece, hf_plain):
    rng = random.Random(9)
    words = "alpha beta gamma delta epsilon zeta eta theta iota kappa".split()
    for _ in range(200):
        a = " ".join(rng.choice(words) for _ in range(rng.randint(0, 40)))
        b = " ".join(rng.choice(words) for _ in range(rng.randint(0, 40)))
        limit = rng.randint(3, 60)
        hf_plain.enable_truncation(limit)
        try:
            want = hf_plain.encode(a, b)
        finally:
            hf_plain.no_truncation()
        got = wordpiece.encode(a, b, max_length=limit)
        assert (got.ids, got.type_ids) == (want.ids, want.type_ids), (a, b, limit)


def test_default_max_length_is_512_from_vocab_txt(minilm_dir):
    tok = WordPieceTokenizer.from_vocab_txt((minilm_dir / "vocab.txt").read_text(encoding="utf-8"))
    assert tok.max_length == 512
    enc = tok.encode("word " * 1000)
    assert len(enc.ids) == 512 and enc.ids[0] == tok.cls_id and enc.ids[-1] == tok.sep_id
    assert enc.attention_mask == [1] * 512


def test_unk_for_long_or_unknown_words(wordpiece):
    unk = wordpiece.unk_id
    assert wordpiece.tokenize("x" * 101) == [unk]
    assert wordpiece.tokenize("x" * 100) != [unk]
    assert wordpiece.tokenize("😀") == [unk]
    assert wordpiece.tokenize("unaffable") == [wordpiece.vocab[t] for t in ("una", "##ffa", "##ble")]


def test_special_tokens_in_text(wordpiece):
    v = wordpiece.vocab
    assert wordpiece.tokenize("a [MASK] b[SEP]") == [v["a"], v["[MASK]"], v["b"], v["[SEP]"]]
    # Added tokens are matched before normalization: "[mask]" is ordinary text.
    assert v["[MASK]"] not in wordpiece.tokenize("[mask]")


def test_decode_matches_tokenizers(wordpiece, hf_plain, strings):
    for s in strings[::4]:
        ids = wordpiece.encode(s, truncate=False).ids
        assert wordpiece.decode(ids) == hf_plain.decode(ids), s
