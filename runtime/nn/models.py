"""Models by name, ready to use: `nn.load(name)` (see nn/__init__.py) gives
a LanguageModel (llama-style decoders in GGUF: text in, text out) or an
Encoder (BERT in safetensors: text in, vector out).

This file only joins the parts: the registry finds and checks the files,
the tokenizers, the chat template and the model graphs (llama.py, bert.py)
do the work. Storage is injected: `open_file(relative_path)` returns a
buffer (a read-only memoryview of a mapped file on the hosted board, of the
MODEL zone on the kernel), and the weights are used in place.
"""

import json

from nn import registry as _registry


class Completion:
    """What LanguageModel.complete returns: `text`, `tokens` (the new token
    ids, without the stop token), `prompt_tokens` (how many the prompt had),
    `finish_reason` ("stop", "length", "context" or "callback"), and the
    prefill / decode speeds in tokens per second."""

    def __init__(self, text, tokens, prompt_tokens, finish_reason, prefill_tps, decode_tps, stats):
        self.text = text
        self.tokens = tokens
        self.prompt_tokens = prompt_tokens
        self.finish_reason = finish_reason
        self.prefill_tokens_per_second = prefill_tps
        self.decode_tokens_per_second = decode_tps
        self.stats = stats

    def as_dict(self):
        return {
            "text": self.text,
            "tokens": list(self.tokens),
            "prompt_tokens": self.prompt_tokens,
            "generated_tokens": len(self.tokens),
            "finish_reason": self.finish_reason,
            "prefill_tokens_per_second": self.prefill_tokens_per_second,
            "decode_tokens_per_second": self.decode_tokens_per_second,
        }

    def __repr__(self):
        return "Completion(%r, %d tokens, %s)" % (self.text, len(self.tokens), self.finish_reason)


class LanguageModel:
    """A decoder with its tokenizer and chat template.

        m = nn.load("smollm2")
        m.generate("What is the capital of France?", max_tokens=32)   # -> str
        m.generate("Tell me a story", on_text=print_piece)            # streams
        m.complete("...").as_dict()                                   # text, ids, speeds
        m.chat("Hi!"); m.chat("What did I say?")                      # one conversation

    generate / complete / stream start a new conversation each call (the
    KV cache is reset); chat continues it until reset().

    n_ctx: positions in the KV cache. None: sized to what each call needs
    (prompt + max_tokens), growing up to the model's context length or
    2048, whichever is smaller, so a short answer costs a small cache."""

    kind = "llm"
    FIRST_CONTEXT = 256

    def __init__(self, name, model, n_ctx=None, clock=None):
        from nn.chat import ChatTemplate
        from nn.llama import wrap_tensors
        from nn.tokenizer_bpe import BPETokenizer
        self.name = name
        self.model = model
        self.clock = clock
        metadata = model.weights.metadata
        self.tokenizer = BPETokenizer.from_gguf(metadata)
        self.template = None
        self.template_error = None
        try:
            self.template = ChatTemplate(metadata.get("tokenizer.chat_template"))
        except ValueError as error:      # not ChatML: chat=False still works
            self.template_error = str(error)
        self.weights = wrap_tensors(model.weights)
        self.fixed_ctx = n_ctx
        self.llama = None
        self._last = None           # the last call's Completion
        self._partial = None        # what the running call has made so far
        if n_ctx is not None:
            self.max_ctx = n_ctx
            self._make(n_ctx)
        else:
            context = int(metadata.get(metadata.get("general.architecture", "llama") + ".context_length", 2048))
            self.max_ctx = min(context, 2048)
            self._make(min(self.FIRST_CONTEXT, self.max_ctx))

    def _make(self, n_ctx):
        from nn.llama import Llama
        self.llama = None       # the old cache can go before the new one is made
        try:
            import gc
            gc.collect()
        except ImportError:
            pass
        self.llama = Llama(self.weights, self.model.weights.metadata, n_ctx=n_ctx, clock=self.clock)

    @property
    def n_ctx(self):
        return self.llama.n_ctx

    def reserve(self, positions):
        """Make the KV cache hold `positions` tokens if it may grow (n_ctx
        None at load), up to the model's limit; a generation that goes past
        the cache stops with finish_reason "context". A conversation in the
        old cache is run again into the new one."""
        have = self.llama.n_ctx
        if self.fixed_ctx is not None or positions <= have or have >= self.max_ctx:
            return
        want = have
        while want < positions:
            want *= 2
        history = self.llama.tokens[:self.llama.n_past]
        pending = self.llama.tokens[self.llama.n_past:]
        self._make(min(want, self.max_ctx))
        if history:
            self.llama.evaluate(history)
        self.llama.tokens.extend(pending)

    def describe(self):
        return _registry.describe(self.model)

    # ---- the conversation (chat) ----
    def reset(self):
        """Forget the conversation."""
        self.llama.reset()
        self._last = None

    def conversation_tokens(self):
        """Tokens of the conversation: in the KV cache, and the last one
        sampled (it goes in with the next turn)."""
        return len(self.llama.tokens)

    def last_completion(self):
        """The last call's Completion; while a call runs (or after it was
        interrupted, e.g. by Ctrl-C) what it had produced so far, with
        finish_reason "interrupted"."""
        if self._last is not None:
            return self._last
        partial = self._partial
        if partial is None:
            return None
        llama = self.llama
        return Completion("".join(partial["pieces"]), list(partial["tokens"]), partial["prompt_tokens"],
                          "interrupted", llama.prefill_tokens_per_second(), llama.decode_tokens_per_second(),
                          dict(llama.stats))

    def chat(self, message, max_tokens=256, temperature=0.0, system=None, **options):
        """The next turn of the conversation: `message` as the user's turn
        after everything said so far (the first turn also gets the
        template's system message, or `system`); returns a Completion. The
        context keeps growing until reset() (a ValueError when it is full)."""
        if not isinstance(message, str):
            raise TypeError("chat takes a str")
        if self.template is None:
            raise ValueError("model %r: no usable chat template (%s)" % (self.name, self.template_error))
        from nn.chat import format_chatml, IM_END
        turn = [{"role": "user", "content": message}]
        if self.llama.n_past == 0 and not self.llama.tokens:
            if system is not None:
                turn.insert(0, {"role": "system", "content": system})
            text = self.template.render(turn, add_generation_prompt=True)
        else:
            # After the assistant's turn: its end marker is in the context
            # when it stopped there, else it is closed here.
            end_id = self.tokenizer.special_ids.get(IM_END)
            closed = self.llama.tokens and self.llama.tokens[-1] == end_id
            text = ("\n" if closed else IM_END + "\n") + format_chatml(turn, True, None)
        return self._generate(self.tokenizer.encode(text), max_tokens, temperature, keep=True, **options)

    def prompt_ids(self, prompt, chat=True, system=None):
        """The token ids the model is given for `prompt`: with chat=True
        the user message in the model's chat template (plus an optional
        system message) with the assistant's turn opened; with chat=False
        the text as it is. A list of ints is taken as ids already."""
        if isinstance(prompt, list):
            return list(prompt)
        if not isinstance(prompt, str):
            raise TypeError("prompt must be a str or a list of token ids")
        if chat:
            if self.template is None:
                raise ValueError("model %r: no usable chat template (%s); use chat=False"
                                 % (self.name, self.template_error))
            messages = []
            if system is not None:
                messages.append({"role": "system", "content": system})
            messages.append({"role": "user", "content": prompt})
            prompt = self.template.render(messages, add_generation_prompt=True)
        return self.tokenizer.encode(prompt)

    def complete(self, prompt, max_tokens=256, temperature=0.0, top_k=40, top_p=0.95, repeat_penalty=1.0,
                 seed=None, chat=True, system=None, on_text=None, on_token=None):
        """Generate a reply; returns a Completion. on_text(piece) is called
        with each piece of text as soon as it is complete UTF-8 (return
        False from it to stop); on_token(id) with each token id."""
        ids = self.prompt_ids(prompt, chat, system)
        return self._generate(ids, max_tokens, temperature, top_k, top_p, repeat_penalty, seed, on_text, on_token,
                              keep=False)

    def _generate(self, ids, max_tokens, temperature, top_k=40, top_p=0.95, repeat_penalty=1.0, seed=None,
                  on_text=None, on_token=None, keep=False):
        """ids after the conversation (keep) or alone; the Completion."""
        if max_tokens < 0:
            raise ValueError("max_tokens must be >= 0")
        if not ids:
            raise ValueError("the prompt has no tokens")
        if not keep:
            self.llama.reset()
        self.reserve(len(self.llama.tokens) + len(ids) + max_tokens)
        stream = self.tokenizer.stream(skip_special=True)
        pieces = []
        made = []
        self._last = None
        self._partial = {"pieces": pieces, "tokens": made, "prompt_tokens": len(ids)}

        def each(token):
            made.append(token)
            if on_token is not None and on_token(token) is False:
                return False
            piece = stream.feed(token)
            if piece:
                pieces.append(piece)
                if on_text is not None and on_text(piece) is False:
                    return False
            return True

        tokens = self.llama.generate(ids, max_tokens=max_tokens, temperature=temperature, top_k=top_k,
                                     top_p=top_p, repeat_penalty=repeat_penalty, seed=seed, on_token=each)
        tail = stream.flush()
        if tail:
            pieces.append(tail)
            if on_text is not None:
                on_text(tail)
        llama = self.llama
        self._last = Completion("".join(pieces), tokens, len(ids), llama.finish_reason,
                                llama.prefill_tokens_per_second(), llama.decode_tokens_per_second(),
                                dict(llama.stats))
        self._partial = None
        return self._last

    def generate(self, prompt, max_tokens=256, temperature=0.0, **options):
        """The reply's text (see complete for the options)."""
        return self.complete(prompt, max_tokens, temperature, **options).text

    def stream(self, prompt, max_tokens=256, temperature=0.0, write=None, **options):
        """Print the reply as it is produced (with `write`, default print
        without a newline) and return the Completion."""
        if write is None:
            def write(piece):
                print(piece, end="", flush=True)
        return self.complete(prompt, max_tokens, temperature, on_text=write, **options)


class Encoder:
    """A sentence encoder with its WordPiece tokenizer.

        e = nn.load("minilm")
        e.embed("a sentence")            # -> (hidden,) tensor, L2-normalized
        e.embed(["one", "two"])          # -> (2, hidden)
    """

    kind = "encoder"

    def __init__(self, name, model, read):
        from nn.bert import Bert
        from nn.tokenizer_wordpiece import WordPieceTokenizer
        self.name = name
        self.model = model
        tokenizer = None
        files = model.entry["files"]
        if "tokenizer" in files:
            raw = read("tokenizer")
            try:
                spec = json.loads(bytes(raw).decode("utf-8"))
            except (ValueError, RecursionError) as error:
                raise _registry.RegistryError("model %r: tokenizer.json is not valid JSON (%s)"
                                              % (name, error)) from None
            tokenizer = WordPieceTokenizer.from_tokenizer_json(spec)
        elif "vocab" in files:
            tokenizer = WordPieceTokenizer.from_vocab_txt(bytes(read("vocab")).decode("utf-8"))
        else:
            raise _registry.RegistryError("model %r has no tokenizer file" % (name,))
        self.tokenizer = tokenizer
        self.bert = Bert.from_safetensors(model.weights, model.config)

    def describe(self):
        return _registry.describe(self.model)

    def token_ids(self, text):
        return self.tokenizer.encode(text).ids

    def embed(self, text, normalize=True):
        """One vector (hidden,) for a str, a (B, hidden) tensor for a list."""
        if isinstance(text, str):
            return self.bert.embed([self.token_ids(text)], normalize=normalize).reshape(-1)
        if not isinstance(text, list) or not text:
            raise TypeError("embed takes a str or a non-empty list of str")
        return self.bert.embed([self.token_ids(t) for t in text], normalize=normalize)


def open_model(name, open_file, n_ctx=None, clock=None, progress=None):
    """The LanguageModel or Encoder `name` from the registry, its files read
    through open_file(relative path) -> buffer; progress(phase, done, total)
    after each file and step."""
    def note(phase, done=0, total=0):
        if progress is not None:
            progress(phase, done, total)

    def reading(path):
        buffer = open_file(path)
        size = len(memoryview(buffer))
        note("read " + path.split("/")[-1], size, size)
        return buffer

    registry = _registry.Registry(reading)
    model = registry.open(name)

    def read(role):
        return registry._read(name, role)

    note("tokenizer and " + model.architecture + " graph")
    if model.architecture == "llama":
        return LanguageModel(name, model, n_ctx=n_ctx, clock=clock)
    if model.architecture == "bert":
        return Encoder(name, model, read)
    raise _registry.RegistryError("model %r: no runner for architecture %r" % (name, model.architecture))
