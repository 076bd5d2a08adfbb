"""The benchmark functions return the JSON shape the CLI prints (tiny sizes)."""

import json

from jit_markers import native_avx2, native_x86
from tensoros.jit import bench
from tensoros.jit.executable import host_has_avx2


@native_avx2
def test_bench_sgemm_shape():
    result = bench.bench_sgemm(sizes=(48, 96), seconds_per_size=0.01)
    json.dumps(result)
    assert result["benchmark"] == "sgemm"
    assert [row["n"] for row in result["results"]] == [48, 96]
    for row in result["results"]:
        assert row["tensoros_gflops"] > 0 and row["openblas_gflops"] > 0
        assert row["max_abs_error_vs_numpy"] < 1e-3
    assert result["peer"]["blas"] is not None


@native_x86
def test_bench_qdot_shape():
    result = bench.bench_qdot(weight_bytes=1 << 20, columns=1024, seconds_per_type=0.01)
    json.dumps(result)
    ran = [(row["isa"], row["type"]) for row in result["results"]]
    isas = (["avx2"] if host_has_avx2() else []) + ["sse2"]
    assert ran == [(isa, t) for isa in isas for t in bench.QDOT_TYPES]
    assert result["peer"]["gbps"] > 0
    assert all(row["weights_gbps"] > 0 for row in result["results"])
