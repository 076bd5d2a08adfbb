"""The JIT's NEON tier in QEMU virt (-cpu cortex-a72, the Raspberry Pi 4's
core): `jit selftest` picks NEON, the NEON stencils run (copied into
arch_code_alloc memory, sealed W^X, I-cache made coherent) and every result
matches tier 0; the measured policy and the benchmark run too."""

import re

import pytest

LINE = re.compile(r"^  (\S+)\s+(.+?)\s+tier (\d) isa (\S+)\s+max_err (\S+)\s+sum\|x\| (\S+)\s+(OK|FAIL)$", re.M)
# ops whose NEON stencils the selftest must have run (tier 1, or 3 for the fused epilogues)
NEON_OPS = {"add", "mul", "add(bcast)", "scale", "relu", "matmul", "matmul(T)", "softmax", "rmsnorm", "rmsnorm(1)",
            "layernorm", "silu", "gelu", "gelu_erf", "rope", "rope(il)", "rope(half)"}
FUSED = {"linear+gelu", "linear+b", "linear+relu", "linear+gelu_erf", "linear+silu"}


@pytest.fixture(scope="module")
def virt(booted):
    return booted("virt")


@pytest.fixture(scope="module")
def selftest(virt):
    return virt.run("jit selftest", timeout=300)


def test_selftest_runs_neon_and_matches_tier0(selftest):
    out = selftest
    assert "jit selftest: isa neon (tier 1)" in out, out
    summary = re.search(r"^selftest: (\d+) checks, (\d+) failed, isa neon$", out, re.M)
    assert summary, out
    lines = LINE.findall(out)
    assert len(lines) == int(summary.group(1)) >= 120, out
    assert summary.group(2) == "0", [l for l in lines if l[-1] != "OK"]
    ran = set()
    for name, shape, tier, isa, err, _, ok in lines:
        assert ok == "OK", (name, shape, err)
        if name in NEON_OPS:
            assert (tier, isa) == ("1", "neon"), (name, shape, tier, isa)
            ran.add(name)
        if name in FUSED:
            assert (tier, isa) == ("3", "neon"), (name, shape, tier, isa)
    assert ran == NEON_OPS
    quantized = {shape.split(" . ")[1].split()[0]: int(t) for name, shape, t, *_ in lines if name == "linear"}
    for qtype in ("Q8_0", "Q4_0", "Q4_1", "Q4_K", "Q6_K"):
        assert quantized[qtype] == 1, (qtype, quantized)
    assert "specialization: " in out and "kernels, mean" in out


def test_stats_show_neon_code_in_the_cache(virt, selftest):
    stats = virt.run("jit stats", timeout=30)
    assert re.search(r"^isa: neon \(tier 1\)", stats, re.M), stats
    assert re.search(r"^usable neon: .*sgemm_neon_8x12.*softmax_neon.*epilogue_silu_neon", stats, re.M), stats
    assert re.search(r"^cache: [1-9]\d* kernels, [1-9]\d* bytes of code", stats, re.M), stats
    assert re.search(r"^softmax +\d+ +\d+ +[1-9]\d* +0 +0 +1$", stats, re.M), stats


def test_measured_policy_and_bench(virt, selftest):
    out = virt.run("jit calibrate", timeout=300)
    picks = re.findall(r"^calibrate (.+?)\s+-> tier (\d) (\S+)$", out, re.M)
    assert len(picks) == 10, out
    for what, tier, isa in picks:
        assert (tier, isa) in (("0", "c"), ("1", "neon")), (what, tier, isa)
    print("\n" + out)
    out = virt.run("jit bench 64", timeout=300)
    assert re.search(r"^bench matmul 64x64x64 +c [\d.]+ GFLOPS, neon [\d.]+ GFLOPS", out, re.M), out
    assert re.search(r"^bench softmax 64x4096 +c [\d.]+ GB/s, neon [\d.]+ GB/s", out, re.M), out
    print(out)
