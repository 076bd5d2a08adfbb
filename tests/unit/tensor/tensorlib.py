"""ctypes view of the C tensor API (kernel/tensor/tensor.h) for the tests."""

import ctypes

import numpy as np

MAX_DIMS = 8
DTYPES = ["f32", "f16", "bf16", "i8", "i16", "i32", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q8_1",
          "Q4_K", "Q5_K", "Q6_K", "Q8_K"]
D = {name: i for i, name in enumerate(DTYPES)}
NUMPY = {"f32": np.float32, "f16": np.float16, "bf16": np.uint16, "i8": np.int8, "i16": np.int16, "i32": np.int32}
BLOCK = {"Q4_0": (32, 18), "Q4_1": (32, 20), "Q5_0": (32, 22), "Q5_1": (32, 24), "Q8_0": (32, 34),
         "Q8_1": (32, 36), "Q4_K": (256, 144), "Q5_K": (256, 176), "Q6_K": (256, 210), "Q8_K": (256, 292)}
ADD, SUB, MUL, DIV = range(4)
ACT_NONE, ACT_RELU, ACT_GELU, ACT_GELU_ERF, ACT_SILU = range(5)
SUM, MEAN, MAX = range(3)
ROPE_INTERLEAVED, ROPE_HALF = range(2)
ISA = {"none": 0, "sse2": 1, "avx2": 2}


class CTensor(ctypes.Structure):
    _fields_ = [("dtype", ctypes.c_int), ("ndim", ctypes.c_int), ("shape", ctypes.c_int64 * MAX_DIMS),
                ("strides", ctypes.c_int64 * MAX_DIMS), ("data", ctypes.c_void_p), ("storage", ctypes.c_void_p)]


class Policy(ctypes.Structure):
    _fields_ = [("max_tier", ctypes.c_int), ("hot_calls", ctypes.c_uint32), ("eager_work", ctypes.c_uint64),
                ("measure", ctypes.c_bool), ("trial_ns", ctypes.c_uint64)]


class TensorError(Exception):
    def __init__(self, status, message):
        super().__init__(f"{status}: {message}")
        self.status, self.message = status, message


P = ctypes.POINTER(CTensor)


class Tensors:
    def __init__(self, lib):
        self.lib = lib
        lib.tensor_error.restype = ctypes.c_char_p
        lib.jit_policy.restype = ctypes.POINTER(Policy)
        lib.jit_isa.restype = ctypes.c_int
        lib.jit_force_isa.restype = ctypes.c_bool
        lib.jit_force_isa.argtypes = [ctypes.c_int]
        lib.tensor_scale.argtypes = [ctypes.POINTER(P), P, ctypes.c_float]
        lib.tensor_rmsnorm.argtypes = [ctypes.POINTER(P), P, P, ctypes.c_float]
        lib.tensor_layernorm.argtypes = [ctypes.POINTER(P), P, P, P, ctypes.c_float]
        lib.tensor_rope.argtypes = [ctypes.POINTER(P), P, P, ctypes.c_int, ctypes.c_float, ctypes.c_int]
        lib.tensor_topk.argtypes = [ctypes.POINTER(P), ctypes.POINTER(P), P, ctypes.c_int64]
        lib.tensor_reduce.argtypes = [ctypes.POINTER(P), ctypes.c_int, P, ctypes.c_int, ctypes.c_bool]
        lib.tensor_slice.argtypes = [ctypes.POINTER(P), P, ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_int64]
        lib.tensor_wrap.argtypes = [ctypes.POINTER(P), ctypes.c_int, ctypes.c_int, ctypes.POINTER(ctypes.c_int64),
                                    ctypes.c_void_p, ctypes.c_size_t]
        self.keep = []
        self.policy = lib.jit_policy().contents

    # -- plumbing -------------------------------------------------------------
    def check(self, status):
        if status != 0:
            raise TensorError(status, self.lib.tensor_error().decode())

    def call(self, name, *args):
        out = P()
        self.check(getattr(self.lib, "tensor_" + name)(ctypes.byref(out), *args))
        return out

    def wrap(self, array, dtype=None):
        """A tensor borrowing a numpy array's memory (no copy)."""
        if dtype is None:
            dtype = {np.dtype(v): k for k, v in NUMPY.items() if k != "bf16"}[array.dtype]
        array = np.ascontiguousarray(array)
        self.keep.append(array)
        if dtype in BLOCK:
            elements, size = BLOCK[dtype]
            shape = array.shape[:-1] + (array.shape[-1] // size * elements,)
        else:
            shape = array.shape
        c_shape = (ctypes.c_int64 * max(1, len(shape)))(*shape)
        out = P()
        self.check(self.lib.tensor_wrap(ctypes.byref(out), D[dtype], len(shape), c_shape,
                                        array.ctypes.data, array.nbytes))
        return out

    def numpy(self, t, free=False):
        c = t.contents
        dtype = DTYPES[c.dtype]
        shape = tuple(c.shape[i] for i in range(c.ndim))
        strides = tuple(c.strides[i] for i in range(c.ndim))
        if dtype in BLOCK:
            elements, size = BLOCK[dtype]
            shape = shape[:-1] + (shape[-1] // elements * size,)
            strides = strides[:-1] + (1,)
            np_dtype = np.uint8
        else:
            np_dtype = NUMPY[dtype]
        itemsize = np.dtype(np_dtype).itemsize
        if 0 in shape:
            result = np.zeros(shape, np_dtype)
        else:
            lo = sum(min(0, (n - 1) * s) for n, s in zip(shape, strides))
            hi = sum(max(0, (n - 1) * s) for n, s in zip(shape, strides)) + itemsize
            buf = (ctypes.c_uint8 * (hi - lo)).from_address(c.data + lo)
            result = np.ndarray(shape, np_dtype, buffer=buf, offset=-lo, strides=strides).copy()
        if free:
            self.free(t)
        return result

    def free(self, *ts):
        for t in ts:
            if t:
                self.lib.tensor_free(t)

    # -- policy -----------------------------------------------------------------
    def tier0(self):
        self.policy.max_tier = 0

    def jit(self, hot_calls=1, measure=False):
        self.policy.max_tier = 3
        self.policy.hot_calls = hot_calls
        self.policy.measure = measure

    def both(self, fn):
        """fn() on tier 0 and on the JIT -> (reference, jit) numpy results."""
        saved = (self.policy.max_tier, self.policy.hot_calls, self.policy.measure)
        try:
            self.tier0()
            ref = fn()
            self.jit()
            got = fn()
        finally:
            self.policy.max_tier, self.policy.hot_calls, self.policy.measure = saved
        return ref, got

    def last_tier(self, op):
        return self.lib.jit_last_tier(OPS.index(op))


OPS = ["add", "sub", "mul", "div", "scale", "relu", "gelu", "silu", "softmax", "rmsnorm", "layernorm", "rope",
       "embedding", "argmax", "topk", "reduce", "concat", "convert", "matmul", "linear", "quantize"]
