"""BERT WordPiece tokenizer, from the model's vocab.txt or tokenizer.json.

Ids match the `tokenizers` package (BertNormalizer + BertPreTokenizer +
WordPiece + the [CLS] A [SEP] template) on the model's tokenizer.json; see
tests/unit/tokenizers.  Steps:

1. added tokens ([CLS], [SEP], [MASK], ...) are cut out of the raw text
   first: they are "not normalized", so only the exact text matches;
2. normalize: drop NUL, U+FFFD and control characters, turn whitespace into
   spaces, put spaces around CJK ideographs, then for uncased models strip
   accents (NFD, drop nonspacing marks) and lowercase, character by
   character (as Rust's char::to_lowercase: no final-sigma rule);
3. split on whitespace and make every punctuation character a word;
4. WordPiece: greedy longest match first, continuation pieces prefixed
   "##"; a word longer than max_chars (100) characters, or one with a part
   that matches nothing, becomes [UNK] as a whole;
5. [CLS] ... [SEP] (pairs: [CLS] A [SEP] B [SEP], type ids 0 / 1),
   truncation to max_length (tokenizers' LongestFirst for pairs), optional
   padding, attention mask.

Unicode properties come from nn.unicode_tables (the kernel has no
unicodedata, and the VM's str.lower() knows only a few scripts).
"""

from nn import unicode_tables


def _is_cjk(cp):
    # The "Chinese character" blocks of the original BERT code (CJK
    # ideographs; not Hangul, Hiragana or Katakana).
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


class Encoding:
    """ids, type_ids, attention_mask and the token strings of one input."""

    def __init__(self, ids, type_ids, attention_mask, tokens):
        self.ids = ids
        self.type_ids = type_ids
        self.attention_mask = attention_mask
        self.tokens = tokens

    def __len__(self):
        return len(self.ids)


class WordPieceTokenizer:
    def __init__(self, vocab, unk_token="[UNK]", cls_token="[CLS]", sep_token="[SEP]",
                 pad_token="[PAD]", mask_token="[MASK]", prefix="##", max_chars=100,
                 lowercase=True, strip_accents=None, clean_text=True, chinese_chars=True,
                 max_length=512, added_tokens=None):
        """vocab: the tokens in id order (vocab.txt's lines) or a dict
        token -> id.  strip_accents None follows lowercase, as in BERT.
        added_tokens: texts matched in raw input as single tokens (default:
        the five special tokens that are in the vocabulary)."""
        if isinstance(vocab, dict):
            self.vocab = dict(vocab)
        else:
            self.vocab = {}
            for i in range(len(vocab)):
                if vocab[i] not in self.vocab:
                    self.vocab[vocab[i]] = i
        self.id_to_token = {}
        for tok in self.vocab:
            self.id_to_token[self.vocab[tok]] = tok
        self.unk_token = unk_token
        self.unk_id = self.vocab[unk_token]
        self.cls_id = self.vocab[cls_token]
        self.sep_id = self.vocab[sep_token]
        self.pad_id = self.vocab.get(pad_token, 0)
        self.cls_token, self.sep_token, self.pad_token = cls_token, sep_token, pad_token
        self.prefix = prefix
        self.max_chars = max_chars
        self.lowercase = lowercase
        self.strip_accents = lowercase if strip_accents is None else strip_accents
        self.clean_text = clean_text
        self.chinese_chars = chinese_chars
        self.max_length = max_length
        if added_tokens is None:
            added_tokens = [t for t in (pad_token, unk_token, cls_token, sep_token, mask_token)
                            if t in self.vocab]
        self.added = {}
        for t in added_tokens:
            self.added[t] = self.vocab[t]
        self.special_ids = set(self.added.values())
        self._added_by_first = {}
        for t in sorted(self.added, key=len, reverse=True):
            self._added_by_first.setdefault(t[0], []).append(t)
        self._char_cache = {}
        self._word_cache = {}

    @classmethod
    def from_vocab_txt(cls, text, **options):
        """From the text of vocab.txt (one token per line, id = line)."""
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        return cls([line.rstrip("\r") for line in lines], **options)

    @classmethod
    def from_tokenizer_json(cls, obj, max_length=None):
        """From a parsed tokenizer.json (a dict) with a WordPiece model."""
        model = obj["model"]
        if model.get("type") != "WordPiece":
            raise ValueError("not a WordPiece tokenizer.json")
        norm = obj.get("normalizer") or {}
        options = {}
        if norm.get("type") == "BertNormalizer":
            options["lowercase"] = norm.get("lowercase", True)
            options["strip_accents"] = norm.get("strip_accents")
            options["clean_text"] = norm.get("clean_text", True)
            options["chinese_chars"] = norm.get("handle_chinese_chars", True)
        elif norm:
            raise ValueError("unsupported normalizer %r" % (norm.get("type"),))
        added = [t["content"] for t in obj.get("added_tokens") or []]
        trunc = obj.get("truncation")
        if max_length is None:
            max_length = trunc["max_length"] if trunc else 512
        return cls(model["vocab"], unk_token=model.get("unk_token", "[UNK]"),
                   prefix=model.get("continuing_subword_prefix", "##"),
                   max_chars=model.get("max_input_chars_per_word", 100),
                   max_length=max_length, added_tokens=added, **options)

    def __len__(self):
        return len(self.vocab)

    # ---- text to words ----

    def _split_added(self, text):
        """[(fragment, None) or (added token, id)]: added tokens match the raw
        text, leftmost-longest."""
        out = []
        start = pos = 0
        firsts = self._added_by_first
        while firsts:
            nxt = -1
            for first in firsts:
                k = text.find(first, pos)
                if k >= 0 and (nxt < 0 or k < nxt):
                    nxt = k
            if nxt < 0:
                break
            found = None
            for cand in firsts[text[nxt]]:
                if text.startswith(cand, nxt):
                    found = cand
                    break
            if found is None:
                pos = nxt + 1
                continue
            if start < nxt:
                out.append((text[start:nxt], None))
            out.append((found, self.added[found]))
            start = pos = nxt + len(found)
        if start < len(text):
            out.append((text[start:], None))
        return out

    def _map_char(self, ch):
        """Cleaning and CJK spacing of one character (cached)."""
        cp = ord(ch)
        r = ch
        if self.clean_text:
            if cp == 0 or cp == 0xFFFD:
                r = ""
            elif cp == 9 or cp == 10 or cp == 13:
                r = " "
            elif unicode_tables.category(cp) == "C":
                r = ""  # controls, format characters, unassigned
            elif unicode_tables.is_whitespace(cp):
                r = " "
        if r and self.chinese_chars and _is_cjk(cp):
            r = " " + ch + " "
        self._char_cache[ch] = r
        return r

    def normalize(self, text):
        cache = self._char_cache
        out = []
        for ch in text:
            r = cache.get(ch)
            if r is None:
                r = self._map_char(ch)
            out.append(r)
        text = "".join(out)
        if self.strip_accents and not text.isascii():
            kept = []
            for ch in unicode_tables.nfd(text):
                if ord(ch) < 0x300 or unicode_tables.category(ord(ch)) != "M":
                    kept.append(ch)
            text = "".join(kept)
        if self.lowercase:
            if text.isascii():
                text = text.lower()  # exact for ASCII in the VM too
            else:
                table = unicode_tables.lower_table()
                text = "".join([table.get(ch, ch) for ch in text])
        return text

    def _is_punct(self, cp):
        if cp < 0x80:
            # ASCII punctuation includes the symbols $+<=>^`|~ too.
            return (33 <= cp <= 47) or (58 <= cp <= 64) or (91 <= cp <= 96) or (123 <= cp <= 126)
        return unicode_tables.category(cp) == "P"

    def split_words(self, text):
        """Whitespace split, every punctuation character its own word."""
        words = []
        cur = []
        for ch in text:
            cp = ord(ch)
            if cp == 32 or unicode_tables.is_whitespace(cp):
                if cur:
                    words.append("".join(cur))
                    cur = []
            elif self._is_punct(cp):
                if cur:
                    words.append("".join(cur))
                    cur = []
                words.append(ch)
            else:
                cur.append(ch)
        if cur:
            words.append("".join(cur))
        return words

    # ---- words to pieces ----

    def wordpiece(self, word):
        """Ids of one word: greedy longest match first."""
        chars = list(word)
        n = len(chars)
        if n > self.max_chars:
            return [self.unk_id]
        vocab = self.vocab
        ids = []
        start = 0
        while start < n:
            end = n
            found = None
            while start < end:
                piece = "".join(chars[start:end])
                if start > 0:
                    piece = self.prefix + piece
                found = vocab.get(piece)
                if found is not None:
                    break
                end -= 1
            if found is None:
                return [self.unk_id]
            ids.append(found)
            start = end
        return ids

    def tokenize(self, text):
        """Ids of text without [CLS]/[SEP], truncation or padding."""
        ids = []
        cache = self._word_cache
        for fragment, added in self._split_added(text):
            if added is not None:
                ids.append(added)
                continue
            for word in self.split_words(self.normalize(fragment)):
                got = cache.get(word)
                if got is None:
                    got = self.wordpiece(word)
                    if len(cache) >= 100000:
                        cache.clear()
                    cache[word] = got
                ids.extend(got)
        return ids

    # ---- the model's input ----

    def encode(self, text, pair=None, max_length=None, pad_to=None, truncate=True):
        """Encoding for text (and an optional second text): [CLS] A [SEP]
        (B [SEP]), truncated to max_length (default: the model's), padded
        with [PAD] up to pad_to if given."""
        a = self.tokenize(text)
        b = self.tokenize(pair) if pair is not None else None
        if max_length is None:
            max_length = self.max_length
        if truncate and max_length is not None:
            room = max_length - (2 if b is None else 3)
            if room < 0:
                room = 0
            if b is None:
                a = a[:room]
            elif len(a) + len(b) > room:
                # tokenizers' LongestFirst: the shorter input stays whole
                # when it fits in its half, otherwise both get half.
                n1, n2 = len(a), len(b)
                swap = n1 > n2
                if swap:
                    n1, n2 = n2, n1
                if n1 > room:
                    n2 = n1
                else:
                    n2 = max(n1, room - n1)
                if n1 + n2 > room:
                    n1 = room // 2
                    n2 = n1 + room % 2
                if swap:
                    n1, n2 = n2, n1
                a, b = a[:n1], b[:n2]
        ids = [self.cls_id] + a + [self.sep_id]
        type_ids = [0] * len(ids)
        if b is not None:
            ids += b + [self.sep_id]
            type_ids += [1] * (len(b) + 1)
        mask = [1] * len(ids)
        if pad_to is not None and len(ids) < pad_to:
            extra = pad_to - len(ids)
            ids += [self.pad_id] * extra
            type_ids += [0] * extra
            mask += [0] * extra
        tokens = [self.id_to_token.get(i, self.unk_token) for i in ids]
        return Encoding(ids, type_ids, mask, tokens)

    def decode(self, ids, skip_special=True):
        """Text of ids: "##" pieces joined to the previous one, others after
        a space, then tokenizers' per-token cleanup (" ." -> ".", ...)."""
        out = []
        for i in ids:
            if skip_special and i in self.special_ids:
                continue
            tok = self.id_to_token.get(i, self.unk_token)
            if out:
                if tok.startswith(self.prefix):
                    tok = tok[len(self.prefix):]
                else:
                    tok = " " + tok
            for old, new in _CLEANUP:
                tok = tok.replace(old, new)
            out.append(tok)
        return "".join(out)


_CLEANUP = ((" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"),
            (" 'm", "'m"), (" do not", " don't"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re"))
