"""The tensor JIT in QEMU: `-cpu qemu64` must pick the SSE2 tier, `-cpu max`
the AVX2 tier, every op's JIT result must match its tier-0 result in both
machines, and the two machines must agree with each other. The measured
policy (`jit calibrate`) may pick any tier the machine has, per shape."""

import re

import pytest

from .harness import Machine

LINE = re.compile(r"^  (\S+)\s+(.+?)\s+tier (\d) isa (\S+)\s+max_err (\S+)\s+sum\|x\| (\S+)\s+(OK|FAIL)$", re.M)
SIMD_OPS = {"add", "mul", "add(bcast)", "scale", "relu", "matmul", "matmul(T)", "softmax", "rmsnorm", "rmsnorm(1)",
            "layernorm", "silu", "gelu", "gelu_erf", "rope", "rope(il)", "rope(half)"}
FUSED = {"linear+gelu", "linear+b", "linear+relu", "linear+gelu_erf", "linear+silu"}
CPUS = {"qemu64": ("sse2", 1), "max": ("avx2", 2)}


@pytest.fixture(scope="module")
def results(release_iso):
    found = {}
    for cpu in CPUS:
        with Machine(release_iso, cpu=cpu, name=cpu) as m:
            m.wait_boot()
            found[cpu] = (m.run("jit selftest", timeout=300), m.run("jit stats", timeout=30),
                          m.run("jit calibrate", timeout=300))
    return found


@pytest.mark.parametrize("cpu", list(CPUS))
def test_selftest_picks_the_tier_and_matches_tier0(results, cpu):
    isa, tier = CPUS[cpu]
    out, stats, _ = results[cpu]
    assert f"jit selftest: isa {isa} (tier {tier})" in out, out
    summary = re.search(r"^selftest: (\d+) checks, (\d+) failed, isa (\S+)$", out, re.M)
    assert summary, out
    assert int(summary.group(1)) >= 60 and summary.group(2) == "0" and summary.group(3) == isa, out
    lines = LINE.findall(out)
    assert len(lines) == int(summary.group(1)), out
    for name, shape, ran_tier, ran_isa, err, _, ok in lines:
        assert ok == "OK", (name, shape)
        if name in SIMD_OPS:
            assert int(ran_tier) == tier and ran_isa == isa, (name, shape, ran_tier, ran_isa)
        if name in FUSED:
            assert int(ran_tier) == 3 and ran_isa == isa, (name, shape, ran_tier, ran_isa)
    # the JIT ran the quantized dot products it has for this ISA
    quantized = {(shape.split(" . ")[1].split()[0]): int(t) for name, shape, t, *_ in lines if name == "linear"}
    for qtype in ("Q8_0", "Q4_0", "Q4_1", "Q4_K", "Q6_K"):
        assert quantized[qtype] == tier, (qtype, quantized)
    assert re.search(rf"^isa: {isa} \(tier {tier}\)", stats, re.M), stats
    assert re.search(r"^cache: [1-9]\d* kernels, [1-9]\d* bytes of code", stats, re.M), stats
    assert re.search(rf"^matmul( +\d+){{5}} +{tier}$", stats, re.M), stats   # calls, 4 tiers, last tier


def test_sse2_and_avx2_machines_agree(results):
    sums = {}
    for cpu in CPUS:
        sums[cpu] = {(name, shape): float(total) for name, shape, _, _, _, total, _ in LINE.findall(results[cpu][0])}
    assert sums["qemu64"].keys() == sums["max"].keys()
    for key, a in sums["qemu64"].items():
        b = sums["max"][key]
        assert abs(a - b) <= 1e-4 * max(abs(a), abs(b)) + 1e-6, (key, a, b)


@pytest.mark.parametrize("cpu", list(CPUS))
def test_measured_policy_picks_a_tier_the_machine_has(results, cpu):
    picks = re.findall(r"^calibrate (.+?)\s+-> tier (\d) (\S+)$", results[cpu][2], re.M)
    assert len(picks) == 10, results[cpu][2]
    allowed = {("0", "c"), ("1", "sse2")} | ({("2", "avx2")} if cpu == "max" else set())
    for what, tier, isa in picks:
        assert (tier, isa) in allowed, (what, tier, isa)
    print(f"\n{cpu}:\n" + results[cpu][2])
