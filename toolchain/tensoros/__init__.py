"""The TensorOS toolchain: builds, packages, runs and inspects the kernel."""

__version__ = "0.1.0"
