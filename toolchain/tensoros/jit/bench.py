"""Benchmarks behind `tensoros bench sgemm --json` and `tensoros bench qdot --json`.

Each function returns one JSON-able dict: our figures and the peer's, both
measured in the same run on this machine.
"""

import json
import os
import platform
import subprocess
import sys
import time

import numpy as np

from . import quants
from .executable import host_has_avx2, host_is_x86_64

QDOT_TYPES = ("Q4_0", "Q4_1", "Q8_0", "Q4_K", "Q6_K")

# The peer runs in its own process so that its thread count and OpenBLAS
# core type are set before OpenBLAS loads. OPENBLAS_CORETYPE/L2_SIZE, set on
# some machines here for old OpenBLAS builds, slow a current one down: for a
# fair peer both are removed together, in that process only.
_PEER_SGEMM = r"""
import json, sys, time
import numpy as np
sizes, seconds = json.loads(sys.argv[1]), float(sys.argv[2])
try:
    from threadpoolctl import threadpool_info
    blas = [{k: i.get(k) for k in ("internal_api", "version", "architecture", "num_threads")}
            for i in threadpool_info() if i.get("user_api") == "blas"]
except ImportError:
    blas = []
results = {}
rng = np.random.default_rng(0)
for n in sizes:
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    a @ b
    best, spent, runs = float("inf"), 0.0, 0
    while runs < 3 or (spent < seconds and runs < 50):
        start = time.perf_counter(); a @ b; elapsed = time.perf_counter() - start
        best, spent, runs = min(best, elapsed), spent + elapsed, runs + 1
    results[str(n)] = best
print(json.dumps({"seconds": results, "blas": blas, "numpy": np.__version__}))
"""


def _peer_environment():
    environment = dict(os.environ)
    for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        environment.pop(name, None)
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        environment[name] = "1"
    return environment


def _best_time(function, seconds, minimum_runs=3, maximum_runs=50):
    function()
    best, spent, runs = float("inf"), 0.0, 0
    while runs < minimum_runs or (spent < seconds and runs < maximum_runs):
        start = time.perf_counter()
        function()
        elapsed = time.perf_counter() - start
        best, spent, runs = min(best, elapsed), spent + elapsed, runs + 1
    return best


def _machine():
    model = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": model or platform.processor(), "machine": platform.machine()}


def bench_sgemm(sizes=(256, 512, 1024, 2048), seconds_per_size=1.0):
    """AVX2 SGEMM tier (single thread) vs numpy/OpenBLAS single thread."""
    if not (host_is_x86_64() and host_has_avx2()):
        return {"benchmark": "sgemm", "error": "needs an x86_64 host with AVX2+FMA+F16C"}
    from .sgemm import Sgemm
    peer_run = subprocess.run([sys.executable, "-c", _PEER_SGEMM, json.dumps(list(sizes)), str(seconds_per_size)],
                              env=_peer_environment(), capture_output=True, text=True, check=True)
    peer = json.loads(peer_run.stdout)
    sgemm = Sgemm("avx2")
    rng = np.random.default_rng(0)
    rows = []
    for n in sizes:
        a = rng.standard_normal((n, n), dtype=np.float32)
        b = rng.standard_normal((n, n), dtype=np.float32)
        error = float(np.abs(sgemm(a, b) - a @ b).max())
        ours = _best_time(lambda: sgemm(a, b), seconds_per_size)
        flops = 2.0 * n ** 3
        theirs = peer["seconds"][str(n)]
        rows.append({
            "n": n,
            "tensoros_gflops": round(flops / ours / 1e9, 2),
            "openblas_gflops": round(flops / theirs / 1e9, 2),
            "ratio": round(theirs / ours, 3),
            "max_abs_error_vs_numpy": error,
        })
    specialize = sgemm.cache.specialize_seconds
    return {
        "benchmark": "sgemm",
        "kernel": "sgemm_avx2_6x16 (tier 2), single thread",
        "blocking_mc_kc_nc": [sgemm.mc, sgemm.kc, sgemm.nc],
        "peer": {"name": "numpy matmul (OpenBLAS), single thread", "blas": peer["blas"], "numpy": peer["numpy"]},
        "results": rows,
        "bar": 0.8, "goal": 1.0,
        "python_specialize_us_median": round(1e6 * sorted(specialize)[len(specialize) // 2], 1) if specialize else None,
        "specialize_us_patch_only": _patch_only_microseconds(sgemm.macro),
        "machine": _machine(),
    }


def _patch_only_microseconds(stencil):
    """Time of the copy-and-patch step alone (what the C loader does), in
    Python; the C loader's figure will be far lower."""
    from .sgemm import sgemm_hole_values
    from .stencil import patch
    values = sgemm_hole_values(6, 16, 256, 24, 64, 4096)
    runs = 200
    start = time.perf_counter()
    for _ in range(runs):
        patch(stencil, values, 0x100000)
    return round(1e6 * (time.perf_counter() - start) / runs, 2)


def _memcpy_gbps(size, seconds):
    source = np.ones(size, np.uint8)
    destination = np.empty_like(source)
    best = _best_time(lambda: np.copyto(destination, source), seconds)
    return size / best / 1e9


def bench_qdot(weight_bytes=64 << 20, columns=4096, seconds_per_type=1.0):
    """Quantized matvec, every x86 tier this host runs (AVX2, SSE2), in GB/s
    of weights read vs memcpy of the same buffer size."""
    if not host_is_x86_64():
        return {"benchmark": "qdot", "error": "needs an x86_64 host"}
    from . import qdot_x86
    from .qdot import QuantizedMatvec, qdot_hole_values
    rng = np.random.default_rng(0)
    memcpy = _memcpy_gbps(weight_bytes, seconds_per_type)
    isas = (["avx2"] if host_has_avx2() else []) + ["sse2"]
    rows_out = []
    for isa in isas:
        for weight_type in QDOT_TYPES:
            if not hasattr(qdot_x86, f"qdot_{weight_type.lower()}_{isa}"):
                continue
            matvec = QuantizedMatvec(weight_type, isa)
            row_bytes = qdot_hole_values(weight_type, columns)["row_bytes"]
            rows = weight_bytes // row_bytes
            elements = quants.BLOCK[weight_type][0]
            weights = np.frombuffer(quants.random_blocks(weight_type, rows * columns // elements, rng), np.uint8)
            x = rng.standard_normal(columns).astype(np.float32)
            activations = quants.quantize_activations(x, matvec.activation_type)
            if quants.expands_activations(weight_type, isa):
                activations = quants.expand_activations(activations, matvec.activation_type, isa)
            activations = np.frombuffer(activations, np.uint8)
            out = np.empty(rows, np.float32)
            kernel = matvec.kernel(columns)
            address_w, address_a, address_out = weights.ctypes.data, activations.ctypes.data, out.ctypes.data
            seconds = _best_time(lambda: kernel(address_w, address_a, address_out, rows), seconds_per_type)
            gbps = rows * row_bytes / seconds / 1e9
            rows_out.append({
                "type": weight_type, "isa": isa, "kernel": f"qdot_{weight_type.lower()}_{isa}",
                "activations": matvec.activation_type,
                "rows": rows, "columns": columns,
                "weights_gbps": round(gbps, 2),
                "ratio_to_memcpy": round(gbps / memcpy, 3),
                "gweights_per_s": round(rows * columns / seconds / 1e9, 2),
            })
    return {
        "benchmark": "qdot",
        "kernel": "qdot_*_{" + ",".join(isas) + "} matvec (tier 2 avx2, tier 1 sse2), single thread",
        "peer": {"name": "memcpy (numpy copyto), same buffer size, single thread",
                 "gbps": round(memcpy, 2), "bytes": weight_bytes},
        "results": rows_out,
        "goal": 0.7,
        "machine": _machine(),
    }


if __name__ == "__main__":
    which = sys.argv[1] if len(sys.argv) > 1 else "sgemm"
    print(json.dumps(bench_sgemm() if which == "sgemm" else bench_qdot(), indent=2))
