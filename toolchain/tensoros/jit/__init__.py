"""Build-time half of the copy-and-patch JIT: stencil generators, the
stencil library, host drivers, tests' runners and benchmarks. See README.md.

Entry points for the `tensoros` command:
    disasm_main(op, isa) -> str           `tensoros disasm OP --isa sse2|avx2|neon`
    bench_sgemm(sizes) -> dict            `tensoros bench sgemm --json`
    bench_qdot() -> dict                  `tensoros bench qdot --json`
    write_library(out_dir) -> paths       stencils.bin / stencils.h / stencils.c
"""


def disasm_main(op, isa):
    from .disasm import disasm_main as run
    return run(op, isa)


def bench_sgemm(sizes=(256, 512, 1024, 2048), seconds_per_size=1.0):
    from .bench import bench_sgemm as run
    return run(sizes, seconds_per_size)


def bench_qdot(**options):
    from .bench import bench_qdot as run
    return run(**options)


def write_library(out_dir):
    from .library import write_library as run
    return run(out_dir)
