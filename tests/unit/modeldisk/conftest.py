"""runtime/ and toolchain/ on sys.path: the format module imports as on the
kernel (`from modeldisk import image`), the builder as `tensoros.modeldisk`.
Helpers shared by the tests are in modeldisk_helpers.py (a unique name)."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
for path in (os.path.join(ROOT, "runtime"), os.path.join(ROOT, "toolchain"), HERE):
    if path not in sys.path:
        sys.path.insert(0, path)
