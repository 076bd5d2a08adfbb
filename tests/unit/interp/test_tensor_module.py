"""The native `tensor` module (kernel/vm/mod_tensor.c) against the numpy
implementation of the same API (tests/support/numpy_tensor.py): each program
runs on the hosted VM and on CPython with numpy_tensor installed as `tensor`;
the printed output must be the same."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[3]

WRAPPER = """import runpy, sys
sys.path.insert(0, {support!r})
import numpy_tensor
numpy_tensor.install()
runpy.run_path(sys.argv[1], run_name="__main__")
"""


def r4(expr):
    return f"[round(v, 4) for v in ({expr}).reshape(-1).tolist()]"


PROGRAMS = {
    "creation": """
import tensor
print(tensor.zeros((2, 3)).tolist(), tensor.ones(3, dtype="i32").tolist())
print(tensor.full((2,), 7.5).tolist(), tensor.empty((0, 3)).shape)
print(tensor.arange(5).tolist(), tensor.arange(5).dtype, tensor.arange(1, 2, 0.25).tolist())
print(tensor.arange(10, 0, -3).tolist(), tensor.arange(3, dtype="f16").dtype)
r = tensor.rand((2, 3), seed=1234)
print(r.tolist(), r.dtype)
print(tensor.rand(4, seed=2**64 + 5).tolist() == tensor.rand(4, seed=5).tolist())
print(tensor.from_list([[1, 2, 3], [4, 5, 6]]).tolist())
print(tensor.from_list([1, 2, 3, 4], shape=(2, -1)).shape, tensor.from_list(3.5).shape)
print(tensor.from_list([1, -2, 3], dtype="i8").tolist(), tensor.from_list([0.5, 1.25], dtype="f16").tolist())
print(tensor.from_list([1.5, 2.5], dtype="i16").tolist(), tensor.from_list([1.0, 3.0], dtype="bf16").tolist())
b = tensor.from_bytes(bytes([0, 0, 128, 63, 0, 0, 0, 64]), "f32")
print(b.tolist(), b.shape, b.nbytes, b.strides, b.ndim, b.size, b.numel(), len(b))
print(tensor.DTYPES, tensor.dtype_from_gguf(8), tensor.dtype_from_gguf(99))
print(tensor.block_size("q4_0"), tensor.block_size("f16"), tensor.nbytes("Q8_0", (2, 64)))
z = tensor.zeros((2, 64), dtype="Q8_0")
print(z.shape, z.dtype, z.nbytes)
""",
    "arithmetic": """
import tensor
a = tensor.from_list([[1, 2, 3], [4, 5, 6]])
b = tensor.from_list([10, 20, 30])
print((a + b).tolist(), (a - b).tolist(), (a * b).tolist(), (b / a).tolist())
print((a + 1).tolist(), (2 - a).tolist(), (a * 0.5).tolist(), (1 / a[0]).tolist(), (-a).tolist())
c = tensor.from_list([[1], [2]])
print((a * c).tolist(), tensor.add(a, c).shape)
out = tensor.zeros((2, 3))
r = tensor.mul(a, b, out=out)
print(r is out, out.tolist())
tensor.add(a, a, out=a)
print(a.tolist(), tensor.scale(a, 0.5).tolist())
print(tensor.relu(tensor.from_list([-1.0, 0.0, 2.0])).tolist())
""",
    "matmul": """
import tensor
a = tensor.arange(6, dtype="f32").reshape(2, 3)
b = tensor.arange(12, dtype="f32").reshape(3, 4)
print((a @ b).tolist())
print(tensor.matmul(a, tensor.from_list([1, 1, 1])).tolist())
x = tensor.arange(24, dtype="f32").reshape(2, 3, 4)
y = tensor.arange(8, dtype="f32").reshape(4, 2)
print((x @ y).shape, (x @ y).tolist())
print((tensor.ones((2, 2)) @ tensor.ones((2, 2))).tolist())
out = tensor.zeros((2, 4))
print(tensor.matmul(a, b, out=out) is out, out.tolist())
print((a @ a.T).tolist(), (a.transpose() @ a).shape)
""",
    "ops": f"""
import tensor
x = tensor.from_list([[0.5, -1.0, 2.0, 0.25], [1.0, 3.0, -2.0, 0.0]])
print({r4("tensor.softmax(x)")})
print({r4("tensor.softmax(x, axis=0)")})
print({r4("tensor.rmsnorm(x, tensor.from_list([1, 2, 3, 4]), eps=1e-6)")})
print({r4("tensor.layernorm(x, None, tensor.ones(4))")})
print({r4("tensor.silu(x)")}, {r4("tensor.gelu(x)")}, {r4("tensor.gelu_erf(x)")})
print(tensor.argmax(x).tolist(), int(tensor.argmax(x[0])), tensor.argmax(x, axis=0).tolist())
v, i = tensor.topk(x, 2)
print(v.tolist(), i.tolist(), i.dtype)
print(float(tensor.sum(x)), tensor.mean(x, axis=1).tolist(), tensor.max(x, axis=0, keepdims=True).tolist())
print(tensor.concat([x, x], axis=1).shape, tensor.concat([x[0:1], x], axis=0).tolist())
q = tensor.rand((3, 2, 8), seed=7)
p = tensor.from_list([0, 5, 9], dtype="i32")
print({r4("tensor.rope(q, p)")})
print({r4("tensor.rope(q, p, n_rot=4, mode='half', base=500.0)")})
table = tensor.arange(12, dtype="f32").reshape(4, 3)
print(tensor.embedding(table, tensor.from_list([[3, 0], [1, 1]], dtype="i32")).tolist())
print(tensor.convert(x, "f16").dtype, x.astype("i32").tolist(), tensor.convert(x, "bf16").tolist())
y = tensor.softmax(x, out=x)
print(y is x, {r4("x")})
""",
    "views": """
import tensor
t = tensor.arange(24, dtype="f32").reshape(2, 3, 4)
print(t[1].tolist(), t[0, 2].tolist(), t[1, 2, 3], t[-1, -1, -1], t[..., 1].tolist())
print(t[:, 1:3, ::2].tolist(), t[:, ::-1, 0].tolist(), t[0, :, -2:].shape)
print(t.transpose(0, 2).shape, t.permute(2, 0, 1).shape, t.permute((1, 2, 0)).is_contiguous(), t.T.shape)
print(t.reshape(6, -1).shape, t.reshape((4, 6)).strides, t.strides)
v = t[0]
v[1, 1] = 100
print(t[0, 1, 1], v.is_contiguous(), t[:, 0].is_contiguous(), t[:, 0].contiguous().is_contiguous())
c = t.copy()
c[0, 0, 0] = -1
print(t[0, 0, 0], c[0, 0, 0])
print(tensor.from_list([1, 2]).broadcast_to((3, 2)).tolist(), tensor.from_list([1, 2]).broadcast_to((3, 2)).strides)
cache = tensor.zeros((2, 4, 3))
cache[:, 1:3, :] = tensor.ones((2, 2, 3))
cache[0, 3] = 5
cache[1, 0, 0] = 2.5
print(cache.tolist())
print(tensor.copy_into(tensor.zeros(3), tensor.from_list([1, 2, 3], dtype="i32")).tolist())
print([r.tolist() for r in tensor.from_list([[1, 2], [3, 4]])])
print(t[0, 1:3].transpose().contiguous().reshape(-1).tolist())
""",
    "errors": """
import tensor
def check(f):
    try:
        f()
        print("no error")
    except Exception as e:
        print(type(e).__name__, e)
a = tensor.zeros((2, 3))
check(lambda: a + tensor.zeros((4, 3)))
check(lambda: tensor.add(a, tensor.zeros((2, 2))))
check(lambda: a @ tensor.zeros((4, 5)))
check(lambda: tensor.zeros((2, 3), dtype="i32") + a)
check(lambda: tensor.softmax(tensor.zeros(3, dtype="f16")))
check(lambda: tensor.zeros((2, 3), dtype="f64"))
check(lambda: tensor.zeros((2, -3)))
check(lambda: tensor.zeros("x"))
check(lambda: a.reshape(4, 2))
check(lambda: a[2])
check(lambda: a[0, 0, 0])
check(lambda: a.transpose(0, 5))
check(lambda: tensor.softmax(a, axis=2))
check(lambda: tensor.from_list([[1, 2], [3]]))
check(lambda: tensor.from_list([1, 2, 3], shape=(2, 2)))
check(lambda: tensor.from_list([300], dtype="i8"))
check(lambda: tensor.wrap(bytes(8), "f32", (3,)))
check(lambda: tensor.topk(a, 4))
check(lambda: tensor.embedding(tensor.zeros((4, 2)), tensor.from_list([4], dtype="i32")))
check(lambda: tensor.rmsnorm(a, tensor.zeros(2)))
check(lambda: tensor.add(a, a, out=tensor.zeros((3, 2))))
check(lambda: tensor.linear(a, tensor.zeros((4, 2))))
check(lambda: tensor.arange(1, 2, 0))
check(lambda: tensor.zeros((2, 30), dtype="Q8_0"))
check(lambda: tensor.zeros((2, 32), dtype="Q8_0") @ tensor.zeros((32, 2)))
check(lambda: tensor.copy_into(a, tensor.zeros(3)))
check(lambda: len(tensor.zeros(())))
check(lambda: tensor.zeros((2, 64), dtype="Q4_0")[:, 3:40])
""",
    "printing": """
import tensor
print(repr(tensor.from_list([[1, 2], [3, 4]])))
print(tensor.from_list([[1, 2], [3, 4]]))
print(repr(tensor.from_list([1.5, -2.25, 1000.0])), tensor.from_list([0.1, 0.2, 0.3]))
print(repr(tensor.from_list([1e-5, 1.0])), repr(tensor.from_list([1e7, 2.5])))
print(repr(tensor.from_list(3.0)), tensor.from_list(2.5), repr(tensor.zeros((0, 3))))
print(repr(tensor.from_list([float("nan"), float("-inf"), 1.5])))
print(repr(tensor.from_list([1, -20, 300], dtype="i32")), tensor.from_list([1, -20, 300], dtype="i16"))
print(repr(tensor.from_list([0.1, 2.5, 100.0], dtype="f16")), repr(tensor.from_list([0.1, 3.0], dtype="bf16")))
print(repr(tensor.arange(2000)))
print(repr(tensor.rand((20, 60), seed=3)))
print(tensor.rand((3, 30), seed=4))
print(repr(tensor.arange(1200, dtype="f32").reshape(2, 3, 200)))
print(repr(tensor.zeros((4, 64), dtype="Q4_1")))
print(repr(tensor.zeros((4, 64), dtype="Q8_0").T))
print(repr(tensor.rand((2, 2, 2), seed=9)))
""",
    "gc": """
import tensor, gc
for i in range(600):
    t = tensor.zeros((1024, 1024))
print(t.shape)
b = bytearray(12)
w = tensor.wrap(b, "f32")[1:]
del b
gc.collect()
w[0] = 2.0
print(w.tolist())
m = memoryview(bytes(range(16)))
v = tensor.wrap(m, "i8", (4, 4), offset=0)[1:3, ::2]
del m
for i in range(20000):
    junk = [i, str(i)]
gc.collect()
print(v.tolist(), v.strides)
""",
}


def quantized_program():
    from gguf import GGMLQuantizationType, quants

    rng = np.random.default_rng(5)
    w = rng.standard_normal((8, 64)).astype(np.float32)
    lines = ["import tensor"]
    for name in ("Q8_0", "Q4_0"):
        raw = quants.quantize(w, GGMLQuantizationType[name]).tobytes()
        lines.append(f"raw = {raw!r}")
        lines.append(f"w = tensor.wrap(raw, {name!r}, (8, 64))")
        lines.append("x = tensor.rand((3, 64), seed=11) - 0.5")
        lines.append("bias = tensor.arange(8, dtype='f32')")
        lines.append(f"print(w.dtype, w.shape, {r4('x @ w.T')})")
        lines.append("print(" + r4("tensor.linear(x, w, bias, activation='silu')") + ")")
        lines.append("print(" + r4("tensor.embedding(w, tensor.from_list([2, 7], dtype='i32'))") + ")")
        lines.append("print(" + r4("tensor.convert(w, 'f32')[1:3]") + ")")
        lines.append("out = tensor.zeros((3, 8))")
        lines.append("print(tensor.linear(x, w, out=out) is out)")
    lines.append(f"q = tensor.convert(tensor.rand((2, 64), seed=3), 'Q8_0')")
    lines.append("print(q.dtype, " + r4("q.astype('f32')") + ")")
    return "\n".join(lines) + "\n"


def run_cpython(source, tmp_path):
    prog = tmp_path / "cpython_prog.py"
    prog.write_text(source)
    wrapper = tmp_path / "wrapper.py"
    wrapper.write_text(WRAPPER.format(support=str(ROOT / "tests" / "support")))
    p = subprocess.run([sys.executable, str(wrapper), str(prog)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    return p.stdout


def compare(source, run_vm, tmp_path):
    expected = run_cpython(source, tmp_path)
    status, out, err = run_vm(source)
    assert status == 0, out + err
    assert out == expected


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_tensor_program(name, run_vm, tmp_path):
    compare(PROGRAMS[name], run_vm, tmp_path)


def test_quantized_linear(run_vm, tmp_path):
    pytest.importorskip("gguf")
    compare(quantized_program(), run_vm, tmp_path)
