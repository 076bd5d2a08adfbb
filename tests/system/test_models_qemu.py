"""SmolLM2 in QEMU on the pc board: the model disk (build/models.img on
virtio-blk) read into the MODEL zone by `model load`, and greedy tokens
equal to the hosted board's.

Both sides pin the JIT to SSE2 with the timing policy off (`jit isa sse2`,
`jit measure off`): then hosted and QEMU run the same machine code in the
same order (TCG emulates SSE2 arithmetic exactly), so their logits are
bit-identical and the tokens must be equal. With the default policy each
machine picks its kernels by timing and sums in its own order."""

import re
import subprocess

import pytest

from .harness import Machine
from tensoros.qemu import virtio_disk_args

PROMPTS = ["Name three primary colors.", "What is 12 times 7?"]
TOKENS = 16
PIN = ["jit isa sse2", "jit measure off"]


@pytest.fixture(scope="module")
def model_disk():
    from tensoros.modeldisk import build_model_disk, model_files
    try:
        dict(model_files())
    except FileNotFoundError as e:
        pytest.skip(str(e))
    return build_model_disk(quiet=True)


@pytest.fixture(scope="module")
def pc(release_iso, model_disk):
    m = Machine(release_iso, name="pc-models", memory="1G", extra=virtio_disk_args("pc", model_disk))
    m.start()
    try:
        m.wait_boot()
        for line in PIN:
            m.run(line)
        yield m
    finally:
        m.close()


def token_lines(out):
    return [line for line in out.splitlines() if line.startswith("tokens ")]


def test_model_load_reads_the_model_disk_into_the_model_zone(pc):
    out = pc.run("model load smollm2", timeout=600)
    assert re.search(r"loaded smollm2: llama, 134\.5M parameters, Q4_1, 93\.81 MiB read", out), out
    out = pc.run("model list")
    assert re.search(r"smollm2\s+llama\s+134\.5M\s+Q4_1\s+MODEL\s+[\d.]+ MiB\s+loaded", out), out
    out = pc.run("tensor zones")
    assert re.search(r"MODEL", out), out


def test_greedy_tokens_equal_hosted(pc, hosted_exe):
    from tensoros.infer import model_root
    code = ["import nn", "lm = nn.load('smollm2')"]
    for p in PROMPTS:
        code.append(f"c = lm.complete({p!r}, max_tokens={TOKENS}); print('tokens', c.tokens); "
                    f"print('speed', c.prefill_tokens_per_second, c.decode_tokens_per_second)")
    hosted = subprocess.run([str(hosted_exe)], input="\n".join(PIN + code) + "\n", capture_output=True, text=True,
                            timeout=600, env={"TENSOROS_MODELS": str(model_root())})
    expected = token_lines(hosted.stdout)
    assert len(expected) == len(PROMPTS), hosted.stdout + hosted.stderr
    got = []
    for line in code:
        out = pc.run(line, timeout=900)
        assert "Traceback" not in out, out
        got += token_lines(out)
        for prefill, decode in re.findall(r"speed ([\d.]+) ([\d.]+)", out):
            print(f"\nQEMU pc (TCG, SSE2): prefill {float(prefill):.2f} tok/s, decode {float(decode):.2f} tok/s")
    assert got == expected


def test_infer_streams_and_ctrl_c_stops_it(pc):
    pc.run("model load smollm2", timeout=600)          # (already loaded when the whole file runs)
    pc.send_line('infer smollm2 "Write a long story about a lighthouse keeper." -n 200')
    pc.expect(r"-n 200\r?\n", timeout=30)             # the echo of the line
    pc.expect(r"(\w+[ ,.]+){5}", timeout=300)          # then a few words streamed
    pc.send_bytes(b"\x03")
    m = pc.expect(r"\[(\d+) tokens, interrupted; prompt \d+ tokens at [\d.]+ tok/s, decode [\d.]+ tok/s; "
                  r"context (\d+) of (\d+)\]", timeout=120)
    assert 0 < int(m.group(1)) < 200
    pc.wait_prompt(timeout=60)
    out = pc.run("reset")
    assert "smollm2: conversation cleared" in out
    assert pc.run("print(6 * 7)") == "42\n"
