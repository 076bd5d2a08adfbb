"""The shell's model commands: `model list|load|info|unload`, `infer`,
`reset`, `embed`, `similar`. Policy only: loading, tokenizing and running
are nn's (runtime/nn); this file parses arguments and prints.

nn is imported on first use, so a shell that never touches a model does not
pay for it at boot.
"""

import kernel
from shell.commands import command, format_size

LLM_OPTIONS = {
    "-n": ("max_tokens", int), "--max-tokens": ("max_tokens", int),
    "-t": ("temperature", float), "--temperature": ("temperature", float),
    "--top-k": ("top_k", int), "--top-p": ("top_p", float),
    "--repeat-penalty": ("repeat_penalty", float), "--seed": ("seed", int),
}
INFER_USAGE = ('infer [MODEL] "prompt" [-n TOKENS] [-t TEMPERATURE] [--top-k K] [--top-p P] '
               '[--repeat-penalty R] [--seed S]')


class UsageError(Exception):
    pass


# A model file that is missing, unreadable or malformed (RegistryError,
# GGUFError, SafetensorsError, ModelDiskError are ValueErrors; a disk or
# file problem an OSError): one line, no traceback.
MODEL_ERRORS = (OSError, ValueError)


def seconds():
    return kernel.uptime_us() / 1000000.0


def nn_module():
    import nn
    return nn


def parse_options(args, table):
    """Split `args` into positional words and {option: value} by `table`."""
    words = []
    options = {}
    i = 0
    while i < len(args):
        a = args[i]
        if a in table:
            if i + 1 >= len(args):
                raise UsageError("%s needs a value" % a)
            name, kind = table[a]
            try:
                options[name] = kind(args[i + 1])
            except ValueError:
                raise UsageError("%s: %r is not a%s %s" % (a, args[i + 1], "n" if kind is int else "",
                                                         "integer" if kind is int else "number")) from None
            i += 2
            continue
        if a.startswith("--") and len(a) > 2:
            raise UsageError("unknown option %s" % a)
        words.append(a)
        i += 1
    return words, options


def split_model(words, kind):
    """[MODEL] TEXT...: the model name if the first word is one, else the
    default model of `kind` ("llm" or "encoder")."""
    nn = nn_module()
    if words and words[0] in nn.names():
        return words[0], words[1:]
    return nn.default_model(kind), words


def get_model(name, quiet=False):
    """The loaded model `name`, loading it (with progress) if needed."""
    nn = nn_module()
    model = nn.loaded().get(name)
    if model is None:
        model = load_with_progress(name, quiet)
    return model


def load_with_progress(name, quiet=False):
    nn = nn_module()
    if not quiet:
        print("loading %s ..." % name)
    t0 = seconds()

    def progress(phase, done, total):
        if not quiet:
            if total:
                print("  %-10s %3d%%  %s of %s" % (phase, done * 100 // total, format_size(done), format_size(total)))
            else:
                print("  %s" % phase)

    model = nn.load(name, progress=progress)
    info = nn.memory_of(model)
    if not quiet:
        print("loaded %s: %s, %s read, %s in memory, %.2f s" % (
            name, summary_line(model), format_size(info["file_bytes"]), format_size(info["total_bytes"]),
            seconds() - t0))
    return model


def summary_line(model):
    d = model.describe()
    return "%s, %s parameters, %s" % (d["architecture"], count_text(d["parameters"]), d["main_type"])


def count_text(n):
    if n >= 1000000000:
        return "%.2fB" % (n / 1e9)
    if n >= 1000000:
        return "%.1fM" % (n / 1e6)
    if n >= 1000:
        return "%.1fK" % (n / 1e3)
    return str(n)


# ---- model -------------------------------------------------------------------

def model_list():
    nn = nn_module()
    loaded = nn.loaded()
    print("%-9s %-6s %-12s %-8s %-6s %10s  %s" % ("NAME", "ARCH", "PARAMETERS", "QUANT", "ZONE", "MEMORY", "STATE"))
    for name in nn.names():
        m = loaded.get(name)
        if m is None:
            entry = nn.registry_entry(name)
            print("%-9s %-6s %-12s %-8s %-6s %10s  %s" % (name, entry["architecture"], "-", "-", "-", "-",
                                                           "not loaded"))
            continue
        d = m.describe()
        mem = nn.memory_of(m)
        print("%-9s %-6s %-12s %-8s %-6s %10s  %s" % (
            name, d["architecture"], count_text(d["parameters"]), d["main_type"], mem["zone"],
            format_size(mem["total_bytes"]), "loaded"))


def model_info(name):
    nn = nn_module()
    m = nn.loaded().get(name)
    if m is None:
        print("%s is not loaded: `model load %s` first" % (name, name))
        return
    d = m.describe()
    mem = nn.memory_of(m)
    print("%s: %s (%s, %s, license %s)" % (name, d["title"], d["format"], d["architecture"], d["license"]))
    print("  parameters  %s in %d tensors" % (count_text(d["parameters"]), d["tensors"]))
    for type_name in sorted(d["quantization"]):
        q = d["quantization"][type_name]
        print("  %-10s  %3d tensors, %s parameters, %s" % (type_name, q["tensors"], count_text(q["parameters"]),
                                                          format_size(q["bytes"])))
    h = d["hyperparameters"]
    print("  layers %d, dim %d, ffn %d, heads %d%s, context %d, vocab %d" % (
        h["block_count"], h["embedding_length"], h["feed_forward_length"], h["head_count"],
        (" / %d KV" % h["head_count_kv"]) if "head_count_kv" in h else "", h["context_length"], h["vocab_size"]))
    print("  memory: file %s (zone %s), KV cache %s, total %s" % (
        format_size(mem["file_bytes"]), mem["zone"], format_size(mem["kv_cache_bytes"]),
        format_size(mem["total_bytes"])))
    if getattr(m, "kind", "") == "llm":
        print("  conversation: %d tokens of %d" % (m.conversation_tokens(), m.n_ctx))


@command("model", "model list|load NAME|info NAME|unload NAME", "the models: load from the model disk, describe, free",
         expected=MODEL_ERRORS)
def cmd_model(args):
    nn = nn_module()
    if not args or args[0] == "list":
        model_list()
        return
    sub = args[0]
    if sub not in ("load", "info", "unload") or len(args) != 2:
        print("usage: model list|load NAME|info NAME|unload NAME")
        return
    name = args[1]
    if name not in nn.names():
        print("model: unknown model %r (known: %s)" % (name, ", ".join(nn.names())))
        return
    if sub == "load":
        if name in nn.loaded():
            print("%s is already loaded" % name)
            return
        load_with_progress(name)
    elif sub == "info":
        model_info(name)
    else:
        if not nn.unload(name):
            print("%s is not loaded" % name)
            return
        import gc
        gc.collect()
        print("unloaded %s" % name)


# ---- infer / reset ---------------------------------------------------------------

@command("infer", INFER_USAGE, "chat with a language model (streams; Ctrl-C stops; `reset` forgets)",
         expected=MODEL_ERRORS)
def cmd_infer(args):
    try:
        words, options = parse_options(args, LLM_OPTIONS)
        name, words = split_model(words, "llm")
    except UsageError as e:
        print("infer: %s\nusage: %s" % (e, INFER_USAGE))
        return
    if len(words) != 1 or not words[0]:
        print("usage: " + INFER_USAGE)
        return
    model = get_model(name)
    if getattr(model, "kind", "") != "llm":
        print("infer: %s is not a language model (try `embed %s`)" % (name, name))
        return

    def write(piece):
        print(piece, end="")

    interrupted = False
    try:
        c = model.chat(words[0], on_text=write, **options)
    except KeyboardInterrupt:
        interrupted = True
        c = model.last_completion()
    except ValueError as e:
        print("infer: %s" % e)
        return
    print()
    if c is None:
        print("[interrupted]")
        return
    reason = "interrupted" if interrupted else c.finish_reason
    print("[%d tokens, %s; prompt %d tokens at %.1f tok/s, decode %.2f tok/s; context %d of %d]" % (
        len(c.tokens), reason, c.prompt_tokens, c.prefill_tokens_per_second, c.decode_tokens_per_second,
        model.conversation_tokens(), model.n_ctx))


@command("reset", "reset [MODEL]", "forget the conversation (all language models without a name)",
         expected=MODEL_ERRORS)
def cmd_reset(args):
    nn = nn_module()
    loaded = nn.loaded()
    names = args if args else [n for n in loaded if getattr(loaded[n], "kind", "") == "llm"]
    for name in names:
        m = loaded.get(name)
        if m is None or getattr(m, "kind", "") != "llm":
            print("reset: %s is not a loaded language model" % name)
            continue
        m.reset()
        print("%s: conversation cleared" % name)


# ---- embed / similar -----------------------------------------------------------------

def encoder_and_texts(args, count, usage):
    try:
        words, options = parse_options(args, {})
        name, words = split_model(words, "encoder")
    except UsageError as e:
        print("%s\nusage: %s" % (e, usage))
        return None, None
    if len(words) != count:
        print("usage: " + usage)
        return None, None
    model = get_model(name)
    if getattr(model, "kind", "") != "encoder":
        print("%s is not an encoder (try `infer %s`)" % (name, name))
        return None, None
    return model, words


@command("embed", 'embed [MODEL] "text"', "a sentence embedding: size, norm, first values",
         expected=MODEL_ERRORS)
def cmd_embed(args):
    usage = 'embed [MODEL] "text"'
    model, texts = encoder_and_texts(args, 1, usage)
    if model is None:
        return
    t0 = seconds()
    v = model.embed(texts[0]).tolist()
    norm = dot(v, v) ** 0.5
    print("%d tokens -> %d dims, norm %.4f, %.1f ms" % (len(model.token_ids(texts[0])), len(v), norm,
                                                     (seconds() - t0) * 1000))
    print("[" + ", ".join(["%.4f" % x for x in v[:8]]) + ", ...]")


@command("similar", 'similar [MODEL] "text a" "text b"', "cosine similarity of two sentences",
         expected=MODEL_ERRORS)
def cmd_similar(args):
    usage = 'similar [MODEL] "text a" "text b"'
    model, texts = encoder_and_texts(args, 2, usage)
    if model is None:
        return
    a = model.embed(texts[0], normalize=False).tolist()
    b = model.embed(texts[1], normalize=False).tolist()
    norms = (dot(a, a) * dot(b, b)) ** 0.5
    if norms == 0:
        print("similar: an embedding is zero")
        return
    print("cosine %.4f" % (dot(a, b) / norms))


def dot(a, b):
    return sum([a[i] * b[i] for i in range(len(a))])
