"""Host SGEMM driver: blocking and packing around the macro-kernel stencils.

This is the Python twin of the C driver the kernel will have: same loop
nest, same hole values, same packed layouts. It runs the x86 stencils
natively; tests and benchmarks use it.
"""

import ctypes

import numpy as np

from . import sgemm_x86
from .executable import KernelCache, aligned_empty
from .stencil import assemble

# Tile shape (MR, NR) of each ISA's macro-kernel.
TILES = {"avx2": (6, 16), "sse2": (6, 8), "neon": (8, 12)}

# Cache blocking for a 32-48 KiB L1d / 512 KiB-1 MiB L2: a kc x NR panel of B
# (16 KiB at kc=256) stays in L1, an mc x kc block of A (216 KiB) in L2.
BLOCKING = {"avx2": (216, 256, 4080), "sse2": (120, 256, 2048)}


def sgemm_hole_values(mr, nr, kc, m_tiles, n_tiles, ldc_bytes):
    """What the loader patches into a macro-kernel for one block shape."""
    return {
        "k_blocks": kc // 4, "k_rest": kc % 4,
        "m_tiles": m_tiles, "n_tiles": n_tiles,
        "ldc_bytes": ldc_bytes,
        "a_panel_bytes": kc * mr * 4, "b_panel_bytes": kc * nr * 4,
    }


def pack_a_reference(block, mr, panels, out=None):
    """Rows of `block` (rows x kc) into `panels` zero-padded k-major panels."""
    rows, kc = block.shape
    padded = np.zeros((panels * mr, kc), np.float32)
    padded[:rows] = block
    packed = padded.reshape(panels, mr, kc).transpose(0, 2, 1)
    if out is None:
        return np.ascontiguousarray(packed)
    out[...] = packed
    return out


def pack_b_reference(block, nr, panels, out=None):
    """Columns of `block` (kc x cols) into `panels` zero-padded k-major panels."""
    kc, cols = block.shape
    padded = np.zeros((kc, panels * nr), np.float32)
    padded[:, :cols] = block
    packed = padded.reshape(kc, panels, nr).transpose(1, 0, 2)
    if out is None:
        return np.ascontiguousarray(packed)
    out[...] = packed
    return out


class Sgemm:
    """C = A @ B for float32 row-major matrices with the x86 stencils."""

    def __init__(self, isa="avx2", blocking=None):
        if isa not in ("avx2", "sse2"):
            raise ValueError(f"the host driver runs x86 stencils, not {isa}")
        self.isa = isa
        self.mr, self.nr = TILES[isa]
        self.mc, self.kc, self.nc = blocking or BLOCKING[isa]
        self.mc -= self.mc % self.mr
        self.nc -= self.nc % self.nr
        source = sgemm_x86.sgemm_avx2_6x16() if isa == "avx2" else sgemm_x86.sgemm_sse2_6x8()
        self.macro = assemble(source)
        self.pack_a = assemble(sgemm_x86.pack_a_avx2_6()) if isa == "avx2" else None
        self.pack_b = assemble(sgemm_x86.pack_b_avx2_16()) if isa == "avx2" else None
        self.cache = KernelCache()
        self.a_buffer = aligned_empty((self.mc * self.kc,), np.float32)
        self.b_buffer = aligned_empty((self.kc * (self.nc + self.nr),), np.float32)

    def _macro(self, kc, m_tiles, n_tiles, ldc_bytes):
        values = sgemm_hole_values(self.mr, self.nr, kc, m_tiles, n_tiles, ldc_bytes)
        return self.cache.get(self.macro, values, None,
                              ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_long)

    def _pack_b(self, b, pc, kc, jc, nc, n):
        panels = -(-nc // self.nr)
        full = max(0, min(nc, n - jc)) // self.nr if self.pack_b else 0
        out = self.b_buffer[:panels * kc * self.nr].reshape(panels, kc, self.nr)
        if full:
            values = {"ldb_bytes": b.strides[0], "panels": full, "kc": kc}
            pack = self.cache.get(self.pack_b, values, None, ctypes.c_void_p, ctypes.c_void_p)
            pack(b.ctypes.data + pc * b.strides[0] + jc * 4, out.ctypes.data)
        if full < panels:
            start = jc + full * self.nr
            pack_b_reference(b[pc:pc + kc, start:min(n, jc + nc)], self.nr, panels - full, out[full:])
        return out

    def _pack_a(self, a, ic, mc, pc, kc, m):
        panels = -(-mc // self.mr)
        full = max(0, min(mc, m - ic)) // self.mr if self.pack_a else 0
        out = self.a_buffer[:panels * kc * self.mr].reshape(panels, kc, self.mr)
        if full:
            values = {"lda_bytes": a.strides[0], "panels": full, "k_blocks": kc // 4, "k_rest": kc % 4}
            pack = self.cache.get(self.pack_a, values, None, ctypes.c_void_p, ctypes.c_void_p)
            pack(a.ctypes.data + ic * a.strides[0] + pc * 4, out.ctypes.data)
        if full < panels:
            start = ic + full * self.mr
            pack_a_reference(a[start:min(m, ic + mc), pc:pc + kc], self.mr, panels - full, out[full:])
        return out

    def __call__(self, a, b):
        a = np.ascontiguousarray(a, dtype=np.float32)
        b = np.ascontiguousarray(b, dtype=np.float32)
        m, k = a.shape
        k2, n = b.shape
        if k != k2:
            raise ValueError(f"shapes {a.shape} and {b.shape} do not multiply")
        if k == 0 or m == 0 or n == 0:
            return np.zeros((m, n), np.float32)
        # C is padded to whole tiles so the stencil never needs edge code;
        # the caller gets a view (a copy only when n is not a multiple of NR).
        m_padded = -(-m // self.mr) * self.mr
        n_padded = -(-n // self.nr) * self.nr
        c = aligned_empty((m_padded, n_padded), np.float32)
        ldc_bytes = n_padded * 4
        for jc in range(0, n_padded, self.nc):
            nc = min(self.nc, n_padded - jc)
            for pc in range(0, k, self.kc):
                kc = min(self.kc, k - pc)
                b_packed = self._pack_b(b, pc, kc, jc, nc, n)
                for ic in range(0, m_padded, self.mc):
                    mc = min(self.mc, m_padded - ic)
                    a_packed = self._pack_a(a, ic, mc, pc, kc, m)
                    macro = self._macro(kc, mc // self.mr, nc // self.nr, ldc_bytes)
                    macro(a_packed.ctypes.data, b_packed.ctypes.data,
                          c.ctypes.data + ic * ldc_bytes + jc * 4, 1 if pc == 0 else 0)
        if n_padded != n:
            return np.ascontiguousarray(c[:m, :n])
        return c[:m]
