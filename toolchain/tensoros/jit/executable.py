"""Run patched stencils natively on an x86_64 host through ctypes.

The mapping is made writable, filled, then switched to read+execute: it is
never writable and executable at once, the same rule the kernel follows.
"""

import ctypes
import mmap
import platform
import time

from .stencil import patch

_libc = ctypes.CDLL(None, use_errno=True)
_libc.mmap.restype = ctypes.c_void_p
_libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
_libc.mprotect.restype = ctypes.c_int
_libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
_libc.munmap.restype = ctypes.c_int
_libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]

MAP_FAILED = ctypes.c_void_p(-1).value


def host_is_x86_64():
    return platform.machine() in ("x86_64", "AMD64")


def host_has_avx2():
    try:
        flags = open("/proc/cpuinfo").read()
    except OSError:
        return False
    return all(f" {flag}" in flags for flag in ("avx2", "fma", "f16c"))


class ExecutableCode:
    """A page-aligned mapping holding one specialized kernel."""

    def __init__(self, stencil, values):
        self.size = max(mmap.PAGESIZE, -(-len(stencil.code) // mmap.PAGESIZE) * mmap.PAGESIZE)
        address = _libc.mmap(None, self.size, mmap.PROT_READ | mmap.PROT_WRITE,
                             mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS, -1, 0)
        if address in (None, MAP_FAILED):
            raise OSError(ctypes.get_errno(), "mmap failed")
        self.address = address
        code = patch(stencil, values, address)
        ctypes.memmove(address, code, len(code))
        if _libc.mprotect(address, self.size, mmap.PROT_READ | mmap.PROT_EXEC) != 0:
            raise OSError(ctypes.get_errno(), "mprotect failed")
        self.stencil = stencil

    def function(self, restype, *argtypes):
        prototype = ctypes.CFUNCTYPE(restype, *argtypes)
        return prototype(self.address)

    def close(self):
        if self.address:
            _libc.munmap(self.address, self.size)
            self.address = 0

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass


class KernelCache:
    """Specialized kernels keyed by (stencil name, hole values), like the
    in-kernel JIT cache: each shape is copied and patched once."""

    def __init__(self):
        self.kernels = {}
        self.specialize_seconds = []

    def get(self, stencil, values, restype, *argtypes):
        key = (stencil.name, tuple(sorted(values.items())))
        entry = self.kernels.get(key)
        if entry is None:
            start = time.perf_counter()
            code = ExecutableCode(stencil, values)
            self.specialize_seconds.append(time.perf_counter() - start)
            entry = (code, code.function(restype, *argtypes))
            self.kernels[key] = entry
        return entry[1]


def aligned_empty(shape, dtype, alignment=64):
    """A numpy array whose data starts on an `alignment`-byte boundary."""
    import numpy as np
    dtype = np.dtype(dtype)
    count = int(np.prod(shape)) if shape else 1
    raw = np.empty(count * dtype.itemsize + alignment, dtype=np.uint8)
    start = (-raw.ctypes.data) % alignment
    return raw[start:start + count * dtype.itemsize].view(dtype).reshape(shape)
