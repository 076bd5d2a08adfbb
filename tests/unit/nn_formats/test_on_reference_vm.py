"""The readers, the writer and the registry compiled by the subset compiler
and run on the reference VM (tests/unit/compiler/refvm.py) give what they
give on CPython: the code stays inside TensorOS Python."""

import os
import random
import sys

from nn_format_builders import build_safetensors, safetensors_header
from test_format_fuzz import gguf_seeds, mutate_gguf
from test_gguf_format import write_ours

HERE = os.path.dirname(os.path.abspath(__file__))
RUNTIME = os.path.abspath(os.path.join(HERE, "..", "..", "..", "runtime"))
sys.path.insert(0, os.path.join(HERE, "..", "compiler"))
from refvm import VM                      # noqa: E402
from compiler import compile_source       # noqa: E402

DRIVER = '''
from nn import gguf, safetensors, registry

def summary(parsed):
    return (parsed.metadata, [(t.name, t.type_name, t.shape, t.offset, t.nbytes) for t in parsed.tensors])

def attempt(reader, error_class, data):
    try:
        return summary(reader(data))
    except error_class as error:
        return "error: " + str(error)

OUT.append(summary(gguf.read(GGUF)))
OUT.append(gguf.read(GGUF).metadata_types)
OUT.append(summary(safetensors.read(SAFETENSORS)))
for mutant in MUTANTS:
    OUT.append(attempt(gguf.read, gguf.GGUFError, mutant))
writer = gguf.GGUFWriter(alignment=64)
writer.add("nested", [["a", "b"], ["c"]])
writer.add("u16", 7, gguf.UINT16)
writer.add_tensor("t", bytes(20), (1, 32), "Q4_1")
OUT.append(writer.to_bytes())
files = {"w": GGUF}
def read_file(path):
    return files[path]
entry = {"format": "gguf", "architecture": "test", "files": {"weights": "w"}}
OUT.append(registry.Registry(read_file, {"m": entry}).open("m").weights.tensors[0].name)
'''


def run_both(namespace):
    vm_namespace = dict(namespace, __name__="__main__", OUT=[])
    VM([RUNTIME]).run_module(compile_source(DRIVER, "driver.py"), vm_namespace)
    cpython_namespace = dict(namespace, __name__="__main__", OUT=[])
    exec(DRIVER, cpython_namespace)
    return vm_namespace["OUT"], cpython_namespace["OUT"]


def test_same_results_on_reference_vm():
    data, _ = write_ours()
    header, size = safetensors_header([("a", "F32", [2], 8), ("b", "BF16", [3, 1], 6)], {"k": "v"})
    rng = random.Random(3)
    seeds = gguf_seeds()
    mutants = [mutate_gguf(rng, *seeds[i % len(seeds)]) for i in range(40)]
    on_vm, on_cpython = run_both({"GGUF": data, "SAFETENSORS": build_safetensors(header, bytes(size)),
                                  "MUTANTS": mutants})
    assert on_vm == on_cpython
    assert sum(1 for item in on_vm if isinstance(item, str) and item.startswith("error: GGUF")) > 20
