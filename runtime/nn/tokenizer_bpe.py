"""Byte-level BPE (GPT-2 style), fed from the model's own tokenizer data.

The tokenizer takes plain lists -- tokens, merges ("a b" strings, rank =
position), token types -- so any GGUF reader can feed it
(`BPETokenizer.from_gguf(metadata)` takes the tokenizer.ggml.* keys as a
dict).  Token ids match llama.cpp for SmolLM2 (tests/unit/tokenizers).

Encoding, in order:
1. special tokens (control / user-defined / unknown types) are cut out of
   the raw text first, leftmost-longest, so "<|im_start|>" is one id;
2. the pre-tokenizer splits each remaining fragment into pieces.  For
   pre = "smollm" (and the llama.cpp family that shares its regexes) every
   number character is its own piece, then GPT-2's pattern
       's|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+
   runs on the text between them.  It is a hand-written scanner over
   character classes from nn.unicode_tables (no regex engine, no
   unicodedata in the kernel);
3. each piece's UTF-8 bytes are mapped to printable characters (GPT-2's
   byte-to-unicode table) and merged: repeatedly the adjacent pair with the
   lowest merge rank, leftmost first (what llama.cpp's priority queue does).
   Results are cached per piece, since text repeats words a lot.

Decoding maps token characters back to bytes and decodes UTF-8 with U+FFFD
for invalid sequences (CPython's errors="replace" rules, written out here
because the VM's bytes.decode has no error handlers).  StreamDecoder emits
only complete characters, for printing tokens as they are generated.
"""

from nn import unicode_tables

# GGUF token types (llama.cpp's llama_token_type).
TYPE_NORMAL = 1
TYPE_UNKNOWN = 2
TYPE_CONTROL = 3
TYPE_USER_DEFINED = 4
TYPE_UNUSED = 5
TYPE_BYTE = 6

# Pre-tokenizer names (tokenizer.ggml.pre) that llama.cpp splits exactly as
# SmolLM2: single number characters, then the GPT-2 pattern.
_DIGIT_SPLIT_PRE = ("smollm", "starcoder", "refact", "command-r", "codeshell", "exaone", "minerva")

_NO_MERGE = 1 << 62  # rank of a pair that has no merge: larger than any rank


def bytes_to_unicode():
    """GPT-2's table: byte value -> printable character.  Bytes that are
    printable Latin-1 map to themselves; the others (controls, space, ...)
    map to U+0100 onwards, in byte order, so every byte has a visible,
    non-space stand-in and merges can be written as "a b"."""
    keep = list(range(0x21, 0x7F)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    table = [None] * 256
    for b in keep:
        table[b] = chr(b)
    extra = 0
    for b in range(256):
        if table[b] is None:
            table[b] = chr(256 + extra)
            extra += 1
    return table


def utf8_decode(data, final=True):
    """Decodes bytes as UTF-8, each maximal invalid subsequence becoming one
    U+FFFD (the same result as CPython's data.decode("utf-8", "replace")).
    With final=False a truncated but so-far-valid sequence at the end is
    left undecoded.  Returns (text, number of bytes consumed)."""
    n = len(data)
    try:
        return data.decode("utf-8"), n
    except UnicodeError:
        pass
    parts = []
    run = 0  # start of the current run of valid bytes
    i = 0
    while i < n:
        b = data[i]
        if b < 0x80:
            i += 1
            continue
        # Expected continuation count and the allowed range of the first
        # continuation byte (narrower after E0, ED, F0, F4: no overlongs,
        # no surrogates, nothing above U+10FFFF).
        lo, hi = 0x80, 0xBF
        if 0xC2 <= b <= 0xDF:
            need = 1
        elif 0xE0 <= b <= 0xEF:
            need = 2
            if b == 0xE0:
                lo = 0xA0
            elif b == 0xED:
                hi = 0x9F
        elif 0xF0 <= b <= 0xF4:
            need = 3
            if b == 0xF0:
                lo = 0x90
            elif b == 0xF4:
                hi = 0x8F
        else:
            need = 0  # never valid as a first byte
        k = 1
        while k <= need:
            if i + k >= n:
                break
            c = data[i + k]
            if not lo <= c <= hi:
                break
            lo, hi = 0x80, 0xBF
            k += 1
        if need and k > need:
            i += k  # a complete valid character
            continue
        if need and i + k >= n and not final:
            # Truncated at the end of the data: wait for more bytes.
            if run < i:
                parts.append(data[run:i].decode("utf-8"))
            return "".join(parts), i
        if run < i:
            parts.append(data[run:i].decode("utf-8"))
        parts.append("\ufffd")
        i += k  # skip the maximal invalid subpart (at least one byte)
        run = i
    if run < n:
        parts.append(data[run:n].decode("utf-8"))
    return "".join(parts), n


class BPETokenizer:
    def __init__(self, tokens, merges, token_types=None, bos_id=None, eos_id=None,
                 unk_id=None, pad_id=None, pre="smollm", add_bos=False, add_eos=False):
        if pre not in _DIGIT_SPLIT_PRE and pre not in ("gpt2", "default"):
            raise ValueError("unsupported BPE pre-tokenizer %r" % (pre,))
        # The tables are the model's own lists, not copies: each copy of a
        # 49,152-entry list is 0.4 MiB of VM heap, and the heap is sized
        # after what is live while the model loads.
        self.tokens = tokens if isinstance(tokens, (list, tuple)) else list(tokens)
        self.vocab = {}
        for i in range(len(self.tokens)):
            self.vocab[self.tokens[i]] = i
        # Merges are stored as "left right"; the text itself is the key, so
        # a pair is looked up as left + " " + right (byte-level tokens never
        # contain a real space: it is mapped to U+0120).
        self.ranks = {}
        for i in range(len(merges)):
            m = merges[i]
            if m not in self.ranks:
                self.ranks[m] = i
        # One byte per token (types are 1..6), not a list of ints.
        if token_types is None:
            self.types = bytes((TYPE_NORMAL,)) * len(self.tokens)
        else:
            try:
                self.types = bytes(token_types)
            except (ValueError, TypeError):
                self.types = list(token_types)
        if len(self.types) != len(self.tokens):
            raise ValueError("BPE: %d token types for %d tokens" % (len(self.types), len(self.tokens)))
        self.bos_id = bos_id
        self.eos_id = eos_id
        self.unk_id = unk_id
        self.pad_id = pad_id
        self.add_bos = add_bos
        self.add_eos = add_eos
        self.pre = pre
        self.split_digits = pre in _DIGIT_SPLIT_PRE
        self.byte_chars = bytes_to_unicode()
        self.char_bytes = {}
        for b in range(256):
            self.char_bytes[self.byte_chars[b]] = b
        # Special tokens matched in raw text, grouped by first character,
        # longest first (so the longest one wins at a position).
        self.special_ids = {}
        for i in range(len(self.tokens)):
            if self.types[i] in (TYPE_CONTROL, TYPE_USER_DEFINED, TYPE_UNKNOWN) and self.tokens[i]:
                self.special_ids[self.tokens[i]] = i
        self._special_by_first = {}
        for text in sorted(self.special_ids, key=len, reverse=True):
            self._special_by_first.setdefault(text[0], []).append(text)
        self._class_cache = {}
        self._piece_cache = {}
        self._token_bytes = None

    @classmethod
    def from_gguf(cls, meta):
        """From GGUF metadata: a dict of key -> plain value (lists of str /
        int for the arrays), as any GGUF reader can produce."""
        model = meta.get("tokenizer.ggml.model", "gpt2")
        if model != "gpt2":
            raise ValueError("not a byte-level BPE tokenizer: tokenizer.ggml.model = %r" % (model,))
        return cls(meta["tokenizer.ggml.tokens"], meta["tokenizer.ggml.merges"],
                   meta.get("tokenizer.ggml.token_type"),
                   bos_id=meta.get("tokenizer.ggml.bos_token_id"),
                   eos_id=meta.get("tokenizer.ggml.eos_token_id"),
                   unk_id=meta.get("tokenizer.ggml.unknown_token_id"),
                   pad_id=meta.get("tokenizer.ggml.padding_token_id"),
                   pre=meta.get("tokenizer.ggml.pre", "gpt2"),
                   add_bos=bool(meta.get("tokenizer.ggml.add_bos_token", False)),
                   add_eos=bool(meta.get("tokenizer.ggml.add_eos_token", False)))

    def __len__(self):
        return len(self.tokens)

    # ---- encoding ----

    def encode(self, text, add_special=None, parse_special=True):
        """Token ids of text.  add_special: put BOS/EOS around it (default:
        the model's add_bos/add_eos flags).  parse_special: recognise
        special-token text such as "<|im_end|>" (off for untrusted text)."""
        ids = []
        if add_special is None:
            want_bos, want_eos = self.add_bos, self.add_eos
        else:
            want_bos = want_eos = add_special
        if want_bos and self.bos_id is not None:
            ids.append(self.bos_id)
        if parse_special and self._special_by_first:
            for fragment, special in self.split_special(text):
                if special is not None:
                    ids.append(special)
                else:
                    self._encode_ordinary(fragment, ids)
        else:
            self._encode_ordinary(text, ids)
        if want_eos and self.eos_id is not None:
            ids.append(self.eos_id)
        return ids

    def split_special(self, text):
        """[(fragment, None) or (special text, id)], in order."""
        out = []
        start = 0  # start of the pending ordinary text
        pos = 0    # where the next search begins
        firsts = self._special_by_first
        while True:
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
            out.append((found, self.special_ids[found]))
            start = pos = nxt + len(found)
        if start < len(text):
            out.append((text[start:], None))
        return out

    def _encode_ordinary(self, text, ids):
        cache = self._piece_cache
        for piece in self.pretokenize(text):
            got = cache.get(piece)
            if got is None:
                got = self._encode_piece(piece)
                if len(cache) >= 100000:
                    cache.clear()  # bound memory on endless varied input
                cache[piece] = got
            ids.extend(got)

    def _char_class(self, ch):
        """'W' White_Space, 'L' letter, 'N' number, 'O' anything else."""
        cp = ord(ch)
        if unicode_tables.is_whitespace(cp):
            c = "W"
        else:
            c = unicode_tables.category(cp)
            if c != "L" and c != "N":
                c = "O"
        self._class_cache[ch] = c
        return c

    def pretokenize(self, text):
        """The pieces of text (no special tokens in it), in order."""
        chars = list(text)  # one pass: indexing a non-ASCII str is O(n) in the VM
        n = len(chars)
        cache = self._class_cache
        cls = []
        for ch in chars:
            c = cache.get(ch)
            if c is None:
                c = self._char_class(ch)
            cls.append(c)
        split_digits = self.split_digits
        pieces = []
        i = 0
        while i < n:
            ch = chars[i]
            c = cls[i]
            if c == "N" and split_digits:
                pieces.append(ch)
                i += 1
                continue
            # 's 't 're 've 'm 'll 'd (case-sensitive, as in GPT-2)
            if ch == "'" and i + 1 < n:
                nx = chars[i + 1]
                if nx == "s" or nx == "t" or nx == "m" or nx == "d":
                    pieces.append(ch + nx)
                    i += 2
                    continue
                if i + 2 < n:
                    two = nx + chars[i + 2]
                    if two == "re" or two == "ve" or two == "ll":
                        pieces.append(ch + two)
                        i += 3
                        continue
            # An optional single space joins the letters / numbers /
            # other-run that follows it.
            j = i
            if ch == " " and i + 1 < n and cls[i + 1] != "W":
                j = i + 1
                c = cls[j]
                if c == "N" and split_digits:
                    c = "W"  # the space ends its segment: whitespace rule
            if c == "L" or c == "O" or c == "N":
                j += 1
                while j < n and cls[j] == c:
                    j += 1
                pieces.append("".join(chars[i:j]))
                i = j
                continue
            # Whitespace run: \s+(?!\S) leaves the last one to prefix the
            # next word, unless the run ends the text or its segment.
            j = i
            while j < n and cls[j] == "W":
                j += 1
            if j - i > 1 and j < n and not (split_digits and cls[j] == "N"):
                j -= 1
            pieces.append("".join(chars[i:j]))
            i = j
        return pieces

    def _encode_piece(self, piece):
        byte_chars = self.byte_chars
        mapped = [byte_chars[b] for b in piece.encode("utf-8")]
        vocab = self.vocab
        ids = []
        for sym in self.bpe(mapped):
            t = vocab.get(sym)
            if t is not None:
                ids.append(t)
                continue
            # Not a token: fall back to one token per byte.  A byte without
            # a token of its own (SmolLM2 has none for a few control bytes
            # and for bytes that never occur in UTF-8) is dropped, as
            # llama.cpp does.
            for c in sym:
                t = vocab.get(c)
                if t is not None:
                    ids.append(t)
        return ids

    def bpe(self, symbols):
        """Applies the merges to a list of symbols (byte characters): the
        lowest-ranked adjacent pair, leftmost first, until none applies."""
        syms = list(symbols)
        if len(syms) < 2:
            return syms
        ranks = self.ranks
        pair_rank = [ranks.get(syms[k] + " " + syms[k + 1], _NO_MERGE) for k in range(len(syms) - 1)]
        while pair_rank:
            best = min(pair_rank)
            if best == _NO_MERGE:
                break
            k = pair_rank.index(best)
            syms[k] = syms[k] + syms[k + 1]
            del syms[k + 1]
            del pair_rank[k]
            if k > 0:
                pair_rank[k - 1] = ranks.get(syms[k - 1] + " " + syms[k], _NO_MERGE)
            if k < len(pair_rank):
                pair_rank[k] = ranks.get(syms[k] + " " + syms[k + 1], _NO_MERGE)
        return syms

    # ---- decoding ----

    def is_special(self, token_id):
        return self.types[token_id] in (TYPE_CONTROL, TYPE_UNKNOWN)

    def token_bytes(self, token_id):
        """The bytes token_id stands for (specials: their text)."""
        table = self._token_bytes
        if table is None:
            table = self._token_bytes = {}      # only the tokens decoded so far
        got = table.get(token_id)
        if got is None:
            text = self.tokens[token_id]
            if self.types[token_id] in (TYPE_CONTROL, TYPE_USER_DEFINED, TYPE_UNKNOWN):
                got = text.encode("utf-8")
            else:
                out = []
                for ch in text:
                    b = self.char_bytes.get(ch)
                    if b is None:
                        out.append(ch.encode("utf-8"))  # not a byte character
                    else:
                        out.append(bytes((b,)))
                got = b"".join(out)
            table[token_id] = got
        return got

    def decode_bytes(self, ids, skip_special=False):
        out = []
        for t in ids:
            if skip_special and self.is_special(t):
                continue
            out.append(self.token_bytes(t))
        return b"".join(out)

    def decode(self, ids, skip_special=False):
        """Text of ids; invalid UTF-8 (a split character) becomes U+FFFD."""
        return utf8_decode(self.decode_bytes(ids, skip_special))[0]

    def stream(self, skip_special=False):
        return StreamDecoder(self, skip_special)


class StreamDecoder:
    """Turns tokens into text as they arrive, holding back the bytes of a
    character that is not complete yet, so a multi-byte character split
    over several tokens is printed once, whole."""

    def __init__(self, tokenizer, skip_special=False):
        self.tokenizer = tokenizer
        self.skip_special = skip_special
        self.pending = b""

    def feed(self, token_id):
        """Text that became complete with this token (may be "")."""
        if self.skip_special and self.tokenizer.is_special(token_id):
            return ""
        data = self.pending + self.tokenizer.token_bytes(token_id)
        text, used = utf8_decode(data, False)
        self.pending = data[used:]
        return text

    def flush(self):
        """The held-back bytes at the end of the stream (as U+FFFD)."""
        text = utf8_decode(self.pending, True)[0]
        self.pending = b""
        return text
