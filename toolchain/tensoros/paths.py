"""Where things are: the source tree and the build folder."""

import os
from pathlib import Path

ROOT = Path(os.environ.get("TENSOROS_ROOT", Path(__file__).resolve().parents[2]))
BUILD = ROOT / "build"


def board_dir(board: str, debug: bool = False) -> Path:
    return BUILD / (f"{board}-debug" if debug else board)
