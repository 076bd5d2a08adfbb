"""The program behind `tensoros infer` and `tensoros bench llm`, run by the
VM: `build/hosted/tensoros -m nn.infer ARGS` (the toolchain passes the
folder the model packages are installed in with --root).

    nn.infer [--root DIR] MODEL PROMPT [--max-tokens N] [--temperature T]
             [--top-k K] [--top-p P] [--seed S] [--system TEXT] [--raw]
             [--ctx N] [--json]
    nn.infer --bench [--root DIR] [MODEL] [--prompt TEXT] [--max-tokens N]

A decoder streams its reply and then its speeds (--json: one object with
text, tokens, prompt_tokens, prefill/decode tokens/s); an encoder prints its
vector. --bench prints one JSON object: after a warm-up run, a prompt's
prefill and a greedy decode of exactly N tokens (stop tokens ignored),
their speeds, and the process's resident memory beside the KV cache
(hosted: /proc/self/status).
Errors: a message on stderr (with --json also {"error": ...} on stdout),
status 1; bad arguments: status 2.
"""

import json
import sys

import nn

USAGE = ("usage: nn.infer [--root DIR] MODEL PROMPT [--max-tokens N] [--temperature T] [--top-k K] "
         "[--top-p P] [--seed S] [--system TEXT] [--raw] [--ctx N] [--json]\n"
         "       nn.infer --bench [--root DIR] [MODEL] [--prompt TEXT] [--max-tokens N]")

# Options taking a value: name -> converter.
_VALUE_OPTIONS = {"--root": str, "--max-tokens": int, "--temperature": float, "--top-k": int, "--top-p": float,
                  "--seed": int, "--system": str, "--ctx": int, "--prompt": str}
_FLAGS = ("--json", "--raw", "--bench")

BENCH_PROMPT = ("TensorOS is an operating system for AI workloads built from Python. Its kernel boots on "
                "x86_64 and ARM64 machines, and its shell, model formats, tokenizers and model code are "
                "written in a subset of Python that the kernel runs itself. Explain in a few sentences "
                "why an operating system might want to run language models without a host system, "
                "and what could be hard about doing that on small machines with little memory.")


class UsageError(Exception):
    pass


def parse(argv):
    options = {"--max-tokens": 128, "--temperature": 0.0, "--top-k": 40, "--top-p": 0.95, "--seed": None,
               "--system": None, "--root": None, "--ctx": None, "--prompt": None}
    flags = {}
    positional = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in _FLAGS:
            flags[arg] = True
        elif arg in _VALUE_OPTIONS:
            if i + 1 >= len(argv):
                raise UsageError(arg + " needs a value")
            try:
                options[arg] = _VALUE_OPTIONS[arg](argv[i + 1])
            except ValueError:
                raise UsageError("%s: %r is not a valid value" % (arg, argv[i + 1])) from None
            i += 1
        elif arg.startswith("--") and arg != "--":
            raise UsageError("unknown option " + arg)
        else:
            positional.append(arg)
        i += 1
    if options["--max-tokens"] < 0:
        raise UsageError("--max-tokens must be >= 0")
    if options["--temperature"] < 0:
        raise UsageError("--temperature must be >= 0")
    if options["--ctx"] is not None and options["--ctx"] <= 0:
        raise UsageError("--ctx must be > 0")
    return options, flags, positional


def _clock():
    try:
        import kernel
        if hasattr(kernel, "uptime_us"):
            return lambda: kernel.uptime_us() / 1000000.0
    except ImportError:
        pass
    import time
    return time.perf_counter


def main(argv=None):
    if argv is None:
        argv = sys.argv[1:]
    want_json = "--json" in argv or "--bench" in argv
    try:
        options, flags, positional = parse(argv)
        if flags.get("--bench"):
            return bench(options, positional)
        if len(positional) != 2:
            raise UsageError("give a MODEL and a PROMPT (known models: %s)" % ", ".join(nn.names()))
        return run(options, flags, positional[0], positional[1])
    except UsageError as error:
        _fail(str(error) + "\n" + USAGE, want_json)
        return 2
    except (ValueError, OSError, TypeError, MemoryError) as error:
        # Unknown model, missing or malformed files, a prompt too long for
        # the context: the message says which.
        _fail(str(error) or type(error).__name__, want_json)
        return 1


def _fail(message, want_json):
    print("infer: " + message, file=sys.stderr)
    if want_json:
        print(json.dumps({"error": message}))


def _load(name, options):
    root = options["--root"]
    return nn.load(name, root=root, n_ctx=options["--ctx"], clock=_clock()) if root is not None \
        else nn.load(name, n_ctx=options["--ctx"], clock=_clock())


def run(options, flags, name, prompt):
    as_json = flags.get("--json", False)
    model = _load(name, options)
    if model.kind == "encoder":
        vector = model.embed(prompt).tolist()
        if as_json:
            print(json.dumps({"model": name, "dimensions": len(vector), "tokens": len(model.token_ids(prompt)),
                              "embedding": vector}))
        else:
            print(" ".join(["%.6f" % v for v in vector]))
        return 0
    write = None
    if not as_json:
        def write(piece):
            print(piece, end="", flush=True)
    result = model.complete(prompt, max_tokens=options["--max-tokens"], temperature=options["--temperature"],
                            top_k=options["--top-k"], top_p=options["--top-p"], seed=options["--seed"],
                            chat=not flags.get("--raw", False), system=options["--system"], on_text=write)
    if as_json:
        out = result.as_dict()
        out["model"] = name
        print(json.dumps(out))
    else:
        print()
        print("[%d prompt tokens, %.1f tokens/s; %d generated, %.1f tokens/s; %s]"
              % (result.prompt_tokens, result.prefill_tokens_per_second, len(result.tokens),
                 result.decode_tokens_per_second, result.finish_reason))
    return 0


def resident_memory():
    """The process's memory from /proc/self/status (hosted), in bytes:
    {"rss", "rss_anon", "rss_file", "peak"}; {} where there is none."""
    try:
        import kernel
        text = bytes(kernel.read_file("/proc/self/status")).decode("utf-8")
    except (ImportError, AttributeError, OSError, ValueError):
        return {}
    fields = {"VmRSS": "rss", "RssAnon": "rss_anon", "RssFile": "rss_file", "VmHWM": "peak"}
    out = {}
    for line in text.split("\n"):
        key, _, value = line.partition(":")
        if key in fields:
            parts = value.split()
            if parts and parts[0].isdigit():
                out[fields[key]] = int(parts[0]) * 1024
    return out


def bench(options, positional):
    """Prefill of a fixed prompt, then exactly --max-tokens greedy decode
    steps (stop tokens ignored, so every run decodes the same count)."""
    name = positional[0] if positional else "smollm2"
    model = _load(name, options)
    if model.kind != "llm":
        raise ValueError("bench: %r is not a language model" % (name,))
    prompt = options["--prompt"] if options["--prompt"] is not None else BENCH_PROMPT
    steps = options["--max-tokens"]
    ids = model.prompt_ids(prompt)
    model.reserve(len(ids) + steps + 1)
    llama = model.llama
    # A warm-up as llama.cpp does one when it makes a context: the JIT
    # times each op shape on every tier once, in the first calls.
    llama.reset()
    llama.generate(ids, max_tokens=min(steps, 8), temperature=0.0, stop_tokens=[])
    cold = {"prefill_tokens_per_second": llama.prefill_tokens_per_second(),
            "decode_tokens_per_second": llama.decode_tokens_per_second()}
    llama.reset()
    tokens = llama.generate(ids, max_tokens=steps, temperature=0.0, stop_tokens=[])
    s = llama.stats
    kv_bytes = 0
    for cache in llama.cache_k + llama.cache_v:      # whatever dtype the cache has
        kv_bytes += cache.nbytes
    memory = resident_memory()
    out = {
        "model": name,
        "prompt_tokens": len(ids),
        "prompt_ids": ids,
        "decode_tokens": s["decode_tokens"],
        "generated": tokens,
        "prefill_seconds": s["prefill_seconds"],
        "decode_seconds": s["decode_seconds"],
        "prefill_tokens_per_second": llama.prefill_tokens_per_second(),
        "decode_tokens_per_second": llama.decode_tokens_per_second(),
        "first_run": cold,
        "n_ctx": llama.n_ctx,
        "kv_cache_bytes": kv_bytes,
        "weight_file_bytes": model.model.file_bytes,
        "memory": memory,
    }
    if "rss_anon" in memory:
        # Weights are a file mapping (rss_file); everything anonymous beyond
        # the KV cache is the kernel, the VM heap, activations and code.
        out["resident_beyond_weights_and_kv_bytes"] = memory["rss_anon"] - kv_bytes
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
