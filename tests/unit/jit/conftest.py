"""Make the toolchain package importable when it is not installed."""

import sys
from pathlib import Path

TOOLCHAIN = Path(__file__).resolve().parents[3] / "toolchain"
try:
    import tensoros.jit  # noqa: F401
except ImportError:
    sys.path.insert(0, str(TOOLCHAIN))
