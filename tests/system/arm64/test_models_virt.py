"""SmolLM2 and MiniLM on the virt board: the model disk over virtio-mmio,
`model load` into the MODEL zone, the NEON tier. The greedy tokens are
compared with the hosted board's on a prompt whose greedy path keeps a
margin of at least 0.3 logits at every step (tests/system/
test_hosted_models.py checks that margin), more than NEON's and SSE2's
different summation orders can move."""

import re
import subprocess

import pytest

from conftest import image
from arm64_machine import Arm64Machine
from tensoros.qemu import virtio_disk_args

PROMPT = "Name three primary colors."
TOKENS = 16


@pytest.fixture(scope="module")
def virt():
    from tensoros.modeldisk import build_model_disk, model_files
    try:
        dict(model_files())
    except FileNotFoundError as e:
        pytest.skip(str(e))
    _, img = image("virt")
    with Arm64Machine("virt", img, name="virt-models", memory="1G",
                      extra=virtio_disk_args("virt", build_model_disk(quiet=True))) as m:
        m.wait_boot()
        yield m


def test_greedy_tokens_equal_hosted(virt, hosted_exe):
    from tensoros.infer import model_root
    out = virt.run("model load smollm2", timeout=600)
    assert re.search(r"loaded smollm2: llama, 134\.5M parameters, Q4_1, 93\.81 MiB read", out), out
    line = (f"import nn; c = nn.loaded()['smollm2'].complete({PROMPT!r}, max_tokens={TOKENS}); "
            f"print('tokens', c.tokens); print('speed', c.decode_tokens_per_second)")
    got = virt.run(line, timeout=900)
    hosted = subprocess.run([str(hosted_exe)], input="model load smollm2\n" + line + "\n", capture_output=True, text=True, timeout=600,
                            env={"TENSOROS_MODELS": str(model_root())})
    expected = [x for x in hosted.stdout.splitlines() if x.startswith("tokens ")]
    assert expected and [x for x in got.splitlines() if x.startswith("tokens ")] == expected, got
    speed = float(re.search(r"speed ([\d.]+)", got).group(1))
    print(f"\nQEMU virt (TCG, NEON): decode {speed:.2f} tok/s")


def test_embed_on_virt(virt):
    out = virt.run('embed minilm "The cat sat on the mat."', timeout=600)
    # tests/support/minilm_reference.py (float64 numpy) starts 0.1302, -0.0158, -0.0367.
    assert "9 tokens -> 384 dims, norm 1.0000" in out and "[0.1302, -0.0158, -0.0367, " in out, out
