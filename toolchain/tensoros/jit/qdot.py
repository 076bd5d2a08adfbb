"""Host driver for the quantized matvec stencils (x86, native)."""

import ctypes

import numpy as np

from . import qdot_x86, quants
from .executable import KernelCache
from .stencil import assemble


def qdot_hole_values(weight_type, columns):
    elements, size = quants.BLOCK[weight_type]
    if columns % elements:
        raise ValueError(f"{weight_type}: row length {columns} is not a multiple of {elements}")
    return {"blocks": columns // elements, "row_bytes": columns // elements * size}


class QuantizedMatvec:
    """y = W x for W in a GGUF block type, x float32, on one x86 stencil."""

    def __init__(self, weight_type, isa="avx2"):
        key = weight_type.lower()
        generator = getattr(qdot_x86, f"qdot_{key}_{isa}", None)
        if generator is None:
            raise ValueError(f"no {isa} quantized dot for {weight_type}")
        self.weight_type = weight_type
        self.activation_type = quants.activation_type(weight_type)
        self.isa = isa
        self.stencil = assemble(generator())
        self.cache = KernelCache()

    def kernel(self, columns):
        return self.cache.get(self.stencil, qdot_hole_values(self.weight_type, columns), None,
                              ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_long)

    def run_quantized(self, weights, activations, rows, columns, out=None):
        """weights/activations as uint8 numpy arrays (or bytes) of whole
        blocks; the activations in their Q8 type (expanded here for the
        stencils that take them expanded, as the kernel's driver does)."""
        weights = np.frombuffer(weights, np.uint8) if isinstance(weights, bytes) else weights
        if quants.expands_activations(self.weight_type, self.isa):
            activations = quants.expand_activations(activations, self.activation_type, self.isa)
        activations = np.frombuffer(activations, np.uint8) if isinstance(activations, bytes) else activations
        values = qdot_hole_values(self.weight_type, columns)
        if weights.nbytes < rows * values["row_bytes"]:
            raise ValueError("weight buffer smaller than rows x row_bytes")
        if out is None:
            out = np.empty(rows, np.float32)
        self.kernel(columns)(weights.ctypes.data, activations.ctypes.data, out.ctypes.data, rows)
        return out

    def __call__(self, weights, x):
        x = np.ascontiguousarray(x, np.float32)
        columns = x.size
        rows = len(weights) // qdot_hole_values(self.weight_type, columns)["row_bytes"]
        activations = np.frombuffer(quants.quantize_activations(x, self.activation_type), np.uint8)
        return self.run_quantized(weights, activations, rows, columns)
